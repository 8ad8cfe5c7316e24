/**
 * The outbox: one row per operator (or bot) message to deliver through a messenger, inserted in the same SQLite
 * transaction as the update that wrote the message. `seq` orders each chat's messages; a chat sends its oldest
 * unfinished message first. States: `queued` (due at `next_at`), `sending` (a provider call is under way; after a
 * crash it is unknown whether it went out), then `sent`, `failed` or `unknown`, which are final.
 */
import type { Db } from '../storage/db'

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown'

export interface OutboxRow {
  readonly seq: number
  readonly messageId: string
  readonly chatId: string
  readonly channelId: string
  readonly state: OutboxState
  readonly attempts: number
  readonly nextAt: number
  readonly providerMessageId: string | null
  readonly error: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

interface Raw {
  seq: number
  message_id: string
  chat_id: string
  channel_id: string
  state: OutboxState
  attempts: number
  next_at: number
  provider_message_id: string | null
  error: string | null
  created_at: number
  updated_at: number
}

const toRow = (r: Raw): OutboxRow => ({
  seq: r.seq,
  messageId: r.message_id,
  chatId: r.chat_id,
  channelId: r.channel_id,
  state: r.state,
  attempts: r.attempts,
  nextAt: r.next_at,
  providerMessageId: r.provider_message_id,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export class OutboxStore {
  readonly #insert
  readonly #due
  readonly #nextWake
  readonly #set
  readonly #byProvider
  readonly #byMessage
  readonly #inState
  readonly #ofChat

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO outbox (message_id, chat_id, channel_id, state, next_at, created_at, updated_at)
       VALUES (?, ?, ?, 'queued', ?, ?, ?)`,
    )
    // The head of each chat's queue: no earlier message of the chat is still queued or being sent.
    this.#due = db.prepare<[number, number], Raw>(
      `SELECT * FROM outbox o WHERE o.state = 'queued' AND o.next_at <= ?
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.chat_id = o.chat_id AND p.seq < o.seq
                       AND p.state IN ('queued', 'sending'))
       ORDER BY o.next_at, o.seq LIMIT ?`,
    )
    this.#nextWake = db.prepare<[], { at: number | null }>(
      `SELECT MIN(next_at) AS at FROM outbox WHERE state = 'queued'`,
    )
    this.#set = db.prepare(
      `UPDATE outbox SET state = ?, attempts = ?, next_at = ?, provider_message_id = ?, error = ?, updated_at = ?
       WHERE seq = ?`,
    )
    this.#byProvider = db.prepare<[string, string], Raw>(
      'SELECT * FROM outbox WHERE channel_id = ? AND provider_message_id = ?',
    )
    this.#byMessage = db.prepare<[string, string], Raw>(
      'SELECT * FROM outbox WHERE chat_id = ? AND message_id = ?',
    )
    this.#inState = db.prepare<[OutboxState], Raw>('SELECT * FROM outbox WHERE state = ? ORDER BY seq')
    this.#ofChat = db.prepare<[string], Raw>('SELECT * FROM outbox WHERE chat_id = ? ORDER BY seq')
  }

  /** Adds messages to send; one already there is left as it is. Run inside the update's commit (a sidecar). */
  enqueue(rows: ReadonlyArray<{ messageId: string; chatId: string; channelId: string }>, now: number): void {
    for (const r of rows) this.#insert.run(r.messageId, r.chatId, r.channelId, now, now, now)
  }

  /** Messages due now, at most one per chat (its oldest unfinished one). */
  due(now: number, limit: number): OutboxRow[] {
    return this.#due.all(now, limit).map(toRow)
  }

  /** When the next queued message is due; `null` when none is. */
  nextWake(): number | null {
    return this.#nextWake.get()?.at ?? null
  }

  update(
    row: OutboxRow,
    change: Partial<Pick<OutboxRow, 'state' | 'attempts' | 'nextAt' | 'providerMessageId' | 'error'>>,
    now: number,
  ): OutboxRow {
    const next = { ...row, ...change, updatedAt: now }
    this.#set.run(next.state, next.attempts, next.nextAt, next.providerMessageId, next.error, now, row.seq)
    return next
  }

  byProviderId(channelId: string, providerMessageId: string): OutboxRow | null {
    const r = this.#byProvider.get(channelId, providerMessageId)
    return r ? toRow(r) : null
  }

  byMessage(chatId: string, messageId: string): OutboxRow | null {
    const r = this.#byMessage.get(chatId, messageId)
    return r ? toRow(r) : null
  }

  inState(state: OutboxState): OutboxRow[] {
    return this.#inState.all(state).map(toRow)
  }

  ofChat(chatId: string): OutboxRow[] {
    return this.#ofChat.all(chatId).map(toRow)
  }
}
