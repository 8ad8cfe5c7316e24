/**
 * Templates through a real server: the shared catalogue admins keep (CRUD, audit, published in the directory doc
 * operators read offline) [TPL2], and WhatsApp Business templates [WTP1]: a channel's approved list for the
 * operators who work in it (kept a while), and a template sent into a chat whose 24-hour window has closed, where
 * free text is still refused, through the same outbox to a local fake of the Cloud API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncClient } from '../../app/sync'
import {
  chatDocName,
  chatParts,
  chatState,
  directoryDocName,
  directoryParts,
  operatorContext,
  sendOperatorMessage,
  sendTemplateMessage,
  type Template,
} from '../../model'
import {
  fromCustomer,
  sign,
  startTemplateFake,
  WA,
  payloads as waPayloads,
  whatsappConfig,
} from '../channels/whatsapp.fixture'
import type { WhatsAppFake } from '../helpers/fakes/whatsapp'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('shared templates (admin)', () => {
  let t: TestServer
  beforeEach(async () => {
    t = await startTestServer()
  })
  afterEach(() => t.close())

  const admin = <T>(path: string, init: { method?: string; body?: unknown } = {}) =>
    t.api<T>(`/api/admin/templates${path}`, { token: t.adminToken, ...init })
  const published = () => directoryParts(t.server.hub.open(directoryDocName).doc).templates.toJSON()

  it('[TPL2] creates, edits and deletes templates, each change audited and published in the directory', async () => {
    const created = await admin<Template>('', {
      body: { title: 'Приветствие', text: 'Здравствуйте, {{contact.firstName}}!', folder: 'Общие' },
    })
    expect(created.status).toBe(201)
    const id = created.body.id
    expect(created.body).toEqual({
      id,
      title: 'Приветствие',
      text: 'Здравствуйте, {{contact.firstName}}!',
      folder: 'Общие',
    })
    await admin('', { body: { title: 'Доставка', text: 'Заказ в пути, {{operator.name}}' } })
    await eventually(() => Object.keys(published()).length === 2, 'both templates published')
    expect(published()[id]).toEqual(created.body)

    const edited = await admin<Template>(`/${id}`, {
      method: 'PATCH',
      body: { title: 'Привет', folder: null },
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toEqual({ id, title: 'Привет', text: 'Здравствуйте, {{contact.firstName}}!' })
    await eventually(
      () => (published()[id] as Template | undefined)?.title === 'Привет',
      'the edit published',
    )
    expect(published()[id]).not.toHaveProperty('folder')

    expect((await admin(`/${id}`, { method: 'DELETE' })).status).toBe(200)
    await eventually(() => !(id in published()), 'the deletion published')
    expect((await admin(`/${id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await admin<{ items: Template[] }>('')).body.items.map((x) => x.title)).toEqual(['Доставка'])

    const audit = await t.api<{
      items: { action: string; target: string; details: Record<string, unknown> }[]
    }>('/api/admin/audit', { token: t.adminToken })
    expect(audit.body.items.slice(0, 4).map((e) => e.action)).toEqual([
      'template.delete',
      'template.update',
      'template.create',
      'template.create',
    ])
    expect(audit.body.items[1]).toMatchObject({ target: id, details: { title: 'Привет', folder: null } })
  })

  it('[TPL2] refuses a blank title or text, unknown fields, and anyone but an admin', async () => {
    const blank = await admin<{ code: string; message: string }>('', { body: { title: ' ', text: 'x' } })
    expect(blank.status).toBe(400)
    expect(blank.body).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/title/) })
    expect((await admin('', { body: { title: 'x', text: '' } })).status).toBe(400)
    expect((await admin('', { body: { title: 'x', text: 'y', color: 'red' } })).status).toBe(400)
    expect((await admin('/nope', { method: 'PATCH', body: { title: 'x' } })).status).toBe(404)
    const anna = await t.operator({ email: 'anna@test.local' })
    expect((await t.api('/api/admin/templates', { token: anna.token })).status).toBe(403)
    expect(
      (await t.api('/api/admin/templates', { token: anna.token, body: { title: 'x', text: 'y' } })).status,
    ).toBe(403)
  })
})

describe('WhatsApp templates through the server', () => {
  let t: TestServer
  let fake: WhatsAppFake
  let channelId: string
  const clients: SyncClient[] = []
  const listPath = () => `/${WA.apiVersion}/${WA.wabaId}/message_templates`
  const listCalls = () => fake.calls.filter((c) => c.path === listPath()).length

  beforeEach(async () => {
    fake = await startTemplateFake()
    t = await startTestServer()
    const res = await t.api<{ id: string }>('/api/channels', {
      token: t.adminToken,
      body: {
        kind: 'whatsapp',
        name: 'WhatsApp',
        config: whatsappConfig(fake.url, { businessAccountId: WA.wabaId }),
      },
    })
    channelId = res.body.id
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await t.close()
    await fake.close()
  })

  const hook = (payload: unknown) => {
    const body = JSON.stringify(payload)
    return fetch(`${t.url}/hooks/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(WA.appSecret, body) },
      body,
    })
  }
  /** The customer wrote two days ago: the reply window is closed. */
  const staleChat = async () => {
    const twoDaysAgo = String(Math.floor((Date.now() - 48 * 3600_000) / 1000))
    expect(
      (await hook(fromCustomer(waPayloads.text('Здравствуйте!', { timestamp: twoDaysAgo })))).status,
    ).toBe(200)
    return t.server.services.chats.chatByExternal(channelId, WA.customer.waId)!
  }
  const list = (token: string, query = '') =>
    t.api<{ items: { name: string; params: string[]; unsupported: string | null }[]; code?: string }>(
      `/api/channels/${channelId}/whatsapp-templates${query}`,
      { token },
    )

  it('[WTP1] lists the approved templates to operators of the channel, kept a while, asked again on refresh', async () => {
    const anna = await t.operator({ email: 'anna@test.local', channels: [channelId] })
    const first = await list(anna.token)
    expect(first.status).toBe(200)
    expect(first.body.items.map((x) => x.name)).toEqual([
      'hello_world',
      'order_delivery_update',
      'reservation_confirmation',
      'zakaz_gotov',
    ])
    expect((await list(t.adminToken)).status).toBe(200)
    expect(listCalls()).toBe(1)
    expect((await list(anna.token, '?refresh=1')).status).toBe(200)
    expect(listCalls()).toBe(2)
    // New credentials: another list.
    await t.api(`/api/admin/channels/${channelId}`, {
      token: t.adminToken,
      method: 'PATCH',
      body: { config: { apiVersion: 'v22.0' } },
    })
    expect((await list(anna.token)).status).toBe(200)
    expect(fake.calls.filter((c) => c.path === `/v22.0/${WA.wabaId}/message_templates`)).toHaveLength(1)

    // Another channel's operator, a channel of another kind: as if there were none.
    const other = await t.channel('Телеграм', 'telegram')
    const boris = await t.operator({ email: 'boris@test.local', channels: [other] })
    expect((await list(boris.token)).status).toBe(404)
    expect((await t.api(`/api/channels/${other}/whatsapp-templates`, { token: t.adminToken })).status).toBe(
      404,
    )
  })

  it('[WTP1] says why the provider could not list them, and keeps no failure', async () => {
    fake.failNextList({ kind: 'graph-error', status: 400, code: 100, title: 'Invalid parameter' })
    const failed = await list(t.adminToken)
    expect(failed.status).toBe(409)
    expect(failed.body).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/WhatsApp error 100/),
    })
    expect((await list(t.adminToken)).status).toBe(200)
  })

  it('[WIN1] [WTP1] window closed: free text is refused as before, a template goes out through the outbox', async () => {
    const chat = await staleChat()
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const client = syncClient(t.wsUrl, anna.token)
    clients.push(client)
    const handle = client.open(chatDocName(chat.id))
    await client.whenSynced()
    const text = sendOperatorMessage(
      handle.doc,
      { text: 'Извините за ожидание' },
      operatorContext(anna.id, Date.now()),
    )
    await eventually(() => chatParts(handle.doc).delivery.get(text.id)?.state === 'failed', 'text refused')
    expect(chatParts(handle.doc).delivery.get(text.id)?.error).toMatch(/24/)
    expect(fake.sent).toHaveLength(0)

    const body = {
      id: 'tpl-order-1',
      name: 'order_delivery_update',
      language: 'en_US',
      params: [
        { name: '1', text: 'Sheena' },
        { name: '2', text: '566701' },
      ],
    }
    const sent = await t.api<{ id: string; text: string }>(`/api/chats/${chat.id}/template-messages`, {
      token: anna.token,
      body,
    })
    expect(sent.status).toBe(201)
    expect(sent.body.text).toBe(
      'Good news Sheena! Your order #566701 is on its way. Thank you for your order!\n\n' +
        'To stop receiving delivery updates, tap the button below.',
    )
    await eventually(
      () => chatParts(handle.doc).delivery.get('tpl-order-1')?.state === 'sent',
      'template sent',
    )
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0]).toMatchObject({ type: 'template', chat: WA.customer.waId })
    expect(fake.sent[0]?.text).toBe(
      'Good news Sheena! Your order #566701 is on its way. Thank you for your order!',
    )
    const stored = chatParts(handle.doc).messages.toArray().at(-1)
    expect(stored).toMatchObject({
      id: 'tpl-order-1',
      direction: 'out',
      template: { name: 'order_delivery_update' },
    })
    expect(chatState(handle.doc).assignment).toMatchObject({ status: 'in_work', assigneeId: anna.id })

    // The same request again (a retry): the same message, sent once.
    expect((await t.api(`/api/chats/${chat.id}/template-messages`, { token: anna.token, body })).status).toBe(
      201,
    )
    await t.server.services.dispatcher.idle()
    expect(fake.sent).toHaveLength(1)
    expect(
      chatParts(handle.doc)
        .messages.toArray()
        .filter((m) => m.id === 'tpl-order-1'),
    ).toHaveLength(1)
  })

  it('[WTP1] checks the template before writing: parameters, existence, what the app can send, who may see the chat', async () => {
    const chat = await staleChat()
    const path = `/api/chats/${chat.id}/template-messages`
    const send = (body: unknown, token = t.adminToken) =>
      t.api<{ code: string; message: string }>(path, { token, body })
    const missing = await send({
      name: 'zakaz_gotov',
      language: 'ru',
      params: [{ name: 'first_name', text: 'Мария' }],
    })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toMatch(/order_id needs a value/)
    const extra = await send({ name: 'hello_world', language: 'en_US', params: [{ name: '1', text: 'x' }] })
    expect(extra.status).toBe(400)
    expect((await send({ name: 'seasonal_promotion', language: 'en_US', params: [] })).status).toBe(404)
    const image = await send({
      name: 'reservation_confirmation',
      language: 'en_US',
      params: ['number_of_guests', 'day', 'date', 'time'].map((name) => ({ name, text: '1' })),
    })
    expect(image.status).toBe(409)
    expect(image.body.message).toMatch(/image header/)
    expect((await send({ name: 'Bad', language: 'en_US', params: [] })).status).toBe(400)
    const other = await t.channel('Другой')
    const boris = await t.operator({ email: 'boris@test.local', channels: [other] })
    expect((await send({ name: 'hello_world', language: 'en_US', params: [] }, boris.token)).status).toBe(404)
    await t.server.hub.whenDurable()
    expect(chatParts(t.server.hub.open(chatDocName(chat.id)).doc).messages.toArray()).toHaveLength(1)
    expect(fake.sent).toHaveLength(0)
  })

  it('[WTP1] a template written into a chat whose messenger has none fails; it is never sent as text', async () => {
    const telegram = await t.channel('Телеграм', 'telegram')
    const ingested = await t.server.services.ingest({
      channelId: telegram,
      externalChatId: '777',
      contact: { firstName: 'Пётр' },
      message: { id: 'tg:777:1', text: 'Привет' },
    })
    const anna = await t.operator({ email: 'anna@test.local' })
    const client = syncClient(t.wsUrl, anna.token)
    clients.push(client)
    const handle = client.open(chatDocName(ingested.chatId))
    await client.whenSynced()
    const message = sendTemplateMessage(
      handle.doc,
      { template: { name: 'hello_world', language: 'en_US', params: [] }, text: 'Hello World' },
      operatorContext(anna.id, Date.now()),
    )
    await eventually(() => chatParts(handle.doc).delivery.get(message.id)?.state === 'failed', 'failed')
    expect(chatParts(handle.doc).delivery.get(message.id)?.error).toMatch(/no message templates/)
  })
})
