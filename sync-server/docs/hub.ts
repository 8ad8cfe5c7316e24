/**
 * The DocHub owns every loaded Yjs doc: it loads docs from the update log, applies writes (server-side
 * transactions and validated client updates), commits them in groups, and only then fans them out to
 * subscribers. Idle docs are compacted and unloaded.
 */

import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { Origin } from '../../model'
import { applyRemoteUpdate, MessageType } from '../../model'
import type { Logger } from '../logger'
import type { DocLog } from '../storage/doc-log'

/** A connection's view of one doc: where the hub sends that doc's messages. */
export interface Subscriber {
  readonly id: string
  /** Sends one y-websocket message (message type + payload) of this doc. */
  send(docName: string, message: Uint8Array): void
}

export interface LoadedDoc {
  readonly name: string
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  readonly subscribers: Set<Subscriber>
  /** Awareness client ids each subscriber controls, removed when it leaves. */
  readonly awarenessClients: Map<Subscriber, Set<number>>
  logLength: number
  /** Sequence number of the last update of this doc on disk. */
  lastSeq: number
  /** Which operator owns each Yjs client id that operators wrote under [VAL6]. */
  readonly owners: Map<number, string>
  idleTimer: NodeJS.Timeout | null
  compactTimer: NodeJS.Timeout | null
}

interface Pending {
  readonly loaded: LoadedDoc
  readonly update: Uint8Array
  readonly origin: unknown
}

/**
 * Told of every doc that changed, once per group commit, after the commit and the fan-out: what it writes
 * through the hub (`transact`, `defer`) goes into the next group commit.
 */
export type ChangeListener = (loaded: LoadedDoc, origins: readonly unknown[]) => void

/**
 * Told when a doc loads (`load`, its awareness empty) and after a state on its awareness was added, updated or
 * removed (`change`; at unload every state is removed first). Never on the path of doc updates.
 */
export type AwarenessListener = (loaded: LoadedDoc, event: 'load' | 'change') => void

interface Waiter {
  readonly resolve: () => void
  readonly reject: (err: unknown) => void
}

export interface DocHubOptions {
  readonly log: DocLog
  readonly logger: Logger
  /** Unload a doc this long after its last subscriber left (0: at once). */
  readonly idleMs: number
  /** Compact a doc's log into a snapshot at this many entries. */
  readonly compactEvery: number
  readonly now?: () => number
}

/** Transaction origins the hub recognises as a connection: it is not echoed its own update. */
const connectionIdOf = (origin: unknown): string | null =>
  typeof origin === 'object' && origin !== null && (origin as Origin).kind === 'connection'
    ? (origin as Extract<Origin, { kind: 'connection' }>).connId
    : null

const PERSISTENCE: Origin = { kind: 'persistence' }

/** A doc past the compaction threshold is compacted after this long without writes… */
const COMPACT_QUIET_MS = 1_000
/** …or at once when its log reaches this many times the threshold. */
const COMPACT_HARD_FACTOR = 10

export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

export const encodeAwareness = (awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

export class DocHub {
  readonly #docs = new Map<string, LoadedDoc>()
  readonly #log: DocLog
  readonly #logger: Logger
  readonly #idleMs: number
  readonly #compactEvery: number
  readonly #now: () => number
  readonly #listeners = new Set<ChangeListener>()
  readonly #awarenessListeners = new Set<AwarenessListener>()
  readonly #loadListeners = new Set<(loaded: LoadedDoc) => void>()
  #queue: Pending[] = []
  #sidecars: Array<() => void> = []
  #waiters: Waiter[] = []
  #scheduled = false
  #closed = false

  constructor(options: DocHubOptions) {
    this.#log = options.log
    this.#logger = options.logger
    this.#idleMs = options.idleMs
    this.#compactEvery = options.compactEvery
    this.#now = options.now ?? Date.now
  }

  get loadedCount(): number {
    return this.#docs.size
  }

  /** Docs named `prefix…` with updates not compacted yet: the ones written last before a stop or a crash. */
  docsWithLog(prefix: string): string[] {
    return this.#log.docsWithLog(prefix)
  }

  isLoaded(name: string): boolean {
    return this.#docs.has(name)
  }

  /** Listens to changes, after each group commit (see ChangeListener). */
  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Told when a doc is loaded, before anything else can write to it: a listener may observe the doc's types, and
   * what such an observer pushes with `defer` joins the same group commit as the write it observed.
   */
  onLoad(listener: (loaded: LoadedDoc) => void): () => void {
    this.#loadListeners.add(listener)
    return () => this.#loadListeners.delete(listener)
  }

  /** Listens to docs loading and to their awareness (see AwarenessListener). */
  onAwareness(listener: AwarenessListener): () => void {
    this.#awarenessListeners.add(listener)
    return () => this.#awarenessListeners.delete(listener)
  }

  /** The doc, loaded from storage if needed. */
  open(name: string): LoadedDoc {
    if (this.#closed) throw new Error('the doc hub is closed')
    const existing = this.#docs.get(name)
    if (existing) return existing
    const doc = new Y.Doc({ gc: true })
    const stored = this.#log.read(name)
    if (stored.updates.length > 0) {
      doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(doc, update)
      }, PERSISTENCE)
    }
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState(null)
    const loaded: LoadedDoc = {
      name,
      doc,
      awareness,
      subscribers: new Set(),
      awarenessClients: new Map(),
      logLength: stored.logLength,
      lastSeq: stored.lastSeq,
      owners: this.#log.owners(name),
      idleTimer: null,
      compactTimer: null,
    }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === PERSISTENCE) return
      this.#enqueue({ loaded, update, origin })
    })
    awareness.on('update', this.#onAwareness(loaded))
    this.#docs.set(name, loaded)
    this.#scheduleIdle(loaded)
    for (const listener of this.#loadListeners) {
      try {
        listener(loaded)
      } catch (err) {
        this.#logger.error({ err, docName: name }, 'load listener failed')
      }
    }
    this.#tellAwareness(loaded, 'load')
    return loaded
  }

  /**
   * Runs a server-side write on a doc in one Yjs transaction. Resolves once it is durable (and is being sent to
   * subscribers). `sidecar` runs inside the same SQLite transaction, for rows that must commit with the update
   * (a dedupe key, an outbox entry).
   */
  transact<T>(name: string, fn: (doc: Y.Doc) => T, origin: Origin, sidecar?: () => void): Promise<T> {
    const loaded = this.open(name)
    const result = loaded.doc.transact(() => fn(loaded.doc), origin)
    if (sidecar) {
      this.#sidecars.push(sidecar)
      this.#schedule()
    }
    return this.whenDurable().then(() => result)
  }

  /** Runs `sidecar` inside the next group commit's SQLite transaction. Resolves once it committed. */
  defer(sidecar: () => void): Promise<void> {
    this.#sidecars.push(sidecar)
    this.#schedule()
    return this.whenDurable()
  }

  /**
   * Applies a client's (already validated) update, recording the operator as the owner of the Yjs client ids it
   * writes under for the first time, in the same commit. Resolves once it is durable.
   */
  applyClientUpdate(
    name: string,
    update: Uint8Array,
    origin: Origin,
    claims: readonly number[] = [],
  ): Promise<void> {
    const loaded = this.open(name)
    const operatorId = origin.kind === 'connection' ? origin.operatorId : null
    const fresh = operatorId === null ? [] : claims.filter((client) => !loaded.owners.has(client))
    if (operatorId !== null && fresh.length > 0) {
      for (const client of fresh) loaded.owners.set(client, operatorId)
      this.#sidecars.push(() => {
        for (const client of fresh) this.#log.saveOwner(name, client, operatorId)
      })
      this.#schedule()
    }
    applyRemoteUpdate(loaded.doc, update, origin)
    return this.whenDurable()
  }

  /** Resolves after everything written so far is committed; at once when nothing waits. */
  whenDurable(): Promise<void> {
    if (this.#queue.length === 0 && this.#sidecars.length === 0) return Promise.resolve()
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }))
  }

  subscribe(name: string, subscriber: Subscriber): LoadedDoc {
    const loaded = this.open(name)
    loaded.subscribers.add(subscriber)
    if (loaded.idleTimer) {
      clearTimeout(loaded.idleTimer)
      loaded.idleTimer = null
    }
    return loaded
  }

  unsubscribe(name: string, subscriber: Subscriber): void {
    const loaded = this.#docs.get(name)
    if (!loaded || !loaded.subscribers.delete(subscriber)) return
    const clients = loaded.awarenessClients.get(subscriber)
    loaded.awarenessClients.delete(subscriber)
    if (clients && clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(loaded.awareness, [...clients], null)
    }
    this.#scheduleIdle(loaded)
  }

  /** Applies a subscriber's awareness update and relays it to everyone on the doc. */
  applyAwareness(name: string, update: Uint8Array, subscriber: Subscriber): void {
    const loaded = this.#docs.get(name)
    if (!loaded) return
    awarenessProtocol.applyAwarenessUpdate(loaded.awareness, update, subscriber)
  }

  /** Sends every doc's pending writes to disk, compacts and unloads everything. */
  async close(): Promise<void> {
    if (this.#queue.length > 0 || this.#sidecars.length > 0) this.#flush()
    this.#closed = true
    for (const loaded of [...this.#docs.values()]) this.#unload(loaded)
  }

  #onAwareness =
    (loaded: LoadedDoc) =>
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ): void => {
      const subscriber = origin as Subscriber | null
      if (subscriber && loaded.subscribers.has(subscriber)) {
        const owned = loaded.awarenessClients.get(subscriber) ?? new Set<number>()
        for (const id of added) owned.add(id)
        for (const id of removed) owned.delete(id)
        loaded.awarenessClients.set(subscriber, owned)
      }
      const changed = [...added, ...updated, ...removed]
      if (changed.length === 0) return
      const message = encodeAwareness(loaded.awareness, changed)
      for (const sub of loaded.subscribers) sub.send(loaded.name, message)
      this.#tellAwareness(loaded, 'change')
    }

  #tellAwareness(loaded: LoadedDoc, event: 'load' | 'change'): void {
    for (const listener of this.#awarenessListeners) {
      try {
        listener(loaded, event)
      } catch (err) {
        this.#logger.error({ err, docName: loaded.name }, 'awareness listener failed')
      }
    }
  }

  #enqueue(pending: Pending): void {
    this.#queue.push(pending)
    this.#schedule()
  }

  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => this.#flush())
  }

  /**
   * Group commit: every update queued since the last flush goes to disk in one transaction, then out to the
   * subscribers. Change listeners run after that, off the path to the clients; what they write (index docs,
   * registry rows) goes into the next group commit.
   */
  #flush(): void {
    this.#scheduled = false
    const batch = this.#take()
    if (batch.updates.length === 0 && batch.sidecars.length === 0) {
      for (const w of batch.waiters) w.resolve()
      return
    }
    try {
      this.#log.db.transaction(() => {
        for (const p of batch.updates) p.loaded.lastSeq = this.#log.append(p.loaded.name, p.update)
        for (const sidecar of batch.sidecars) sidecar()
      })()
    } catch (err) {
      this.#logger.error(
        { err, updates: batch.updates.length },
        'group commit failed; dropping the affected docs',
      )
      // The in-memory docs hold writes that are not on disk: unload them so they reload from what is.
      // Their clients get no ack and resend on reconnect.
      for (const loaded of new Set(batch.updates.map((p) => p.loaded))) this.#unload(loaded, false)
      for (const w of batch.waiters) w.reject(err)
      return
    }
    for (const p of batch.updates) {
      p.loaded.logLength++
      const message = encodeSyncUpdate(p.update)
      const echoOf = connectionIdOf(p.origin)
      for (const sub of p.loaded.subscribers) {
        if (sub.id !== echoOf) sub.send(p.loaded.name, message)
      }
    }
    for (const w of batch.waiters) w.resolve()
    const changed = new Map<LoadedDoc, unknown[]>()
    for (const p of batch.updates) {
      const origins = changed.get(p.loaded) ?? []
      origins.push(p.origin)
      changed.set(p.loaded, origins)
    }
    for (const [loaded, origins] of changed) {
      for (const listener of this.#listeners) {
        try {
          listener(loaded, origins)
        } catch (err) {
          this.#logger.error({ err, docName: loaded.name }, 'change listener failed')
        }
      }
      this.#scheduleCompaction(loaded)
    }
  }

  /**
   * Compaction encodes the whole doc, which takes a while for a long chat: it waits until the doc has been quiet
   * for a moment, so a busy doc's writers are not held up, unless its log grows far past the threshold.
   */
  #scheduleCompaction(loaded: LoadedDoc): void {
    if (loaded.logLength < this.#compactEvery) return
    if (loaded.logLength >= this.#compactEvery * COMPACT_HARD_FACTOR) {
      this.#compact(loaded)
      return
    }
    if (loaded.compactTimer) clearTimeout(loaded.compactTimer)
    loaded.compactTimer = setTimeout(() => {
      loaded.compactTimer = null
      if (this.#docs.get(loaded.name) === loaded && loaded.logLength >= this.#compactEvery)
        this.#compact(loaded)
    }, COMPACT_QUIET_MS)
    loaded.compactTimer.unref()
  }

  #take(): { updates: Pending[]; sidecars: Array<() => void>; waiters: Waiter[] } {
    const taken = { updates: this.#queue, sidecars: this.#sidecars, waiters: this.#waiters }
    this.#queue = []
    this.#sidecars = []
    this.#waiters = []
    return taken
  }

  #compact(loaded: LoadedDoc): void {
    const snapshot = Y.encodeStateAsUpdate(loaded.doc)
    this.#log.compact(loaded.name, snapshot, loaded.lastSeq, this.#now())
    loaded.logLength = 0
  }

  #scheduleIdle(loaded: LoadedDoc): void {
    if (loaded.subscribers.size > 0 || loaded.idleTimer || this.#closed) return
    loaded.idleTimer = setTimeout(() => {
      loaded.idleTimer = null
      if (loaded.subscribers.size > 0) return
      if (this.#queue.some((p) => p.loaded === loaded)) {
        this.#scheduleIdle(loaded)
        return
      }
      this.#unload(loaded)
    }, this.#idleMs)
    loaded.idleTimer.unref()
  }

  #unload(loaded: LoadedDoc, compact = true): void {
    if (loaded.idleTimer) clearTimeout(loaded.idleTimer)
    if (loaded.compactTimer) clearTimeout(loaded.compactTimer)
    loaded.compactTimer = null
    loaded.idleTimer = null
    if (compact && loaded.logLength > 1) {
      try {
        this.#compact(loaded)
      } catch (err) {
        this.#logger.warn({ err, docName: loaded.name }, 'compaction on unload failed; the log is kept')
      }
    }
    this.#docs.delete(loaded.name)
    // Whoever is still on it leaves, so awareness listeners (the presence summaries) do not keep a ghost.
    const others = [...loaded.awareness.getStates().keys()].filter((id) => id !== loaded.awareness.clientID)
    if (others.length > 0) awarenessProtocol.removeAwarenessStates(loaded.awareness, others, 'unload')
    loaded.awareness.destroy()
    loaded.doc.destroy()
  }
}
