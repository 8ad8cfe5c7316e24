/**
 * One doc as the app holds it: a Y.Doc kept in IndexedDB (y-indexeddb) and synced over the shared socket. The
 * stored copy is loaded before the doc joins the socket, so what came from disk is not counted as a local change
 * waiting to sync. When the server refuses our copy it replaces the doc: the stored copy is dropped and the fresh
 * doc is stored from then on.
 */
import type { IndexeddbPersistence } from 'y-indexeddb'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { changedDoc, openStoredCopy } from './stored-copy'
import type { DocEvents, DocHandle, SyncClient } from './sync-client'

export interface LiveDoc {
  readonly name: string
  /** The current doc; a new one after the server refused our copy. */
  readonly doc: Y.Doc
  /** Presence on this doc, when it was opened with some. */
  readonly awareness: Awareness | null
  /** Synced with the server since the socket last (re)connected. */
  readonly synced: boolean
  /** The server denied this doc. */
  readonly denied: boolean
  /** Local changes the server has not acknowledged as durable yet. */
  readonly pending: number
  /** Synced, and nothing of ours waits to reach the server. */
  readonly settled: boolean
  /** Any change: an update (local, remote or from disk), the first sync, a denial, a replaced doc. */
  onChange(listener: () => void): () => void
  close(): void
}

/** A doc whose presence changes while it stays open: one per name, shared by the screen and the warm set. */
export interface SharedDoc extends LiveDoc {
  /** Presence on this doc from now on (`null`: none); the previous one is withdrawn from peers. */
  setAwareness(awareness: Awareness | null): void
}

export interface LiveDocOptions {
  readonly client: SyncClient
  readonly name: string
  /** The IndexedDB database to keep the doc in; `null`: memory only. */
  readonly storeName: string | null
  /** Our presence on this doc (`null`: none). */
  readonly presence?: Record<string, unknown> | null
  /** Receive the others' presence even without ours (the server's summaries on the index doc, PRS7). */
  readonly listen?: boolean
  /** Called once when the doc is closed. */
  readonly onClose?: () => void
}

/** IndexedDB may be unavailable or stuck (private windows, a full disk): the doc syncs without it. */
const STORE_LOAD_TIMEOUT_MS = 2_000

const loaded = (store: IndexeddbPersistence | null): Promise<unknown> =>
  store
    ? Promise.race([store.whenSynced, new Promise((resolve) => setTimeout(resolve, STORE_LOAD_TIMEOUT_MS))])
    : Promise.resolve()

class StoredDoc implements SharedDoc {
  readonly name: string
  #awareness: Awareness | null
  /** The awareness this doc made from `presence`, its own to destroy; one set later belongs to its setter. */
  readonly #ownAwareness: Awareness | null
  #doc = new Y.Doc()
  #store: IndexeddbPersistence | null
  #handle: DocHandle | null = null
  #denied = false
  #closed = false
  readonly #options: LiveDocOptions
  readonly #listeners = new Set<() => void>()
  readonly #emit = (): void => {
    for (const listener of this.#listeners) listener()
  }
  /** Not on 'update': that event makes Yjs encode each change, the whole stored copy too (see stored-copy.ts). */
  readonly #onTransaction = (transaction: Y.Transaction): void => {
    if (changedDoc(transaction)) this.#emit()
  }

  constructor(options: LiveDocOptions) {
    this.#options = options
    this.name = options.name
    this.#ownAwareness = options.presence || options.listen ? new Awareness(this.#doc) : null
    this.#ownAwareness?.setLocalState(options.presence ?? null)
    this.#awareness = this.#ownAwareness
    this.#store = options.storeName ? openStoredCopy(options.storeName, this.#doc) : null
    this.#doc.on('afterTransaction', this.#onTransaction)
    void loaded(this.#store).then(() => this.#join())
  }

  get doc(): Y.Doc {
    return this.#doc
  }

  get synced(): boolean {
    return this.#handle?.synced ?? false
  }

  get denied(): boolean {
    return this.#denied
  }

  get pending(): number {
    return this.#handle?.pending ?? 0
  }

  get settled(): boolean {
    return this.#handle?.settled ?? false
  }

  get awareness(): Awareness | null {
    return this.#awareness
  }

  setAwareness(awareness: Awareness | null): void {
    if (this.#closed) return
    this.#awareness = awareness
    this.#handle?.setAwareness(awareness)
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#options.onClose?.()
    this.#listeners.clear()
    this.#handle?.close()
    this.#doc.off('afterTransaction', this.#onTransaction)
    void this.#store?.destroy()
    this.#ownAwareness?.destroy()
    this.#doc.destroy()
  }

  /** After the stored copy is in: the doc joins the socket. */
  #join(): void {
    if (this.#closed) return
    const events: DocEvents = {
      synced: this.#emit,
      granted: () => this.#setDenied(false),
      denied: () => this.#setDenied(true),
      reset: (fresh) => this.#replace(fresh),
    }
    this.#handle = this.#options.client.open(this.name, this.#doc, {
      ...(this.#awareness && { awareness: this.#awareness }),
      events,
    })
    this.#emit()
  }

  #setDenied(denied: boolean): void {
    this.#denied = denied
    this.#emit()
  }

  /** The server refused our copy and the client synced a fresh doc: store that one instead. */
  #replace(fresh: Y.Doc): void {
    this.#doc.off('afterTransaction', this.#onTransaction)
    this.#doc = fresh
    fresh.on('afterTransaction', this.#onTransaction)
    const old = this.#store
    const { storeName } = this.#options
    this.#store = null
    if (old && storeName) {
      void old.clearData().then(() => {
        if (!this.#closed && this.#doc === fresh) this.#store = openStoredCopy(storeName, fresh)
      })
    }
    this.#emit()
  }
}

export const openLiveDoc = (options: LiveDocOptions): SharedDoc => new StoredDoc(options)

/**
 * One holder's view of a doc others may share: reads through to it, and its `close()` (once) removes the view's
 * listeners and then calls `onClose`, which decides whether the doc itself closes.
 */
export const viewOf = (live: LiveDoc, awareness: Awareness | null, onClose: () => void): LiveDoc => {
  const offs = new Set<() => void>()
  let closed = false
  return {
    name: live.name,
    get doc() {
      return live.doc
    },
    awareness,
    get synced() {
      return live.synced
    },
    get denied() {
      return live.denied
    },
    get pending() {
      return live.pending
    },
    get settled() {
      return live.settled
    },
    onChange(listener) {
      const off = live.onChange(listener)
      offs.add(off)
      return () => {
        off()
        offs.delete(off)
      }
    },
    close: () => {
      if (closed) return
      closed = true
      for (const off of offs) off()
      offs.clear()
      onClose()
    },
  }
}
