/**
 * A local fake of the Telegram Bot API (https://core.telegram.org/bots/api): a real HTTP server on port 0 that
 * serves `/bot<token>/<method>` (GET query, JSON, urlencoded or multipart/form-data, method names in any case) and
 * `/file/bot<token>/<file_path>`, answers `{ok: true, result}` or `{ok: false, error_code, description,
 * parameters?}` with Telegram's own descriptions, refuses a wrong token with 401 "Unauthorized", and records what
 * it was sent. Server-side integration tests reuse it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { FakeProvider } from '../../channels/bridge-contract'

export const FAKE_BOT = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Switchboard',
  username: 'switchboard_test_bot',
}

/** The send methods the bridge uses, and the field each one's file comes in. */
const SEND_METHODS: Record<string, string | null> = {
  sendmessage: null,
  sendphoto: 'photo',
  senddocument: 'document',
  sendvoice: 'voice',
  sendaudio: 'audio',
  sendvideo: 'video',
}

export interface FakeUpload {
  readonly field: string
  readonly name: string
  readonly mime: string
  readonly bytes: Uint8Array
}

export interface FakeSent {
  readonly chat: string
  readonly text: string
  readonly providerMessageId: string
  /** The Bot API method, as Telegram names it (`sendPhoto`). */
  readonly method: string
  readonly replyParameters?: { readonly message_id: number; readonly allow_sending_without_reply?: boolean }
  readonly file?: FakeUpload
  /** The inline keyboard under the message, as sent (`reply_markup.inline_keyboard`). */
  readonly inlineKeyboard?: ReadonlyArray<
    ReadonlyArray<{ readonly text: string; readonly callback_data?: string }>
  >
}

export interface FakeCall {
  readonly method: string
  readonly contentType: string
  readonly params: Readonly<Record<string, unknown>>
}

export type FailMode =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  | { kind: 'hang' }
  /** nginx in front of the Bot API answering HTML, as it does when the backend is down. */
  | { kind: 'bad-gateway' }
  /** The connection dropped after the request arrived. */
  | { kind: 'reset' }

export interface TelegramFake extends FakeProvider {
  readonly token: string
  readonly sent: readonly FakeSent[]
  /** Every API call that passed the token check, in order. */
  readonly calls: readonly FakeCall[]
  /** The webhook set with setWebhook, if any. */
  readonly webhook: { url: string; secretToken?: string; allowedUpdates?: unknown } | null
  failNext(mode: FailMode): void
  /** The customer in this chat blocked the bot: sends answer 403. */
  block(chatId: string): void
  /** A message the bot sent, as it stands now (after edits), or undefined once deleted. */
  message(chatId: string, messageId: string): { text?: string; caption?: string } | undefined
}

interface Stored {
  text?: string
  caption?: string
}

interface StoredFile {
  readonly path: string
  readonly bytes: Uint8Array
  readonly mime: string
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Telegram's error answer. */
const fail = (res: ServerResponse, status: number, description: string, parameters?: object): void =>
  json(res, status, { ok: false, error_code: status, description, ...(parameters && { parameters }) })

const badRequest = (res: ServerResponse, what: string): void => fail(res, 400, `Bad Request: ${what}`)

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Parameters and files from any of the ways the Bot API takes them. */
const paramsOf = async (
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, unknown>; files: Record<string, FakeUpload> }> => {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams)
  const files: Record<string, FakeUpload> = {}
  const body = await readBody(req)
  const contentType = req.headers['content-type'] ?? ''
  if (contentType.startsWith('application/json')) {
    Object.assign(params, JSON.parse(body.toString('utf8')) as Record<string, unknown>)
  } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))))
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData()
    for (const [key, value] of form) {
      if (typeof value === 'string') params[key] = value
      else {
        files[key] = {
          field: key,
          name: value.name,
          mime: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        }
      }
    }
  }
  return { params, files }
}

/** A JSON-serialized object parameter arrives as a string in forms and as an object in JSON. */
const objectParam = (value: unknown): Record<string, unknown> | undefined => {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}

const textParam = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined

export const startTelegramFake = async (options: { token?: string } = {}): Promise<TelegramFake> => {
  const token = options.token ?? '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'
  const sent: FakeSent[] = []
  const calls: FakeCall[] = []
  const failures: FailMode[] = []
  const blocked = new Set<string>()
  const messages = new Map<string, Stored>()
  const deleted = new Set<string>()
  const files = new Map<string, StoredFile>()
  const sockets = new Set<Socket>()
  let nextMessageId = 100
  let nextFile = 1
  let webhook: TelegramFake['webhook'] = null

  const key = (chat: string, id: string) => `${chat}/${id}`

  /** `chat_id`: an integer id or an @username; anything else is a chat Telegram does not know. */
  const chatOf = (res: ServerResponse, params: Record<string, unknown>): string | null => {
    const chat = textParam(params.chat_id)
    if (chat === undefined || chat === '') {
      badRequest(res, 'chat_id is empty')
      return null
    }
    if (!/^-?\d+$/.test(chat) && !chat.startsWith('@')) {
      badRequest(res, 'chat not found')
      return null
    }
    return chat
  }

  const send = (
    res: ServerResponse,
    method: string,
    params: Record<string, unknown>,
    uploads: Record<string, FakeUpload>,
  ) => {
    const fileField = SEND_METHODS[method.toLowerCase()] ?? null
    const chat = chatOf(res, params)
    if (chat === null) return
    if (blocked.has(chat)) return fail(res, 403, 'Forbidden: bot was blocked by the user')
    const text = textParam(fileField === null ? params.text : params.caption) ?? ''
    if (fileField === null) {
      if (text.trim() === '') return badRequest(res, 'message text is empty')
      if ([...text].length > 4096) return badRequest(res, 'message is too long')
    } else {
      if (!uploads[fileField]) return badRequest(res, `there is no ${fileField} in the request`)
      if ([...text].length > 1024) return badRequest(res, 'message caption is too long')
    }
    const reply = objectParam(params.reply_parameters)
    if (reply) {
      // The fake never sees the customer's messages, so it takes any id as existing unless the bot deleted it.
      const repliedTo = textParam(reply.message_id)
      const known = repliedTo !== undefined && Number(repliedTo) > 0 && !deleted.has(key(chat, repliedTo))
      if (!known && reply.allow_sending_without_reply !== true)
        return badRequest(res, 'message to be replied not found')
    }
    // An inline keyboard's callback_data is 1–64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton).
    const markup = objectParam(params.reply_markup)
    const keyboard = markup?.inline_keyboard as FakeSent['inlineKeyboard'] | undefined
    for (const button of keyboard?.flat() ?? []) {
      const bytes = new TextEncoder().encode(button.callback_data ?? '').length
      if (!button.text || bytes < 1 || bytes > 64) return badRequest(res, 'BUTTON_DATA_INVALID')
    }
    const messageId = nextMessageId++
    const file = fileField === null ? undefined : uploads[fileField]
    messages.set(key(chat, String(messageId)), fileField === null ? { text } : { caption: text })
    sent.push({
      chat,
      text,
      providerMessageId: String(messageId),
      method: canonical(method),
      ...(reply && { replyParameters: reply as unknown as NonNullable<FakeSent['replyParameters']> }),
      ...(file && { file }),
      ...(keyboard && { inlineKeyboard: keyboard }),
    })
    const date = Math.floor(Date.now() / 1000)
    const result: Record<string, unknown> = {
      message_id: messageId,
      from: FAKE_BOT,
      chat: { id: Number(chat), type: 'private' },
      date,
    }
    if (fileField === null) result.text = text
    else if (text !== '') result.caption = text
    if (file) {
      const fileId = `fake-upload-${messageId}`
      const meta = { file_id: fileId, file_unique_id: `u${messageId}`, file_size: file.bytes.byteLength }
      result[fileField as string] =
        fileField === 'photo' ? [{ ...meta, width: 1280, height: 960 }] : { ...meta, mime_type: file.mime }
    }
    json(res, 200, { ok: true, result })
  }

  const canonical = (method: string): string =>
    ({
      sendmessage: 'sendMessage',
      sendphoto: 'sendPhoto',
      senddocument: 'sendDocument',
      sendvoice: 'sendVoice',
      sendaudio: 'sendAudio',
      sendvideo: 'sendVideo',
    })[method.toLowerCase()] ?? method

  const stored = (res: ServerResponse, params: Record<string, unknown>, missing: string) => {
    const chat = chatOf(res, params)
    if (chat === null) return null
    const id = textParam(params.message_id)
    const message = id === undefined ? undefined : messages.get(key(chat, id))
    if (id === undefined || !message) {
      badRequest(res, missing)
      return null
    }
    return { chat, id, message }
  }

  const methods: Record<string, (res: ServerResponse, params: Record<string, unknown>) => void> = {
    getme: (res) => json(res, 200, { ok: true, result: FAKE_BOT }),
    editmessagetext: (res, params) => {
      const target = stored(res, params, 'message to edit not found')
      if (!target) return
      const text = textParam(params.text) ?? ''
      if (text.trim() === '') return badRequest(res, 'message text is empty')
      if (target.message.text === undefined) return badRequest(res, 'there is no text in the message to edit')
      if (target.message.text === text) {
        return badRequest(
          res,
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        )
      }
      target.message.text = text
      json(res, 200, {
        ok: true,
        result: {
          message_id: Number(target.id),
          from: FAKE_BOT,
          chat: { id: Number(target.chat), type: 'private' },
          text,
        },
      })
    },
    editmessagecaption: (res, params) => {
      const target = stored(res, params, 'message to edit not found')
      if (!target) return
      const caption = textParam(params.caption) ?? ''
      if (target.message.caption === caption) {
        return badRequest(
          res,
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        )
      }
      target.message.caption = caption
      json(res, 200, {
        ok: true,
        result: {
          message_id: Number(target.id),
          from: FAKE_BOT,
          chat: { id: Number(target.chat), type: 'private' },
          caption,
        },
      })
    },
    deletemessage: (res, params) => {
      const target = stored(res, params, 'message to delete not found')
      if (!target) return
      messages.delete(key(target.chat, target.id))
      deleted.add(key(target.chat, target.id))
      json(res, 200, { ok: true, result: true })
    },
    getfile: (res, params) => {
      const fileId = textParam(params.file_id)
      const file = fileId === undefined ? undefined : files.get(fileId)
      if (fileId === undefined || !file) return badRequest(res, 'invalid file_id')
      json(res, 200, {
        ok: true,
        result: {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_size: file.bytes.byteLength,
          file_path: file.path,
        },
      })
    },
    setwebhook: (res, params) => {
      const url = textParam(params.url) ?? ''
      const secret = textParam(params.secret_token)
      if (url !== '' && !url.startsWith('https://')) {
        return badRequest(res, 'bad webhook: An HTTPS URL must be provided for webhook')
      }
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
        return badRequest(res, 'secret token contains unallowed characters')
      }
      const allowed = params.allowed_updates
      webhook =
        url === ''
          ? null
          : {
              url,
              ...(secret !== undefined && { secretToken: secret }),
              ...(allowed !== undefined && { allowedUpdates: objectParam(allowed) ?? allowed }),
            }
      json(res, 200, {
        ok: true,
        result: true,
        description: url === '' ? 'Webhook was deleted' : 'Webhook was set',
      })
    },
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname)
    if (fileMatch) {
      const file = [...files.values()].find((f) => f.path === fileMatch[2])
      if (fileMatch[1] !== token) return fail(res, 401, 'Unauthorized')
      if (!file) return fail(res, 404, 'Not Found')
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': file.bytes.byteLength,
      })
      res.end(file.bytes)
      return
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname)
    if (!match) return fail(res, 404, 'Not Found')
    if (match[1] !== token) return fail(res, 401, 'Unauthorized')
    const method = match[2] as string
    const { params, files: uploads } = await paramsOf(req, url)
    calls.push({ method, contentType: req.headers['content-type'] ?? '', params })
    const lower = method.toLowerCase()
    if (lower in SEND_METHODS) {
      const failure = failures.shift()
      if (failure) {
        switch (failure.kind) {
          case 'rate-limit':
            return fail(res, 429, `Too Many Requests: retry after ${failure.retryAfterSeconds}`, {
              retry_after: failure.retryAfterSeconds,
            })
          case 'server-error':
            return fail(res, 500, 'Internal Server Error')
          case 'bad-gateway':
            res.writeHead(502, { 'content-type': 'text/html' })
            res.end(
              '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.18.0</center></body></html>',
            )
            return
          case 'reset':
            req.socket.destroy()
            return
          case 'hang':
            return
        }
      }
      return send(res, method, params, uploads)
    }
    const handler = methods[lower]
    if (!handler) return fail(res, 404, 'Not Found')
    handler(res, params)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => fail(res, 400, "Bad Request: can't parse request"))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    sent,
    calls,
    get webhook() {
      return webhook
    },
    failNext: (mode) => {
      failures.push(mode)
    },
    block: (chatId) => {
      blocked.add(chatId)
    },
    message: (chatId, messageId) => {
      const message = messages.get(key(chatId, messageId))
      return message && { ...message }
    },
    addFile: (bytes, mime) => {
      const n = nextFile++
      const fileId = `AgACAgIAAxkBAAIB${n}XXXXXXXXXXXGBdhD2l6_XX`
      const ext = mime.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin'
      files.set(fileId, { path: `documents/file_${n}.${ext}`, bytes: new Uint8Array(bytes), mime })
      return fileId
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
