/**
 * WhatsApp webhooks → events: the GET verification handshake, the `X-Hub-Signature-256` HMAC over the raw body,
 * and the batched `messages` changes (customer messages, reactions, edits, and the statuses of our messages).
 */
import { Buffer } from 'node:buffer'
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { z } from 'zod'
import { type ContactProfile, MAX_TEXT, type MessageKind } from '../../model'
import {
  type InboundEvent,
  type MediaRef,
  mediaUrl,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookResult,
} from '../contract'
import { parseRatingData } from '../rating'
import {
  MESSAGE_BODIES,
  type MessageBodies,
  type MessagesValue,
  MessagesValueSchema,
  type WebhookError,
  type WebhookMessage,
  WebhookPayloadSchema,
  type WebhookStatus,
  type WhatsAppConfig,
} from './schema'

/**
 * Our id of a customer's message. A wamid is long (often more than 60 characters) and globally unique, so its
 * hash stands for it: deterministic, 35 characters with the prefix.
 */
export const messageIdOf = (_externalChatId: string, providerMessageId: string): string =>
  `wa:${createHash('sha256').update(providerMessageId).digest('base64url').slice(0, 32)}`

/** Something in a signed body that is not the shape Meta documents: the whole call is refused, nothing stored. */
class Malformed extends Error {}

/** The first problem zod found, as `path: message`, for the log and the 400. */
const firstIssue = (error: z.ZodError): string => {
  const issue = error.issues[0]
  return issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid'
}

const refuse = (status: number, code: string, message: string): WebhookResult => ({
  ok: false,
  reason: message,
  response: { status, body: JSON.stringify({ code, message }), contentType: 'application/json' },
})

/** Meta only needs a 200; its own samples answer this. */
const RECEIVED: WebhookResponse = { status: 200, body: 'EVENT_RECEIVED', contentType: 'text/plain' }

/** Equal strings, compared in constant time whatever their lengths (both are hashed first). */
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`. */
export const signatureValid = (appSecret: string, header: string | undefined, body: Uint8Array): boolean => {
  const hex = header?.trim().match(SIGNATURE)?.[1]
  if (hex === undefined) return false
  const expected = createHmac('sha256', appSecret).update(body).digest()
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'))
}

/** Meta's subscription check: echo `hub.challenge` when `hub.verify_token` is ours. */
const handshake = (config: WhatsAppConfig, query: Readonly<Record<string, string>>): WebhookResult => {
  const challenge = query['hub.challenge']
  const token = query['hub.verify_token']
  if (query['hub.mode'] !== 'subscribe' || token === undefined || !sameSecret(token, config.verifyToken)) {
    return refuse(403, 'verification_failed', 'hub.verify_token does not match the channel’s verifyToken')
  }
  if (challenge === undefined || challenge.length === 0 || challenge.length > 256) {
    return refuse(400, 'bad_request', 'hub.challenge is missing')
  }
  return { ok: true, events: [], response: { status: 200, body: challenge, contentType: 'text/plain' } }
}

export const handleWebhook = (config: WhatsAppConfig, request: WebhookRequest): WebhookResult => {
  if (request.method === 'GET') return handshake(config, request.query)
  if (!signatureValid(config.appSecret, request.header('x-hub-signature-256'), request.rawBody)) {
    return refuse(401, 'bad_signature', 'X-Hub-Signature-256 is missing or does not match the app secret')
  }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.rawBody))
  } catch {
    return refuse(400, 'bad_json', 'the body is not JSON')
  }
  const payload = WebhookPayloadSchema.safeParse(json)
  if (!payload.success)
    return refuse(400, 'bad_payload', `not a WhatsApp webhook: ${firstIssue(payload.error)}`)
  try {
    const events: InboundEvent[] = []
    for (const entry of payload.data.entry) {
      for (const change of entry.changes) {
        // Other fields (template reviews, account and quality updates) carry nothing for a chat.
        if (change.field !== 'messages') continue
        const value = MessagesValueSchema.safeParse(change.value)
        if (!value.success) throw new Malformed(`entry ${entry.id}: ${firstIssue(value.error)}`)
        // One app may serve several numbers: another number's updates belong to another channel.
        if (value.data.metadata.phone_number_id !== config.phoneNumberId) continue
        events.push(...eventsOf(value.data))
      }
    }
    return { ok: true, events, response: RECEIVED }
  } catch (err) {
    if (err instanceof Malformed) return refuse(400, 'bad_payload', err.message)
    throw err
  }
}

const eventsOf = (value: MessagesValue): InboundEvent[] => {
  const events: InboundEvent[] = []
  for (const message of value.messages ?? []) {
    const event = messageEvent(message, value)
    if (event) events.push(event)
  }
  for (const status of value.statuses ?? []) {
    const event = statusEvent(status)
    if (event) events.push(event)
  }
  return events
}

const bodyOf = <K extends keyof MessageBodies>(type: K, raw: unknown): MessageBodies[K] => {
  const parsed = MESSAGE_BODIES[type].safeParse(raw)
  if (!parsed.success) throw new Malformed(`the ${type} message: ${firstIssue(parsed.error)}`)
  return parsed.data as MessageBodies[K]
}

const messageEvent = (message: WebhookMessage, value: MessagesValue): InboundEvent | null => {
  const externalChatId = message.from
  const at = message.timestamp
  switch (message.type) {
    case 'reaction': {
      const { reaction } = bodyOf('reaction', message)
      const emoji = reaction.emoji ? reaction.emoji : null
      return { type: 'reaction', externalChatId, providerMessageId: reaction.message_id, emoji, at }
    }
    case 'edit': {
      const { edit } = bodyOf('edit', message)
      const messageId = messageIdOf(externalChatId, edit.original_message_id)
      return {
        type: 'edit',
        externalChatId,
        messageId,
        text: contentOf(edit.message).text.slice(0, MAX_TEXT),
        at,
      }
    }
    // A changed number, a deleted message: nothing the contract stores.
    case 'system':
    case 'revoke':
      return null
  }
  const rating = ratingOf(message)
  if (rating) {
    // [RAT7] A score from one of our rating requests (a list row, or a template's quick-reply button).
    return {
      type: 'rating',
      externalChatId,
      ...rating,
      messageId: messageIdOf(externalChatId, message.id),
      at,
    }
  }
  const content = contentOf(message)
  const media = content.media
  return {
    type: 'message',
    envelope: {
      externalChatId,
      contact: profileOf(externalChatId, value),
      message: {
        id: messageIdOf(externalChatId, message.id),
        kind: content.kind,
        text: content.text.slice(0, MAX_TEXT),
        at,
        ...(media && {
          media: {
            url: mediaUrl(media),
            mime: media.mime,
            ...(media.name !== undefined && { name: media.name }),
          },
        }),
      },
      providerMessageId: message.id,
      ...(message.context?.id !== undefined && { replyToProviderId: message.context.id }),
    },
  }
}

/** The request and score a list reply or a quick-reply button names, when it is one of our score buttons. */
const ratingOf = (message: WebhookMessage) => {
  if (message.type === 'interactive') {
    const { interactive } = bodyOf('interactive', message)
    return parseRatingData(interactive.list_reply?.id ?? interactive.button_reply?.id)
  }
  if (message.type === 'button') return parseRatingData(bodyOf('button', message).button.payload)
  return null
}

interface Content {
  readonly kind: MessageKind
  readonly text: string
  readonly media?: MediaRef
}

const withMedia = (
  kind: MessageKind,
  object: { id: string; mime_type: string; caption?: string | undefined },
  name?: string,
): Content => ({
  kind,
  text: object.caption ?? '',
  media: { ref: object.id, mime: object.mime_type, ...(name && { name }) },
})

const technical = (text: string): Content => ({ kind: 'technical', text })

/** What a message shows: its kind, text (or caption) and file. */
const contentOf = (message: { type: string; errors?: readonly WebhookError[] | undefined }): Content => {
  switch (message.type) {
    case 'text':
      return { kind: 'text', text: bodyOf('text', message).text.body }
    case 'image':
      return withMedia('image', bodyOf('image', message).image)
    case 'audio':
      return withMedia('audio', bodyOf('audio', message).audio)
    case 'video':
      return withMedia('video', bodyOf('video', message).video)
    case 'document': {
      const { document } = bodyOf('document', message)
      return withMedia('document', document, document.filename)
    }
    case 'sticker':
      return withMedia('sticker', bodyOf('sticker', message).sticker)
    case 'location': {
      const { latitude, longitude, name, address } = bodyOf('location', message).location
      const lines = [`📍 ${latitude}, ${longitude}`, name, address].filter((line) => line)
      return { kind: 'location', text: lines.join('\n') }
    }
    case 'contacts': {
      const cards = bodyOf('contacts', message).contacts.map((card) =>
        [`👤 ${card.name.formatted_name}`, ...(card.phones ?? []).map((p) => p.phone ?? p.wa_id)]
          .filter((line) => line)
          .join('\n'),
      )
      return { kind: 'contact', text: cards.join('\n\n') }
    }
    case 'interactive': {
      const { interactive } = bodyOf('interactive', message)
      if (interactive.button_reply) return technical(`🔘 ${interactive.button_reply.title}`)
      if (interactive.list_reply) return technical(`📋 ${interactive.list_reply.title}`)
      if (interactive.nfm_reply)
        return technical(`📝 ${interactive.nfm_reply.body ?? interactive.nfm_reply.name ?? 'flow'}`)
      return technical(`🔘 ${interactive.type}`)
    }
    case 'button':
      return technical(`🔘 ${bodyOf('button', message).button.text}`)
    // The customer opened the chat with the business for the first time.
    case 'request_welcome':
      return technical('👋 opened the chat')
    default: {
      // `unsupported` (a poll, a view-once photo…) or a type newer than this bridge: say so, lose nothing.
      const why = message.errors?.[0]?.title
      return { kind: 'text', text: `[WhatsApp ${message.type} message${why ? `: ${why}` : ''}]` }
    }
  }
}

/** The customer's profile: WhatsApp tells a display name and the number (`wa_id`). */
const profileOf = (waId: string, value: MessagesValue): ContactProfile => {
  const name = value.contacts?.find((contact) => contact.wa_id === waId)?.profile?.name.trim()
  const isNumber = /^\d{5,20}$/.test(waId)
  return {
    ...(name && { firstName: name.slice(0, 200) }),
    externalId: waId,
    ...(isNumber && { phone: `+${waId}`, profileUrl: `https://wa.me/${waId}` }),
  }
}

const STATES = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
} as const

/** A readable line for an error WhatsApp reported: code, title, details. */
export const describeWebhookError = (error: WebhookError): string => {
  const details = error.error_data?.details ?? error.message
  return `${error.code} ${error.title ?? 'error'}${details && details !== error.title ? `: ${details}` : ''}`
}

const statusEvent = (status: WebhookStatus): InboundEvent | null => {
  if (!Object.hasOwn(STATES, status.status)) return null
  const state = STATES[status.status as keyof typeof STATES]
  const error = status.errors?.[0]
  return {
    type: 'status',
    externalChatId: status.recipient_id,
    providerMessageId: status.id,
    state,
    ...(error && { error: describeWebhookError(error) }),
    at: status.timestamp,
  }
}
