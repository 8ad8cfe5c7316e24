/**
 * A local fake of the WhatsApp Business Cloud API (Meta's Graph API) on port 0, speaking its wire format:
 * `POST /{version}/{phone-number-id}/messages` (JSON), `POST /{version}/{phone-number-id}/media` (multipart),
 * `GET /{version}/{media-id}` (the media's short-lived URL) and that URL, `GET /{version}/{waba-id}/message_templates`
 * (paged) and `type: template` sends checked against those templates, all with `Authorization: Bearer`.
 * Errors are Graph's `{error: {message, type, code, error_subcode?, error_data?, fbtrace_id}}`; a wrong token is a
 * 401 with code 190. It records what it was sent. Server-side integration tests reuse it.
 * Shapes: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages,
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media,
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes,
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { FakeProvider } from '../../channels/bridge-contract'

export interface FakeMedia {
  readonly id: string
  readonly bytes: Uint8Array
  readonly mime: string
  readonly filename?: string
}

export interface WhatsAppSent {
  /** The `to` of the request (the customer's wa_id). */
  readonly chat: string
  /** The text's body, or the media's caption. */
  readonly text: string
  readonly providerMessageId: string
  readonly type: string
  /** `context.message_id`: the message replied to. */
  readonly replyTo?: string
  /** The uploaded file the message refers to by id. */
  readonly media?: FakeMedia
  /** The whole JSON body, as sent. */
  readonly body: Readonly<Record<string, unknown>>
}

export interface WhatsAppCall {
  readonly method: string
  readonly path: string
}

/** A Graph error to answer: HTTP status, `code`, the title in `message`, `error_data.details`. */
export interface GraphFailure {
  readonly status: number
  readonly code: number
  readonly title: string
  readonly details?: string
  readonly subcode?: number
  readonly headers?: Readonly<Record<string, string>>
}

export type WhatsAppFailMode =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  | { kind: 'hang' }
  | ({ kind: 'graph-error' } & GraphFailure)

export interface WhatsAppFake extends FakeProvider {
  readonly sent: readonly WhatsAppSent[]
  /** Files uploaded through `/media`, by media id. */
  readonly uploads: ReadonlyMap<string, FakeMedia>
  /** Every request that passed the token check, in order. */
  readonly calls: readonly WhatsAppCall[]
  /** The next messages call fails this way (`rate-limit` answers 429 with `Retry-After`). */
  failNext(mode: WhatsAppFailMode): void
  /** The next media upload fails this way. */
  failNextUpload(mode: WhatsAppFailMode): void
  /** The account's templates as `GET /{waba-id}/message_templates` lists them (any status); replaceable. */
  templates: FakeTemplate[]
  /** The next template list call fails this way. */
  failNextList(mode: WhatsAppFailMode): void
}

/** A template as the Message Templates API describes it (`components` with `BODY` text and examples…). */
export interface FakeTemplate {
  readonly name: string
  readonly language: string
  readonly status: string
  readonly category: string
  readonly id?: string
  readonly parameter_format?: 'POSITIONAL' | 'NAMED'
  readonly components: ReadonlyArray<Readonly<Record<string, unknown>>>
}

export interface WhatsAppFakeOptions {
  readonly accessToken: string
  readonly phoneNumberId: string
  /** The WhatsApp Business Account whose templates it lists. */
  readonly businessAccountId?: string
  readonly templates?: readonly FakeTemplate[]
}

const traceId = () => `A${randomBytes(12).toString('base64url')}`

const graphError = (failure: Omit<GraphFailure, 'status' | 'headers'>) => ({
  error: {
    message: `(#${failure.code}) ${failure.title}`,
    type: 'OAuthException',
    code: failure.code,
    ...(failure.subcode !== undefined && { error_subcode: failure.subcode }),
    ...(failure.details !== undefined && {
      error_data: { messaging_product: 'whatsapp', details: failure.details },
    }),
    fbtrace_id: traceId(),
  },
})

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers })
  res.end(JSON.stringify(body))
}

const invalid = (res: ServerResponse, details: string) =>
  json(res, 400, graphError({ code: 100, title: 'Invalid parameter', details }))

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })

/** A wamid as Meta makes them: `wamid.` and a long base64 string (often over 60 characters in all). */
const newWamid = () => `wamid.${randomBytes(42).toString('base64')}`
const newMediaId = () => String(1_000_000_000_000_000 + Math.floor(Math.random() * 8_999_999_999_999_999))

const SEND_TYPES = new Set([
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'template',
  'interactive',
])

/**
 * An interactive list checked against the Cloud API's limits (body 1–4096 characters, button 1–20, at most 10
 * rows over all sections, row ids 1–200 and unique, titles 1–24, descriptions up to 72): its body text, or why
 * Meta would refuse it. Only lists: the bridge sends no other interactive type.
 */
const listText = (object: Record<string, unknown>): { text: string } | { error: string } => {
  const body = (object.body as { text?: unknown } | undefined)?.text
  const action = object.action as { button?: unknown; sections?: unknown } | undefined
  if (object.type !== 'list')
    return { error: `interactive.type ${String(object.type)} is not supported here` }
  if (typeof body !== 'string' || body.length === 0 || body.length > 4096)
    return { error: 'interactive.body.text must be 1 to 4096 characters' }
  const button = action?.button
  if (typeof button !== 'string' || [...button].length === 0 || [...button].length > 20)
    return { error: 'interactive.action.button must be 1 to 20 characters' }
  const sections = Array.isArray(action?.sections) ? (action.sections as { rows?: unknown }[]) : []
  const rows = sections.flatMap((section) =>
    Array.isArray(section.rows) ? (section.rows as Record<string, unknown>[]) : [],
  )
  if (sections.length === 0 || sections.length > 10 || rows.length === 0 || rows.length > 10)
    return { error: 'a list has 1 to 10 sections and 1 to 10 rows in all' }
  const ids = new Set<string>()
  for (const row of rows) {
    const { id, title, description } = row
    if (typeof id !== 'string' || id.length === 0 || id.length > 200 || ids.has(id))
      return { error: 'each row needs a unique id of 1 to 200 characters' }
    ids.add(id)
    if (typeof title !== 'string' || [...title].length === 0 || [...title].length > 24)
      return { error: 'a row title is 1 to 24 characters' }
    if (description !== undefined && (typeof description !== 'string' || [...description].length > 72))
      return { error: 'a row description is at most 72 characters' }
  }
  return { text: body }
}
const PARAM = /\{\{\s*(\d+|[a-z_][a-z0-9_]*)\s*\}\}/g

/**
 * A `template` object checked as Meta does: an approved template of that name and language, a body parameter for
 * each of its placeholders (error 132000 otherwise). The rendered body, or the Graph error to answer.
 */
const renderTemplate = (
  templates: readonly FakeTemplate[],
  object: Record<string, unknown>,
): { text: string } | { error: Omit<GraphFailure, 'headers'> } => {
  const language = (object.language as { code?: unknown } | undefined)?.code
  const template = templates.find(
    (t) => t.name === object.name && t.language === language && t.status === 'APPROVED',
  )
  if (!template) {
    return {
      error: {
        status: 404,
        code: 132001,
        title: 'Template name does not exist in the translation',
        details: `template name (${String(object.name)}) does not exist in ${String(language)}`,
      },
    }
  }
  const body = String(template.components.find((c) => c.type === 'BODY')?.text ?? '')
  const wanted = [...new Set([...body.matchAll(PARAM)].map((m) => m[1] as string))]
  const components = (object.components ?? []) as { type?: string; parameters?: unknown[] }[]
  const given = (components.find((c) => c.type === 'body')?.parameters ?? []) as {
    type?: string
    text?: string
    parameter_name?: string
  }[]
  const named = template.parameter_format === 'NAMED'
  const values = new Map(
    given.map((p, i) => [
      named ? (p.parameter_name ?? '') : String(i + 1),
      p.type === 'text' ? p.text : undefined,
    ]),
  )
  if (given.length !== wanted.length || wanted.some((name) => !values.get(name))) {
    return {
      error: {
        status: 400,
        code: 132000,
        title: 'Number of parameters does not match the expected number of params',
        details: `body: number of localizable_params (${given.length}) does not match the expected number of params (${wanted.length})`,
      },
    }
  }
  // Quick-reply buttons take a payload each, by index; an index with no quick-reply button is refused.
  const buttons = (template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []) as {
    type?: string
  }[]
  for (const component of components.filter((c) => c.type === 'button')) {
    const { sub_type, index, parameters } = component as {
      sub_type?: string
      index?: string
      parameters?: unknown
    }
    const payload = Array.isArray(parameters)
      ? (parameters[0] as { type?: string; payload?: unknown })
      : undefined
    const target = buttons[Number(index)]
    if (sub_type !== 'quick_reply' || target?.type !== 'QUICK_REPLY' || payload?.type !== 'payload') {
      return {
        error: {
          status: 400,
          code: 132000,
          title: 'Number of parameters does not match the expected number of params',
          details: `button at index ${String(index)}: the template has no quick-reply button there`,
        },
      }
    }
  }
  return { text: body.replace(PARAM, (_, name: string) => values.get(name) ?? '') }
}

export const startWhatsAppFake = async (options: WhatsAppFakeOptions): Promise<WhatsAppFake> => {
  const sent: WhatsAppSent[] = []
  const calls: WhatsAppCall[] = []
  const media = new Map<string, FakeMedia>()
  const uploads = new Map<string, FakeMedia>()
  const sendFailures: WhatsAppFailMode[] = []
  const uploadFailures: WhatsAppFailMode[] = []
  const listFailures: WhatsAppFailMode[] = []
  let templates: FakeTemplate[] = [...(options.templates ?? [])]
  const sockets = new Set<Socket>()
  let base = ''

  /** Answers a failure mode; `hang` answers nothing (the socket stays open until `close`). */
  const fail = (res: ServerResponse, mode: WhatsAppFailMode): void => {
    switch (mode.kind) {
      case 'hang':
        return
      case 'rate-limit':
        // Meta documents no wait for 130429; a `Retry-After` (as proxies add) is what the bridge honours first.
        json(
          res,
          429,
          graphError({
            code: 130429,
            title: 'Rate limit hit',
            details: 'Cloud API message throughput has been reached.',
          }),
          { 'Retry-After': String(mode.retryAfterSeconds) },
        )
        return
      case 'server-error':
        json(
          res,
          500,
          graphError({ code: 131000, title: 'Something went wrong', details: 'Something went wrong' }),
        )
        return
      case 'graph-error':
        json(res, mode.status, graphError(mode), { ...mode.headers })
    }
  }

  const sendMessage = (res: ServerResponse, raw: Buffer) => {
    const failure = sendFailures.shift()
    if (failure) return fail(res, failure)
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
    } catch {
      return invalid(res, 'The request body is not JSON')
    }
    if (body.messaging_product !== 'whatsapp') {
      return json(res, 400, graphError({ code: 100, title: 'The parameter messaging_product is required.' }))
    }
    const to = body.to
    const type = typeof body.type === 'string' ? body.type : 'text'
    if (typeof to !== 'string' || !/^\+?\d{5,20}$/.test(to)) return invalid(res, 'Invalid parameter: to')
    if (!SEND_TYPES.has(type)) return invalid(res, `Unsupported message type: ${type}`)
    const object = body[type] as Record<string, unknown> | undefined
    if (!object || typeof object !== 'object') return invalid(res, `Parameter ${type} is required`)
    let text: string
    let file: FakeMedia | undefined
    if (type === 'template') {
      const rendered = renderTemplate(templates, object)
      if ('error' in rendered) return json(res, rendered.error.status, graphError(rendered.error))
      text = rendered.text
    } else if (type === 'interactive') {
      const list = listText(object)
      if ('error' in list) return invalid(res, list.error)
      text = list.text
    } else if (type === 'text') {
      if (typeof object.body !== 'string' || object.body.length === 0 || object.body.length > 4096) {
        return invalid(res, 'text.body must be 1 to 4096 characters')
      }
      text = object.body
    } else {
      file = typeof object.id === 'string' ? uploads.get(object.id) : undefined
      if (!file) return invalid(res, `${type}.id is not a media id uploaded by this phone number`)
      text = typeof object.caption === 'string' ? object.caption : ''
    }
    const context = body.context as { message_id?: unknown } | undefined
    const replyTo = typeof context?.message_id === 'string' ? context.message_id : undefined
    const id = newWamid()
    sent.push({
      chat: to,
      text,
      providerMessageId: id,
      type,
      ...(replyTo !== undefined && { replyTo }),
      ...(file && { media: file }),
      body,
    })
    json(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
      messages: [{ id }],
    })
  }

  const uploadMedia = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const failure = uploadFailures.shift()
    if (failure) return fail(res, failure)
    let form: FormData
    try {
      form = await new Request('http://fake/upload', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: new Uint8Array(raw),
      }).formData()
    } catch {
      return invalid(res, 'The upload is not multipart/form-data')
    }
    const file = form.get('file')
    const type = form.get('type')
    if (form.get('messaging_product') !== 'whatsapp') {
      return json(res, 400, graphError({ code: 100, title: 'The parameter messaging_product is required.' }))
    }
    if (!(file instanceof File)) return invalid(res, 'The parameter file is required.')
    if (typeof type !== 'string' || type.length === 0) return invalid(res, 'The parameter type is required.')
    const id = newMediaId()
    const stored = { id, bytes: new Uint8Array(await file.arrayBuffer()), mime: type, filename: file.name }
    uploads.set(id, stored)
    media.set(id, stored)
    json(res, 200, { id })
  }

  const mediaInfo = (res: ServerResponse, id: string) => {
    const file = media.get(id)
    if (!file) {
      return json(
        res,
        400,
        graphError({
          code: 100,
          subcode: 33,
          title: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        }),
      )
    }
    const sha256 = createHash('sha256').update(file.bytes).digest('hex')
    json(res, 200, {
      messaging_product: 'whatsapp',
      url: `${base}/whatsapp_business/attachments/?mid=${id}&ext=${Math.floor(Date.now() / 1000)}&hash=${sha256.slice(0, 16)}`,
      mime_type: file.mime,
      sha256,
      file_size: String(file.bytes.byteLength),
      id,
    })
  }

  /** A page of templates: `limit` (25 by default), `after` a cursor; `status` filters as Meta's parameter does. */
  const listTemplates = (res: ServerResponse, url: URL) => {
    const failure = listFailures.shift()
    if (failure) return fail(res, failure)
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 1000)
    const status = url.searchParams.get('status')
    const matching = templates.filter((t) => !status || t.status === status)
    const start = Number(Buffer.from(url.searchParams.get('after') ?? '', 'base64url').toString() || 0)
    const page = matching.slice(start, start + limit)
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url')
    const more = start + limit < matching.length
    const next = new URL(url)
    next.searchParams.set('after', cursor(start + limit))
    json(res, 200, {
      data: page,
      paging: {
        cursors: { before: cursor(start), after: cursor(start + page.length) },
        ...(more && { next: next.toString() }),
      },
    })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base)
    const raw = await readBody(req)
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      // The media URL refuses without the token too, but answers no Graph error body.
      if (url.pathname.startsWith('/whatsapp_business/')) return void res.writeHead(401).end()
      return json(
        res,
        401,
        graphError({ code: 190, title: 'Invalid OAuth access token - Cannot parse access token' }),
      )
    }
    calls.push({ method: req.method ?? 'GET', path: url.pathname })
    if (url.pathname === '/whatsapp_business/attachments/' && req.method === 'GET') {
      const file = media.get(url.searchParams.get('mid') ?? '')
      if (!file) return void res.writeHead(404).end()
      res.writeHead(200, { 'Content-Type': file.mime, 'Content-Length': String(file.bytes.byteLength) })
      return void res.end(file.bytes)
    }
    const [version, node, edge, ...rest] = url.pathname.split('/').filter(Boolean)
    if (!version || !/^v\d+\.\d+$/.test(version) || !node || rest.length > 0) {
      return json(res, 400, graphError({ code: 2500, title: `Unknown path components: ${url.pathname}` }))
    }
    if (req.method === 'GET' && edge === 'message_templates') {
      if (node !== options.businessAccountId) {
        return json(
          res,
          400,
          graphError({
            code: 100,
            subcode: 33,
            title: `Unsupported get request. Object with ID '${node}' does not exist`,
          }),
        )
      }
      return listTemplates(res, url)
    }
    if (req.method === 'GET' && edge === undefined) return mediaInfo(res, node)
    if (req.method === 'POST' && (edge === 'messages' || edge === 'media')) {
      if (node !== options.phoneNumberId) {
        return json(
          res,
          400,
          graphError({
            code: 100,
            subcode: 33,
            title: `Unsupported post request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          }),
        )
      }
      return edge === 'messages' ? sendMessage(res, raw) : uploadMedia(req, res, raw)
    }
    json(res, 400, graphError({ code: 2500, title: `Unknown path components: ${url.pathname}` }))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { error: { message: String(err), code: 1 } }))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    sent,
    uploads,
    calls,
    failNext: (mode) => void sendFailures.push(mode),
    failNextUpload: (mode) => void uploadFailures.push(mode),
    get templates() {
      return templates
    },
    set templates(next) {
      templates = next
    },
    failNextList: (mode) => void listFailures.push(mode),
    addFile: (bytes, mime) => {
      const id = newMediaId()
      media.set(id, { id, bytes, mime })
      return id
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
