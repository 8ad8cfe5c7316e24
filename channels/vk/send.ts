/**
 * VK's outbound side: messages.send (with files uploaded through photos/docs upload servers), messages.edit,
 * messages.delete, media download and users.get, each classified the way the outbox needs it. `random_id` is
 * derived from our message id, so VK drops a resend of a message it already has: a timeout or a 5xx is a `retry`,
 * never `ambiguous`. Methods: https://dev.vk.com/ru/method/messages.send, https://dev.vk.com/ru/api/upload/.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { ContactProfile } from '../../model'
import type {
  BridgeContext,
  ChangeResult,
  DownloadedMedia,
  EditTarget,
  MediaRef,
  OutgoingMessage,
  SendResult,
} from '../contract'
import { callProvider, jsonOf, retryAfterMs } from '../provider-call'
import { RATING_SCORES, ratingData, ratingLabel } from '../rating'
import {
  ApiAnswerSchema,
  DeleteResponseSchema,
  DocUploadSchema,
  PhotoUploadSchema,
  SavedDocSchema,
  SavedPhotosSchema,
  SendResponseSchema,
  UploadServerSchema,
  UsersSchema,
  VK_DEFAULT_API_VERSION,
  type VkConfig,
} from './schema'

/** VK deletes a community's message for everyone only within 24 hours of sending. */
export const VK_DELETE_WINDOW_MS = 24 * 60 * 60 * 1000
/** messages.send refuses longer texts (error 914). */
export const VK_MAX_TEXT = 4096

type Failure = Extract<SendResult, { ok: false }>
type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure }

/**
 * `random_id` from our message id: the first 31 bits of its SHA-256, never 0 (0 turns VK's check off). VK keeps
 * it with the message and answers a second send with the same `random_id` without sending again.
 */
export const randomIdOf = (messageId: string): number =>
  createHash('sha256').update(messageId).digest().readUInt32BE(0) % 0x7fffffff || 1

/**
 * Waits for VK's rate-limit errors, which carry none. 6 "too many requests per second": the per-second quota
 * (20 calls a second for a community token) frees within a second. 9 "flood control": VK's anti-spam for
 * messages to a person, counted over minutes, and hammering it prolongs the block: a minute. 29 "rate limit
 * reached": a method's daily quota: an hour. 1 and 10 are VK's own failures: the dispatcher's backoff.
 */
const RETRY_WAIT: Readonly<Record<number, number | undefined>> = {
  1: undefined,
  6: 1_000,
  9: 60_000,
  10: undefined,
  29: 60 * 60_000,
}

/** Why VK refused, for the operator. Any code not here is refused too, with VK's own message. */
const REASONS: Readonly<Record<number, string>> = {
  5: 'VK refused the access token: create a new community token and update the channel',
  7: 'the community may not message this user',
  15: 'VK denied access',
  18: 'the user’s page was deleted or banned',
  100: 'VK refused a parameter of the message',
  900: 'the user blocked the community',
  901: 'the user has not allowed messages from the community',
  902: 'the user’s privacy settings forbid messages from the community',
  909: 'the message is too old to edit',
  914: 'the message is too long for VK',
  917: 'the community has no access to this chat',
  920: 'VK cannot edit this kind of message',
  924: 'VK cannot delete this message for everyone',
  945: 'the chat was disabled',
}

const vkError = (code: number, message: string): Failure => {
  const detail = `VK error ${code}: ${message}`
  if (code in RETRY_WAIT) {
    const wait = RETRY_WAIT[code]
    return { ok: false, kind: 'retry', error: detail, ...(wait !== undefined && { retryAfterMs: wait }) }
  }
  return { ok: false, kind: 'rejected', error: REASONS[code] ? `${REASONS[code]} (${detail})` : detail }
}

const retry = (error: string, retryAfterMs?: number): Step<never> => ({
  ok: false,
  failure: { ok: false, kind: 'retry', error, ...(retryAfterMs !== undefined && { retryAfterMs }) },
})
const rejected = (error: string): Step<never> => ({
  ok: false,
  failure: { ok: false, kind: 'rejected', error },
})

/** One HTTP call (an API method or an upload), its JSON answer, or the failure it means for the outbox. */
const request = async (
  ctx: BridgeContext<VkConfig>,
  url: string,
  init: RequestInit,
): Promise<Step<unknown>> => {
  const outcome = await callProvider(ctx, url, init)
  // Nothing or maybe something went out: either way a resend carries the same random_id.
  if (outcome.kind !== 'answer') return retry(outcome.error)
  const { status, headers, text } = outcome
  if (status === 429) return retry('VK: HTTP 429', retryAfterMs(headers))
  if (status >= 500) return retry(`VK: HTTP ${status}`)
  if (status !== 200) return rejected(`VK: HTTP ${status}`)
  const json = jsonOf(text)
  return json === null ? retry('VK answered no JSON') : { ok: true, value: json }
}

/** Calls an API method (POST, form-encoded, the token in the body so it never lands in a URL or a log line). */
const api = async <T>(
  ctx: BridgeContext<VkConfig>,
  method: string,
  params: Readonly<Record<string, string>>,
  schema: z.ZodType<T>,
): Promise<Step<T>> => {
  const body = new URLSearchParams({
    ...params,
    access_token: ctx.config.accessToken,
    v: ctx.config.apiVersion ?? VK_DEFAULT_API_VERSION,
  })
  const answer = await request(ctx, `${ctx.apiBaseUrl}/method/${method}`, { method: 'POST', body })
  if (!answer.ok) return answer
  const parsed = ApiAnswerSchema.safeParse(answer.value)
  if (!parsed.success) return retry(`${method}: an unknown answer`)
  if ('error' in parsed.data)
    return { ok: false, failure: vkError(parsed.data.error.error_code, parsed.data.error.error_msg) }
  const response = schema.safeParse(parsed.data.response)
  return response.success ? { ok: true, value: response.data } : retry(`${method}: an unexpected response`)
}

/** The message's id as messages.edit / messages.delete take it: a message id, or `c<n>` in a group chat. */
const idParams = (providerMessageId: string, single: 'message_id' | 'message_ids'): Record<string, string> =>
  providerMessageId.startsWith('c')
    ? { [single === 'message_id' ? 'conversation_message_id' : 'cmids']: providerMessageId.slice(1) }
    : { [single]: providerMessageId }

const replyParams = (peer: string, replyTo: string | undefined): Record<string, string> => {
  if (replyTo === undefined) return {}
  if (!replyTo.startsWith('c')) return { reply_to: replyTo }
  // A group chat's message has only a conversation_message_id: `forward` with is_reply quotes it.
  const forward = {
    peer_id: Number(peer),
    conversation_message_ids: [Number(replyTo.slice(1))],
    is_reply: true,
  }
  return { forward: JSON.stringify(forward) }
}

/**
 * [RAT6] A rating request's keyboard: inline, five text buttons in one row. A press sends the customer's message
 * with the button's label as text and its `payload` (`{"csat": ratingData(id, score)}`) in `message_new`, which
 * the existing Callback API path already receives (callback buttons would need an answer call per press).
 */
export const ratingKeyboard = (messageId: string): string =>
  JSON.stringify({
    inline: true,
    buttons: [
      RATING_SCORES.map((score) => ({
        action: {
          type: 'text',
          label: ratingLabel(score),
          payload: JSON.stringify({ csat: ratingData(messageId, score) }),
        },
      })),
    ],
  })

export const sendVk = async (ctx: BridgeContext<VkConfig>, message: OutgoingMessage): Promise<SendResult> => {
  if (message.text.length > VK_MAX_TEXT) {
    return { ok: false, kind: 'rejected', error: `VK takes at most ${VK_MAX_TEXT} characters in a message` }
  }
  if (!message.text.trim() && !message.media)
    return { ok: false, kind: 'rejected', error: 'the message is empty' }
  let attachment: string | undefined
  if (message.media) {
    const uploaded = await upload(ctx, message.externalChatId, message.kind, message.media)
    if (!uploaded.ok) return uploaded.failure
    attachment = uploaded.value
  }
  const sent = await api(
    ctx,
    'messages.send',
    {
      peer_id: message.externalChatId,
      random_id: String(randomIdOf(message.id)),
      message: message.text,
      ...(attachment !== undefined && { attachment }),
      ...replyParams(message.externalChatId, message.replyToProviderId),
      ...(message.ask === 'rating' && { keyboard: ratingKeyboard(message.id) }),
    },
    SendResponseSchema,
  )
  return sent.ok ? { ok: true, providerMessageId: String(sent.value) } : sent.failure
}

type Media = NonNullable<OutgoingMessage['media']>
const PHOTO_MIMES = new Set(['image/jpeg', 'image/png', 'image/gif'])
const VOICE_MIMES = new Set(['audio/ogg', 'audio/opus'])

/** Uploads a file for a message: images VK takes as photos, OGG voice as a voice message, anything else as a doc. */
const upload = (ctx: BridgeContext<VkConfig>, peer: string, kind: OutgoingMessage['kind'], media: Media) => {
  const mime = media.mime.split(';')[0]?.trim().toLowerCase() ?? ''
  if (PHOTO_MIMES.has(mime)) return uploadPhoto(ctx, peer, media)
  return uploadDoc(ctx, peer, kind === 'audio' && VOICE_MIMES.has(mime) ? 'audio_message' : 'doc', media)
}

const postFile = (ctx: BridgeContext<VkConfig>, url: string, field: string, media: Media) => {
  const form = new FormData()
  form.append(field, new Blob([new Uint8Array(media.bytes)], { type: media.mime }), media.name)
  return request(ctx, url, { method: 'POST', body: form })
}

const uploadPhoto = async (
  ctx: BridgeContext<VkConfig>,
  peer: string,
  media: Media,
): Promise<Step<string>> => {
  const server = await api(ctx, 'photos.getMessagesUploadServer', { peer_id: peer }, UploadServerSchema)
  if (!server.ok) return server
  const posted = await postFile(ctx, server.value.upload_url, 'photo', media)
  if (!posted.ok) return posted
  const uploaded = PhotoUploadSchema.safeParse(posted.value)
  // The upload server answers an empty list (`"photo": "[]"`) for a file it could not read as an image.
  if (!uploaded.success || uploaded.data.photo === '[]') return rejectedUpload(posted.value, 'the image')
  const saved = await api(
    ctx,
    'photos.saveMessagesPhoto',
    { ...uploaded.data, server: String(uploaded.data.server) },
    SavedPhotosSchema,
  )
  if (!saved.ok) return saved
  const [photo] = saved.value
  const key = photo?.access_key ? `_${photo.access_key}` : ''
  return { ok: true, value: `photo${photo?.owner_id}_${photo?.id}${key}` }
}

const uploadDoc = async (
  ctx: BridgeContext<VkConfig>,
  peer: string,
  type: 'doc' | 'audio_message',
  media: Media,
): Promise<Step<string>> => {
  const server = await api(ctx, 'docs.getMessagesUploadServer', { type, peer_id: peer }, UploadServerSchema)
  if (!server.ok) return server
  const posted = await postFile(ctx, server.value.upload_url, 'file', media)
  if (!posted.ok) return posted
  const uploaded = DocUploadSchema.safeParse(posted.value)
  if (!uploaded.success) return rejectedUpload(posted.value, 'the file')
  const saved = await api(ctx, 'docs.save', { file: uploaded.data.file, title: media.name }, SavedDocSchema)
  if (!saved.ok) return saved
  const doc = saved.value.doc ?? saved.value.audio_message
  if (!doc) return retry('docs.save: no document in the answer')
  // Voice messages are documents too; messages.send names both as doc<owner>_<id>.
  return { ok: true, value: `doc${doc.owner_id}_${doc.id}` }
}

const rejectedUpload = (answer: unknown, what: string): Step<never> => {
  const reason = z.object({ error: z.string() }).safeParse(answer)
  const why = reason.success ? `: ${reason.data.error}` : ''
  return rejected(`VK did not accept ${what}${why}`)
}

export const editVk = async (
  ctx: BridgeContext<VkConfig>,
  target: EditTarget,
  text: string,
): Promise<ChangeResult> => {
  if (text.length > VK_MAX_TEXT)
    return { ok: false, error: `VK takes at most ${VK_MAX_TEXT} characters in a message` }
  const params = {
    peer_id: target.externalChatId,
    message: text,
    keep_forward_messages: '1',
    keep_snippets: '1',
    ...idParams(target.providerMessageId, 'message_id'),
  }
  const edited = await api(ctx, 'messages.edit', params, z.number())
  return edited.ok ? { ok: true } : { ok: false, error: edited.failure.error }
}

export const removeVk = async (ctx: BridgeContext<VkConfig>, target: EditTarget): Promise<ChangeResult> => {
  if (ctx.now() - target.sentAt > VK_DELETE_WINDOW_MS) {
    return {
      ok: false,
      error: 'VK deletes a message for everyone only within 24 hours of sending; edit it instead',
    }
  }
  const params = {
    peer_id: target.externalChatId,
    delete_for_all: '1',
    ...idParams(target.providerMessageId, 'message_ids'),
  }
  const deleted = await api(ctx, 'messages.delete', params, DeleteResponseSchema)
  if (!deleted.ok) return { ok: false, error: deleted.failure.error }
  const results = Array.isArray(deleted.value)
    ? deleted.value.map((item) => ({ done: item.response === 1, why: item.error?.description }))
    : Object.values(deleted.value).map((value) => ({ done: value === 1, why: undefined }))
  const failed = results.find((result) => !result.done)
  if (results.length === 0 || failed)
    return { ok: false, error: `VK did not delete the message${failed?.why ? `: ${failed.why}` : ''}` }
  return { ok: true }
}

/** A file a webhook named: VK gives direct, signed URLs on its CDN, fetched as they are. */
export const downloadVkMedia = async (
  ctx: BridgeContext<VkConfig>,
  ref: MediaRef,
): Promise<DownloadedMedia> => {
  const url = new URL(ref.ref)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`not a VK media URL: ${url.protocol}`)
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), ctx.timeoutMs)
  try {
    const response = await ctx.fetch(url, { signal: abort.signal })
    if (!response.ok) throw new Error(`VK media: HTTP ${response.status} for ${url.host}`)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const mime = ref.mime || response.headers.get('content-type') || 'application/octet-stream'
    return { bytes, mime, ...(ref.name !== undefined && { name: ref.name }) }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The customer's name, page and avatar (users.get): VK's events carry only the user id. For the server to fill a
 * new contact's profile; `null` when VK does not answer.
 */
export const fetchVkProfile = async (
  ctx: BridgeContext<VkConfig>,
  userId: number,
): Promise<ContactProfile | null> => {
  const users = await api(
    ctx,
    'users.get',
    { user_ids: String(userId), fields: 'screen_name,photo_100' },
    UsersSchema,
  )
  const user = users.ok ? users.value[0] : undefined
  if (!user) return null
  return {
    externalId: String(user.id),
    profileUrl: `https://vk.com/${user.screen_name || `id${user.id}`}`,
    ...(user.first_name && { firstName: user.first_name }),
    ...(user.last_name && { lastName: user.last_name }),
    ...(user.photo_100 && { avatarUrl: user.photo_100 }),
  }
}
