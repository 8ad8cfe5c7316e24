/**
 * `/api/admin/templates`: the shared templates (seed 003), admins only (the guard of adminRoutes). Every change is
 * audited and published in the directory doc at once [TPL2].
 */
import { Hono } from 'hono'
import { TemplateSchema } from '../../model'
import { type ApiEnv, parseJson } from '../http'
import type { Services } from '../services'
import { publishTemplates } from './templates'

const NewTemplateBody = TemplateSchema.omit({ id: true }).strict()
const PatchTemplateBody = NewTemplateBody.partial()
  .extend({ folder: TemplateSchema.shape.folder.unwrap().nullable().optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change')

export const templateAdminRoutes = (
  services: Pick<Services, 'templates' | 'audit' | 'hub' | 'now'>,
): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  const publish = () => publishTemplates(services.hub, services.templates, services.now())
  const actor = (c: { get(key: 'operator'): { id: string } }) => c.get('operator').id

  api.get('/', (c) => c.json({ items: services.templates.list() }))

  api.post('/', async (c) => {
    const body = await parseJson(NewTemplateBody, c.req)
    const template = services.templates.create(body)
    services.audit.record(actor(c), 'template.create', template.id, { title: template.title })
    await publish()
    return c.json(template, 201)
  })

  api.patch('/:id', async (c) => {
    const body = await parseJson(PatchTemplateBody, c.req)
    const template = services.templates.update(c.req.param('id'), body)
    services.audit.record(actor(c), 'template.update', template.id, {
      ...body,
      text: undefined,
      title: template.title,
    })
    await publish()
    return c.json(template)
  })

  api.delete('/:id', async (c) => {
    const { title } = services.templates.get(c.req.param('id'))
    services.templates.remove(c.req.param('id'))
    services.audit.record(actor(c), 'template.delete', c.req.param('id'), { title })
    await publish()
    return c.json({ ok: true })
  })

  return api
}
