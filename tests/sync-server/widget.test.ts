import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import {
  addInternalComment,
  chatDocName,
  chatParts,
  indexChats,
  operatorContext,
  type Presence,
  sendOperatorMessage,
} from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'
import { openSse, type SseReader } from '../helpers/sse'

interface Visitor {
  visitorId: string
  token: string
}

describe('widget channel: the customer JSON API', () => {
  let t: TestServer
  let channel: string
  const closers: Array<() => void> = []

  beforeEach(async () => {
    t = await startTestServer()
    channel = await t.channel('Сайт', 'widget', { title: 'Поддержка', greeting: 'Здравствуйте!' })
  })

  afterEach(async () => {
    for (const close of closers.splice(0)) close()
    await t.close()
  })

  const base = (): string => `/api/widget/${channel}`
  const startVisitor = async (body: Record<string, unknown> = {}): Promise<Visitor> => {
    const res = await t.api<Visitor>(`${base()}/visitors`, { body })
    expect(res.status).toBe(201)
    return res.body
  }
  const send = (v: Visitor, id: string, text: string) =>
    t.api<{ message: { id: string; text: string } }>(`${base()}/messages`, {
      token: v.token,
      body: { id, text },
    })
  const events = async (v: Visitor): Promise<SseReader> => {
    const reader = await openSse(`${t.url}${base()}/events?token=${encodeURIComponent(v.token)}`)
    closers.push(() => reader.close())
    return reader
  }
  const connect = (token: string): SyncClient => {
    const client = syncClient(t.wsUrl, token)
    closers.push(() => client.destroy())
    return client
  }

  it('shows the panel’s public settings, and nothing for a channel that is not a widget', async () => {
    const config = await t.api(`${base()}/config`)
    expect(config).toEqual({
      status: 200,
      body: { title: 'Поддержка', greeting: 'Здравствуйте!', color: null },
    })
    const telegram = await t.channel('Bot', 'telegram')
    expect((await t.api(`/api/widget/${telegram}/config`)).status).toBe(404)
    expect((await t.api('/api/widget/nope/config')).body).toMatchObject({ code: 'not_found' })
  })

  it('a visitor’s message reaches the operators’ inbox, once however often it is retried', async () => {
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const v = await startVisitor({ name: 'Мария', page: 'https://shop.example/cart' })
    const id = crypto.randomUUID()
    const first = await send(v, id, 'Где мой заказ?')
    const again = await send(v, id, 'Где мой заказ?')
    expect(first.status).toBe(201)
    expect(again.body.message.id).toBe(first.body.message.id)

    const chat = t.server.services.chats.chatByExternal(channel, v.visitorId)
    expect(chat).not.toBeNull()
    const messages = chatParts(t.server.hub.open(chatDocName(chat!.id)).doc).messages.toArray()
    expect(messages.map((m) => [m.direction, m.author.kind, m.text])).toEqual([
      ['in', 'customer', 'Где мой заказ?'],
    ])
    expect(t.server.services.chats.contact(chat!.contactId)?.name).toBe('Мария')

    // Anna's inbox index doc has it: nobody's, waiting for an answer.
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: anna.token })
    const client = connect(anna.token)
    const index = client.open(me.body.indexDoc)
    await client.whenSynced()
    const summary = indexChats(index.doc).get(chat!.id)
    expect(summary).toMatchObject({ status: 'open', assigneeId: null, contactName: 'Мария', waiting: true })
    expect(summary?.lastMessage?.text).toBe('Где мой заказ?')
  })

  it('refuses bad input with a clear error and keeps what was accepted', async () => {
    const v = await startVisitor()
    expect((await send(v, crypto.randomUUID(), 'первое')).status).toBe(201)
    const cases = [
      { body: { id: 'not-a-uuid', text: 'x' }, field: 'id' },
      { body: { id: crypto.randomUUID(), text: '   ' }, field: 'text' },
      { body: { id: crypto.randomUUID(), text: 'x'.repeat(4001) }, field: 'text' },
      { body: { id: crypto.randomUUID(), text: 'x', author: 'operator' }, field: '' },
    ]
    for (const { body, field } of cases) {
      const res = await t.api<{ code: string; message: string }>(`${base()}/messages`, {
        token: v.token,
        body,
      })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('invalid_input')
      expect(res.body.message).toContain(field)
    }
    const notJson = await t.api<{ code: string }>(`${base()}/messages`, { token: v.token, body: '{oops' })
    expect(notJson).toMatchObject({ status: 400, body: { code: 'invalid_input' } })
    expect((await t.api(`${base()}/messages`, { body: { id: crypto.randomUUID(), text: 'x' } })).status).toBe(
      401,
    )
    expect(
      (await t.api(`${base()}/messages`, { token: 'forged', body: { id: crypto.randomUUID(), text: 'x' } }))
        .status,
    ).toBe(401)

    // A token is good for its own channel only.
    const other = await t.channel('Другой сайт')
    const res = await t.api(`/api/widget/${other}/messages`, {
      token: v.token,
      body: { id: crypto.randomUUID(), text: 'x' },
    })
    expect(res.status).toBe(401)

    const page = await t.api<{ items: { text: string }[] }>(`${base()}/messages`, { token: v.token })
    expect(page.body.items.map((m) => m.text)).toEqual(['первое'])
  })

  it('the visitor sees answers live, never internal comments; delivery goes sent → delivered → read', async () => {
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const v = await startVisitor()
    await send(v, crypto.randomUUID(), 'Здравствуйте')
    const chatId = t.server.services.chats.chatByExternal(channel, v.visitorId)!.id

    const client = connect(anna.token)
    const handle = client.open(chatDocName(chatId))
    await client.whenSynced()
    // Answered while the widget is closed: sent, not delivered.
    const early = sendOperatorMessage(
      handle.doc,
      { text: 'Сейчас посмотрю' },
      operatorContext(anna.id, Date.now()),
    )
    addInternalComment(handle.doc, { text: 'клиент из VIP' }, operatorContext(anna.id, Date.now()))
    await client.whenSynced()
    const delivery = () => chatParts(handle.doc).delivery
    await eventually(() => delivery().get(early.id)?.state === 'sent', 'the answer is sent')

    // The widget opens: the snapshot has the conversation without the comment, and the answer is delivered.
    const stream = await events(v)
    await eventually(() => stream.events.some((e) => e.event === 'snapshot'), 'the snapshot')
    const snapshot = stream.events.find((e) => e.event === 'snapshot')!.data as {
      items: { text: string; from: string; name: string | null }[]
    }
    expect(snapshot.items.map((m) => [m.from, m.name, m.text])).toEqual([
      ['customer', null, 'Здравствуйте'],
      ['operator', 'Анна', 'Сейчас посмотрю'],
    ])
    await eventually(
      () => delivery().get(early.id)?.state === 'delivered',
      'delivered once the widget is open',
    )

    // A new answer arrives live, exactly once, and is delivered at once.
    const live = sendOperatorMessage(
      handle.doc,
      { text: 'Заказ в пути' },
      operatorContext(anna.id, Date.now()),
    )
    await eventually(
      () => stream.events.some((e) => e.event === 'message' && (e.data as { id: string }).id === live.id),
      'the answer reaches the widget',
    )
    await eventually(() => delivery().get(live.id)?.state === 'delivered', 'delivered live')
    addInternalComment(handle.doc, { text: 'ещё одна заметка' }, operatorContext(anna.id, Date.now()))
    await client.whenSynced()

    // The visitor read it.
    const read = await t.api(`${base()}/read`, { token: v.token, body: { upTo: live.id } })
    expect(read.status).toBe(200)
    await eventually(
      () => delivery().get(live.id)?.state === 'read' && delivery().get(early.id)?.state === 'read',
      'both answers read',
    )
    const delivered = stream.events
      .filter((e) => e.event === 'message')
      .map((e) => (e.data as { id: string }).id)
    expect(delivered).toEqual([live.id])
  })

  it('the visitor sees who is typing an answer, and it clears', async () => {
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const v = await startVisitor()
    await send(v, crypto.randomUUID(), 'Есть кто?')
    const chatId = t.server.services.chats.chatByExternal(channel, v.visitorId)!.id
    const stream = await events(v)
    await eventually(() => stream.events.length > 0, 'the snapshot')

    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    const typing = (on: boolean): Presence => ({
      user: { id: anna.id, name: 'Анна' },
      viewing: chatId,
      typing: on ? chatId : null,
    })
    awareness.setLocalState(typing(true))
    const client = connect(anna.token)
    client.open(chatDocName(chatId), doc, { awareness })
    const typingEvents = () => stream.events.filter((e) => e.event === 'typing').map((e) => e.data)
    await eventually(() => typingEvents().length === 1, 'typing reaches the widget')
    expect(typingEvents()).toEqual([{ names: ['Анна'] }])
    awareness.setLocalState(typing(false))
    await eventually(() => typingEvents().length === 2, 'typing clears')
    expect(typingEvents()[1]).toEqual({ names: [] })
  })

  it('a stream opened before the first message follows the chat once the visitor writes', async () => {
    const v = await startVisitor()
    const stream = await events(v)
    await eventually(() => stream.events.length > 0, 'an empty snapshot')
    expect(stream.events[0]).toEqual({
      event: 'snapshot',
      data: { items: [], hasMore: false, typing: { names: [] } },
    })
    await send(v, crypto.randomUUID(), 'Первое сообщение')
    await eventually(() => stream.events.length > 1, 'the chat’s snapshot')
    expect((stream.events[1]?.data as { items: { text: string }[] }).items.map((m) => m.text)).toEqual([
      'Первое сообщение',
    ])
  })

  it('pages older messages, oldest first', async () => {
    const v = await startVisitor()
    for (let i = 0; i < 7; i++) await send(v, crypto.randomUUID(), `m${i}`)
    const last = await t.api<{ items: { id: string; text: string }[]; hasMore: boolean }>(
      `${base()}/messages?limit=3`,
      { token: v.token },
    )
    expect(last.body.items.map((m) => m.text)).toEqual(['m4', 'm5', 'm6'])
    expect(last.body.hasMore).toBe(true)
    const before = await t.api<{ items: { text: string }[]; hasMore: boolean }>(
      `${base()}/messages?limit=5&before=${encodeURIComponent(last.body.items[0]!.id)}`,
      { token: v.token },
    )
    expect(before.body).toMatchObject({ hasMore: false })
    expect(before.body.items.map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3'])
    expect((await t.api(`${base()}/messages?limit=0`, { token: v.token })).status).toBe(400)
  })

  it('only the allowed sites may embed a widget that names them; CORS answers them', async () => {
    const shop = await t.channel('Магазин', 'widget', { allowedOrigins: ['https://shop.example'] })
    const ok = await fetch(`${t.url}/api/widget/${shop}/config`, {
      headers: { origin: 'https://shop.example' },
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    const other = await fetch(`${t.url}/api/widget/${shop}/config`, {
      headers: { origin: 'https://evil.example' },
    })
    expect(other.status).toBe(403)
    expect(await other.json()).toMatchObject({ code: 'forbidden' })
    const preflight = await fetch(`${t.url}/api/widget/${shop}/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(preflight.status).toBeLessThan(300)
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')

    const badConfig = await t.api<{ code: string; message: string }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'widget', name: 'x', config: { allowedOrigins: ['https://shop.example/path'] } },
    })
    expect(badConfig.status).toBe(400)
    expect(badConfig.body.message).toContain('allowedOrigins')
  })

  it('a channel answers with the tag to put on a site, and serves the script to any site', async () => {
    const res = await t.api<{ id: string; embed: string }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'widget', name: 'Лендинг' },
    })
    expect(res.body.embed).toBe(
      `<script type="module" src="${t.server.services.publicUrl}/widget.js?channel=${res.body.id}"></script>`,
    )
    const script = await fetch(`${t.url}/widget.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toContain('javascript')
    expect(script.headers.get('access-control-allow-origin')).toBe('*')
    expect(await script.text()).toContain('/api/widget/')
  })

  it('limits how fast one visitor may write', async () => {
    const v = await startVisitor()
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await send(v, crypto.randomUUID(), `spam ${i}`)).status)
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true)
    expect(statuses[30]).toBe(429)
    const res = await send(v, crypto.randomUUID(), 'ещё')
    expect(res.body).toMatchObject({ code: 'too_many_requests' })
  })
})
