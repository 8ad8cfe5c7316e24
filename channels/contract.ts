/**
 * The contract every messenger bridge meets. A bridge is pure protocol: it verifies and parses the provider's
 * webhooks into `InboundEvent`s, and sends, edits and deletes through the provider's HTTP API with `fetch`. It keeps
 * no state and writes nothing: the server (sync-server/) stores the events through the model's commands, runs the
 * outbox that calls `send`, stores media that `downloadMedia` fetches, and answers the provider with what
 * `handleWebhook` says.
 */
import type { z } from 'zod'
import type {
  ChannelKind,
  ContactProfile,
  DeliveryState,
  InboundMessageInput,
  MessageKind,
  ProviderTemplate,
  TemplateRef,
} from '../model'

export type { ProviderTemplate }

// ---------------------------------------------------------------------------------------------------------------
// Inbound

/** One customer message of one conversation, parsed and validated. */
export interface InboundEnvelope {
  /** The provider's id of the conversation (Telegram chat id, WhatsApp number, VK peer id, widget visitor). */
  readonly externalChatId: string
  /** What the provider tells about the customer; used when the contact is created. */
  readonly contact: ContactProfile
  /**
   * The message. Its `id` is `bridge.messageIdOf(externalChatId, providerMessageId)`, so a webhook delivered twice
   * makes one message. Media, when present, has `url` set to `mediaUrl(ref)` of the provider's file reference; the
   * server downloads it (see `downloadMedia`) and serves it from our storage. `replyTo` stays unset: see below.
   */
  readonly message: InboundMessageInput
  /** The provider's own id of the message (Telegram `message_id`, a wamid, VK `id`): kept to reply to it later. */
  readonly providerMessageId?: string
  /**
   * The provider's id of the message replied to, when it is a reply. The server resolves it to our message id: a
   * customer's message by `messageIdOf`, one of ours by the id the provider gave it when we sent it.
   */
  readonly replyToProviderId?: string
}

/** A provider's file, to download later: what `downloadMedia` gets back. */
export interface MediaRef {
  /** The provider's file id (Telegram `file_id`, WhatsApp media id) or a direct URL (VK). */
  readonly ref: string
  readonly mime: string
  readonly name?: string
  readonly size?: number
}

/** The scheme a bridge uses in `message.media.url` for a file not downloaded yet: `provider-media:<json MediaRef>`. */
export const PROVIDER_MEDIA_SCHEME = 'provider-media:'
export const mediaUrl = (ref: MediaRef): string => `${PROVIDER_MEDIA_SCHEME}${JSON.stringify(ref)}`

/** What one webhook call tells. A call may carry several (WhatsApp and VK batch them). */
export type InboundEvent =
  | { readonly type: 'message'; readonly envelope: InboundEnvelope }
  /** The customer edited a message they sent. */
  | {
      readonly type: 'edit'
      readonly externalChatId: string
      /** The id the bridge gave the message when it came in (same derivation as `envelope.message.id`). */
      readonly messageId: string
      readonly text: string
      readonly at: number
    }
  /** The customer reacted to a message (ours or theirs); `emoji: null` removes their reaction. */
  | {
      readonly type: 'reaction'
      readonly externalChatId: string
      /** The provider's id of the message reacted to. */
      readonly providerMessageId: string
      readonly emoji: string | null
      readonly at: number
    }
  /** A delivery or read status of one of OUR outgoing messages, by the id the provider gave it when we sent it. */
  | {
      readonly type: 'status'
      readonly externalChatId: string
      readonly providerMessageId: string
      readonly state: Extract<DeliveryState, 'sent' | 'delivered' | 'read' | 'failed'>
      /** The state holds for every earlier message of ours in the chat too (VK's "read up to"). */
      readonly upTo?: boolean
      readonly error?: string
      readonly at: number
    }
  /**
   * [RAT7] The customer pressed a score button under one of our rating requests (`OutgoingMessage.ask`); the
   * button's data named the request's message (`parseRatingData`). The server records it with the request.
   */
  | {
      readonly type: 'rating'
      readonly externalChatId: string
      /** Our id of the request message the button belongs to. */
      readonly requestMessageId: string
      readonly score: number
      /** Our id for the press, derived from the provider's event id like `envelope.message.id`: the dedupe key. */
      readonly messageId: string
      readonly at: number
    }

/** A webhook request as the server received it: the raw body, because signatures are over the exact bytes. */
export interface WebhookRequest {
  readonly method: 'GET' | 'POST'
  /** A header by lower-case name. */
  header(name: string): string | undefined
  readonly query: Readonly<Record<string, string>>
  readonly rawBody: Uint8Array
}

/** What to answer the provider. */
export interface WebhookResponse {
  readonly status: number
  readonly body: string
  readonly contentType?: string
}

export type WebhookResult =
  /** Verified and parsed: store the events (durably), then answer `response`. */
  | { readonly ok: true; readonly events: readonly InboundEvent[]; readonly response: WebhookResponse }
  /**
   * Refused: nothing is stored, the server answers `response` (a 401 for a wrong secret or signature, a 400 for
   * malformed JSON or a shape the schema does not know; `{code, message}` JSON unless the provider requires
   * otherwise). `reason` goes to the log.
   */
  | { readonly ok: false; readonly response: WebhookResponse; readonly reason: string }

// ---------------------------------------------------------------------------------------------------------------
// Outbound

/** One operator message to deliver to the customer. */
export interface OutgoingMessage {
  /** Our message id: stable across retries (VK's `random_id` is derived from it). */
  readonly id: string
  readonly externalChatId: string
  readonly kind: Exclude<MessageKind, 'technical'>
  readonly text: string
  /** The provider's id of the message this one replies to. */
  readonly replyToProviderId?: string
  /** The file to send, read from our storage. */
  readonly media?: { readonly bytes: Uint8Array; readonly mime: string; readonly name: string }
  /**
   * When the customer last wrote (ms), for providers that limit free text to a window after it (WhatsApp: 24 h);
   * `null` when they never wrote.
   */
  readonly customerLastAt: number | null
  /**
   * [WTP1] Send as this approved template instead of free text (WhatsApp; allowed outside the reply window). Only
   * a bridge with `listTemplates` gets one: the dispatcher fails a template for any other.
   */
  readonly template?: TemplateRef
  /**
   * [RAT6] The server's rating request: the bridge adds five score buttons (1…5) whose data is
   * `ratingData(id, score)`, so a press comes back as a `rating` event naming this message.
   */
  readonly ask?: 'rating'
}

export type SendResult =
  /** The provider took it; `providerMessageId` identifies it in later statuses, edits and deletes. */
  | { readonly ok: true; readonly providerMessageId: string }
  /**
   * Not sent, and sure of it (a 429 or VK error 9 with the wait asked for, a connection refused before any byte
   * went out): the dispatcher tries again after `retryAfterMs` or its own backoff.
   */
  | { readonly ok: false; readonly kind: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  /**
   * Maybe sent (a timeout or a 5xx after the request went out). A bridge whose API has an idempotency key (VK
   * `random_id`) returns `retry` instead, since a resend cannot duplicate. The dispatcher marks the message
   * `unknown` and never resends it on its own: the operator decides.
   */
  | { readonly ok: false; readonly kind: 'ambiguous'; readonly error: string }
  /** Refused for good (the customer blocked the bot, outside WhatsApp's 24-hour window, a bad request): `failed`. */
  | { readonly ok: false; readonly kind: 'rejected'; readonly error: string }

/** What a bridge gets for each call: the channel's validated config and the clock. */
export interface BridgeContext<Config> {
  readonly config: Config
  /** The provider's API base URL, from `config.apiBaseUrl` or the provider's default. */
  readonly apiBaseUrl: string
  readonly now: () => number
  /** `fetch`, injectable so tests can count calls; the global one otherwise. */
  readonly fetch: typeof fetch
  /** Time limit of one provider call, ms. */
  readonly timeoutMs: number
}

export interface EditTarget {
  readonly externalChatId: string
  readonly providerMessageId: string
  /** When we sent it (ms), for the providers' time limits. */
  readonly sentAt: number
}

export type ChangeResult = { readonly ok: true } | { readonly ok: false; readonly error: string }

export interface DownloadedMedia {
  readonly bytes: Uint8Array
  readonly mime: string
  readonly name?: string
}

export type TemplatesResult =
  | { readonly ok: true; readonly templates: readonly ProviderTemplate[] }
  | { readonly ok: false; readonly error: string }

export interface ChannelBridge<Config extends { apiBaseUrl?: string | undefined } = { apiBaseUrl?: string }> {
  readonly kind: Exclude<ChannelKind, 'widget'>
  /** The channel's `config` (credentials, secrets, optional `apiBaseUrl`): checked when an admin creates it. */
  readonly configSchema: z.ZodType<Config>
  readonly defaultApiBaseUrl: string
  /** How long after sending the provider lets us delete a message (ms); `null`: never. Edit has no limit here. */
  readonly deleteWindowMs: number | null
  /**
   * Our id of a customer's message from the provider's ids: prefixed by the provider (`tg:`, `wa:`, `vk:`), at
   * most 64 characters, the same for the same message however often it is delivered.
   */
  messageIdOf(externalChatId: string, providerMessageId: string): string
  /** Verifies (secret, signature, handshake) and parses one webhook call. Never throws for bad input. */
  handleWebhook(ctx: BridgeContext<Config>, request: WebhookRequest): WebhookResult
  send(ctx: BridgeContext<Config>, message: OutgoingMessage): Promise<SendResult>
  edit(ctx: BridgeContext<Config>, target: EditTarget, text: string): Promise<ChangeResult>
  remove(ctx: BridgeContext<Config>, target: EditTarget): Promise<ChangeResult>
  /** Fetches a file a webhook referred to (`MediaRef.ref`) through the provider's API. */
  downloadMedia(ctx: BridgeContext<Config>, ref: MediaRef): Promise<DownloadedMedia>
  /**
   * Optional: registers our webhook at the provider when the channel is created (Telegram `setWebhook` with the
   * secret token). Providers configured in their own console (WhatsApp, VK) have none.
   */
  connect?(ctx: BridgeContext<Config>, webhookUrl: string): Promise<ChangeResult>
  /**
   * Optional: the customer's profile, for providers whose webhooks carry only an id (VK). Called once, when the
   * conversation's contact is created; `null` when the provider does not tell.
   */
  fetchProfile?(ctx: BridgeContext<Config>, externalChatId: string): Promise<ContactProfile | null>
  /**
   * Optional [WTP1]: the approved message templates of the account (WhatsApp Business). A bridge that has it also
   * sends an `OutgoingMessage` with a `template`.
   */
  listTemplates?(ctx: BridgeContext<Config>): Promise<TemplatesResult>
}
