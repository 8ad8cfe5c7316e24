/** The admin's custom contact fields over HTTP (`/api/admin/contact-fields`) [CNT2]; errors are `ApiError`s. */
import type { ContactFieldDef } from '../../model'
import { caller } from './api'

/** What an admin may change on a field: its key and type stay as created. */
export interface ContactFieldPatch {
  readonly label?: string
  readonly options?: readonly string[]
  readonly order?: number
}

export interface ContactFieldsApi {
  list(): Promise<ContactFieldDef[]>
  create(def: ContactFieldDef): Promise<ContactFieldDef>
  update(key: string, patch: ContactFieldPatch): Promise<ContactFieldDef>
  remove(key: string): Promise<void>
}

export const createContactFieldsApi = (token: string, baseUrl = ''): ContactFieldsApi => {
  const call = caller(baseUrl)
  const path = (key?: string) =>
    `/api/admin/contact-fields${key === undefined ? '' : `/${encodeURIComponent(key)}`}`
  return {
    list: async () => (await call<{ items: ContactFieldDef[] }>(path(), { token })).items,
    create: (def) => call(path(), { token, body: def }),
    update: (key, patch) => call(path(key), { token, method: 'PATCH', body: patch }),
    remove: async (key) => {
      await call(path(key), { token, method: 'DELETE' })
    },
  }
}
