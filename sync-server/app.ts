/**
 * The HTTP API: `createApp(deps)` builds the Hono app without listening, so tests call `app.request()` or put it
 * behind a real socket. Every input goes through a zod schema; one `onError` maps domain errors to
 * `4xx {code, message}` and anything else to 500 with a log line. Whatever is not the API is the operator app's
 * (`options.appDir`, see static.ts).
 */
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { widget } from '../channels'
import { ChannelKindSchema, DomainError, ErrorCode, newId, type OperatorView, RoleSchema } from '../model'
import { integrationMay, integrationViewer, TOKEN_PREFIX } from './admin/api-tokens'
import { adminRoutes } from './admin/routes'
import { bridgeContext } from './bridges'
import { publicChannel } from './channel-registry'
import { contactRoutes } from './contacts'
import { demoShopPage } from './demo'
import { hookRoutes } from './hooks'
import { type ApiEnv, addressOf, fail, parseJson, parseWith, STATUS, tokenOf } from './http'
import { mediaUploadRoutes } from './media-upload'
import type { OperatorRecord } from './operators'
import { isSandbox } from './outbox/dispatcher'
import { reportRoutes } from './reports/routes'
import { chatRoutes, searchRoute } from './rest-chats'
import { appHeaders, forOtherSites, LoginThrottle, limitBody, sameOriginWrite } from './security'
import type { Services } from './services'
import { serveApp } from './static'
import { templateRoutes } from './template-routes'
import { widgetApi, widgetEmbedCode, widgetScript } from './widget/routes'

export const SESSION_COOKIE = 'sb_session'

type Env = ApiEnv

const LoginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) })
const Channels = z.array(z.string().min(1).max(64)).max(1000).nullable()
const Tags = z.array(z.string().min(1).max(100)).max(1000)
const NewOperatorBody = z.object({
  email: z.string().email().max(320),
  name: z.string().min(1).max(200),
  password: z.string().min(8).max(1024),
  role: RoleSchema.default('operator'),
  channels: Channels.optional(),
  tags: Tags.optional(),
})
const PatchOperatorBody = z
  .object({
    email: z.string().email().max(320),
    name: z.string().min(1).max(200),
    password: z.string().min(8).max(1024),
    role: RoleSchema,
    channels: Channels,
    tags: Tags,
    active: z.boolean(),
  })
  .partial()
const NewChannelBody = z.object({
  kind: ChannelKindSchema,
  name: z.string().min(1).max(200),
  config: z.record(z.string(), z.unknown()).default({}),
})

const publicOperator = (op: OperatorRecord): OperatorView => ({
  id: op.id,
  email: op.email,
  name: op.name,
  role: op.role,
  channels: op.channels === null ? null : [...op.channels],
  tags: [...op.tags],
  active: op.active,
})

export interface AppOptions {
  /** Folder of the built operator app, served at `/` beside the API. */
  readonly appDir: string
}

export const createApp = (services: Services, options: AppOptions): Hono<Env> => {
  const { operators, sessions, logger } = services
  const app = new Hono<Env>()

  app.use('*', async (c, next) => {
    c.set('requestId', c.req.header('x-request-id') ?? newId())
    await next()
  })
  const ownHeaders = appHeaders()
  const sharedHeaders = forOtherSites()
  app.use('*', (c, next) =>
    c.req.path === '/widget.js' || c.req.path.startsWith('/api/widget/')
      ? sharedHeaders(c, next)
      : ownHeaders(c, next),
  )
  // An upload has its own, larger limit (MEDIA_MAX_BYTES, see media-upload.ts).
  const apiBodyLimit = limitBody()
  app.use('/api/*', (c, next) => (c.req.path === '/api/media' ? next() : apiBodyLimit(c, next)))
  const throttle = new LoginThrottle(services.now)
  const publicOrigin = new URL(services.publicUrl).origin

  app.onError((err, c) => {
    if (err instanceof DomainError) {
      return c.json({ code: err.code, message: err.message }, STATUS[err.code] ?? 400)
    }
    if (err instanceof HTTPException) {
      return c.json({ code: 'http_error', message: err.message }, err.status)
    }
    logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed')
    return c.json({ code: 'internal', message: 'internal error' }, 500)
  })
  app.notFound((c) => c.json({ code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` }, 404))

  app.get('/api/health', (c) =>
    c.json({ ok: true, uptimeSeconds: Math.round(process.uptime()), docsLoaded: services.hub.loadedCount }),
  )

  app.post('/api/auth/login', async (c) => {
    const body = await parseJson(LoginBody, c.req)
    const address = addressOf(c)
    const wait = throttle.check(body.email, address)
    if (wait !== null) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)))
      return fail(ErrorCode.tooMany, `too many failed logins: try again in ${Math.ceil(wait / 60_000)} min`)
    }
    const operator = await services.login(body.email, body.password)
    if (!operator) {
      throttle.failed(body.email, address)
      return fail(ErrorCode.unauthorized, 'wrong email or password')
    }
    throttle.succeeded(body.email, address)
    const { token, expiresAt } = sessions.create(operator.id)
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      expires: new Date(expiresAt),
    })
    return c.json({ token, expiresAt, operator: publicOperator(operator) })
  })

  // Customers, not operators: the widget's own API and script, with their own visitor tokens.
  app.route('/api/widget', widgetApi({ services, visitors: services.visitors, live: services.widgetLive }))
  app.get('/widget.js', widgetScript(options.appDir))
  // The providers' webhooks: each bridge checks its own secret or signature.
  app.route('/hooks', hookRoutes(services))

  app.use('/api/*', async (c, next) => {
    if (c.req.path === '/api/health' || c.req.path === '/api/auth/login') return next()
    if (c.req.path.startsWith('/api/widget/')) return next()
    const bearer = c.req.header('authorization')
    const token = tokenOf(bearer, getCookie(c, SESSION_COOKIE))
    if (bearer === undefined && token !== null) {
      const requestOrigin = new URL(c.req.url).origin
      if (!sameOriginWrite(c.req.method, c.req.header('origin'), requestOrigin, publicOrigin)) {
        return fail(ErrorCode.forbidden, 'a cookie-authenticated write must come from this site')
      }
    }
    const integration = token?.startsWith(TOKEN_PREFIX) ? services.apiTokens.verify(token) : null
    if (integration) {
      if (!integrationMay(integration, c.req.method, c.req.path)) {
        return fail(
          ErrorCode.forbidden,
          `an integration token with scope '${integration.scope}' may not do that`,
        )
      }
      c.set('operator', integrationViewer(integration))
      c.set('integration', integration)
      c.set('token', token!)
      return next()
    }
    const session = token ? sessions.verify(token) : null
    const operator = session ? operators.byId(session.operatorId) : null
    if (!token || !operator || !operator.active) return fail(ErrorCode.unauthorized, 'log in first')
    c.set('operator', operator)
    c.set('token', token)
    return next()
  })

  const requireAdmin = (op: OperatorRecord): void => {
    if (op.role !== 'admin') fail(ErrorCode.forbidden, 'admins only')
  }

  app.post('/api/auth/logout', (c) => {
    sessions.revoke(c.get('token'))
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.json({ ok: true })
  })

  // Every session of this operator ends, on every device; open sockets are closed.
  app.post('/api/auth/logout-all', async (c) => {
    sessions.revokeAll(c.get('operator').id)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    await services.accessChanged()
    return c.json({ ok: true })
  })

  app.get('/api/me', (c) => {
    const op = c.get('operator')
    return c.json({ operator: publicOperator(op), indexDoc: `index:${services.access.groupKey(op)}` })
  })

  app.get('/api/operators', (c) => {
    requireAdmin(c.get('operator'))
    return c.json({ items: operators.list().map(publicOperator) })
  })

  app.post('/api/operators', async (c) => {
    requireAdmin(c.get('operator'))
    const body = await parseJson(NewOperatorBody, c.req)
    const created = await operators.create(body)
    services.audit.record(c.get('operator').id, 'operator.create', created.id, {
      ...body,
      password: undefined,
    })
    await services.accessChanged()
    return c.json(publicOperator(created), 201)
  })

  app.patch('/api/operators/:id', async (c) => {
    requireAdmin(c.get('operator'))
    const body = await parseJson(PatchOperatorBody, c.req)
    const target = operators.byId(c.req.param('id'))
    const losesAdmin =
      target?.role === 'admin' && target.active && (body.role === 'operator' || body.active === false)
    if (losesAdmin && operators.list().filter((op) => op.role === 'admin' && op.active).length === 1) {
      return fail(
        ErrorCode.conflict,
        'the last active admin cannot be demoted or deactivated: make another admin first',
      )
    }
    const updated = await operators.update(c.req.param('id'), body)
    if (body.active === false || body.password !== undefined) sessions.revokeAll(updated.id)
    services.audit.record(c.get('operator').id, 'operator.update', updated.id, body)
    await services.accessChanged()
    return c.json(publicOperator(updated))
  })

  app.get('/api/channels', (c) => c.json({ items: services.channels.list().map(publicChannel) }))

  app.post('/api/channels', async (c) => {
    requireAdmin(c.get('operator'))
    const body = await parseJson(NewChannelBody, c.req)
    const bridge = services.bridgeOf(body.kind)
    // A sandbox messenger channel talks to no provider (demos, trials): it needs no credentials.
    const config = !bridge
      ? parseWith(widget.WidgetConfigSchema, body.config)
      : isSandbox(body.config)
        ? { sandbox: true }
        : parseWith(bridge.configSchema, body.config)
    const channel = services.channels.create({ ...body, config: config as Record<string, unknown> })
    services.audit.record(c.get('operator').id, 'channel.create', channel.id, {
      kind: body.kind,
      name: body.name,
    })
    await services.accessChanged()
    const base = services.publicUrl
    const webhookUrl = `${base}/hooks/${channel.id}`
    // Where the provider lets us register the webhook ourselves (Telegram), we do; the channel exists either way.
    const connected =
      bridge?.connect && !isSandbox(config as Record<string, unknown>)
        ? await bridge.connect(bridgeContext(channel, bridge, services.now), webhookUrl)
        : null
    return c.json(
      {
        ...publicChannel(channel),
        webhookUrl,
        ...(connected && {
          connected: connected.ok,
          ...(!connected.ok && { connectError: connected.error }),
        }),
        // The widget needs no webhook: this tag, on any page of the site, is the whole setup.
        ...(channel.kind === 'widget' && { embed: widgetEmbedCode(base, channel.id) }),
      },
      201,
    )
  })

  app.route('/api/chats', chatRoutes(services))
  // [WTP1] WhatsApp templates: a channel's list and sending one into a chat.
  app.route('/api', templateRoutes(services, services.providerTemplates))
  app.route('/api/contacts', contactRoutes(services))
  app.get('/api/search', (c) => searchRoute(services, c.get('operator'), c.req.query()))
  // Issue 7: reports per operator and channel, by day, the customers' ratings, CSV.
  app.route('/api', reportRoutes(services))
  app.route('/api/admin', adminRoutes(services))

  app.route('/api/media', mediaUploadRoutes(services))
  app.get('/api/media/:id', async (c) => {
    const row = services.media.get(c.req.param('id'))
    const op = c.get('operator')
    if (!row || row.chatId === null || !services.access.canSeeChatId(op, row.chatId)) {
      return fail(ErrorCode.notFound, 'no such file')
    }
    if (row.state === 'pending') {
      c.header('Retry-After', '2')
      return c.json({ code: 'media_pending', message: 'the file is still being downloaded' }, 503)
    }
    if (row.state === 'failed')
      return c.json({ code: 'media_failed', message: 'the file could not be downloaded' }, 502)
    c.header('Content-Type', row.mime || 'application/octet-stream')
    c.header('Cache-Control', 'private, max-age=31536000, immutable')
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.name ?? row.id)}`)
    return c.body(new Uint8Array(await services.media.read(row)), 200)
  })

  if (services.config.DEMO) {
    app.get('/demo', (c) => {
      const channel = services.channels.list().find((ch) => ch.kind === 'widget' && ch.enabled)
      return c.html(demoShopPage(channel?.id ?? null))
    })
  }

  // Last: the app's files and pages, for whatever no route above answered (never /api, /sync or /hooks).
  app.use('*', serveApp(options.appDir))

  return app
}
