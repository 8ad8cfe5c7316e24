/**
 * A local fake of VK's API for a community (https://dev.vk.com/ru/api/api-requests): a real HTTP server on port
 * 0 serving `/method/<name>` (GET query or POST form, `access_token` and `v` required) with VK's answers
 * `{response}` or `{error: {error_code, error_msg, request_params}}` at HTTP 200, the upload servers the
 * `*.getMessagesUploadServer` methods hand out (multipart), and files to download. It refuses a wrong token with
 * error 5 as VK does, keeps `random_id`s so a resend returns the first message's id without sending again, and
 * records what it was sent. Server-side integration tests reuse it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { FakeProvider } from '../../channels/bridge-contract'

export interface VkFakeOptions {
  readonly groupId: number
  readonly accessToken: string
}

export interface VkSent {
  readonly chat: string
  readonly text: string
  readonly providerMessageId: string
  readonly randomId: number
  readonly attachment?: string
  readonly replyTo?: string
  readonly forward?: string
  /** The `keyboard` parameter, parsed (https://dev.vk.com/ru/api/bots/development/keyboard). */
  readonly keyboard?: {
    readonly inline?: boolean
    readonly buttons: ReadonlyArray<ReadonlyArray<{ readonly action: Record<string, string> }>>
  }
}

export interface VkCall {
  readonly method: string
  readonly params: Readonly<Record<string, string>>
}

export interface VkUpload {
  readonly server: 'photo' | 'doc'
  readonly field: string
  readonly name: string
  readonly mime: string
  readonly bytes: Uint8Array
}

export interface VkUser {
  readonly id: number
  readonly first_name: string
  readonly last_name: string
  readonly screen_name?: string
  readonly photo_100?: string
}

export type VkFailMode =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  | { kind: 'hang' }
  /** VK's own error answer (HTTP 200), e.g. 9 "Flood control". */
  | { kind: 'vk-error'; code: number; message: string }
  /** VK does the call, but the answer never arrives (the connection hangs): what `random_id` is for. */
  | { kind: 'answer-lost' }

export interface VkFake extends FakeProvider {
  readonly sent: readonly VkSent[]
  /** Every method call that passed the token check, in order. */
  readonly calls: readonly VkCall[]
  readonly uploads: readonly VkUpload[]
  /** The next method call (or the next call of `method`) fails this way. */
  failNext(mode: VkFailMode, method?: string): void
  /** The user forbade messages from the community: sends to them answer error 901. */
  block(peerId: string): void
  addUser(user: VkUser): void
  /** A message the community sent, as it stands now (after edits), or undefined once deleted. */
  message(peerId: string, messageId: string): { readonly text: string } | undefined
}

interface Stored {
  peer: string
  text: string
  date: number
  deleted: boolean
}

/** VK's messages for the errors the fake gives (https://dev.vk.com/ru/reference/errors). */
const ERRORS = {
  unknownMethod: [3, 'Unknown method passed'],
  auth: [5, 'User authorization failed: invalid access_token (4).'],
  version: [8, 'Invalid request: v (version) is required'],
  param: [100, 'One of the parameters specified was missing or invalid'],
  noPermission: [901, "Can't send messages for users without permission"],
  cantDelete: [924, "Can't delete this message for everybody"],
  keyboard: [911, 'Keyboard format is invalid'],
} as const satisfies Record<string, readonly [number, string]>

class VkError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}
const fail = ([code, message]: readonly [number, string], detail?: string): never => {
  throw new VkError(code, detail ? `${message}: ${detail}` : message)
}

/** VK reads the file, not its name or type: JPEG, PNG and GIF by their first bytes. */
const isImage = (bytes: Uint8Array) =>
  (bytes[0] === 0xff && bytes[1] === 0xd8) ||
  (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) ||
  (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46)

const readBody = async (req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

/** The request as a fetch `Request`, to read urlencoded and multipart bodies with the platform's own parser. */
const asRequest = (req: IncomingMessage, body: Uint8Array<ArrayBuffer>) =>
  new Request(`http://fake${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' },
    ...(body.length > 0 && { body }),
  })

/**
 * A `keyboard` as VK checks it: JSON with rows of buttons; an inline one has at most 6 rows, 5 buttons a row and
 * 10 in all; a label is at most 40 characters and a payload (JSON) at most 255 (error 911 otherwise).
 */
const keyboardOf = (raw: string): NonNullable<VkSent['keyboard']> => {
  let keyboard: NonNullable<VkSent['keyboard']>
  try {
    keyboard = JSON.parse(raw) as NonNullable<VkSent['keyboard']>
  } catch {
    return fail(ERRORS.keyboard, 'not JSON')
  }
  const rows = Array.isArray(keyboard.buttons) ? keyboard.buttons : []
  const all = rows.flat()
  if (keyboard.inline && (rows.length > 6 || rows.some((row) => row.length > 5) || all.length > 10))
    fail(ERRORS.keyboard, 'too many buttons')
  for (const { action } of all) {
    if (action?.type !== 'text' || !action.label || [...action.label].length > 40)
      fail(ERRORS.keyboard, 'a text button needs a label of up to 40 characters')
    if (action.payload !== undefined && action.payload.length > 255)
      fail(ERRORS.keyboard, 'payload is longer than 255 characters')
  }
  return keyboard
}

export const startVkFake = async (options: VkFakeOptions): Promise<VkFake> => {
  const sent: VkSent[] = []
  const calls: VkCall[] = []
  const uploads: VkUpload[] = []
  const failures: Array<{ mode: VkFailMode; method: string | undefined }> = []
  const blocked = new Set<string>()
  const users = new Map<number, VkUser>()
  const messages = new Map<string, Stored>()
  const byRandomId = new Map<string, number>()
  const files = new Map<string, { bytes: Uint8Array; mime: string }>()
  /** Uploaded but not saved yet, by the key the upload server answered; then saved attachments. */
  const pending = new Map<string, VkUpload>()
  const saved = new Set<string>()
  const hanging = new Set<ServerResponse>()
  const sockets = new Set<Socket>()
  let nextId = 4100
  let url = ''
  const ownerId = -options.groupId

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    res.end(JSON.stringify(body))
  }

  const takeFailure = (method: string) => {
    const index = failures.findIndex((f) => f.method === undefined || f.method === method)
    return index < 0 ? undefined : failures.splice(index, 1)[0]?.mode
  }

  const methods: Record<string, (p: Record<string, string>) => unknown> = {
    'messages.send': (p) => {
      const peer = p.peer_id ?? fail(ERRORS.param, 'peer_id is undefined')
      const randomId = p.random_id ?? fail(ERRORS.param, 'random_id is a required parameter')
      const text = p.message ?? ''
      if (!text && !p.attachment) fail(ERRORS.param, 'message is empty or invalid')
      if (p.attachment && !p.attachment.split(',').every((a) => saved.has(a)))
        fail(ERRORS.param, 'attachment')
      if (blocked.has(peer)) fail(ERRORS.noPermission)
      const keyboard = p.keyboard === undefined ? undefined : keyboardOf(p.keyboard)
      const earlier = byRandomId.get(randomId)
      if (earlier !== undefined && randomId !== '0') return earlier
      const id = nextId++
      if (randomId !== '0') byRandomId.set(randomId, id)
      messages.set(`${peer}:${id}`, { peer, text, date: Math.floor(Date.now() / 1000), deleted: false })
      sent.push({
        chat: peer,
        text,
        providerMessageId: String(id),
        randomId: Number(randomId),
        ...(p.attachment !== undefined && { attachment: p.attachment }),
        ...(p.reply_to !== undefined && { replyTo: p.reply_to }),
        ...(p.forward !== undefined && { forward: p.forward }),
        ...(keyboard && { keyboard }),
      })
      return id
    },
    'messages.edit': (p) => {
      const stored = messages.get(`${p.peer_id}:${p.message_id}`)
      if (!stored || stored.deleted) return fail(ERRORS.param, 'message_id')
      stored.text = p.message ?? ''
      return 1
    },
    'messages.delete': (p) => {
      const ids = (p.message_ids ?? fail(ERRORS.param, 'message_ids')).split(',')
      return ids.map((id) => {
        const stored = messages.get(`${p.peer_id}:${id}`)
        if (!stored || stored.deleted || p.delete_for_all !== '1') {
          return {
            peer_id: Number(p.peer_id),
            message_id: Number(id),
            error: { code: 924, description: ERRORS.cantDelete[1] },
          }
        }
        stored.deleted = true
        return { peer_id: Number(p.peer_id), message_id: Number(id), response: 1 }
      })
    },
    'photos.getMessagesUploadServer': () => ({
      upload_url: `${url}/upload/photo`,
      album_id: -64,
      group_id: options.groupId,
    }),
    'photos.saveMessagesPhoto': (p) => {
      const key = /"photo":"([^"]+)"/.exec(p.photo ?? '')?.[1]
      const upload = key ? pending.get(key) : undefined
      if (!key || !upload || !p.server || !p.hash) return fail(ERRORS.param, 'photo')
      pending.delete(key)
      const id = nextId++
      const accessKey = `ak${id}`
      saved.add(`photo${ownerId}_${id}_${accessKey}`)
      const file = addFile(upload.bytes, upload.mime)
      return [
        {
          id,
          album_id: -64,
          owner_id: ownerId,
          access_key: accessKey,
          date: Math.floor(Date.now() / 1000),
          text: '',
          sizes: [{ type: 'x', url: file, width: 604, height: 453 }],
        },
      ]
    },
    'docs.getMessagesUploadServer': (p) => {
      if (p.type !== 'doc' && p.type !== 'audio_message') fail(ERRORS.param, 'type')
      return { upload_url: `${url}/upload/doc?type=${p.type}` }
    },
    'docs.save': (p) => {
      const key = p.file ?? ''
      const upload = pending.get(key)
      if (!upload) return fail(ERRORS.param, 'file')
      pending.delete(key)
      const id = nextId++
      saved.add(`doc${ownerId}_${id}`)
      const link = addFile(upload.bytes, upload.mime)
      if (key.startsWith('audio_message')) {
        return {
          type: 'audio_message',
          audio_message: { id, owner_id: ownerId, duration: 1, link_ogg: link, link_mp3: link },
        }
      }
      const title = p.title || upload.name
      const ext = title.includes('.') ? (title.split('.').pop() ?? '') : ''
      return {
        type: 'doc',
        doc: { id, owner_id: ownerId, title, size: upload.bytes.length, ext, url: link, type: 8 },
      }
    },
    'users.get': (p) =>
      (p.user_ids ?? '')
        .split(',')
        .map((id) => users.get(Number(id)))
        .filter((user) => user !== undefined),
  }

  const callMethod = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    body: Uint8Array<ArrayBuffer>,
  ) => {
    const request = asRequest(req, body)
    const params: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams)
    if (req.method === 'POST' && body.length > 0) {
      for (const [key, value] of await request.formData()) if (typeof value === 'string') params[key] = value
    }
    const requestParams = [
      { key: 'method', value: method },
      { key: 'oauth', value: '1' },
      ...Object.entries(params)
        .filter(([key]) => key !== 'access_token')
        .map(([key, value]) => ({ key, value })),
    ]
    try {
      if (params.access_token !== options.accessToken) fail(ERRORS.auth)
      if (!params.v) fail(ERRORS.version)
      const handler = methods[method] ?? fail(ERRORS.unknownMethod)
      const mode = takeFailure(method)
      if (mode?.kind === 'hang') {
        hanging.add(res)
        return
      }
      if (mode?.kind === 'rate-limit') {
        return json(
          res,
          429,
          { error: 'Too Many Requests' },
          { 'retry-after': String(mode.retryAfterSeconds) },
        )
      }
      if (mode?.kind === 'server-error') {
        res.writeHead(500, { 'content-type': 'text/html' })
        return res.end('<html><body><h1>500 Internal Server Error</h1></body></html>')
      }
      if (mode?.kind === 'vk-error') throw new VkError(mode.code, mode.message)
      calls.push({ method, params })
      const response = handler(params)
      if (mode?.kind === 'answer-lost') {
        hanging.add(res)
        return
      }
      json(res, 200, { response })
    } catch (err) {
      if (!(err instanceof VkError)) throw err
      json(res, 200, {
        error: { error_code: err.code, error_msg: err.message, request_params: requestParams },
      })
    }
  }

  /** The upload servers answer as VK's do: `{server, photo, hash}` for photos, `{file}` or `{error}` for docs. */
  const receiveUpload = async (
    req: IncomingMessage,
    res: ServerResponse,
    server: 'photo' | 'doc',
    body: Uint8Array<ArrayBuffer>,
  ) => {
    const request = asRequest(req, body)
    const field = server === 'photo' ? 'photo' : 'file'
    const form = await request.formData().catch(() => null)
    const file = form?.get(field)
    if (!file || typeof file === 'string') {
      return json(res, 200, server === 'photo' ? { server: 1, photo: '[]', hash: '' } : { error: 'no file' })
    }
    const upload: VkUpload = {
      server,
      field,
      name: file.name,
      mime: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    }
    uploads.push(upload)
    if (server === 'photo' && !isImage(upload.bytes)) {
      return json(res, 200, { server: 1, photo: '[]', hash: '' })
    }
    const key = `${new URL(request.url).searchParams.get('type') ?? server}-${uploads.length}`
    pending.set(key, upload)
    if (server === 'doc') return json(res, 200, { file: key })
    const photo = JSON.stringify([{ photo: key, sizes: [], kid: 'k', debug: 'x' }])
    json(res, 200, { server: 844123, photo, hash: `hash-${key}` })
  }

  const serveFile = (res: ServerResponse, path: string) => {
    const file = files.get(path)
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      return res.end('Not Found')
    }
    res.writeHead(200, { 'content-type': file.mime, 'content-length': String(file.bytes.length) })
    res.end(file.bytes)
  }

  const addFile = (bytes: Uint8Array, mime: string): string => {
    const path = `/files/${files.size + 1}`
    files.set(path, { bytes, mime })
    return `${url}${path}`
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname
    readBody(req)
      .then((body) => {
        if (path.startsWith('/method/')) return callMethod(req, res, path.slice('/method/'.length), body)
        if (path === '/upload/photo' && req.method === 'POST') return receiveUpload(req, res, 'photo', body)
        if (path === '/upload/doc' && req.method === 'POST') return receiveUpload(req, res, 'doc', body)
        if (path.startsWith('/files/') && req.method === 'GET') return serveFile(res, path)
        res.writeHead(404, { 'content-type': 'text/plain' })
        res.end('Not Found')
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(err))
      })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    sent,
    calls,
    uploads,
    failNext: (mode, method) => {
      failures.push({ mode, method })
    },
    addFile,
    block: (peerId) => {
      blocked.add(peerId)
    },
    addUser: (user) => {
      users.set(user.id, user)
    },
    message: (peerId, messageId) => {
      const stored = messages.get(`${peerId}:${messageId}`)
      return stored && !stored.deleted ? { text: stored.text } : undefined
    },
    close: async () => {
      for (const res of hanging) res.destroy()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
