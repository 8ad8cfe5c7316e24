/**
 * Custom contact fields [CNT2]: the definitions admins keep (key, label, type, options, order), their admin routes
 * (`/api/admin/contact-fields`, audited like the tag routes), and their mirror in the directory doc, so operators
 * have them offline and the app renders the right input for each.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  type ContactFieldDef,
  ContactFieldDefBaseSchema,
  ContactFieldDefSchema,
  contactFieldDefsMap,
  DomainError,
  directoryDocName,
  ErrorCode,
  refineContactFieldDef,
  serverContext,
  sortFieldDefs,
} from '../../model'
import { mirrorMap } from '../directory'
import type { DocHub } from '../docs/hub'
import { type ApiEnv, fail, parseJson, parseWith } from '../http'
import type { Db } from '../storage/db'
import type { AuditLog } from './audit'

interface Row {
  key: string
  label: string
  type: ContactFieldDef['type']
  options: string
  position: number
}

const defOf = (row: Row): ContactFieldDef => ({
  key: row.key,
  label: row.label,
  type: row.type,
  options: JSON.parse(row.options) as string[],
  order: row.position,
})

export class ContactFieldCatalogue {
  readonly #all
  readonly #insert
  readonly #update
  readonly #delete

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.#all = db.prepare<[], Row>('SELECT key, label, type, options, position FROM contact_fields')
    this.#insert = db.prepare<[string, string, string, string, number, number]>(
      'INSERT INTO contact_fields (key, label, type, options, position, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#update = db.prepare<[string, string, number, string]>(
      'UPDATE contact_fields SET label = ?, options = ?, position = ? WHERE key = ?',
    )
    this.#delete = db.prepare<[string]>('DELETE FROM contact_fields WHERE key = ?')
  }

  /** In display order: `order`, then label. */
  list(): ContactFieldDef[] {
    return sortFieldDefs(this.#all.all().map(defOf))
  }

  get(key: string): ContactFieldDef | null {
    return this.list().find((d) => d.key === key) ?? null
  }

  /** Two fields with one label (in any case) would look the same on the contact. */
  #labelTaken(label: string, except: string | null): boolean {
    const wanted = label.toLocaleLowerCase()
    return this.list().some((d) => d.key !== except && d.label.toLocaleLowerCase() === wanted)
  }

  create(def: ContactFieldDef): ContactFieldDef {
    if (this.get(def.key)) throw new DomainError(ErrorCode.conflict, `a field with the key ${def.key} exists`)
    if (this.#labelTaken(def.label, null))
      throw new DomainError(ErrorCode.conflict, `a field named ${def.label} exists`)
    this.#insert.run(def.key, def.label, def.type, JSON.stringify(def.options), def.order, this.now())
    return def
  }

  /** The key and the type stay: values already stored on contacts were checked against them. */
  update(key: string, patch: FieldPatch): ContactFieldDef {
    const current = this.get(key) ?? fail(ErrorCode.notFound, 'no such contact field')
    const next = parseWith(ContactFieldDefSchema, { ...current, ...patch })
    if (this.#labelTaken(next.label, key))
      throw new DomainError(ErrorCode.conflict, `a field named ${next.label} exists`)
    this.#update.run(next.label, JSON.stringify(next.options), next.order, key)
    return next
  }

  /** Values already on contacts stay there (operators can still clear them); the field is no longer shown. */
  remove(key: string): void {
    if (this.#delete.run(key).changes === 0) fail(ErrorCode.notFound, 'no such contact field')
  }
}

/** Mirrors the definitions into the directory doc's `contactFields` map (key → definition), changing only what changed. */
export const publishContactFields = (
  hub: DocHub,
  catalogue: ContactFieldCatalogue,
  now: number,
): Promise<void> =>
  hub.transact(
    directoryDocName,
    (doc) => {
      mirrorMap(contactFieldDefsMap(doc), new Map(catalogue.list().map((d) => [d.key, d])))
    },
    serverContext('directory', now).origin,
  )

const NewFieldBody = ContactFieldDefBaseSchema.strict().superRefine(refineContactFieldDef)

/** No defaults here: a field left out of a patch keeps its value. */
const FieldPatchBody = z
  .object({
    label: ContactFieldDefBaseSchema.shape.label,
    options: z.array(z.string().trim().min(1).max(200)).max(100),
    order: z.number().int().min(0).max(1_000_000),
  })
  .partial()
  .strict()
type FieldPatch = z.infer<typeof FieldPatchBody>

export interface ContactFieldDeps {
  readonly contactFields: ContactFieldCatalogue
  readonly audit: AuditLog
  readonly hub: DocHub
  readonly now: () => number
}

/** Mounted under `/api/admin`, behind its admins-only guard. */
export const contactFieldRoutes = (deps: ContactFieldDeps): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  const publish = () => publishContactFields(deps.hub, deps.contactFields, deps.now())

  api.get('/', (c) => c.json({ items: deps.contactFields.list() }))

  api.post('/', async (c) => {
    const body = await parseJson(NewFieldBody, c.req)
    const def = deps.contactFields.create(body)
    deps.audit.record(c.get('operator').id, 'contact_field.create', def.key, body)
    await publish()
    return c.json(def, 201)
  })

  api.patch('/:key', async (c) => {
    const body = await parseJson(FieldPatchBody, c.req)
    const def = deps.contactFields.update(c.req.param('key'), body)
    deps.audit.record(c.get('operator').id, 'contact_field.update', def.key, body)
    await publish()
    return c.json(def)
  })

  api.delete('/:key', async (c) => {
    deps.contactFields.remove(c.req.param('key'))
    deps.audit.record(c.get('operator').id, 'contact_field.delete', c.req.param('key'))
    await publish()
    return c.json({ ok: true })
  })

  return api
}
