/**
 * Admin settings over HTTP (seed 000's "Настройки доступа"): channels (rename, disable, rotate credentials; secrets
 * are write-only), the tag catalogue, integration tokens and the audit log. Every change is audited; changes that
 * move access (a disabled channel) reach open sockets at once.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { widget } from '../../channels'
import { ErrorCode, TagSchema } from '../../model'
import { publicChannel } from '../channel-registry'
import { type ApiEnv, fail, parseJson, parseWith } from '../http'
import { isSandbox } from '../outbox/dispatcher'
import { satisfactionRoutes } from '../satisfaction/routes'
import type { Services } from '../services'
import { isSecretKey } from './audit'
import { contactFieldRoutes } from './contact-fields'
import { templateAdminRoutes } from './template-routes'

const PatchChannelBody = z
  .object({
    name: z.string().min(1).max(200),
    enabled: z.boolean(),
    /** New credentials or settings, merged over the current ones, then checked as a whole. */
    config: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict()

const NewTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: z.enum(['read', 'send']),
    channels: z.array(z.string().min(1).max(64)).max(1000).nullable().default(null),
  })
  .strict()

const AuditQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const adminRoutes = (services: Services): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  api.use('*', async (c, next) => {
    if (c.get('operator').role !== 'admin') return fail(ErrorCode.forbidden, 'admins only')
    return next()
  })
  const actor = (c: { get(key: 'operator'): { id: string } }) => c.get('operator').id

  // A channel's settings for the admin's edit form: everything but its secrets (write-only, never sent back).
  api.get('/channels/:id', (c) => {
    const channel = services.channels.byId(c.req.param('id')) ?? fail(ErrorCode.notFound, 'no such channel')
    const settings = Object.fromEntries(Object.entries(channel.config).filter(([key]) => !isSecretKey(key)))
    return c.json({ ...publicChannel(channel), settings })
  })

  api.patch('/channels/:id', async (c) => {
    const current = services.channels.byId(c.req.param('id')) ?? fail(ErrorCode.notFound, 'no such channel')
    const body = await parseJson(PatchChannelBody, c.req)
    if (body.config !== undefined) {
      const merged = { ...current.config, ...body.config }
      const bridge = services.bridgeOf(current.kind)
      const checked = !bridge
        ? parseWith(widget.WidgetConfigSchema, merged)
        : isSandbox(merged)
          ? { sandbox: true }
          : parseWith(bridge.configSchema, merged)
      services.channels.setConfig(current.id, checked as Record<string, unknown>)
    }
    const updated = services.channels.update(current.id, { name: body.name, enabled: body.enabled })
    services.audit.record(actor(c), 'channel.update', current.id, body)
    await services.accessChanged()
    return c.json(publicChannel(updated))
  })

  api.get('/tags', (c) => c.json({ items: services.tags.list() }))

  api.post('/tags', async (c) => {
    const body = await parseJson(TagSchema.strict(), c.req)
    const tag = services.tags.create(body)
    services.audit.record(actor(c), 'tag.create', tag.name, body)
    await services.accessChanged()
    return c.json(tag, 201)
  })

  api.patch('/tags/:name', async (c) => {
    const body = await parseJson(TagSchema.pick({ color: true }).strict(), c.req)
    const tag = services.tags.update(c.req.param('name'), body)
    services.audit.record(actor(c), 'tag.update', tag.name, body)
    await services.accessChanged()
    return c.json(tag)
  })

  api.delete('/tags/:name', async (c) => {
    services.tags.remove(c.req.param('name'))
    services.audit.record(actor(c), 'tag.delete', c.req.param('name'))
    await services.accessChanged()
    return c.json({ ok: true })
  })

  // [CNT2] Custom contact fields: their own file, behind the same admins-only guard.
  api.route('/contact-fields', contactFieldRoutes(services))
  // [TPL2] The shared templates: their own file, behind the same guard.
  api.route('/templates', templateAdminRoutes(services))
  // [RAT8] The satisfaction settings: their own file, behind the same guard.
  api.route('/satisfaction', satisfactionRoutes(services))

  api.get('/tokens', (c) => c.json({ items: services.apiTokens.list() }))

  api.post('/tokens', async (c) => {
    const body = await parseJson(NewTokenBody, c.req)
    const { token, record } = services.apiTokens.create({ ...body, createdBy: actor(c) })
    services.audit.record(actor(c), 'token.create', record.id, {
      name: body.name,
      scope: body.scope,
      channels: body.channels,
    })
    // The only time the token is shown.
    return c.json({ ...record, token }, 201)
  })

  api.delete('/tokens/:id', (c) => {
    if (!services.apiTokens.revoke(c.req.param('id'))) return fail(ErrorCode.notFound, 'no such live token')
    services.audit.record(actor(c), 'token.revoke', c.req.param('id'))
    return c.json({ ok: true })
  })

  api.get('/audit', (c) => {
    const query = parseWith(AuditQuery, c.req.query())
    return c.json({ items: services.audit.page(query.before ?? Number.MAX_SAFE_INTEGER, query.limit) })
  })

  return api
}
