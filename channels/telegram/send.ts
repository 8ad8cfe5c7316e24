/**
 * Outbound through the Telegram Bot API: `POST <apiBase>/bot<token>/<method>`, JSON for text, multipart/form-data
 * for files. Answers are classified for the outbox: a 429 is a retry after `parameters.retry_after`; a 4xx (the
 * customer blocked the bot, a bad request, a refused token) is rejected with Telegram's description; a 5xx or no
 * answer is ambiguous, since Telegram has no idempotency key and the message may be out. The token is part of
 * every URL, so no error text here ever contains a URL.
 */
import type {
  BridgeContext,
  ChangeResult,
  DownloadedMedia,
  EditTarget,
  MediaRef,
  OutgoingMessage,
  SendResult,
} from '../contract'
import { type CallOutcome, callProvider, jsonOf, retryAfterMs } from '../provider-call'
import { RATING_SCORES, ratingData, ratingLabel } from '../rating'
import {
  ALLOWED_UPDATES,
  type ApiError,
  ApiErrorSchema,
  DELETE_WINDOW_MS,
  EditedSchema,
  FileSchema,
  MAX_CAPTION_CHARS,
  MAX_PHOTO_BYTES,
  MAX_TEXT_CHARS,
  MAX_UPLOAD_BYTES,
  SentMessageSchema,
  type TelegramConfig,
  TrueSchema,
} from './schema'

type Ctx = BridgeContext<TelegramConfig>

const base = (ctx: Ctx): string => ctx.apiBaseUrl.replace(/\/+$/, '')
const methodUrl = (ctx: Ctx, method: string): string => `${base(ctx)}/bot${ctx.config.botToken}/${method}`

const call = (ctx: Ctx, method: string, params: Record<string, unknown> | FormData): Promise<CallOutcome> =>
  callProvider(
    ctx,
    methodUrl(ctx, method),
    params instanceof FormData
      ? { method: 'POST', body: params }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) },
  )

/** What one API call came to. */
type Answer =
  | { readonly kind: 'ok'; readonly body: unknown }
  | {
      readonly kind: 'error'
      readonly status: number
      readonly error: ApiError | null
      readonly outcome: CallOutcome
    }
  | { readonly kind: 'not-sent' | 'maybe-sent'; readonly error: string }

const answerOf = (outcome: CallOutcome): Answer => {
  if (outcome.kind !== 'answer') return outcome
  const body = jsonOf(outcome.text)
  const error = ApiErrorSchema.safeParse(body)
  if (outcome.status >= 200 && outcome.status < 300 && !error.success) return { kind: 'ok', body }
  return { kind: 'error', status: outcome.status, error: error.success ? error.data : null, outcome }
}

const describe = (answer: Extract<Answer, { kind: 'error' }>): string =>
  `Telegram answered ${answer.error?.error_code ?? answer.status}: ${answer.error?.description ?? 'no Bot API answer'}`

const waitMs = (answer: Extract<Answer, { kind: 'error' }>): number | undefined => {
  const seconds = answer.error?.parameters?.retry_after
  if (seconds !== undefined) return seconds * 1000
  return answer.outcome.kind === 'answer' ? retryAfterMs(answer.outcome.headers) : undefined
}

/** Telegram's error code, or the HTTP status when the answer is not the Bot API's (a proxy's HTML page). */
const codeOf = (answer: Extract<Answer, { kind: 'error' }>): number =>
  answer.error?.error_code ?? answer.status

const isRateLimit = (answer: Extract<Answer, { kind: 'error' }>): boolean =>
  answer.status === 429 || codeOf(answer) === 429

/** A refusal worth its own words for the operator. */
const reasonOf = (answer: Extract<Answer, { kind: 'error' }>): string => {
  const code = codeOf(answer)
  if (code === 401 || code === 404)
    return `${describe(answer)} (the bot token was refused: check the channel's config)`
  if (code === 403) return `${describe(answer)} (the customer blocked the bot or cannot be written to)`
  return describe(answer)
}

/** Characters as Telegram counts them for its limits, near enough: code points. */
const length = (text: string): number => [...text].length

/** Which send method and form field a file goes through, by what Telegram accepts for each. */
export const uploadMethodOf = (
  media: NonNullable<OutgoingMessage['media']>,
): { readonly method: string; readonly field: string } => {
  const mime = media.mime.split(';')[0]?.trim().toLowerCase() ?? ''
  if ((mime === 'image/jpeg' || mime === 'image/png') && media.bytes.byteLength <= MAX_PHOTO_BYTES) {
    return { method: 'sendPhoto', field: 'photo' }
  }
  // sendVoice: OGG with OPUS, MP3 or M4A, shown as a voice message; only OGG is what a voice message records.
  if (mime === 'audio/ogg' || mime === 'audio/opus') return { method: 'sendVoice', field: 'voice' }
  // sendAudio: MP3 or M4A, shown in the music player.
  if (mime === 'audio/mpeg' || mime === 'audio/mp3' || mime === 'audio/mp4' || mime === 'audio/x-m4a') {
    return { method: 'sendAudio', field: 'audio' }
  }
  // sendVideo: MPEG4; other containers go as files.
  if (mime === 'video/mp4') return { method: 'sendVideo', field: 'video' }
  return { method: 'sendDocument', field: 'document' }
}

/** Telegram's message ids are integers; anything else did not come from Telegram. */
const messageIdOf = (providerMessageId: string | undefined): number | undefined =>
  providerMessageId !== undefined && /^\d{1,15}$/.test(providerMessageId)
    ? Number(providerMessageId)
    : undefined

/** The reply field; still sent when the customer deleted the message replied to, rather than failing the answer. */
const replyParameters = (message: OutgoingMessage) => {
  const messageId = messageIdOf(message.replyToProviderId)
  return messageId === undefined ? undefined : { message_id: messageId, allow_sending_without_reply: true }
}

const rejected = (error: string): SendResult => ({ ok: false, kind: 'rejected', error })

/**
 * [RAT6] A rating request's five score buttons in one row, an InlineKeyboardMarkup: each press comes back as a
 * `callback_query` whose `data` names the request and the score (at most 64 bytes).
 */
export const ratingKeyboard = (messageId: string) => {
  const row = RATING_SCORES.flatMap((score) => {
    const data = ratingData(messageId, score)
    return data === null ? [] : [{ text: ratingLabel(score), callback_data: data }]
  })
  return row.length === RATING_SCORES.length ? { inline_keyboard: [row] } : null
}

export const sendTelegram = async (ctx: Ctx, message: OutgoingMessage): Promise<SendResult> => {
  const chatId = message.externalChatId
  let outcome: CallOutcome
  if (message.media) {
    const { media } = message
    if (length(message.text) > MAX_CAPTION_CHARS) {
      return rejected(`a caption is at most ${MAX_CAPTION_CHARS} characters in Telegram`)
    }
    if (media.bytes.byteLength > MAX_UPLOAD_BYTES) return rejected('a bot can upload files of at most 50 MB')
    const { method, field } = uploadMethodOf(media)
    const form = new FormData()
    form.set('chat_id', chatId)
    // A copy: Blob takes only ArrayBuffer-backed views, and the bytes may sit on a shared buffer.
    form.set(field, new Blob([new Uint8Array(media.bytes)], { type: media.mime }), media.name)
    if (message.text !== '') form.set('caption', message.text)
    const reply = replyParameters(message)
    // Objects in a multipart request are JSON-serialized fields.
    if (reply) form.set('reply_parameters', JSON.stringify(reply))
    outcome = await call(ctx, method, form)
  } else {
    if (message.text.trim() === '') return rejected('an empty message cannot be sent')
    if (length(message.text) > MAX_TEXT_CHARS) {
      return rejected(`a Telegram message is at most ${MAX_TEXT_CHARS} characters`)
    }
    const reply = replyParameters(message)
    const keyboard = message.ask === 'rating' ? ratingKeyboard(message.id) : null
    outcome = await call(ctx, 'sendMessage', {
      chat_id: chatId,
      text: message.text,
      ...(reply && { reply_parameters: reply }),
      ...(keyboard && { reply_markup: keyboard }),
    })
  }
  const answer = answerOf(outcome)
  switch (answer.kind) {
    case 'not-sent':
      return { ok: false, kind: 'retry', error: answer.error }
    case 'maybe-sent':
      return { ok: false, kind: 'ambiguous', error: answer.error }
    case 'ok': {
      const sent = SentMessageSchema.safeParse(answer.body)
      if (sent.success) return { ok: true, providerMessageId: String(sent.data.result.message_id) }
      // Telegram took it but we cannot tell which message it made: never send it again on our own.
      return { ok: false, kind: 'ambiguous', error: 'Telegram answered without a message_id' }
    }
    case 'error': {
      if (isRateLimit(answer)) {
        const wait = waitMs(answer)
        return {
          ok: false,
          kind: 'retry',
          error: describe(answer),
          ...(wait !== undefined && { retryAfterMs: wait }),
        }
      }
      const code = codeOf(answer)
      if (code >= 500 || code < 400) return { ok: false, kind: 'ambiguous', error: describe(answer) }
      return rejected(reasonOf(answer))
    }
  }
}

const failure = (answer: Answer): ChangeResult => {
  switch (answer.kind) {
    case 'ok':
      return { ok: false, error: 'Telegram answered in an unexpected shape' }
    case 'not-sent':
    case 'maybe-sent':
      return { ok: false, error: answer.error }
    case 'error':
      return {
        ok: false,
        error: isRateLimit(answer)
          ? `${describe(answer)} (rate limited: try again in ${Math.ceil((waitMs(answer) ?? 1000) / 1000)} s)`
          : reasonOf(answer),
      }
  }
}

const descriptionIs = (answer: Answer, needle: string): boolean =>
  answer.kind === 'error' && (answer.error?.description.includes(needle) ?? false)

/**
 * Edits the text of one of our messages (editMessageText), or its caption when it is a file (editMessageCaption).
 * Telegram sets no time limit on a bot editing its own messages in a private chat.
 */
export const editTelegram = async (ctx: Ctx, target: EditTarget, text: string): Promise<ChangeResult> => {
  if (text.trim() === '') return { ok: false, error: 'the new text is empty' }
  const messageId = messageIdOf(target.providerMessageId)
  if (messageId === undefined) return { ok: false, error: 'not a Telegram message id' }
  const ids = { chat_id: target.externalChatId, message_id: messageId }
  if (length(text) > MAX_TEXT_CHARS) return { ok: false, error: `at most ${MAX_TEXT_CHARS} characters` }
  let answer = answerOf(await call(ctx, 'editMessageText', { ...ids, text }))
  if (descriptionIs(answer, 'there is no text in the message to edit')) {
    if (length(text) > MAX_CAPTION_CHARS)
      return { ok: false, error: `a caption is at most ${MAX_CAPTION_CHARS} characters` }
    answer = answerOf(await call(ctx, 'editMessageCaption', { ...ids, caption: text }))
  }
  // The same text again: the message already says it.
  if (descriptionIs(answer, 'message is not modified')) return { ok: true }
  if (answer.kind === 'ok' && EditedSchema.safeParse(answer.body).success) return { ok: true }
  return failure(answer)
}

/** Deletes one of our messages for the customer too; Telegram allows it within 48 hours of sending. */
export const removeTelegram = async (ctx: Ctx, target: EditTarget): Promise<ChangeResult> => {
  if (ctx.now() - target.sentAt >= DELETE_WINDOW_MS) {
    return { ok: false, error: 'Telegram lets a bot delete a message only within 48 hours of sending it' }
  }
  const messageId = messageIdOf(target.providerMessageId)
  if (messageId === undefined) return { ok: false, error: 'not a Telegram message id' }
  const answer = answerOf(
    await call(ctx, 'deleteMessage', { chat_id: target.externalChatId, message_id: messageId }),
  )
  if (answer.kind === 'ok' && TrueSchema.safeParse(answer.body).success) return { ok: true }
  // Already gone (the customer cleared the chat for both sides): what we wanted.
  if (descriptionIs(answer, 'message to delete not found')) return { ok: true }
  return failure(answer)
}

/**
 * getFile gives a path valid for at least an hour, then the bytes come from `<apiBase>/file/bot<token>/<path>`.
 * Files over 20 MB cannot be downloaded by bots (getFile refuses them).
 */
export const downloadTelegramMedia = async (ctx: Ctx, ref: MediaRef): Promise<DownloadedMedia> => {
  const answer = answerOf(await call(ctx, 'getFile', { file_id: ref.ref }))
  if (answer.kind !== 'ok') {
    const error = failure(answer)
    throw new Error(`getFile failed: ${error.ok ? '' : error.error}`)
  }
  const file = FileSchema.safeParse(answer.body)
  const path = file.success ? file.data.result.file_path : undefined
  if (path === undefined) throw new Error('getFile gave no file_path (bots can download files up to 20 MB)')
  const bytes = await fetchBytes(ctx, `${base(ctx)}/file/bot${ctx.config.botToken}/${path}`)
  const name = ref.name ?? path.split('/').pop()
  return { bytes, mime: ref.mime, ...(name !== undefined && name !== '' && { name }) }
}

/**
 * The file download: binary, so not through `callProvider` (which reads the answer as text); same time limit,
 * and errors say nothing of the URL, which holds the token.
 */
const fetchBytes = async (ctx: Ctx, url: string): Promise<Uint8Array> => {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), ctx.timeoutMs)
  let status: number
  try {
    const response = await ctx.fetch(url, { signal: abort.signal })
    status = response.status
    if (response.ok) return new Uint8Array(await response.arrayBuffer())
    await response.body?.cancel()
  } catch {
    throw new Error(abort.signal.aborted ? 'the file download timed out' : 'the file download failed')
  } finally {
    clearTimeout(timer)
  }
  throw new Error(`the Telegram file server answered ${status}`)
}

/** Points the bot's webhook at us, with the secret Telegram will send back and the updates we read. */
export const connectTelegram = async (ctx: Ctx, webhookUrl: string): Promise<ChangeResult> => {
  const answer = answerOf(
    await call(ctx, 'setWebhook', {
      url: webhookUrl,
      secret_token: ctx.config.secretToken,
      allowed_updates: ALLOWED_UPDATES,
    }),
  )
  if (answer.kind === 'ok' && TrueSchema.safeParse(answer.body).success) return { ok: true }
  return failure(answer)
}
