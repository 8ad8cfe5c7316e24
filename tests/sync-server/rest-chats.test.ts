import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, chatState } from '../../model'
import { eventually, startTestServer, type TestServer } from '../helpers/server'

interface ChatItem {
  id: string
  channelId: string
  status: string
  assigneeId: string | null
  unread: number
  contact: { id: string; name: string }
  lastMessage: { text: string; at: number; direction: string } | null
}

describe('REST: chats for integrations', () => {
  let t: TestServer
  let shop: string
  let bot: string
  let anna: { id: string; token: string }
  let vera: { id: string; token: string }
  const chatIds: string[] = []

  beforeEach(async () => {
    t = await startTestServer()
    shop = await t.channel('Магазин', 'telegram')
    bot = await t.channel('ВК', 'vk')
    anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    vera = await t.operator({ email: 'vera@test.local', name: 'Вера', channels: [bot] })
    chatIds.length = 0
    const base = Date.now() - 60_000
    const people = [
      { channel: shop, name: 'Мария', text: 'Где заказ?' },
      { channel: shop, name: 'Олег', text: 'Хочу вернуть товар' },
      { channel: bot, name: 'Пётр', text: 'Есть доставка в Казань?' },
    ]
    for (const [i, p] of people.entries()) {
      const r = await t.server.services.ingest({
        channelId: p.channel,
        externalChatId: `c${i}`,
        contact: { firstName: p.name },
        message: { text: p.text, at: base + i * 1_000 },
      })
      chatIds.push(r.chatId)
    }
    await eventually(
      () => chatIds.every((id) => t.server.services.chats.chat(id)?.summary !== null),
      'summaries stored',
    )
  })

  afterEach(async () => {
    await t.close()
  })

  const list = (token: string, query = '') =>
    t.api<{ items: ChatItem[]; nextCursor: string | null }>(`/api/chats${query}`, { token })

  it('lists the chats an operator may see, newest first, with the documented fields', async () => {
    const all = await list(anna.token)
    expect(all.status).toBe(200)
    expect(all.body.items.map((c) => c.contact.name)).toEqual(['Пётр', 'Олег', 'Мария'])
    expect(all.body.items[2]).toMatchObject({
      id: chatIds[0],
      channelId: shop,
      status: 'open',
      assigneeId: null,
      unread: 1,
      contact: { name: 'Мария' },
      lastMessage: { text: 'Где заказ?', direction: 'in' },
    })
    const limited = await list(vera.token)
    expect(limited.body.items.map((c) => c.contact.name)).toEqual(['Пётр'])
    expect((await t.api(`/api/chats/${chatIds[0]}`, { token: vera.token })).status).toBe(404)
    expect((await t.api('/api/chats')).status).toBe(401)
  })

  it('pages with a cursor and filters by channel, status and text', async () => {
    const first = await list(anna.token, '?limit=2')
    expect(first.body.items).toHaveLength(2)
    const second = await list(anna.token, `?limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.items.map((c) => c.contact.name)).toEqual(['Мария'])
    expect(second.body.nextCursor).toBeNull()
    expect((await list(anna.token, `?channel=${bot}`)).body.items.map((c) => c.contact.name)).toEqual([
      'Пётр',
    ])
    expect((await list(anna.token, '?q=вернуть')).body.items.map((c) => c.contact.name)).toEqual(['Олег'])
    expect((await list(anna.token, '?status=closed')).body.items).toEqual([])
    const bad = await t.api<{ code: string; message: string }>('/api/chats?folder=elsewhere', {
      token: anna.token,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('folder')
    expect((await list(anna.token, '?cursor=nonsense')).status).toBe(400)
  })

  it('posts a message through the same outbox as the app, idempotently, and claims the chat', async () => {
    const chatId = chatIds[0]!
    const id = 'integration-msg-1'
    const post = () =>
      t.api<{ id: string; direction: string; authorId: string }>(`/api/chats/${chatId}/messages`, {
        token: anna.token,
        body: { id, text: 'Ваш заказ в пути' },
      })
    const res = await post()
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id, direction: 'out', authorId: anna.id })
    expect((await post()).status).toBe(201)
    const doc = t.server.hub.open(chatDocName(chatId)).doc
    expect(
      chatParts(doc)
        .messages.toArray()
        .filter((m) => m.id === id),
    ).toHaveLength(1)
    expect(chatState(doc).assignment).toMatchObject({ status: 'in_work', assigneeId: anna.id })
    // A sandbox channel: the outbox took it and marked it delivered.
    await eventually(
      () => t.server.services.outbox.byMessage(chatId, id)?.state === 'sent',
      'through the outbox',
    )
    await eventually(() => chatParts(doc).delivery.get(id)?.state === 'delivered', 'delivered')

    const page = await t.api<{ items: { id: string; direction: string; delivery: string | null }[] }>(
      `/api/chats/${chatId}/messages`,
      { token: anna.token },
    )
    expect(page.body.items.map((m) => [m.direction, m.delivery])).toEqual([
      ['in', null],
      ['out', 'delivered'],
    ])
    const empty = await t.api<{ code: string }>(`/api/chats/${chatId}/messages`, {
      token: anna.token,
      body: { text: '   ' },
    })
    expect(empty).toMatchObject({ status: 400, body: { code: 'invalid_input' } })
  })

  it('takes, assigns, returns and closes through the model’s rules', async () => {
    const chatId = chatIds[2]!
    const state = () => chatState(t.server.hub.open(chatDocName(chatId)).doc).assignment
    expect((await t.api(`/api/chats/${chatId}/take`, { token: anna.token, body: {} })).status).toBe(200)
    expect(state()).toMatchObject({ status: 'in_work', assigneeId: anna.id })
    const assign = await t.api(`/api/chats/${chatId}/assign`, {
      token: anna.token,
      body: { to: vera.id, comment: 'Это твой регион' },
    })
    expect(assign.status).toBe(200)
    expect(state().assigneeId).toBe(vera.id)
    // Vera may not see the shop's chats: nobody can hand her one.
    const refused = await t.api<{ code: string }>(`/api/chats/${chatIds[0]}/assign`, {
      token: anna.token,
      body: { to: vera.id },
    })
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } })
    expect((await t.api(`/api/chats/${chatId}/return`, { token: vera.token, body: {} })).status).toBe(200)
    expect(state()).toMatchObject({ status: 'open', assigneeId: null })
    const close = await t.api(`/api/chats/${chatId}/close`, { token: vera.token, body: { reason: 'solved' } })
    expect(close.status).toBe(200)
    expect(state().status).toBe('closed')
    const badReason = await t.api(`/api/chats/${chatId}/close`, {
      token: vera.token,
      body: { reason: 'bored' },
    })
    expect(badReason.status).toBe(400)
  })
})
