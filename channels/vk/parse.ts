/**
 * VK Callback API → events. Checks the `secret` (in constant time) and the community, answers the confirmation
 * handshake, and turns `message_new`, `message_edit`, `message_event` and `message_read` into events. Every other
 * event type is answered `ok` with nothing to store: VK resends anything that is not a plain `ok`.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { z } from 'zod'
import { type ContactProfile, type InboundMessageInput, type MessageKind, mimeOfExtension } from '../../model'
import type {
  BridgeContext,
  InboundEvent,
  MediaRef,
  WebhookRequest,
  WebhookResponse,
  WebhookResult,
} from '../contract'
import { mediaUrl } from '../contract'
import { parseRatingData } from '../rating'
import {
  type Attachment,
  CallbackSchema,
  MessageEventSchema,
  MessageNewSchema,
  MessageReadSchema,
  type VkConfig,
  type VkMessage,
  VkMessageSchema,
} from './schema'

/**
 * Our id of a customer's message: `vk:<peer_id>:<message id>`. Peer and message ids are at most 10 digits each,
 * so it stays far below 64 characters; anything longer is hashed rather than cut, so it stays unique.
 */
export const vkMessageId = (externalChatId: string, providerMessageId: string): string => {
  const id = `vk:${externalChatId}:${providerMessageId}`
  if (id.length <= 64) return id
  return `vk:${createHash('sha256').update(id).digest('base64url').slice(0, 43)}`
}

/**
 * The provider id of a message: its id in the community's inbox, or `c<conversation_message_id>` in a group chat,
 * where VK gives community bots no message id (it is 0).
 */
export const providerIdOf = (message: {
  id?: number | undefined
  conversation_message_id?: number | undefined
}) =>
  message.id !== undefined && message.id > 0 ? String(message.id) : `c${message.conversation_message_id ?? 0}`

const OK: WebhookResponse = { status: 200, body: 'ok', contentType: 'text/plain' }

const refuse = (status: number, code: string, message: string): WebhookResult => ({
  ok: false,
  response: { status, body: JSON.stringify({ code, message }), contentType: 'application/json' },
  reason: message,
})

const digest = (value: string) => createHash('sha256').update(value).digest()
/** Equal digests of equal length: `timingSafeEqual` never learns the secret's length from a wrong guess. */
const sameSecret = (given: unknown, expected: string): boolean =>
  typeof given === 'string' && timingSafeEqual(digest(given), digest(expected))

/** A schema's complaints in one log line: `message.date: Invalid input: expected number, received string`. */
const issues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')

const parseJson = (bytes: Uint8Array): unknown => {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown
  } catch {
    return undefined
  }
}

export const handleVkWebhook = (ctx: BridgeContext<VkConfig>, request: WebhookRequest): WebhookResult => {
  if (request.method !== 'POST') return refuse(405, 'invalid_input', 'the Callback API posts its events')
  const body = parseJson(request.rawBody)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(400, 'invalid_input', 'the body is not a JSON object')
  }
  const { type, secret } = body as { type?: unknown; secret?: unknown }
  // The confirmation request may come before a secret is set; a wrong one is still refused.
  const secretOk = (type === 'confirmation' && secret === undefined) || sameSecret(secret, ctx.config.secret)
  if (!secretOk) return refuse(401, 'unauthorized', 'wrong or missing secret')
  const callback = CallbackSchema.safeParse(body)
  if (!callback.success)
    return refuse(400, 'invalid_input', `not a Callback API event: ${issues(callback.error)}`)
  if (callback.data.group_id !== ctx.config.groupId) {
    return refuse(403, 'forbidden', `an event of community ${callback.data.group_id}, not of this channel's`)
  }
  if (callback.data.type === 'confirmation') {
    return {
      ok: true,
      events: [],
      response: { status: 200, body: ctx.config.confirmationCode, contentType: 'text/plain' },
    }
  }
  const events = eventsOf(ctx, callback.data.type, callback.data.object)
  if (typeof events === 'string') return refuse(400, 'invalid_input', `${callback.data.type}: ${events}`)
  return { ok: true, events, response: OK }
}

/** The events of one Callback API event, or why its object is malformed. */
const eventsOf = (ctx: BridgeContext<VkConfig>, type: string, object: unknown): InboundEvent[] | string => {
  switch (type) {
    case 'message_new': {
      const parsed = MessageNewSchema.safeParse(object)
      return parsed.success ? messageEvents(parsed.data.message) : issues(parsed.error)
    }
    case 'message_edit': {
      const parsed = VkMessageSchema.safeParse(object)
      if (!parsed.success) return issues(parsed.error)
      const message = parsed.data
      // VK also reports the community's own edits (ours, or an admin's in VK): they are not the customer's.
      if (message.from_id <= 0) return []
      const peer = String(message.peer_id)
      return [
        {
          type: 'edit',
          externalChatId: peer,
          messageId: vkMessageId(peer, providerIdOf(message)),
          text: message.text,
          at: message.update_time !== undefined ? message.update_time * 1000 : ctx.now(),
        },
      ]
    }
    case 'message_event': {
      const parsed = MessageEventSchema.safeParse(object)
      if (!parsed.success) return issues(parsed.error)
      const { peer_id, user_id, event_id, payload } = parsed.data
      const peer = String(peer_id)
      const message: InboundMessageInput = {
        id: vkMessageId(peer, `e${event_id}`),
        kind: 'technical',
        text: `🔘 ${payload === undefined ? '' : JSON.stringify(payload)}`.trim(),
        at: ctx.now(),
      }
      return [{ type: 'message', envelope: { externalChatId: peer, contact: contactOf(user_id), message } }]
    }
    case 'message_read': {
      const parsed = MessageReadSchema.safeParse(object)
      if (!parsed.success) return issues(parsed.error)
      return [
        {
          type: 'status',
          externalChatId: String(parsed.data.peer_id),
          providerMessageId: String(parsed.data.read_message_id),
          state: 'read',
          upTo: true,
          at: ctx.now(),
        },
      ]
    }
    default:
      // message_reply (our own sends echoed), message_typing_state, message_allow/deny, wall, photos, …
      // message_reaction_event too: it names the message by conversation_message_id only, a number neither our
      // dedupe ids nor messages.send's answer carry, so a stateless bridge cannot tell which message it means.
      return []
  }
}

/** The customer as VK's event tells: the id only (names need `users.get`, see `fetchVkProfile`). */
export const contactOf = (fromId: number): ContactProfile => ({
  externalId: String(fromId),
  profileUrl: fromId > 0 ? `https://vk.com/id${fromId}` : `https://vk.com/club${-fromId}`,
})

interface Part {
  readonly kind: Exclude<MessageKind, 'technical'>
  readonly text: string
  readonly media?: MediaRef
}

/**
 * One VK message → one or more of ours. A VK message carries text and up to ten attachments, ours one file each:
 * the first part takes the text (and the first file, as its caption), each further file is its own message with
 * the id `<id>:<n>`. Replies and edits name the first part.
 */
export const messageEvents = (message: VkMessage): InboundEvent[] => {
  const peer = String(message.peer_id)
  const providerId = providerIdOf(message)
  const contact = contactOf(message.from_id)
  const at = message.date * 1000
  const reply = message.reply_message
  const replyTo =
    reply && ((reply.id ?? 0) > 0 || (reply.conversation_message_id ?? 0) > 0)
      ? providerIdOf(reply)
      : undefined
  const envelope = (index: number, input: Omit<InboundMessageInput, 'id' | 'at'>) => ({
    type: 'message' as const,
    envelope: {
      externalChatId: peer,
      contact,
      message: { ...input, id: vkMessageId(peer, index === 0 ? providerId : `${providerId}:${index}`), at },
      ...(index === 0 && { providerMessageId: providerId }),
      ...(index === 0 && replyTo !== undefined && { replyToProviderId: replyTo }),
    },
  })
  const rating = message.payload === undefined ? null : parseRatingData(ratingPayload(message.payload))
  if (rating) {
    // [RAT7] A score button of one of our rating requests.
    return [{ type: 'rating', externalChatId: peer, ...rating, messageId: vkMessageId(peer, providerId), at }]
  }
  if (message.payload !== undefined) {
    // A keyboard button: its label is the text; the payload is for bots, not for the operator.
    const text = [message.text || message.payload, message.ref && `(ref: ${message.ref})`].filter(Boolean)
    return [envelope(0, { kind: 'technical', text: text.join(' ') })]
  }
  return partsOf(message).map((part, index) =>
    envelope(index, {
      kind: part.kind,
      text: part.text,
      ...(part.media && {
        media: {
          url: mediaUrl(part.media),
          mime: part.media.mime,
          ...(part.media.name !== undefined && { name: part.media.name }),
          ...(part.media.size !== undefined && { size: part.media.size }),
        },
      }),
    }),
  )
}

/** The `csat` field of a button's payload (JSON in a string), if it has one. */
const ratingPayload = (payload: string): string | undefined => {
  try {
    const value = JSON.parse(payload) as unknown
    const csat = typeof value === 'object' && value !== null ? (value as { csat?: unknown }).csat : undefined
    return typeof csat === 'string' ? csat : undefined
  } catch {
    return undefined
  }
}

const partsOf = (message: VkMessage): Part[] => {
  const lines = [message.text]
  const files: Part[] = []
  for (const attachment of message.attachments ?? []) {
    const part = attachmentPart(attachment)
    if (typeof part === 'string') lines.push(part)
    else files.push(part)
  }
  for (const forwarded of message.fwd_messages ?? []) if (forwarded.text) lines.push(`↪ ${forwarded.text}`)
  const text = lines.filter(Boolean).join('\n')
  const geo = message.geo
  const location: Part[] = geo
    ? [
        {
          kind: 'location',
          text: [`📍 ${geo.coordinates.latitude}, ${geo.coordinates.longitude}`, geo.place?.title]
            .filter(Boolean)
            .join('\n'),
        },
      ]
    : []
  const [first, ...rest] = files
  if (first) {
    return [{ ...first, text: [text, first.text].filter(Boolean).join('\n') }, ...rest, ...location]
  }
  if (location.length > 0 && !text) return location
  return [{ kind: 'text', text }, ...location]
}

/** An attachment as a file part, or as a line of text when there is no file to fetch. */
const attachmentPart = (attachment: Attachment): Part | string => {
  switch (attachment.type) {
    case 'photo': {
      const { photo } = attachment
      const largest = photo.sizes.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a))
      const name = `photo${photo.owner_id}_${photo.id}.jpg`
      return { kind: 'image', text: '', media: { ref: largest.url, mime: 'image/jpeg', name } }
    }
    case 'audio_message': {
      const voice = attachment.audio_message
      // MP3 plays in every browser; VK's OGG/Opus does not play in older Safari.
      const mp3 = voice.link_mp3 !== undefined
      const ref = (mp3 ? voice.link_mp3 : voice.link_ogg) ?? ''
      const name = `voice${voice.owner_id}_${voice.id}.${mp3 ? 'mp3' : 'ogg'}`
      return { kind: 'audio', text: '', media: { ref, mime: mp3 ? 'audio/mpeg' : 'audio/ogg', name } }
    }
    case 'doc': {
      const { doc } = attachment
      const ext = (doc.ext ?? doc.title.split('.').pop() ?? '').toLowerCase()
      const name = doc.ext && !doc.title.toLowerCase().endsWith(`.${ext}`) ? `${doc.title}.${ext}` : doc.title
      const media: MediaRef = {
        ref: doc.url,
        mime: mimeOfExtension(ext) ?? 'application/octet-stream',
        name,
        ...(doc.size !== undefined && { size: doc.size }),
      }
      return { kind: 'document', text: '', media }
    }
    case 'video': {
      const { video } = attachment
      const link = `https://vk.com/video${video.owner_id}_${video.id}`
      const text = [video.title, link].filter(Boolean).join('\n')
      const mp4 = largestMp4(video.files)
      return mp4
        ? {
            kind: 'video',
            text,
            media: { ref: mp4, mime: 'video/mp4', name: `video${video.owner_id}_${video.id}.mp4` },
          }
        : { kind: 'video', text }
    }
    case 'sticker': {
      const images = attachment.sticker.images ?? []
      if (images.length === 0) return { kind: 'sticker', text: '' }
      const largest = images.reduce((a, b) => (b.width >= a.width ? b : a))
      const name = `sticker${attachment.sticker.sticker_id}.png`
      return { kind: 'sticker', text: '', media: { ref: largest.url, mime: 'image/png', name } }
    }
    case 'audio': {
      const { audio } = attachment
      const text = `${audio.artist} — ${audio.title}`
      return audio.url ? { kind: 'audio', text, media: { ref: audio.url, mime: 'audio/mpeg' } } : text
    }
    case 'graffiti':
      return { kind: 'image', text: '', media: { ref: attachment.graffiti.url, mime: 'image/png' } }
    case 'link':
      return attachment.link.url
    case 'other':
      // Wall posts, goods, polls, gifts…: named, so the operator knows something came.
      return `[${attachment.name}]`
  }
}

const largestMp4 = (files: Readonly<Record<string, string>> | undefined): string | undefined => {
  const sizes = Object.entries(files ?? {})
    .map(([key, link]) => ({ height: Number(/^mp4_(\d+)$/.exec(key)?.[1] ?? 0), link }))
    .filter((file) => file.height > 0 && file.link)
  return sizes.sort((a, b) => b.height - a.height)[0]?.link
}
