/**
 * Outbound through the WhatsApp Cloud API: the 24-hour customer service window, text and media messages (the file
 * uploaded first), replies, the Graph API's errors classified for the outbox, and inbound media downloads. The
 * Cloud API can neither edit nor delete a sent message.
 */
import { Buffer } from 'node:buffer'
import type { TemplateRef } from '../../model'
import type {
  BridgeContext,
  ChangeResult,
  DownloadedMedia,
  MediaRef,
  OutgoingMessage,
  ProviderTemplate,
  SendResult,
  TemplatesResult,
} from '../contract'
import { type CallOutcome, callProvider, jsonOf, retryAfterMs } from '../provider-call'
import { RATING_SCORES, ratingData, ratingLabel } from '../rating'
import {
  DEFAULT_API_VERSION,
  type GraphError,
  GraphErrorSchema,
  MediaInfoSchema,
  MessageTemplatesAnswerSchema,
  SendAnswerSchema,
  UploadAnswerSchema,
  type WhatsAppConfig,
} from './schema'
import { paramText, providerTemplateOf, templateObject } from './templates'

type Context = BridgeContext<WhatsAppConfig>
type Failure = Extract<SendResult, { ok: false }>

/** Free-form messages are allowed only this long after the customer's last message; templates otherwise. */
export const CUSTOMER_WINDOW_MS = 24 * 60 * 60 * 1000
export const MAX_TEXT_LENGTH = 4096
export const MAX_CAPTION_LENGTH = 1024

const apiUrl = (ctx: Context, path: string): string =>
  `${ctx.apiBaseUrl.replace(/\/+$/, '')}/${ctx.config.apiVersion ?? DEFAULT_API_VERSION}/${path}`

const bearer = (ctx: Context) => ({ Authorization: `Bearer ${ctx.config.accessToken}` })

/**
 * Rate limits and the wait each asks for when the answer names none (Meta sends no `Retry-After`; one is honoured
 * when present): 4 app calls, 80007 account calls (hourly), 130429 throughput (per second), 131048 spam limit,
 * 131056 pair limit (about one message per 6 s to the same customer).
 */
const RATE_LIMIT_WAIT_MS: Readonly<Record<number, number>> = {
  4: 60_000,
  80007: 60_000,
  130429: 1_000,
  131048: 60_000,
  131056: 6_000,
}

/** What an operator is told for the refusals that mean something to them. */
const REASONS: Readonly<Record<number, string>> = {
  10: 'the access token lacks the whatsapp_business_messaging permission',
  100: 'WhatsApp refused the request as invalid',
  190: 'the access token is invalid or expired: update the channel’s accessToken',
  200: 'the access token lacks the whatsapp_business_messaging permission',
  368: 'the business account is temporarily blocked for policy violations',
  131026:
    'WhatsApp cannot deliver to this number (not on WhatsApp, an outdated app, or new terms not accepted)',
  131030: 'this number is not among the test phone number’s allowed recipients',
  131031: 'the business account is locked',
  131047:
    'more than 24 hours have passed since the customer last wrote: WhatsApp accepts only an approved template now',
  131051: 'WhatsApp does not support this message type',
  131052: 'WhatsApp could not download the media',
  131053: 'WhatsApp could not process the file (format or size)',
  133010: 'the business phone number is not registered with the Cloud API',
}

const graphErrorOf = (text: string): GraphError | undefined =>
  GraphErrorSchema.safeParse(jsonOf(text)).data?.error

export const describeGraphError = (status: number, error: GraphError | undefined): string => {
  if (!error) return `WhatsApp answered HTTP ${status}`
  const details = error.error_data?.details ?? error.message
  const reason = REASONS[error.code]
  return reason
    ? `${reason} (WhatsApp error ${error.code}: ${details})`
    : `WhatsApp error ${error.code}: ${details}`
}

/**
 * An answer that is not a success, classified. `maybeSent`: whether a lost or failed answer may hide a message the
 * customer got (the messages call), or not (an upload: nothing reaches the customer, so a retry is safe).
 */
const failureOf = (outcome: CallOutcome, maybeSent: boolean): Failure => {
  if (outcome.kind === 'not-sent') return { ok: false, kind: 'retry', error: outcome.error }
  if (outcome.kind === 'maybe-sent') {
    return { ok: false, kind: maybeSent ? 'ambiguous' : 'retry', error: outcome.error }
  }
  const error = graphErrorOf(outcome.text)
  const text = describeGraphError(outcome.status, error)
  const limitWait = error ? RATE_LIMIT_WAIT_MS[error.code] : undefined
  if (outcome.status === 429 || limitWait !== undefined) {
    const wait = retryAfterMs(outcome.headers) ?? limitWait
    return { ok: false, kind: 'retry', error: text, ...(wait !== undefined && { retryAfterMs: wait }) }
  }
  if (outcome.status >= 500) return { ok: false, kind: maybeSent ? 'ambiguous' : 'retry', error: text }
  return { ok: false, kind: 'rejected', error: text }
}

const ok2xx = (outcome: CallOutcome): outcome is Extract<CallOutcome, { kind: 'answer' }> =>
  outcome.kind === 'answer' && outcome.status >= 200 && outcome.status < 300

/** Why the window is closed, or `null` while it is open. */
export const windowClosed = (customerLastAt: number | null, now: number): string | null => {
  if (customerLastAt === null) {
    return 'the customer has never written to this number: WhatsApp accepts only an approved template'
  }
  if (now - customerLastAt < CUSTOMER_WINDOW_MS) return null
  const hours = Math.floor((now - customerLastAt) / 3_600_000)
  return `the customer last wrote ${hours} h ago, outside WhatsApp’s 24-hour window: only an approved template can be sent`
}

type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker'

const MB = 1024 * 1024
/** The Cloud API's supported types and size limits per media type (documents take any file). */
const MEDIA_TYPES: ReadonlyArray<{
  type: MediaType
  mimes: readonly string[]
  max: number
  caption: boolean
}> = [
  { type: 'image', mimes: ['image/jpeg', 'image/png'], max: 5 * MB, caption: true },
  { type: 'video', mimes: ['video/mp4', 'video/3gpp'], max: 16 * MB, caption: true },
  {
    type: 'audio',
    mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    max: 16 * MB,
    caption: false,
  },
  { type: 'sticker', mimes: ['image/webp'], max: 500 * 1024, caption: false },
]
const MAX_DOCUMENT = 100 * MB

/**
 * How a file goes out: as the type its mime and size allow, else as a document. Audio and stickers take no
 * caption, so with a text they go as a document with the text as caption rather than losing it.
 */
export const mediaTypeOf = (
  kind: OutgoingMessage['kind'],
  mime: string,
  size: number,
  hasText: boolean,
): MediaType | null => {
  const base = mime.split(';')[0]?.trim().toLowerCase() ?? ''
  const fit = MEDIA_TYPES.find((t) => t.mimes.includes(base) && size <= t.max && (t.caption || !hasText))
  if (fit && (fit.type !== 'sticker' || kind === 'sticker')) return fit.type
  return size <= MAX_DOCUMENT ? 'document' : null
}

/** Uploads the file (`POST /{phone-number-id}/media`, multipart) and returns its media id. */
const upload = async (
  ctx: Context,
  media: NonNullable<OutgoingMessage['media']>,
): Promise<{ ok: true; id: string } | Failure> => {
  const form = new FormData()
  form.append('messaging_product', 'whatsapp')
  form.append('type', media.mime)
  form.append('file', new Blob([new Uint8Array(media.bytes)], { type: media.mime }), media.name)
  const outcome = await callProvider(ctx, apiUrl(ctx, `${ctx.config.phoneNumberId}/media`), {
    method: 'POST',
    headers: bearer(ctx),
    body: form,
  })
  if (!ok2xx(outcome)) return failureOf(outcome, false)
  const answer = UploadAnswerSchema.safeParse(jsonOf(outcome.text))
  if (!answer.success) return { ok: false, kind: 'retry', error: 'WhatsApp’s upload answer has no media id' }
  return { ok: true, id: answer.data.id }
}

/** The message object of the send call (`{type, [type]: …}`), uploading the file first when there is one. */
const contentOf = async (
  ctx: Context,
  message: OutgoingMessage,
): Promise<{ ok: true; type: string; object: Record<string, unknown> } | Failure> => {
  const text = message.text.trim()
  const media = message.media
  if (!media) {
    if (!text) return { ok: false, kind: 'rejected', error: 'the message is empty' }
    if (text.length > MAX_TEXT_LENGTH) {
      return { ok: false, kind: 'rejected', error: `WhatsApp takes at most ${MAX_TEXT_LENGTH} characters` }
    }
    return { ok: true, type: 'text', object: { body: text, preview_url: /https?:\/\//.test(text) } }
  }
  const type = mediaTypeOf(message.kind, media.mime, media.bytes.byteLength, text.length > 0)
  if (type === null) return { ok: false, kind: 'rejected', error: 'WhatsApp takes files up to 100 MB' }
  if (text.length > MAX_CAPTION_LENGTH) {
    return {
      ok: false,
      kind: 'rejected',
      error: `a WhatsApp caption is at most ${MAX_CAPTION_LENGTH} characters: send the text as its own message`,
    }
  }
  const uploaded = await upload(ctx, media)
  if (!uploaded.ok) return uploaded
  const object: Record<string, unknown> = { id: uploaded.id }
  if (text) object.caption = text
  if (type === 'document') object.filename = media.name
  if (type === 'audio' && media.mime.toLowerCase().startsWith('audio/ogg')) object.voice = true
  return { ok: true, type, object }
}

/** The interactive list's button, which opens the rows (at most 20 characters, the same in any language). */
const RATING_LIST_BUTTON = '⭐ 1–5'

/**
 * [RAT6] A rating request inside the window: an interactive list (reply buttons allow only three), one row per
 * score, best first; each row's id is `ratingData(id, score)`, which comes back as `list_reply.id`.
 */
const ratingListOf = (
  message: OutgoingMessage,
): { ok: true; type: string; object: Record<string, unknown> } | Failure => {
  const text = message.text.trim()
  if (!text || text.length > MAX_TEXT_LENGTH) {
    return {
      ok: false,
      kind: 'rejected',
      error: `a WhatsApp list's text is 1 to ${MAX_TEXT_LENGTH} characters`,
    }
  }
  const rows = [...RATING_SCORES].reverse().flatMap((score) => {
    const id = ratingData(message.id, score)
    return id === null ? [] : [{ id, title: ratingLabel(score) }]
  })
  if (rows.length !== RATING_SCORES.length)
    return { ok: false, kind: 'rejected', error: 'not a rating request id' }
  return {
    ok: true,
    type: 'interactive',
    object: {
      type: 'list',
      body: { text },
      action: { button: RATING_LIST_BUTTON, sections: [{ title: RATING_LIST_BUTTON, rows }] },
    },
  }
}

/**
 * [RAT6] A rating request outside the window: the admin's template, whose quick-reply buttons 0…4 are the scores
 * 1…5; each button's payload is `ratingData(id, score)`, which comes back as `button.payload`.
 */
export const ratingTemplateObject = (template: TemplateRef, messageId: string): Record<string, unknown> => {
  const object = templateObject(template)
  const buttons = RATING_SCORES.map((score, index) => ({
    type: 'button',
    sub_type: 'quick_reply',
    index: String(index),
    parameters: [{ type: 'payload', payload: ratingData(messageId, score) ?? '' }],
  }))
  const components = (object.components as unknown[] | undefined) ?? []
  return { ...object, components: [...components, ...buttons] }
}

export const send = async (ctx: Context, message: OutgoingMessage): Promise<SendResult> => {
  // [WTP1] A template is what WhatsApp accepts outside the window: it is not checked against it.
  const closed = message.template ? null : windowClosed(message.customerLastAt, ctx.now())
  if (closed !== null) return { ok: false, kind: 'rejected', error: closed }
  if (message.template?.params.some((p) => paramText(p.text) === '')) {
    return { ok: false, kind: 'rejected', error: 'every parameter of a WhatsApp template needs a value' }
  }
  const content = message.template
    ? ({
        ok: true,
        type: 'template',
        object:
          message.ask === 'rating'
            ? ratingTemplateObject(message.template, message.id)
            : templateObject(message.template),
      } as const)
    : message.ask === 'rating'
      ? ratingListOf(message)
      : await contentOf(ctx, message)
  if (!content.ok) return content
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.externalChatId,
    ...(message.replyToProviderId !== undefined && { context: { message_id: message.replyToProviderId } }),
    type: content.type,
    [content.type]: content.object,
  }
  const outcome = await callProvider(ctx, apiUrl(ctx, `${ctx.config.phoneNumberId}/messages`), {
    method: 'POST',
    headers: { ...bearer(ctx), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!ok2xx(outcome)) return failureOf(outcome, true)
  const answer = SendAnswerSchema.safeParse(jsonOf(outcome.text))
  // Accepted, but with no id to follow it by: it may well have gone out.
  if (!answer.success) return { ok: false, kind: 'ambiguous', error: 'WhatsApp’s answer has no message id' }
  return { ok: true, providerMessageId: answer.data.messages[0]!.id }
}

/** Pages of templates read at most: 100 each, far more than an account keeps approved. */
const MAX_TEMPLATE_PAGES = 10

/** [WTP1] The account's approved templates: `GET /{waba-id}/message_templates`, following `paging.next`. */
export const listTemplates = async (ctx: Context): Promise<TemplatesResult> => {
  const account = ctx.config.businessAccountId
  if (!account) {
    return { ok: false, error: 'set the channel’s businessAccountId to use WhatsApp templates' }
  }
  const fields = 'name,language,status,category,parameter_format,components'
  let url: string | undefined = apiUrl(
    ctx,
    `${account}/message_templates?status=APPROVED&limit=100&fields=${fields}`,
  )
  const templates: ProviderTemplate[] = []
  for (let page = 0; url !== undefined && page < MAX_TEMPLATE_PAGES; page++) {
    const outcome = await callProvider(ctx, url, { headers: bearer(ctx) })
    if (!ok2xx(outcome)) return { ok: false, error: failureOf(outcome, false).error }
    const answer = MessageTemplatesAnswerSchema.safeParse(jsonOf(outcome.text))
    if (!answer.success) return { ok: false, error: 'WhatsApp’s template list is not one we understand' }
    for (const raw of answer.data.data) {
      const template = providerTemplateOf(raw)
      if (template) templates.push(template)
    }
    url = answer.data.paging?.next
  }
  templates.sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language))
  return { ok: true, templates }
}

export const edit = async (): Promise<ChangeResult> => ({
  ok: false,
  error: 'the WhatsApp Cloud API cannot edit a sent message',
})

export const remove = async (): Promise<ChangeResult> => ({
  ok: false,
  error: 'the WhatsApp Cloud API cannot delete a sent message',
})

/**
 * `callProvider` reads answers as text; a file is read as bytes and passed on base64-encoded, so a download keeps
 * the same timeout and failure classification as every other call.
 */
const base64Body =
  (inner: typeof fetch): typeof fetch =>
  async (input, init) => {
    const response = await inner(input, init)
    const bytes = Buffer.from(await response.arrayBuffer())
    return new Response(bytes.toString('base64'), { status: response.status, headers: response.headers })
  }

/** A file a webhook referred to: `GET /{media-id}` gives a short-lived URL, fetched with the same token. */
export const downloadMedia = async (ctx: Context, ref: MediaRef): Promise<DownloadedMedia> => {
  const info = await callProvider(ctx, apiUrl(ctx, encodeURIComponent(ref.ref)), { headers: bearer(ctx) })
  if (!ok2xx(info)) throw new Error(`WhatsApp media ${ref.ref}: ${failureOf(info, false).error}`)
  const parsed = MediaInfoSchema.safeParse(jsonOf(info.text))
  if (!parsed.success) throw new Error(`WhatsApp media ${ref.ref}: the answer has no download URL`)
  const file = await callProvider({ ...ctx, fetch: base64Body(ctx.fetch) }, parsed.data.url, {
    headers: bearer(ctx),
  })
  if (!ok2xx(file)) throw new Error(`WhatsApp media ${ref.ref}: ${failureOf(file, false).error}`)
  return {
    bytes: new Uint8Array(Buffer.from(file.text, 'base64')),
    mime: parsed.data.mime_type,
    ...(ref.name !== undefined && { name: ref.name }),
  }
}
