/**
 * The widget's HTTP side, for any website: `GET /widget.js` (the script an admin puts on a site) and the
 * customer's JSON API under `/api/widget/:channelId/…`. Visitors authenticate with the token the widget got when
 * it started (`Authorization: Bearer`, or `?token=` for the event stream, which EventSource cannot give headers).
 *
 * - `GET    config`               the panel's title, greeting, colour
 * - `POST   visitors {name?, email?, page?}` → 201 `{visitorId, token}`
 * - `GET    messages?before=&limit=` → `{items, hasMore, typing}` (the customer's view, oldest first)
 * - `POST   messages {id, text}`  → 201 `{message}`; the same `id` again is the same message, stored once
 * - `POST   rating {messageId, score, comment?}` → 201 `{score, comment}`: a score for a rating request [RAT7]
 * - `POST   read {upTo}`          the visitor saw the answers up to that message
 * - `GET    events`               server-sent events: `snapshot`, then `message` and `typing`, `ping` every 20 s
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { widget } from '../../channels'
import { ErrorCode } from '../../model'
import type { ChannelRecord } from '../channel-registry'
import { addressOf, fail, parseJson, parseWith, tokenOf } from '../http'
import { RateLimit } from '../rate-limit'
import { widgetRatingLineId } from '../satisfaction/service'
import type { Services } from '../services'
import type { WidgetLive, WidgetStream } from './live'
import type { Visitors } from './visitors'

/** New visitors per address per 10 minutes: plenty for people behind one NAT, little for a script. */
const VISITORS_PER_ADDRESS = 60
/** Messages per visitor per minute. */
const MESSAGES_PER_VISITOR = 30
const PING_MS = 20_000
const PAGE = 50

const PageQuery = z.object({
  before: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE),
})

type Env = { Variables: { channel: ChannelRecord; config: widget.WidgetConfig } }

export interface WidgetDeps {
  readonly services: Services
  readonly visitors: Visitors
  readonly live: WidgetLive
}

/** The widget's settings of a channel; a channel saved before they were checked is shown with defaults. */
const configOf = (channel: ChannelRecord): widget.WidgetConfig => {
  const parsed = widget.WidgetConfigSchema.safeParse(channel.config)
  return parsed.success ? parsed.data : {}
}

const originAllowed = (config: widget.WidgetConfig, origin: string | undefined): boolean =>
  !config.allowedOrigins?.length || origin === undefined || config.allowedOrigins.includes(origin)

/** Routes under `/api/widget`. */
export const widgetApi = ({ services, visitors, live }: WidgetDeps): Hono<Env> => {
  const api = new Hono<Env>()
  const newVisitors = new RateLimit(VISITORS_PER_ADDRESS, 600_000, services.now)
  const messages = new RateLimit(MESSAGES_PER_VISITOR, 60_000, services.now)
  /** Event streams of visitors who have not written yet: attached to their chat when it is created. */
  const waiting = new Map<string, Set<(chatId: string) => void>>()

  api.use('/:channelId/*', async (c, next) => {
    const channel = services.channels.byId(c.req.param('channelId'))
    if (!channel || channel.kind !== 'widget' || !channel.enabled) {
      return fail(ErrorCode.notFound, 'no such widget')
    }
    const config = configOf(channel)
    c.set('channel', channel)
    c.set('config', config)
    if (!originAllowed(config, c.req.header('origin'))) {
      return fail(ErrorCode.forbidden, 'this site may not embed this widget')
    }
    return next()
  })
  api.use(
    '/:channelId/*',
    cors({
      origin: (origin) => origin || '*',
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    }),
  )

  const visitorOf = (c: Context<Env>): widget.Visitor => {
    const token = tokenOf(c.req.header('authorization'), c.req.query('token'))
    const visitor = token ? visitors.verify(c.get('channel').id, token) : null
    return visitor ?? fail(ErrorCode.unauthorized, 'unknown visitor: start again')
  }

  const chatOf = (c: Context<Env>, visitor: widget.Visitor): string | null =>
    services.chats.chatByExternal(c.get('channel').id, visitor.id)?.id ?? null

  api.get('/:channelId/config', (c) => {
    const { channel, config } = { channel: c.get('channel'), config: c.get('config') }
    const body: widget.WidgetPublicConfig = {
      title: config.title ?? channel.name,
      greeting: config.greeting ?? null,
      color: config.color ?? null,
    }
    return c.json(body)
  })

  api.post('/:channelId/visitors', async (c) => {
    if (!newVisitors.take(addressOf(c)))
      return fail(ErrorCode.tooMany, 'too many new visitors from this address')
    const body = await parseJson(widget.VisitorStartSchema, c.req)
    const { visitor, token } = visitors.create(c.get('channel').id, body)
    return c.json({ visitorId: visitor.id, token }, 201)
  })

  api.get('/:channelId/messages', (c) => {
    const visitor = visitorOf(c)
    const query = parseWith(PageQuery, c.req.query())
    const chatId = chatOf(c, visitor)
    if (!chatId) return c.json({ items: [], hasMore: false, typing: { names: [] } })
    return c.json({ ...live.page(chatId, query), typing: live.typingOf(chatId) })
  })

  api.post('/:channelId/messages', async (c) => {
    const visitor = visitorOf(c)
    if (!messages.take(visitor.id)) return fail(ErrorCode.tooMany, 'too many messages: wait a minute')
    const body = await parseJson(widget.WidgetSendSchema, c.req)
    const channelId = c.get('channel').id
    const result = await services.ingest({
      channelId,
      ...widget.parseWidgetSend(visitor, body, services.now()),
    })
    for (const attach of waiting.get(`${channelId}\u0000${visitor.id}`) ?? []) attach(result.chatId)
    const view = widget.customerView(result.message, () => null)
    return c.json({ message: view }, 201)
  })

  // [RAT7] The visitor's score for a rating request, with the comment typed in the form (the token in the body
  // too, for a form that posts it there). The same score and comment again is the same answer: 200, not 201.
  api.post('/:channelId/rating', async (c) => {
    const body = await parseJson(widget.WidgetRatingSchema, c.req)
    const channelId = c.get('channel').id
    const token = tokenOf(c.req.header('authorization'), body.token)
    const visitor = (token ? visitors.verify(channelId, token) : null) ?? visitorOf(c)
    if (!messages.take(visitor.id)) return fail(ErrorCode.tooMany, 'too many messages: wait a minute')
    const comment = body.comment === '' ? undefined : body.comment
    const lineId = widgetRatingLineId(body.messageId, body.score, comment)
    const answer = {
      requestMessageId: body.messageId,
      score: body.score,
      lineId,
      ...(comment && { comment }),
    }
    const result = await services.satisfaction.answer(channelId, visitor.id, answer, 'widget')
    if (!result || result.outcome === 'unknown_request')
      return fail(ErrorCode.notFound, 'no such rating request')
    return c.json({ score: body.score, comment: comment ?? null }, result.outcome === 'recorded' ? 201 : 200)
  })

  api.post('/:channelId/read', async (c) => {
    const visitor = visitorOf(c)
    const body = await parseJson(widget.WidgetReadSchema, c.req)
    const chatId = chatOf(c, visitor)
    if (chatId) await live.markRead(chatId, c.get('channel').id, body.upTo)
    return c.json({ ok: true })
  })

  api.get('/:channelId/events', (c) => {
    const visitor = visitorOf(c)
    const channelId = c.get('channel').id
    const key = `${channelId}\u0000${visitor.id}`
    return streamSSE(c, async (sse) => {
      let chain = Promise.resolve()
      const send = (event: string, data: unknown): void => {
        chain = chain.then(() => sse.writeSSE({ event, data: JSON.stringify(data) })).catch(() => {})
      }
      const stream: WidgetStream = {
        message: (message) => send('message', message),
        typing: (typing) => send('typing', typing),
      }
      let stopWatching: (() => void) | null = null
      const attach = (chatId: string): void => {
        if (stopWatching) return
        waiting.get(key)?.delete(attach)
        if (waiting.get(key)?.size === 0) waiting.delete(key)
        // The snapshot and the watch start in one tick: no answer can fall between them.
        send('snapshot', { ...live.page(chatId, { limit: PAGE }), typing: live.typingOf(chatId) })
        stopWatching = live.watch(chatId, channelId, stream)
      }
      const chatId = chatOf(c, visitor)
      if (chatId) attach(chatId)
      else {
        send('snapshot', { items: [], hasMore: false, typing: { names: [] } })
        const set = waiting.get(key) ?? new Set()
        set.add(attach)
        waiting.set(key, set)
      }
      const ping = setInterval(() => send('ping', {}), PING_MS)
      await new Promise<void>((resolve) => sse.onAbort(resolve))
      clearInterval(ping)
      waiting.get(key)?.delete(attach)
      if (waiting.get(key)?.size === 0) waiting.delete(key)
      ;(stopWatching as (() => void) | null)?.()
    })
  })

  return api
}

/** `GET /widget.js`: the built script, for any site; revalidated on each load so a new build reaches every site. */
export const widgetScript =
  (appDir: string) =>
  async (c: Context): Promise<Response> => {
    let source: Buffer
    try {
      source = await readFile(join(appDir, 'widget.js'))
    } catch {
      return c.json({ code: 'app_not_built', message: 'The widget is not built: run `npm run build`.' }, 503)
    }
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'no-cache')
    c.header('Access-Control-Allow-Origin', '*')
    c.header('X-Content-Type-Options', 'nosniff')
    return c.body(new Uint8Array(source), 200)
  }

/** The one tag an admin puts on a site's pages. */
export const widgetEmbedCode = (publicUrl: string, channelId: string): string =>
  `<script type="module" src="${publicUrl}/widget.js?channel=${encodeURIComponent(channelId)}"></script>`
