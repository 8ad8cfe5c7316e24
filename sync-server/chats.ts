/**
 * The registry of chats and contacts in SQLite: which channel and contact each chat belongs to, the contact's
 * name and tags (for access and the index), and each chat's last summary. The docs hold the truth; these rows
 * are what the server needs without loading a doc.
 *
 * Writes are seen at once by readers and reach SQLite through `defer`, inside the next group commit, so a row
 * commits together with the doc change it belongs to.
 */
import type { ChatSummary } from '../model'
import type { Db } from './storage/db'

export interface ChatRow {
  readonly id: string
  readonly channelId: string
  readonly contactId: string
  readonly externalId: string | null
  readonly summary: ChatSummary | null
}

export interface ContactRow {
  readonly id: string
  readonly name: string
  readonly tags: readonly string[]
  /** [SRC1] As the profile has them, for the index summaries' quick search; absent or '' when none. */
  readonly phone?: string | undefined
  readonly email?: string | undefined
}

interface RawChat {
  id: string
  channel_id: string
  contact_id: string
  external_id: string | null
  summary: string | null
}

const toChat = (r: RawChat): ChatRow => ({
  id: r.id,
  channelId: r.channel_id,
  contactId: r.contact_id,
  externalId: r.external_id,
  summary: r.summary === null ? null : (JSON.parse(r.summary) as ChatSummary),
})

/** Runs a write inside the next group commit. */
export type Defer = (write: () => void) => void

export class ChatRegistry {
  readonly #chat
  readonly #chatByExternal
  readonly #chatsOfContact
  readonly #allChats
  readonly #insertChat
  readonly #saveSummary
  readonly #contact
  readonly #upsertContact
  readonly #moveChat
  readonly #mergedInto
  readonly #markMerged
  /** Written, not yet committed. */
  readonly #pendingChats = new Map<string, ChatRow>()
  readonly #pendingContacts = new Map<string, ContactRow>()
  readonly #pendingMerges = new Map<string, string>()

  constructor(
    readonly db: Db,
    private readonly defer: Defer,
  ) {
    this.#chat = db.prepare<[string], RawChat>('SELECT * FROM chats WHERE id = ?')
    this.#chatByExternal = db.prepare<[string, string], RawChat>(
      'SELECT * FROM chats WHERE channel_id = ? AND external_id = ?',
    )
    this.#chatsOfContact = db.prepare<[string], RawChat>('SELECT * FROM chats WHERE contact_id = ?')
    this.#allChats = db.prepare<[], RawChat>('SELECT * FROM chats ORDER BY last_at DESC')
    this.#insertChat = db.prepare<[string, string, string, string | null]>(
      'INSERT INTO chats (id, channel_id, contact_id, external_id) VALUES (?, ?, ?, ?)',
    )
    this.#saveSummary = db.prepare<[string, number, string]>(
      'UPDATE chats SET summary = ?, last_at = ? WHERE id = ?',
    )
    this.#contact = db.prepare<
      [string],
      { id: string; name: string; tags: string; phone: string; email: string }
    >('SELECT * FROM contacts WHERE id = ?')
    this.#upsertContact = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO contacts (id, name, tags, phone, email) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, tags = excluded.tags, phone = excluded.phone,
         email = excluded.email`,
    )
    this.#moveChat = db.prepare<[string, string]>('UPDATE chats SET contact_id = ? WHERE id = ?')
    this.#mergedInto = db.prepare<[string], { merged_into: string | null }>(
      'SELECT merged_into FROM contacts WHERE id = ?',
    )
    this.#markMerged = db.prepare<[string, string]>('UPDATE contacts SET merged_into = ? WHERE id = ?')
  }

  chat(id: string): ChatRow | null {
    const pending = this.#pendingChats.get(id)
    if (pending) return pending
    const r = this.#chat.get(id)
    return r ? toChat(r) : null
  }

  chatByExternal(channelId: string, externalId: string): ChatRow | null {
    for (const row of this.#pendingChats.values()) {
      if (row.channelId === channelId && row.externalId === externalId) return row
    }
    const r = this.#chatByExternal.get(channelId, externalId)
    return r ? toChat(r) : null
  }

  chatsOfContact(contactId: string): ChatRow[] {
    return this.#withPending(this.#chatsOfContact.all(contactId).map(toChat)).filter(
      (c) => c.contactId === contactId,
    )
  }

  allChats(): ChatRow[] {
    return this.#withPending(this.#allChats.all().map(toChat))
  }

  addChat(chat: { id: string; channelId: string; contactId: string; externalId: string | null }): void {
    const row: ChatRow = { ...chat, summary: null }
    this.#pendingChats.set(chat.id, row)
    this.defer(() => {
      this.#insertChat.run(chat.id, chat.channelId, chat.contactId, chat.externalId)
      if (this.#pendingChats.get(chat.id) === row) this.#pendingChats.delete(chat.id)
    })
  }

  saveSummary(summary: ChatSummary): void {
    const current = this.chat(summary.id)
    if (!current) return
    const row: ChatRow = { ...current, summary }
    this.#pendingChats.set(summary.id, row)
    this.defer(() => {
      this.#saveSummary.run(JSON.stringify(summary), summary.lastAt, summary.id)
      if (this.#pendingChats.get(summary.id) === row) this.#pendingChats.delete(summary.id)
    })
  }

  contact(id: string): ContactRow | null {
    const pending = this.#pendingContacts.get(id)
    if (pending) return pending
    const r = this.#contact.get(id)
    return r
      ? { id: r.id, name: r.name, tags: JSON.parse(r.tags) as string[], phone: r.phone, email: r.email }
      : null
  }

  saveContact(contact: ContactRow): void {
    this.#pendingContacts.set(contact.id, contact)
    this.defer(() => {
      const { id, name, tags, phone = '', email = '' } = contact
      this.#upsertContact.run(id, name, JSON.stringify([...tags]), phone, email)
      if (this.#pendingContacts.get(contact.id) === contact) this.#pendingContacts.delete(contact.id)
    })
  }

  /** [CHT2] The chat now belongs to another contact (a merge), in the same group commit as its meta. */
  moveChat(chatId: string, contactId: string): void {
    const current = this.chat(chatId)
    if (!current || current.contactId === contactId) return
    const row: ChatRow = { ...current, contactId }
    this.#pendingChats.set(chatId, row)
    this.defer(() => {
      this.#moveChat.run(contactId, chatId)
      if (this.#pendingChats.get(chatId) === row) this.#pendingChats.delete(chatId)
    })
  }

  /** [MRG2] The contact this one was merged into, or `null`. */
  mergedInto(contactId: string): string | null {
    return this.#pendingMerges.get(contactId) ?? this.#mergedInto.get(contactId)?.merged_into ?? null
  }

  /** [MRG2] Records that a contact was merged into another. */
  markMerged(contactId: string, into: string): void {
    this.#pendingMerges.set(contactId, into)
    this.defer(() => {
      this.#markMerged.run(into, contactId)
      if (this.#pendingMerges.get(contactId) === into) this.#pendingMerges.delete(contactId)
    })
  }

  /** The contact that stands for this one now: itself, or the one it was (in turn) merged into. */
  finalContact(contactId: string): string {
    let id = contactId
    // A merge never goes into a merged contact, so chains are short and have no cycle; the bound is a guard.
    for (let hops = 0; hops < 32; hops++) {
      const next = this.mergedInto(id)
      if (next === null) return id
      id = next
    }
    return id
  }

  #withPending(rows: ChatRow[]): ChatRow[] {
    if (this.#pendingChats.size === 0) return rows
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const [id, row] of this.#pendingChats) byId.set(id, row)
    return [...byId.values()]
  }
}
