/**
 * The registry of chats and contacts in SQLite: which channel and contact each chat belongs to, the contact's
 * name and tags (for access and the index), and each chat's last summary. The docs hold the truth; these rows
 * are what the server needs without loading a doc.
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

export class ChatRegistry {
  readonly #chat
  readonly #chatByExternal
  readonly #chatsOfContact
  readonly #allChats
  readonly #insertChat
  readonly #saveSummary
  readonly #contact
  readonly #upsertContact

  constructor(readonly db: Db) {
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
    this.#contact = db.prepare<[string], { id: string; name: string; tags: string }>(
      'SELECT * FROM contacts WHERE id = ?',
    )
    this.#upsertContact = db.prepare<[string, string, string]>(
      `INSERT INTO contacts (id, name, tags) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, tags = excluded.tags`,
    )
  }

  chat(id: string): ChatRow | null {
    const r = this.#chat.get(id)
    return r ? toChat(r) : null
  }

  chatByExternal(channelId: string, externalId: string): ChatRow | null {
    const r = this.#chatByExternal.get(channelId, externalId)
    return r ? toChat(r) : null
  }

  chatsOfContact(contactId: string): ChatRow[] {
    return this.#chatsOfContact.all(contactId).map(toChat)
  }

  allChats(): ChatRow[] {
    return this.#allChats.all().map(toChat)
  }

  addChat(chat: { id: string; channelId: string; contactId: string; externalId: string | null }): void {
    this.#insertChat.run(chat.id, chat.channelId, chat.contactId, chat.externalId)
  }

  saveSummary(summary: ChatSummary): void {
    this.#saveSummary.run(JSON.stringify(summary), summary.lastAt, summary.id)
  }

  contact(id: string): ContactRow | null {
    const r = this.#contact.get(id)
    return r ? { id: r.id, name: r.name, tags: JSON.parse(r.tags) as string[] } : null
  }

  saveContact(contact: ContactRow): void {
    this.#upsertContact.run(contact.id, contact.name, JSON.stringify([...contact.tags]))
  }
}
