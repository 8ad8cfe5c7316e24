/**
 * What the warm set remembers across reloads, per operator: which chats are stored in IndexedDB, when each was
 * last used, and which hold changes the server has not stored yet (so they are synced before anything else, and
 * never evicted). A small JSON value in localStorage; writes of one task are coalesced into one.
 */

export type RecordStore = Pick<Storage, 'getItem' | 'setItem'>

interface Entry {
  usedAt: number
  unsynced: boolean
}

/** `{ chatId: [usedAt, unsynced 0|1] }`: a few dozen bytes a chat, a few hundred chats. */
type Saved = Record<string, [number, number]>

const parse = (text: string | null): Map<string, Entry> => {
  const entries = new Map<string, Entry>()
  try {
    const saved = JSON.parse(text ?? '{}') as Saved
    for (const [id, value] of Object.entries(saved)) {
      if (Array.isArray(value) && typeof value[0] === 'number') {
        entries.set(id, { usedAt: value[0], unsynced: value[1] === 1 })
      }
    }
  } catch {
    // An unreadable record is an empty one: stored chats are found again by listing IndexedDB.
  }
  return entries
}

export class WarmRecord {
  readonly #store: RecordStore | null
  readonly #key: string
  readonly #entries: Map<string, Entry>
  #saving = false

  constructor(store: RecordStore | null, key: string) {
    this.#store = store
    this.#key = key
    this.#entries = parse(store?.getItem(key) ?? null)
  }

  /** Stored chats and when each was last used. */
  usedTimes(): Map<string, number> {
    return new Map([...this.#entries].map(([id, e]) => [id, e.usedAt]))
  }

  unsynced(): string[] {
    return [...this.#entries].flatMap(([id, e]) => (e.unsynced ? [id] : []))
  }

  isUnsynced(chatId: string): boolean {
    return this.#entries.get(chatId)?.unsynced ?? false
  }

  /** The chat is stored and in use now. */
  touch(chatId: string, at: number): void {
    const entry = this.#entries.get(chatId)
    if (entry) entry.usedAt = Math.max(entry.usedAt, at)
    else this.#entries.set(chatId, { usedAt: at, unsynced: false })
    this.#save()
  }

  /** Chats found stored that the record did not know (a crash before a save, an older app): never used. */
  adopt(chatIds: Iterable<string>): void {
    let changed = false
    for (const id of chatIds) {
      if (this.#entries.has(id)) continue
      this.#entries.set(id, { usedAt: 0, unsynced: false })
      changed = true
    }
    if (changed) this.#save()
  }

  setUnsynced(chatId: string, unsynced: boolean): void {
    const entry = this.#entries.get(chatId)
    if (!entry || entry.unsynced === unsynced) return
    entry.unsynced = unsynced
    this.#save()
  }

  /** The chat's stored copy is gone. */
  forget(chatId: string): void {
    if (this.#entries.delete(chatId)) this.#save()
  }

  flush(): void {
    const saved: Saved = {}
    for (const [id, e] of this.#entries) saved[id] = [e.usedAt, e.unsynced ? 1 : 0]
    try {
      this.#store?.setItem(this.#key, JSON.stringify(saved))
    } catch {
      // Storage full or blocked: the record is a hint; listing IndexedDB finds the stored chats again.
    }
  }

  #save(): void {
    if (this.#saving || !this.#store) return
    this.#saving = true
    queueMicrotask(() => {
      this.#saving = false
      this.flush()
    })
  }
}
