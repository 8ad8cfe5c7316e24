/**
 * The warm set at work (the choice is warm-set.ts): the session's one holder of chat docs. It watches the index,
 * keeps the warm chats open on the shared socket with no presence, so each is synced into IndexedDB and readable
 * offline, opening at most `concurrency` of them at a time until each has synced once; closes a chat that leaves
 * the set (its copy stays stored) and deletes the stored copies the plan evicts. A chat on screen is a view of
 * the same doc with our presence in it: one Y.Doc per chat per tab, however many want it. A chat with changes
 * the server has not stored stays open until they are, and the record remembers it across reloads.
 */
import { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { chatDocName, indexChats, type Presence } from '../../model'
import { type ChatStores, indexedDbChatStores } from './chat-stores'
import { type LiveDoc, type SharedDoc, viewOf } from './live-doc'
import type { SyncClient } from './sync-client'
import { type RecordStore, WarmRecord } from './warm-record'
import { DEFAULT_WARM_SETTINGS, planWarmSet, readWarmSettings, type WarmSettings } from './warm-set'

/** The index changes with every message: the changes of this long are planned for once. */
const PLAN_DELAY_MS = 200
/**
 * For this long after the session starts, warming waits (see `#plan`): the first screen (the inbox, the chat the
 * operator opens at once) gets the main thread first.
 */
const STARTUP_DELAY_MS = 1_500

/** Where a persisting session keeps its chats and the record: IndexedDB and localStorage, per operator. */
export const browserWarmStorage = (
  operatorId: string,
  storePrefix: string,
): Pick<WarmKeeperOptions, 'stores' | 'record' | 'settings'> => ({
  stores: indexedDbChatStores(indexedDB, storePrefix),
  record: { store: localStorage, key: `switchboard.warm/${operatorId}` },
  settings: readWarmSettings(localStorage),
})

export interface WarmKeeperOptions {
  readonly client: Pick<SyncClient, 'onPending'>
  readonly index: LiveDoc
  readonly operatorId: string
  /** Opens a chat's doc with no presence (stored in IndexedDB when the session persists). */
  readonly openDoc: (name: string) => SharedDoc
  /** Keep the warm set synced; without it (nothing is stored) the keeper only shares the docs on screen. */
  readonly warm: boolean
  /** The chats' databases; none: nothing is evicted. */
  readonly stores?: ChatStores
  /** Where the record lives; none: in memory. */
  readonly record?: { readonly store: RecordStore; readonly key: string }
  readonly settings?: WarmSettings
  readonly now?: () => number
}

interface Held {
  readonly chatId: string
  readonly live: SharedDoc
  /** The screen's views of it, newest last; the newest one's presence is the doc's. */
  readonly views: Awareness[]
  /** Kept by the warm set. */
  warm: boolean
  /** Waiting for its first sync (taking a slot): stops waiting. */
  warming: (() => void) | null
}

export class WarmKeeper {
  readonly #options: WarmKeeperOptions
  readonly #settings: WarmSettings
  readonly #record: WarmRecord
  readonly #now: () => number
  readonly #held = new Map<string, Held>()
  readonly #evicting = new Set<string>()
  /** Warm chats not open yet, the most needed first. */
  #queue: string[] = []
  /** The stores were listed: the record knows every stored chat. */
  #listed = false
  #timer: ReturnType<typeof setTimeout> | null = null
  #destroyed = false
  readonly #startedAt = Date.now()
  /** This browser kept chats of this operator from an earlier session. */
  readonly #returning: boolean
  #startupTimer: ReturnType<typeof setTimeout> | null = null
  readonly #offIndex: () => void
  readonly #offPending: () => void

  constructor(options: WarmKeeperOptions) {
    this.#options = options
    this.#settings = options.settings ?? DEFAULT_WARM_SETTINGS
    this.#record = new WarmRecord(options.record?.store ?? null, options.record?.key ?? '')
    this.#returning = this.#record.usedTimes().size > 0
    this.#now = options.now ?? Date.now
    this.#offIndex = options.index.onChange(this.#schedule)
    this.#offPending = options.client.onPending(this.#onPending)
    const listed = (stored: string[]): void => {
      this.#record.adopt(stored)
      this.#listed = true
      this.#schedule()
    }
    // Listing failed: the record alone says what is stored, which is all this app ever stored while it kept one.
    options.stores?.list().then(listed, () => listed([]))
    this.#schedule()
  }

  /** A chat on screen with our presence in it; the doc is the warm one when the chat is warm. */
  open(chatId: string, presence: Presence, onClose?: () => void): LiveDoc {
    const held = this.#held.get(chatId) ?? this.#acquire(chatId)
    this.#record.touch(chatId, this.#now())
    const view = this.#view(held, presence, onClose)
    this.#schedule()
    return view
  }

  /** Chats whose doc is open now (on screen, warm, or waiting to sync changes). */
  heldChats(): string[] {
    return [...this.#held.keys()]
  }

  /** The docs of those chats (a denied one left out), for the local search to read. */
  heldDocs(): Array<{ readonly chatId: string; readonly doc: Y.Doc }> {
    return [...this.#held.values()].flatMap((h) =>
      h.live.denied ? [] : [{ chatId: h.chatId, doc: h.live.doc }],
    )
  }

  destroy(): void {
    this.#destroyed = true
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#startupTimer) clearTimeout(this.#startupTimer)
    this.#offIndex()
    this.#offPending()
    for (const held of this.#held.values()) {
      held.warming?.()
      held.live.close()
    }
    this.#held.clear()
    this.#record.flush()
  }

  readonly #schedule = (): void => {
    if (this.#timer !== null || this.#destroyed) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#plan()
    }, PLAN_DELAY_MS)
  }

  readonly #onPending = (): void => {
    for (const held of [...this.#held.values()]) {
      const { live, chatId } = held
      if (live.pending > 0) this.#record.setUnsynced(chatId, true)
      // A denied doc's changes can never be stored: nothing is gained by keeping them.
      else if ((live.settled || live.denied) && this.#record.isUnsynced(chatId)) {
        this.#record.setUnsynced(chatId, false)
        this.#release(held)
        // It was warm for its changes alone, maybe.
        this.#schedule()
      }
    }
  }

  #plan(): void {
    if (this.#destroyed) return
    const { index, operatorId, warm } = this.#options
    // Emptied first: a chat closing below frees a slot, which must not go to a chat the new plan drops.
    this.#queue = []
    const now = this.#now()
    // A chat held open is in use now: one leaving the set this instant is the most recently used of the cold.
    const stored = this.#record.usedTimes()
    for (const chatId of this.#held.keys()) stored.set(chatId, now)
    const plan = planWarmSet({
      summaries: warm ? indexChats(index.doc).values() : [],
      operatorId,
      open: [...this.#held.values()].filter((h) => h.views.length > 0).map((h) => h.chatId),
      unsynced: this.#record.unsynced(),
      stored,
      sizes: this.#settings,
    })
    const keep = new Set(plan.warm)
    for (const held of [...this.#held.values()]) {
      if (held.warm && !keep.has(held.chatId)) {
        held.warm = false
        this.#record.touch(held.chatId, now)
        this.#release(held)
      } else if (keep.has(held.chatId)) held.warm = true
    }
    this.#queue = plan.warm.filter((id) => !this.#held.has(id))
    // Just after the start, warming waits, but for chats with changes to send: the first screen gets the main
    // thread. On a first visit (nothing stored here yet) chats not stored go at once, so the offline copy is there
    // soon; a returning session has its copy, and topping it up can wait.
    const startupLeft = this.#startedAt + STARTUP_DELAY_MS - Date.now()
    if (startupLeft > 0) {
      const unsynced = new Set(this.#record.unsynced())
      const later = this.#queue.filter((id) => (this.#returning || stored.has(id)) && !unsynced.has(id))
      if (later.length > 0) {
        const deferred = new Set(later)
        this.#queue = this.#queue.filter((id) => !deferred.has(id))
        this.#startupTimer ??= setTimeout(() => {
          this.#startupTimer = null
          this.#schedule()
        }, startupLeft)
      }
    }
    this.#pump()
    this.#evict(plan.evict)
  }

  /** Opens queued warm chats while fewer than `concurrency` wait for their first sync. */
  #pump(): void {
    let busy = [...this.#held.values()].filter((h) => h.warming).length
    while (!this.#destroyed && busy < this.#settings.concurrency && this.#queue.length > 0) {
      const chatId = this.#queue.shift() as string
      if (this.#held.has(chatId)) continue
      const held = this.#acquire(chatId)
      held.warm = true
      const { live } = held
      busy++
      // Offline, it stays waiting (and the queue with it) until the socket is back.
      held.warming = live.onChange(() => {
        if (!live.synced && !live.denied) return
        held.warming?.()
        held.warming = null
        this.#pump()
      })
    }
  }

  /** Deletes evicted chats' stored copies, judged against an index the server has confirmed this session. */
  #evict(chatIds: readonly string[]): void {
    if (!this.#listed || !this.#options.index.synced) return
    for (const chatId of chatIds) this.#drop(chatId)
  }

  #drop(chatId: string): void {
    const { stores } = this.#options
    if (!stores || this.#held.has(chatId) || this.#evicting.has(chatId)) return
    this.#evicting.add(chatId)
    stores.drop(chatId).then(
      () => {
        this.#evicting.delete(chatId)
        // Opened again meanwhile: it is stored afresh.
        if (!this.#held.has(chatId)) this.#record.forget(chatId)
      },
      // Still recorded as stored: a later plan evicts it again.
      () => this.#evicting.delete(chatId),
    )
  }

  #acquire(chatId: string): Held {
    const held: Held = {
      chatId,
      live: this.#options.openDoc(chatDocName(chatId)),
      views: [],
      warm: false,
      warming: null,
    }
    this.#held.set(chatId, held)
    this.#record.touch(chatId, this.#now())
    // Access revoked: the chat is no longer warm, and once off screen its copy is deleted (see #release).
    const offDenied = held.live.onChange(() => {
      if (!held.live.denied) return
      offDenied()
      held.warm = false
      this.#record.setUnsynced(chatId, false)
      this.#release(held)
    })
    return held
  }

  /** Closes a chat nothing needs any more: not on screen, not warm, nothing waiting to reach the server. */
  #release(held: Held): void {
    if (held.views.length > 0 || held.warm || this.#record.isUnsynced(held.chatId)) return
    if (this.#held.get(held.chatId) !== held) return
    held.warming?.()
    held.warming = null
    this.#held.delete(held.chatId)
    held.live.close()
    // Denied (access revoked): its copy is no longer ours to keep.
    if (held.live.denied) this.#drop(held.chatId)
    this.#pump()
  }

  #view(held: Held, presence: Presence, onClose: (() => void) | undefined): LiveDoc {
    const { live } = held
    const awareness = new Awareness(live.doc)
    awareness.setLocalState(presence)
    held.views.push(awareness)
    live.setAwareness(awareness)
    return viewOf(live, awareness, () => {
      held.views.splice(held.views.indexOf(awareness), 1)
      live.setAwareness(held.views.at(-1) ?? null)
      awareness.destroy()
      this.#record.touch(held.chatId, this.#now())
      onClose?.()
      this.#release(held)
      this.#schedule()
    })
  }
}
