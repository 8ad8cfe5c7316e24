/**
 * `POST /api/media?chat=<chatId>`: an operator uploads a file for an answer in a chat they may see. The body is
 * the file itself (raw), its type in `Content-Type` and its name, URI-encoded, in `X-File-Name`. The file is
 * stored at once (MediaStore) and served at `/api/media/:id` to whoever may see that chat; the answer that carries
 * it is written later, only when the operator presses Send, with `media.url` set to that address (the outbox then
 * sends the bytes through the bridge). Refusals: 400 bad input, 404 a chat the operator may not see, 413 over
 * `MEDIA_MAX_BYTES`, 415 a type that may not be uploaded or a picture that is not one [MED1, MED2].
 * `DELETE /api/media/:id`: the uploader takes the file off before sending it (409 once a message carries it).
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import {
  bytesMatchType,
  chatDocName,
  chatParts,
  cleanFileName,
  ErrorCode,
  normalizeMime,
  uploadKindOf,
} from '../model'
import { type ApiEnv, fail, parseWith } from './http'
import { mediaPath } from './media'
import type { Services } from './services'

export const FILE_NAME_HEADER = 'x-file-name'

const ChatQuery = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'chat: a chat id is required')

const fileNameOf = (header: string | undefined, fallback: string): string => {
  if (header === undefined || header.trim() === '') return fallback
  let decoded: string
  try {
    decoded = decodeURIComponent(header)
  } catch {
    return fail(ErrorCode.invalidInput, `${FILE_NAME_HEADER}: not a URI-encoded name`)
  }
  const name = cleanFileName(decoded)
  return name === '' ? fail(ErrorCode.invalidInput, `${FILE_NAME_HEADER}: the name is empty`) : name
}

const mebibytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`

export const mediaUploadRoutes = (services: Services): Hono<ApiEnv> => {
  const maxBytes = services.config.MEDIA_MAX_BYTES
  const app = new Hono<ApiEnv>()
  app.post(
    '/',
    bodyLimit({
      maxSize: maxBytes,
      onError: (c) => c.json({ code: 'too_large', message: `the file is over ${mebibytes(maxBytes)}` }, 413),
    }),
    async (c) => {
      const op = c.get('operator')
      const chatId = parseWith(ChatQuery, c.req.query('chat') ?? '')
      const chat = services.chats.chat(chatId)
      if (!chat || !services.access.canSeeChatId(op, chatId)) return fail(ErrorCode.notFound, 'no such chat')
      const mime = normalizeMime(c.req.header('content-type') ?? '')
      const kind = uploadKindOf(mime)
      if (kind === null) {
        return c.json(
          { code: 'unsupported_media_type', message: `files of type '${mime || 'unknown'}' cannot be sent` },
          415,
        )
      }
      const name = fileNameOf(c.req.header(FILE_NAME_HEADER), kind)
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      if (bytes.length === 0) return fail(ErrorCode.invalidInput, 'the file is empty')
      if (!bytesMatchType(mime, bytes)) {
        return c.json(
          { code: 'unsupported_media_type', message: `the file is not the ${mime} it claims to be` },
          415,
        )
      }
      const row = await services.media.upload({
        channelId: chat.channelId,
        chatId,
        operatorId: op.id,
        bytes,
        mime,
        name,
      })
      return c.json({ id: row.id, url: mediaPath(row.id), mime, name, size: bytes.length, kind }, 201)
    },
  )
  // The uploader takes a file off before sending it: it is deleted, unless a message carries it by now.
  app.delete('/:id', async (c) => {
    const op = c.get('operator')
    const row = services.media.get(c.req.param('id'))
    if (!row || row.chatId === null || !services.access.canSeeChatId(op, row.chatId)) {
      return fail(ErrorCode.notFound, 'no such file')
    }
    if (services.media.uploaderOf(row) !== op.id)
      return fail(ErrorCode.forbidden, 'only its uploader may delete a file')
    const url = mediaPath(row.id)
    const doc = services.hub.open(chatDocName(row.chatId)).doc
    if (
      chatParts(doc)
        .messages.toArray()
        .some((m) => m.media?.url === url)
    ) {
      return fail(ErrorCode.conflict, 'the file was sent in a message')
    }
    await services.media.remove(row)
    return c.json({ ok: true })
  })
  return app
}
