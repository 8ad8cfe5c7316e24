/**
 * What every bridge hands the server: one customer message of one conversation, parsed and validated. The server
 * (sync-server/ingest.ts) finds or creates the contact and chat and writes it through the model's
 * `ingestInboundMessage`; the message id is the dedupe key.
 */
import type { ContactProfile, InboundMessageInput } from '../model'

export interface InboundEnvelope {
  /** The provider's id of the conversation (Telegram chat id, WhatsApp number, VK peer id, widget visitor). */
  readonly externalChatId: string
  /** What the provider tells about the customer; used when the contact is created. */
  readonly contact: ContactProfile
  readonly message: InboundMessageInput
}
