/**
 * [PRS7] Presence summaries for the chat list rows. Follows the awareness of every loaded chat doc and, for each
 * loaded inbox index doc, sets the server's own awareness state on it to who is in which of that index's chats.
 * The hub relays that state like any other, to that index doc's subscribers only: the operators allowed to see
 * those chats. Published only when it changed, at most every `intervalMs`; never written to a doc or to SQLite.
 */
import { type ChatPresence, chatPresenceOf, indexChats, parseDocName, presenceSummaryOf } from '../model'
import { type Coalescer, coalesce } from './coalesce'
import type { DocHub, LoadedDoc } from './docs/hub'

export interface PresenceSummariesOptions {
  readonly hub: DocHub
  /** At most one publication per this many milliseconds. */
  readonly intervalMs?: number
}

export const PRESENCE_SUMMARY_INTERVAL_MS = 250

const samePresence = (a: ChatPresence | undefined, b: ChatPresence | null): boolean =>
  a === undefined ? b === null : b !== null && JSON.stringify(a) === JSON.stringify(b)

export class PresenceSummaries {
  readonly #hub: DocHub
  /** One publication for every change within the interval. */
  readonly #publication: Coalescer
  /** Who is in each chat somebody is in (chats with nobody are absent). */
  readonly #chats = new Map<string, ChatPresence>()
  /** The index docs loaded since start, by name; one found unloaded at a publication is forgotten. */
  readonly #indexes = new Map<string, LoadedDoc>()
  /** Bumped whenever `#chats` changes. */
  #version = 0
  /**
   * What each index doc's summary was last computed from, so an index that changed without a chat entering or
   * leaving it (a new message: the usual case) costs one pass over the present chats, not a summary.
   */
  readonly #computed = new WeakMap<LoadedDoc, { readonly version: number; readonly chats: string }>()
  #offs: Array<() => void> = []

  constructor(options: PresenceSummariesOptions) {
    this.#hub = options.hub
    this.#publication = coalesce(() => this.#publish(), options.intervalMs ?? PRESENCE_SUMMARY_INTERVAL_MS)
  }

  /** Start before anything loads index docs (the inbox), so that none is missed. */
  start(): void {
    this.#offs = [
      this.#hub.onAwareness((loaded, event) => this.#onAwareness(loaded, event)),
      // A chat entering or leaving an index (new chat, access change) changes that index's rows.
      this.#hub.onChange((loaded) => {
        if (this.#chats.size > 0 && this.#indexes.has(loaded.name)) this.#schedule()
      }),
    ]
  }

  stop(): void {
    for (const off of this.#offs) off()
    this.#offs = []
    this.#publication.cancel()
  }

  #onAwareness(loaded: LoadedDoc, event: 'load' | 'change'): void {
    const ref = parseDocName(loaded.name)
    if (ref?.kind === 'index') {
      // Its own state changing is our doing; a freshly loaded one has none yet.
      if (event === 'load') {
        this.#indexes.set(loaded.name, loaded)
        if (this.#chats.size > 0) this.#schedule()
      }
      return
    }
    if (ref?.kind !== 'chat') return
    const now = chatPresenceOf(loaded.awareness.getStates().values(), ref.id)
    if (samePresence(this.#chats.get(ref.id), now)) return
    if (now) this.#chats.set(ref.id, now)
    else this.#chats.delete(ref.id)
    this.#version++
    this.#schedule()
  }

  /** Only while started: after `stop` nothing is published. */
  #schedule(): void {
    if (this.#offs.length > 0) this.#publication.schedule()
  }

  #publish(): void {
    const present = [...this.#chats.keys()]
    for (const [name, loaded] of this.#indexes) {
      if (!this.#hub.isLoaded(name)) {
        this.#indexes.delete(name)
        continue
      }
      const rows = indexChats(loaded.doc)
      const chats = present.filter((chatId) => rows.has(chatId)).join(' ')
      const last = this.#computed.get(loaded)
      if (last?.version === this.#version && last.chats === chats) continue
      this.#computed.set(loaded, { version: this.#version, chats })
      const summary = presenceSummaryOf(this.#chats, (chatId) => rows.has(chatId))
      const { awareness } = loaded
      if (JSON.stringify(summary) !== JSON.stringify(awareness.getLocalState()))
        awareness.setLocalState(summary)
    }
  }
}
