/**
 * Server-side search (SQLite FTS5): message texts and contacts (name, email, notes; phone by its digits, however it
 * is written). The index follows the docs: a chat's appended messages are indexed in the same group commit as the
 * update that wrote them (an observer, like the outbox's), a contact is re-indexed after its doc changes. Results
 * are limited to the chats the asking operator may see.
 */
import {
  ContactProfileSchema,
  chatParts,
  contactDisplayName,
  contactParts,
  DocKind,
  type Message,
  messageOf,
  parseDocName,
} from '../model'
import type { DocHub, LoadedDoc } from './docs/hub'
import type { Db } from './storage/db'

export interface MessageHit {
  readonly chatId: string
  readonly messageId: string
  readonly at: number
  /** The text around the match, the match between «[» and «]». */
  readonly snippet: string
}

export interface ContactHit {
  readonly contactId: string
  readonly name: string
}

/** The words of a query as FTS5 prefix terms, each quoted (no query syntax from the user reaches FTS5). */
export const ftsQuery = (q: string): string | null => {
  const words = q
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .map((w) => w.replace(/"/g, ''))
    .filter((w) => w.length > 0)
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' ')
}

/** A phone's digits: `+7 (916) 555-01-01` and `89165550101` share `9165550101`. */
export const phoneDigits = (text: string): string => text.replace(/\D/g, '')

export class SearchIndex {
  readonly #insertMessage
  readonly #deleteContact
  readonly #insertContact
  readonly #upsertPhone
  readonly #messages
  readonly #contacts
  readonly #phones

  constructor(private readonly db: Db) {
    this.#insertMessage = db.prepare(
      'INSERT INTO search_messages (text, chat_id, message_id, at) VALUES (?, ?, ?, ?)',
    )
    this.#deleteContact = db.prepare('DELETE FROM search_contacts WHERE contact_id = ?')
    this.#insertContact = db.prepare(
      'INSERT INTO search_contacts (name, email, notes, contact_id) VALUES (?, ?, ?, ?)',
    )
    this.#upsertPhone = db.prepare(
      'INSERT INTO contact_phones (contact_id, digits) VALUES (?, ?) ON CONFLICT (contact_id) DO UPDATE SET digits = excluded.digits',
    )
    this.#messages = db.prepare<
      [string, number],
      { chat_id: string; message_id: string; at: number; snippet: string }
    >(
      `SELECT chat_id, message_id, at, snippet(search_messages, 0, '[', ']', '…', 12) AS snippet
       FROM search_messages WHERE search_messages MATCH ? ORDER BY rank LIMIT ?`,
    )
    this.#contacts = db.prepare<[string, number], { contact_id: string; name: string }>(
      `SELECT contact_id, name FROM search_contacts WHERE search_contacts MATCH ? ORDER BY rank LIMIT ?`,
    )
    this.#phones = db.prepare<[string, number], { contact_id: string }>(
      `SELECT contact_id FROM contact_phones WHERE digits LIKE '%' || ? || '%' LIMIT ?`,
    )
  }

  indexMessages(chatId: string, messages: readonly Message[]): void {
    for (const m of messages) if (m.text.trim()) this.#insertMessage.run(m.text, chatId, m.id, m.at)
  }

  indexContact(contactId: string, doc: LoadedDoc['doc']): void {
    const parts = contactParts(doc)
    const profile = ContactProfileSchema.safeParse(parts.profile.toJSON())
    const p = profile.success ? profile.data : {}
    const notes = parts.notes
      .toArray()
      .map((n) => n.text)
      .join('\n')
    this.db.transaction(() => {
      this.#deleteContact.run(contactId)
      this.#insertContact.run(contactDisplayName(p), p.email ?? '', notes, contactId)
      if (p.phone) this.#upsertPhone.run(contactId, phoneDigits(p.phone))
    })()
  }

  /** Matches, best first; the caller filters them by access (so it asks for more than it shows). */
  search(q: string, limit: number): { messages: MessageHit[]; contacts: ContactHit[] } {
    const match = ftsQuery(q)
    // A national number written with its country code or a trunk prefix (+7 916…, 8 916…): its last ten digits.
    const all = phoneDigits(q)
    const digits = all.length > 10 ? all.slice(-10) : all
    const contacts = new Map<string, ContactHit>()
    if (match) {
      for (const r of this.#contacts.all(match, limit))
        contacts.set(r.contact_id, { contactId: r.contact_id, name: r.name })
    }
    if (digits.length >= 4) {
      for (const r of this.#phones.all(digits, limit)) {
        if (!contacts.has(r.contact_id)) contacts.set(r.contact_id, { contactId: r.contact_id, name: '' })
      }
    }
    const messages = match
      ? this.#messages.all(match, limit).map((r) => ({
          chatId: r.chat_id,
          messageId: r.message_id,
          at: r.at,
          snippet: r.snippet,
        }))
      : []
    return { messages, contacts: [...contacts.values()] }
  }
}

/** Keeps the index in step with the docs; returns the function that stops it. */
export const followForSearch = (hub: DocHub, index: SearchIndex): (() => void) => {
  const offLoad = hub.onLoad((loaded) => {
    const ref = parseDocName(loaded.name)
    if (ref?.kind !== DocKind.chat) return
    const chatId = ref.id
    chatParts(loaded.doc).messages.type.observe((event) => {
      const fresh: Message[] = []
      for (const item of event.changes.added)
        for (const raw of item.content.getContent()) fresh.push(messageOf(raw))
      // In the same group commit as the update that wrote them.
      if (fresh.length > 0) void hub.defer(() => index.indexMessages(chatId, fresh))
    })
  })
  const offChange = hub.onChange((loaded) => {
    const ref = parseDocName(loaded.name)
    if (ref?.kind === DocKind.contact) void hub.defer(() => index.indexContact(ref.id, loaded.doc))
  })
  return () => {
    offLoad()
    offChange()
  }
}
