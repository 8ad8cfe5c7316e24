/**
 * Custom contact fields over the admin API (`/api/admin/contact-fields`): CRUD, validation, admins only, audited,
 * and published in the directory doc that operators sync; an operator fills one in on a contact over the socket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type ContactFieldDef,
  contactDocName,
  contactFieldDefs,
  directoryDocName,
  operatorContext,
  readContact,
  setContactField,
} from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('custom contact fields (admin API)', () => {
  let t: TestServer

  beforeEach(async () => {
    t = await startTestServer()
  })

  afterEach(async () => {
    await t.close()
  })

  const admin = <T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    t.api<T>(`/api/admin/contact-fields${path}`, { token: t.adminToken, ...init })
  const published = () => contactFieldDefs(t.server.hub.open(directoryDocName).doc)

  it('[CNT2] creates, lists, edits and deletes fields; the directory follows; the audit log says who', async () => {
    const plan = await admin<ContactFieldDef>('', {
      body: { key: 'plan', label: 'Тариф', type: 'select', options: ['Базовый', 'Золотой'], order: 2 },
    })
    expect(plan.status).toBe(201)
    expect(plan.body).toEqual({
      key: 'plan',
      label: 'Тариф',
      type: 'select',
      options: ['Базовый', 'Золотой'],
      order: 2,
    })
    expect(
      (await admin('', { body: { key: 'orders', label: 'Заказов', type: 'number', order: 1 } })).status,
    ).toBe(201)
    expect((await admin('', { body: { key: 'visit', label: 'Визит', type: 'date' } })).status).toBe(201)

    const listed = await admin<{ items: ContactFieldDef[] }>('')
    expect(listed.body.items.map((d) => d.key)).toEqual(['visit', 'orders', 'plan'])
    await eventually(() => published().length === 3, 'three fields in the directory')
    expect(published()).toEqual(listed.body.items)

    const edited = await admin<ContactFieldDef>('/plan', {
      method: 'PATCH',
      body: { label: 'Тарифный план', options: ['Базовый', 'Золотой', 'Платиновый'] },
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toEqual({
      key: 'plan',
      label: 'Тарифный план',
      type: 'select',
      options: ['Базовый', 'Золотой', 'Платиновый'],
      order: 2,
    })
    await eventually(
      () => published().find((d) => d.key === 'plan')?.label === 'Тарифный план',
      'edit published',
    )

    expect((await admin('/visit', { method: 'DELETE' })).status).toBe(200)
    await eventually(() => published().length === 2, 'the deleted field leaves the directory')
    expect((await admin('/visit', { method: 'DELETE' })).status).toBe(404)

    const audit = await t.api<{ items: { action: string; target: string; actorId: string }[] }>(
      '/api/admin/audit',
      { token: t.adminToken },
    )
    expect(
      audit.body.items.filter((e) => e.action.startsWith('contact_field.')).map((e) => [e.action, e.target]),
    ).toEqual([
      ['contact_field.delete', 'visit'],
      ['contact_field.update', 'plan'],
      ['contact_field.create', 'visit'],
      ['contact_field.create', 'orders'],
      ['contact_field.create', 'plan'],
    ])
  })

  it('[CNT2] refuses malformed definitions with {code, message}, duplicates with 409, a type change', async () => {
    const cases: [unknown, RegExp][] = [
      [{ key: 'plan', label: 'Тариф', type: 'select' }, /options/],
      [{ key: 'age', label: 'Возраст', type: 'number', options: ['1'] }, /options/],
      [{ key: 'Тариф', label: 'Тариф', type: 'text' }, /key/],
      [{ key: 'x', label: '', type: 'text' }, /label/],
      [{ key: 'x', label: 'X', type: 'color' }, /type/],
      [{ key: 'x', label: 'X', type: 'text', extra: 1 }, /extra|unrecognized/i],
    ]
    for (const [body, message] of cases) {
      const res = await admin<{ code: string; message: string }>('', { body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('invalid_input')
      expect(res.body.message).toMatch(message)
    }
    const notJson = await admin<{ code: string }>('', { body: 'not json' })
    expect(notJson.status).toBe(400)

    expect((await admin('', { body: { key: 'city2', label: 'Город', type: 'text' } })).status).toBe(201)
    expect((await admin('', { body: { key: 'city2', label: 'Другой', type: 'text' } })).status).toBe(409)
    expect((await admin('', { body: { key: 'town', label: 'город', type: 'text' } })).status).toBe(409)
    const typeChange = await admin<{ code: string }>('/city2', { method: 'PATCH', body: { type: 'number' } })
    expect(typeChange.status).toBe(400)
    const optionsOnText = await admin<{ message: string }>('/city2', {
      method: 'PATCH',
      body: { options: ['a'] },
    })
    expect(optionsOnText.status).toBe(400)
    expect(optionsOnText.body.message).toMatch(/options/)
    expect((await admin('/nope', { method: 'PATCH', body: { label: 'Nope' } })).status).toBe(404)
    expect((await admin<{ items: unknown[] }>('')).body.items).toHaveLength(1)
  })

  it('[CNT2] operators may not manage fields, and see them only through the directory', async () => {
    const anna = await t.operator({ email: 'anna@test.local' })
    const asAnna = (path: string, init: { method?: string; body?: unknown } = {}) =>
      admin<{ code: string }>(path, { ...init, token: anna.token })
    expect((await asAnna('')).status).toBe(403)
    expect((await asAnna('', { body: { key: 'x', label: 'X', type: 'text' } })).status).toBe(403)
    await admin('', { body: { key: 'x', label: 'X', type: 'text' } })
    expect((await asAnna('/x', { method: 'PATCH', body: { label: 'Y' } })).status).toBe(403)
    expect((await asAnna('/x', { method: 'DELETE' })).status).toBe(403)
    expect((await t.api('/api/admin/contact-fields')).status).toBe(401)

    // Anna's app reads the definitions from the directory doc it syncs.
    const client = syncClient(t.wsUrl, anna.token)
    try {
      const directory = new Y.Doc()
      client.open(directoryDocName, directory)
      await eventually(() => contactFieldDefs(directory).length === 1, 'the definition reaches the operator')
      expect(contactFieldDefs(directory)[0]).toMatchObject({ key: 'x', label: 'X', type: 'text' })
    } finally {
      client.destroy()
    }
  })

  it('[CNT2][CNT6] an operator fills a field in on a contact; the server accepts and keeps it', async () => {
    await admin('', { body: { key: 'orders', label: 'Заказов', type: 'number' } })
    const channel = await t.channel('Shop', 'telegram')
    const anna = await t.operator({ email: 'anna@test.local' })
    const { contactId } = await t.server.services.ingest({
      channelId: channel,
      externalChatId: 'maria',
      contact: { firstName: 'Мария' },
      message: { text: 'Здравствуйте' },
    })
    const client = syncClient(t.wsUrl, anna.token)
    try {
      const doc = new Y.Doc()
      client.open(contactDocName(contactId), doc)
      await client.whenSynced()
      const defs: ContactFieldDef[] = [
        { key: 'orders', label: 'Заказов', type: 'number', options: [], order: 0 },
      ]
      setContactField(doc, { key: 'orders', value: '1 200' }, defs, operatorContext(anna.id, Date.now()))
      await client.whenSynced()
    } finally {
      client.destroy()
    }
    const server = t.server.hub.open(contactDocName(contactId)).doc
    expect(readContact(server).fields).toEqual({ orders: '1200' })
    expect(readContact(server).profile.firstName).toBe('Мария')
  })
})
