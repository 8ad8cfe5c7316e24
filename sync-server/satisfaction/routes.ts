/**
 * `/api/admin/satisfaction` [RAT8]: the admin's satisfaction settings (behind adminRoutes' admins-only guard).
 * A save is audited and published in the directory doc at once.
 */
import { Hono } from 'hono'
import { SatisfactionSettingsSchema } from '../../model'
import { type ApiEnv, parseJson } from '../http'
import type { Services } from '../services'

const SettingsBody = SatisfactionSettingsSchema.strict()

export const satisfactionRoutes = (services: Pick<Services, 'satisfaction' | 'audit'>): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()

  api.get('/', (c) => c.json(services.satisfaction.settings()))

  api.put('/', async (c) => {
    const body = await parseJson(SettingsBody, c.req)
    const saved = await services.satisfaction.save(body)
    services.audit.record(c.get('operator').id, 'satisfaction.update', null, {
      askByDefault: saved.askByDefault,
      whatsappTemplate: saved.whatsappTemplate,
    })
    return c.json(saved)
  })

  return api
}
