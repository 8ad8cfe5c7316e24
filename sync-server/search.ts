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

/** The words of a query, lower-cased and without quotes: each is quoted, so no FTS5 syntax from the user gets through. */
const queryWords = (q: string): string[] =>
  q
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .map((w) => w.replace(/"/g, ''))
    .filter((w) => w.length > 0)

/**
 * The query as whole words, then as prefixes: the first answers at once however common the words are (FTS5
 * streams a term's rows newest first and stops at the limit), the second only fills what is left, and short
 * prefixes have their own indexes. A one-letter word stays whole: as a prefix it would match most rows.
 */
export const ftsPasses = (q: string): { exact: string; prefix: string | null } | null => {
  const words = queryWords(q)
  if (words.length === 0) return null
  const prefix = words.map((w) => (w.length >= 2 ? `"${w}"*` : `"${w}"`)).join(' ')
  const exact = words.map((w) => `"${w}"`).join(' ')
  return { exact, prefix: prefix === exact ? null : prefix }
}

/** A phone's digits: `+7 (916) 555-01-01` and `89165550101` share `9165550101`. */
export const phoneDigits = (text: string): string => text.replace(/\D/g, '')

/** Fewer digits than this in a query are not looked for in phones: too many numbers hold them. */
const MIN_PHONE_DIGITS = 4

/** Runs both passes of `ftsPasses` over one statement, newest first, up to `limit` rows, each row once. */
const matchBoth = <R extends { row: number }>(
  statement: { all(match: string, limit: number): R[] },
  q: string,
  limit: number,
): R[] => {
  const passes = ftsPasses(q)
  if (!passes) return []
  const rows = statement.all(passes.exact, limit)
  if (passes.prefix === null || rows.length >= limit) return rows
  const seen = new Set(rows.map((r) => r.row))
  // The prefix pass finds the whole words again: ask for as many more as were found already.
  for (const r of statement.all(passes.prefix, limit + rows.length)) {
    if (rows.length >= limit) break
    if (!seen.has(r.row)) rows.push(r)
  }
  return rows
}

export class SearchIndex {
  readonly #insertMessage
  readonly #contactRow
  readonly #saveContactRow
  readonly #deleteContact
  readonly #insertContact
  readonly #deletePhone
  readonly #insertPhone
  readonly #messages
  readonly #contacts
  readonly #phones

  constructor(private readonly db: Db) {
    this.#insertMessage = db.prepare(
      'INSERT INTO search_messages (text, chat_id, message_id, at) VALUES (?, ?, ?, ?)',
    )
    this.#contactRow = db.prepare<[string], { row: number }>(
      'SELECT row FROM search_contact_rows WHERE contact_id = ?',
    )
    this.#saveContactRow = db.prepare<[string, number | bigint]>(
      'INSERT INTO search_contact_rows (contact_id, row) VALUES (?, ?) ON CONFLICT (contact_id) DO UPDATE SET row = excluded.row',
    )
    // By rowid: a contact's row is found through search_contact_rows, never by scanning the FTS table.
    this.#deleteContact = db.prepare<[number]>('DELETE FROM search_contacts WHERE rowid = ?')
    this.#insertContact = db.prepare<[string, string, string, string]>(
      'INSERT INTO search_contacts (name, email, notes, contact_id) VALUES (?, ?, ?, ?)',
    )
    this.#deletePhone = db.prepare<[number]>('DELETE FROM search_phones WHERE rowid = ?')
    this.#insertPhone = db.prepare<[number | bigint, string, string]>(
      'INSERT INTO search_phones (rowid, digits, contact_id) VALUES (?, ?, ?)',
    )
    // Newest first (rowids grow with time): FTS5 stops at the limit, where ranking would score every match.
    this.#messages = db.prepare<
      [string, number],
      { row: number; chat_id: string; message_id: string; at: number; snippet: string }
    >(
      `SELECT rowid AS row, chat_id, message_id, at, snippet(search_messages, 0, '[', ']', '…', 12) AS snippet
       FROM search_messages WHERE search_messages MATCH ? ORDER BY rowid DESC LIMIT ?`,
    )
    this.#contacts = db.prepare<[string, number], { row: number; contact_id: string; name: string }>(
      `SELECT rowid AS row, contact_id, name FROM search_contacts WHERE search_contacts MATCH ?
       ORDER BY rowid DESC LIMIT ?`,
    )
    this.#phones = db.prepare<[string, number], { contact_id: string }>(
      `SELECT contact_id FROM search_phones WHERE search_phones MATCH ? ORDER BY rowid DESC LIMIT ?`,
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
    const digits = p.phone ? phoneDigits(p.phone) : ''
    this.db.transaction(() => {
      const before = this.#contactRow.get(contactId)?.row
      if (before !== undefined) {
        this.#deleteContact.run(before)
        this.#deletePhone.run(before)
      }
      const row = this.#insertContact.run(
        contactDisplayName(p),
        p.email ?? '',
        notes,
        contactId,
      ).lastInsertRowid
      this.#saveContactRow.run(contactId, row)
      if (digits) this.#insertPhone.run(row, digits, contactId)
    })()
  }

  /** Matches, newest first (whole words before prefixes); the caller filters them by access (so it asks for more than it shows). */
  search(q: string, limit: number): { messages: MessageHit[]; contacts: ContactHit[] } {
    // A national number written with its country code or a trunk prefix (+7 916…, 8 916…): its last ten digits.
    const all = phoneDigits(q)
    const digits = all.length > 10 ? all.slice(-10) : all
    const contacts = new Map<string, ContactHit>()
    for (const r of matchBoth(this.#contacts, q, limit))
      contacts.set(r.contact_id, { contactId: r.contact_id, name: r.name })
    if (digits.length >= MIN_PHONE_DIGITS) {
      for (const r of this.#phones.all(`"${digits}"`, limit)) {
        if (!contacts.has(r.contact_id)) contacts.set(r.contact_id, { contactId: r.contact_id, name: '' })
      }
    }
    const messages = matchBoth(this.#messages, q, limit).map((r) => ({
      chatId: r.chat_id,
      messageId: r.message_id,
      at: r.at,
      snippet: r.snippet,
    }))
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
