import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, directoryDocName, directoryParts } from '../../model'
import { telegramConfig } from '../channels/telegram.fixture'
import { eventually, startTestServer, type TestServer } from '../helpers/server'

describe('admin settings', () => {
  let t: TestServer

  beforeEach(async () => {
    t = await startTestServer()
  })

  afterEach(async () => {
    await t.close()
  })

  const admin = <T>(path: string, init: { method?: string; body?: unknown } = {}) =>
    t.api<T>(`/api/admin${path}`, { token: t.adminToken, ...init })

  it('renames, disables and rotates a channel’s credentials; secrets are never shown, the audit log says who', async () => {
    const created = await t.api<{ id: string }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'Бот', config: telegramConfig('http://127.0.0.1:9') },
    })
    const id = created.body.id
    const renamed = await admin<Record<string, unknown>>(`/channels/${id}`, {
      method: 'PATCH',
      body: { name: 'Бот магазина', config: { secretToken: 'rotated_secret_2' } },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toEqual({ id, kind: 'telegram', name: 'Бот магазина', enabled: true })
    expect(t.server.services.channels.byId(id)?.config).toMatchObject({
      secretToken: 'rotated_secret_2',
      botToken: telegramConfig('x').botToken,
    })
    const bad = await admin<{ message: string }>(`/channels/${id}`, {
      method: 'PATCH',
      body: { config: { botToken: 'not-a-token' } },
    })
    expect(bad.status).toBe(400)
    expect(t.server.services.channels.byId(id)?.config).toMatchObject({ secretToken: 'rotated_secret_2' })

    expect((await admin(`/channels/${id}`, { method: 'PATCH', body: { enabled: false } })).status).toBe(200)
    const hook = await fetch(`${t.url}/hooks/${id}`, { method: 'POST', body: '{}' })
    expect(hook.status).toBe(403)
    const list = await t.api<{ items: Record<string, unknown>[] }>('/api/channels', { token: t.adminToken })
    expect(JSON.stringify(list.body)).not.toContain('rotated_secret_2')

    const audit = await admin<{
      items: { action: string; actorId: string; details: Record<string, unknown> }[]
    }>('/audit')
    expect(audit.body.items.map((e) => e.action)).toEqual([
      'channel.update',
      'channel.update',
      'channel.create',
    ])
    expect(JSON.stringify(audit.body)).not.toContain('rotated_secret_2')
    expect(audit.body.items[1]?.details).toMatchObject({
      name: 'Бот магазина',
      config: { secretToken: '(changed)' },
    })
  })

  it('keeps the tag catalogue in the directory every operator reads', async () => {
    expect((await admin('/tags', { body: { name: 'Премиум', color: '#d4a017' } })).status).toBe(201)
    expect((await admin('/tags', { body: { name: 'премиум' } })).status).toBe(409)
    await admin('/tags', { body: { name: 'Опт' } })
    const directory = () => directoryParts(t.server.hub.open(directoryDocName).doc).tags.toJSON()
    await eventually(() => Object.keys(directory()).length === 2, 'both tags published')
    expect(directory()).toEqual({ Премиум: { name: 'Премиум', color: '#d4a017' }, Опт: { name: 'Опт' } })
    expect((await admin('/tags/Опт', { method: 'DELETE' })).status).toBe(200)
    await eventually(() => Object.keys(directory()).length === 1, 'the tag is gone from the directory')
    const anna = await t.operator({ email: 'anna@test.local' })
    expect((await t.api('/api/admin/tags', { token: anna.token, body: { name: 'x' } })).status).toBe(403)
  })

  it('integration tokens: read or send, limited to channels, shown once, revoked at once', async () => {
    const shop = await t.channel('Магазин', 'telegram')
    const other = await t.channel('ВК', 'vk')
    const a = await t.server.services.ingest({
      channelId: shop,
      externalChatId: 'c1',
      contact: { firstName: 'Мария' },
      message: { text: 'Где заказ?' },
    })
    await t.server.services.ingest({
      channelId: other,
      externalChatId: 'c2',
      contact: { firstName: 'Пётр' },
      message: { text: 'Привет' },
    })
    await eventually(() => t.server.services.chats.allChats().every((c) => c.summary !== null), 'summaries')

    const reader = await admin<{ id: string; token: string }>('/tokens', {
      body: { name: 'CRM', scope: 'read', channels: [shop] },
    })
    expect(reader.status).toBe(201)
    expect(reader.body.token).toMatch(/^sbt_/)
    const listed = await admin<{ items: unknown[] }>('/tokens')
    expect(JSON.stringify(listed.body)).not.toContain(reader.body.token)

    const chats = await t.api<{ items: { id: string }[] }>('/api/chats', { token: reader.body.token })
    expect(chats.body.items.map((c) => c.id)).toEqual([a.chatId])
    const post = (token: string) =>
      t.api<{ author: unknown; code?: string }>(`/api/chats/${a.chatId}/messages`, {
        token,
        body: { text: 'Заказ передан в доставку' },
      })
    expect((await post(reader.body.token)).status).toBe(403)
    expect((await t.api('/api/operators', { token: reader.body.token })).status).toBe(403)

    const sender = await admin<{ token: string }>('/tokens', {
      body: { name: 'Бот доставки', scope: 'send' },
    })
    const sent = await post(sender.body.token)
    expect(sent.status).toBe(201)
    expect(sent.body.author).toEqual({ kind: 'bot', name: 'Бот доставки' })
    const messages = chatParts(t.server.hub.open(chatDocName(a.chatId)).doc).messages.toArray()
    expect(messages.at(-1)).toMatchObject({ direction: 'out', author: { kind: 'bot', name: 'Бот доставки' } })
    expect((await t.api(`/api/chats/${a.chatId}/take`, { token: sender.body.token, body: {} })).status).toBe(
      403,
    )

    expect((await admin(`/tokens/${reader.body.id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await t.api('/api/chats', { token: reader.body.token })).status).toBe(401)
    const actions = (await admin<{ items: { action: string }[] }>('/audit')).body.items.map((e) => e.action)
    expect(actions.slice(0, 3)).toEqual(['token.revoke', 'token.create', 'token.create'])
  })

  it('shows a channel’s settings without its secrets, and never lets the last admin go', async () => {
    const created = await t.api<{ id: string }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'Бот', config: telegramConfig('http://127.0.0.1:9') },
    })
    const shown = await admin<{ settings: Record<string, unknown> }>(`/channels/${created.body.id}`)
    expect(shown.body.settings).toEqual({ apiBaseUrl: 'http://127.0.0.1:9' })
    const adminId = t.server.services.operators.list().find((op) => op.role === 'admin')!.id
    const demote = await t.api<{ code: string }>(`/api/operators/${adminId}`, {
      method: 'PATCH',
      token: t.adminToken,
      body: { role: 'operator' },
    })
    expect(demote).toMatchObject({ status: 409, body: { code: 'conflict' } })
    expect(t.server.services.operators.byId(adminId)?.role).toBe('admin')
    const second = await t.operator({ email: 'boss@test.local', role: 'admin' })
    const ok = await t.api(`/api/operators/${adminId}`, {
      method: 'PATCH',
      token: t.adminToken,
      body: { active: false },
    })
    expect(ok.status).toBe(200)
    expect(t.server.services.operators.byId(second.id)?.active).toBe(true)
  })
})
