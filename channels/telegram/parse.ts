/**
 * A Telegram webhook call → events. Telegram POSTs one Update per call with the secret given to setWebhook in
 * `X-Telegram-Bot-Api-Secret-Token`; it retries any answer but 2xx, so updates we have no use for are answered 200
 * with no events. Telegram tells bots nothing about delivery or reading of their messages: no status events.
 * Only private chats are customers' conversations; group, supergroup and channel traffic makes no events.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { ContactProfile, InboundMessageInput, MessageKind } from '../../model'
import {
  type InboundEnvelope,
  type InboundEvent,
  mediaUrl,
  type WebhookRequest,
  type WebhookResult,
} from '../contract'
import { parseRatingData } from '../rating'
import {
  type CallbackQuery,
  type Message,
  type MessageReactionUpdated,
  type TelegramConfig,
  type Update,
  UpdateSchema,
  type User,
} from './schema'

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token'

/** Our id of a customer's message: `tg:<chat_id>:<message_id>`; hashed in the unlikely case it passes 64. */
export const telegramMessageId = (externalChatId: string, providerMessageId: string): string => {
  const plain = `tg:${externalChatId}:${providerMessageId}`
  if (plain.length <= 64) return plain
  return `tg:#${createHash('sha256').update(plain).digest('base64url')}`
}

/** The provider id of a button click: callback queries have their own ids, apart from message ids. */
export const callbackProviderId = (queryId: string): string => `cb:${queryId}`

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
export const secretMatches = (config: TelegramConfig, header: string | undefined): boolean =>
  header !== undefined && timingSafeEqual(digest(header), digest(config.secretToken))

const refuse = (status: number, code: string, message: string): WebhookResult => ({
  ok: false,
  reason: message,
  response: { status, body: JSON.stringify({ code, message }), contentType: 'application/json' },
})

const OK = { status: 200, body: '' } as const

export const handleTelegramWebhook = (
  config: TelegramConfig,
  request: WebhookRequest,
  now: number,
): WebhookResult => {
  if (!secretMatches(config, request.header(SECRET_HEADER))) {
    return refuse(401, 'unauthorized', 'missing or wrong X-Telegram-Bot-Api-Secret-Token')
  }
  if (request.method !== 'POST') return refuse(405, 'method_not_allowed', 'Telegram webhooks are POST')
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder().decode(request.rawBody))
  } catch {
    return refuse(400, 'invalid_json', 'the body is not JSON')
  }
  const parsed = UpdateSchema.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return refuse(400, 'invalid_update', `not a Telegram Update: ${issue?.path.join('.')} ${issue?.message}`)
  }
  return parseUpdate(parsed.data, now)
}

export const parseUpdate = (update: Update, now: number): WebhookResult => {
  if (update.message) return { ok: true, events: messageEvents(update.message), response: OK }
  if (update.edited_message) return { ok: true, events: editEvents(update.edited_message), response: OK }
  if (update.message_reaction)
    return { ok: true, events: reactionEvents(update.message_reaction), response: OK }
  if (update.callback_query) {
    const query = update.callback_query
    // Answering in the webhook's response stops the spinner on the customer's button (Bot API "Making requests
    // when getting updates"); Telegram does not report whether that call worked, and nothing depends on it.
    const response = {
      status: 200,
      body: JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: query.id }),
      contentType: 'application/json',
    }
    return { ok: true, events: callbackEvents(query, now), response }
  }
  return { ok: true, events: [], response: OK }
}

const seconds = (unix: number): number => unix * 1000

export const contactOf = (user: User): ContactProfile => ({
  firstName: user.first_name,
  ...(user.last_name !== undefined && { lastName: user.last_name }),
  externalId: String(user.id),
  ...(user.username !== undefined && { profileUrl: `https://t.me/${user.username}` }),
})

/** The customer of a private chat: the sender, or the chat itself when a message has no `from`. */
const customerOf = (message: Message): User =>
  message.from ?? {
    id: message.chat.id,
    first_name: message.chat.first_name ?? '',
    ...(message.chat.last_name !== undefined && { last_name: message.chat.last_name }),
    ...(message.chat.username !== undefined && { username: message.chat.username }),
  }

interface Content {
  readonly kind: MessageKind
  readonly text: string
  readonly file?: {
    readonly id: string
    readonly mime: string
    readonly name?: string
    readonly size?: number
  }
}

const clip = (value: string, max: number): string => (value.length <= max ? value : value.slice(0, max))

const file = (id: string, mime: string, name?: string, size?: number): NonNullable<Content['file']> => ({
  id,
  mime: clip(mime.split(';')[0]?.trim() || 'application/octet-stream', 255),
  ...(name !== undefined && { name: clip(name, 255) }),
  ...(size !== undefined && { size }),
})

const stickerMime = (sticker: NonNullable<Message['sticker']>): string =>
  sticker.is_animated ? 'application/x-tgsticker' : sticker.is_video ? 'video/webm' : 'image/webp'

export const locationText = (latitude: number, longitude: number): string => `📍 ${latitude}, ${longitude}`

/** What a message carries, or `null` for content we do not show (polls, dice, games, service messages). */
export const contentOf = (message: Message): Content | null => {
  const caption = message.caption ?? ''
  if (message.text !== undefined) return { kind: 'text', text: message.text }
  if (message.photo) {
    // Telegram sends every size it made; the largest is the original.
    const largest = message.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
    return {
      kind: 'image',
      text: caption,
      file: file(largest.file_id, 'image/jpeg', undefined, largest.file_size),
    }
  }
  // An animation (GIF) also carries `document` for old clients: take it as the video it is.
  const video = message.video ?? message.animation
  if (video) {
    return {
      kind: 'video',
      text: caption,
      file: file(video.file_id, video.mime_type ?? 'video/mp4', video.file_name, video.file_size),
    }
  }
  if (message.video_note) {
    const note = message.video_note
    return { kind: 'video', text: caption, file: file(note.file_id, 'video/mp4', undefined, note.file_size) }
  }
  if (message.voice) {
    const voice = message.voice
    return {
      kind: 'audio',
      text: caption,
      file: file(voice.file_id, voice.mime_type ?? 'audio/ogg', undefined, voice.file_size),
    }
  }
  if (message.audio) {
    const audio = message.audio
    const name = audio.file_name ?? ([audio.performer, audio.title].filter(Boolean).join(' – ') || undefined)
    return {
      kind: 'audio',
      text: caption,
      file: file(audio.file_id, audio.mime_type ?? 'audio/mpeg', name, audio.file_size),
    }
  }
  if (message.document) {
    const doc = message.document
    return {
      kind: 'document',
      text: caption,
      file: file(doc.file_id, doc.mime_type ?? 'application/octet-stream', doc.file_name, doc.file_size),
    }
  }
  if (message.sticker) {
    const sticker = message.sticker
    return {
      kind: 'sticker',
      text: sticker.emoji ?? '',
      file: file(sticker.file_id, stickerMime(sticker), undefined, sticker.file_size),
    }
  }
  if (message.location) {
    // A venue carries its location too; its name and address go under the coordinates.
    const { latitude, longitude } = message.location
    const venue = message.venue ? `\n${message.venue.title}, ${message.venue.address}` : ''
    return { kind: 'location', text: `${locationText(latitude, longitude)}${venue}` }
  }
  if (message.contact) {
    const c = message.contact
    const name = [c.first_name, c.last_name].filter(Boolean).join(' ')
    return { kind: 'contact', text: `👤 ${name}, ${c.phone_number}` }
  }
  return null
}

/** `/start` or `/start <payload>` (a t.me/bot?start= deep link), possibly addressed `/start@bot`. */
const START = /^\/start(?:@\w+)?(?:\s|$)/

const messageEvents = (message: Message): InboundEvent[] => {
  if (message.chat.type !== 'private') return []
  const content = contentOf(message)
  if (!content) return []
  const externalChatId = String(message.chat.id)
  const customer = customerOf(message)
  const technical = content.kind === 'text' && START.test(content.text)
  const input: InboundMessageInput = {
    id: telegramMessageId(externalChatId, String(message.message_id)),
    kind: technical ? 'technical' : content.kind,
    text: content.text,
    at: seconds(message.date),
    ...(content.file && {
      media: {
        url: mediaUrl({
          ref: content.file.id,
          mime: content.file.mime,
          ...(content.file.name !== undefined && { name: content.file.name }),
          ...(content.file.size !== undefined && { size: content.file.size }),
        }),
        mime: content.file.mime,
        ...(content.file.name !== undefined && { name: content.file.name }),
        ...(content.file.size !== undefined && { size: content.file.size }),
      },
    }),
  }
  // A contact the customer shares of themselves (a "share my number" button) tells us their phone.
  const ownPhone = message.contact?.user_id === customer.id ? message.contact.phone_number : undefined
  const envelope: InboundEnvelope = {
    externalChatId,
    contact: { ...contactOf(customer), ...(ownPhone !== undefined && { phone: ownPhone }) },
    message: input,
    providerMessageId: String(message.message_id),
    ...(message.reply_to_message && { replyToProviderId: String(message.reply_to_message.message_id) }),
  }
  return [{ type: 'message', envelope }]
}

const editEvents = (message: Message): InboundEvent[] => {
  if (message.chat.type !== 'private') return []
  const content = contentOf(message)
  if (!content) return []
  const externalChatId = String(message.chat.id)
  return [
    {
      type: 'edit',
      externalChatId,
      messageId: telegramMessageId(externalChatId, String(message.message_id)),
      text: content.text,
      at: seconds(message.edit_date ?? message.date),
    },
  ]
}

const reactionEvents = (update: MessageReactionUpdated): InboundEvent[] => {
  if (update.chat.type !== 'private') return []
  const emoji = update.new_reaction.find((r) => r.type === 'emoji' && r.emoji)?.emoji
  const paid = update.new_reaction.some((r) => r.type === 'paid')
  // A custom emoji is a sticker id with no character to show: say nothing rather than "removed".
  if (emoji === undefined && !paid && update.new_reaction.length > 0) return []
  return [
    {
      type: 'reaction',
      externalChatId: String(update.chat.id),
      providerMessageId: String(update.message_id),
      emoji: emoji ?? (paid ? '⭐' : null),
      at: seconds(update.date),
    },
  ]
}

const callbackEvents = (query: CallbackQuery, now: number): InboundEvent[] => {
  if (query.message && query.message.chat.type !== 'private') return []
  // A button under an inline-mode message has no chat: the private chat with the user has the user's id.
  const externalChatId = String(query.message?.chat.id ?? query.from.id)
  const rating = parseRatingData(query.data)
  if (rating) {
    // [RAT7] A score button of one of our rating requests.
    const messageId = telegramMessageId(externalChatId, callbackProviderId(query.id))
    return [{ type: 'rating', externalChatId, ...rating, messageId, at: now }]
  }
  const envelope: InboundEnvelope = {
    externalChatId,
    contact: contactOf(query.from),
    message: {
      id: telegramMessageId(externalChatId, callbackProviderId(query.id)),
      kind: 'technical',
      text: query.data ?? query.game_short_name ?? '',
      // A callback query carries no time of its own.
      at: now,
    },
    ...(query.message && { replyToProviderId: String(query.message.message_id) }),
  }
  return [{ type: 'message', envelope }]
}
