/** The provider's own id of each customer message (our ids may be hashes of it): to reply to that message later. */
import type { Db } from '../storage/db'

export class InboundIds {
  readonly #save
  readonly #get

  constructor(db: Db) {
    this.#save = db.prepare(
      'INSERT OR IGNORE INTO inbound_ids (chat_id, message_id, provider_message_id) VALUES (?, ?, ?)',
    )
    this.#get = db.prepare<[string, string], { provider_message_id: string }>(
      'SELECT provider_message_id FROM inbound_ids WHERE chat_id = ? AND message_id = ?',
    )
  }

  save(chatId: string, messageId: string, providerMessageId: string): void {
    this.#save.run(chatId, messageId, providerMessageId)
  }

  get(chatId: string, messageId: string): string | null {
    return this.#get.get(chatId, messageId)?.provider_message_id ?? null
  }
}
