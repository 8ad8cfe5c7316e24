/**
 * The messenger path through a real server: provider webhooks in (verified, deduplicated, media downloaded and
 * served), operators' answers out through the outbox to a local fake of the provider's API, delivery states back.
 */
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncClient } from '../../app/sync'
import { chatDocName, chatParts, operatorContext, sendOperatorMessage } from '../../model'
import { closedPort } from '../channels/bridge-contract'
import {
  BOT_TOKEN,
  CHAT_ID,
  MESSAGE_ID,
  photoUpdate,
  SECRET_TOKEN,
  telegramConfig,
  textUpdate,
} from '../channels/telegram.fixture'
import { CLIENT_INFO, callbackBody, VK_CUSTOMER, VK_PEER, vkConfig, vkMessage } from '../channels/vk.fixture'
import {
  fromCustomer,
  sign,
  startFake as startWaFake,
  status,
  statuses,
  WA,
  payloads as waPayloads,
  whatsappConfig,
} from '../channels/whatsapp.fixture'
import { startTelegramFake, type TelegramFake } from '../helpers/fakes/telegram'
import { startVkFake } from '../helpers/fakes/vk'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('messengers through the server: Telegram', () => {
  let t: TestServer
  let fake: TelegramFake
  let channelId: string
  const clients: SyncClient[] = []

  const createChannel = async (apiBaseUrl: string) => {
    const res = await t.api<{ id: string; webhookUrl: string; connected?: boolean }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'Бот магазина', config: telegramConfig(apiBaseUrl) },
    })
    expect(res.status).toBe(201)
    return res.body
  }

  beforeEach(async () => {
    fake = await startTelegramFake({ token: BOT_TOKEN })
    t = await startTestServer()
    channelId = (await createChannel(fake.url)).id
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await t.close()
    await fake.close()
  })

  const hook = (body: unknown, secret = SECRET_TOKEN) =>
    fetch(`${t.url}/hooks/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const chatOf = () => t.server.services.chats.chatByExternal(channelId, String(CHAT_ID))
  const messagesOf = (chatId: string) =>
    chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.toArray()
  const reply = async (operator: { id: string; token: string }, chatId: string, texts: string[]) => {
    const client = syncClient(t.wsUrl, operator.token)
    clients.push(client)
    const handle = client.open(chatDocName(chatId))
    await client.whenSynced()
    const sent = texts.map((text) =>
      sendOperatorMessage(handle.doc, { text }, operatorContext(operator.id, Date.now())),
    )
    await client.whenSynced()
    return { sent, doc: handle.doc }
  }

  it('creating the channel registers the webhook with its secret, at the public HTTPS address', async () => {
    // The test server's public URL is plain http: Telegram refuses it, and the admin is told why.
    const plain = await createChannel(fake.url)
    expect(plain).toMatchObject({ connected: false, connectError: expect.stringMatching(/HTTPS/) })

    const pub = await startTestServer({ env: { PUBLIC_URL: 'https://chat.example.com' } })
    try {
      const res = await pub.api<{ id: string; webhookUrl: string; connected: boolean }>('/api/channels', {
        token: pub.adminToken,
        body: { kind: 'telegram', name: 'Бот', config: telegramConfig(fake.url) },
      })
      expect(res.body).toMatchObject({
        connected: true,
        webhookUrl: `https://chat.example.com/hooks/${res.body.id}`,
      })
      expect(fake.webhook).toMatchObject({ url: res.body.webhookUrl, secretToken: SECRET_TOKEN })
    } finally {
      await pub.close()
    }
    const bad = await t.api<{ code: string; message: string }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'x', config: { botToken: 'nope' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/botToken/)
  })

  it('the same webhook twice makes one message; a wrong secret or a malformed body stores nothing', async () => {
    const update = textUpdate('Здравствуйте, где мой заказ?')
    expect((await hook(update)).status).toBe(200)
    expect((await hook(update)).status).toBe(200)
    const chat = chatOf()!
    expect(messagesOf(chat.id).map((m) => [m.id, m.text])).toEqual([
      [`tg:${CHAT_ID}:${MESSAGE_ID}`, 'Здравствуйте, где мой заказ?'],
    ])
    expect(t.server.services.chats.contact(chat.contactId)?.name).toBe('Test Firstname Test Lastname')

    const forged = await hook(textUpdate('подделка', { message_id: 2 }), 'wrong-secret')
    expect(forged.status).toBe(401)
    const garbage = await hook('{"update_id": ')
    expect(garbage.status).toBe(400)
    expect(await garbage.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) })
    const shapeless = await hook({ update_id: 5, message: { message_id: 'x' } })
    expect(shapeless.status).toBe(400)
    expect(messagesOf(chat.id)).toHaveLength(1)
    expect((await fetch(`${t.url}/hooks/nope`, { method: 'POST', body: '{}' })).status).toBe(404)
  })

  it('a photo is downloaded through the Bot API and served to operators who may see the chat', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5])
    const fileId = fake.addFile(bytes, 'image/jpeg')
    expect((await hook(photoUpdate(fileId, 'Вот фото'))).status).toBe(200)
    const [message] = messagesOf(chatOf()!.id)
    expect(message).toMatchObject({ kind: 'image', text: 'Вот фото' })
    expect(message?.media?.url).toMatch(/^\/api\/media\/[\w-]+$/)

    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const other = await t.channel('Другой канал')
    const vera = await t.operator({ email: 'vera@test.local', channels: [other] })
    const get = (token: string) =>
      fetch(`${t.url}${message!.media!.url}`, { headers: { authorization: `Bearer ${token}` } })
    await eventually(
      () => t.server.services.media.get(message!.media!.url.split('/').pop()!)?.state === 'stored',
      'stored',
    )
    const res = await get(anna.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
    expect((await get(vera.token)).status).toBe(404)
    expect((await fetch(`${t.url}${message!.media!.url}`)).status).toBe(401)
  })

  it('operators’ answers go out once each, in order, and are marked sent; a reply quotes the customer’s message', async () => {
    await hook(textUpdate('Есть вопрос'))
    const chat = chatOf()!
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const client = syncClient(t.wsUrl, anna.token)
    clients.push(client)
    const handle = client.open(chatDocName(chat.id))
    await client.whenSynced()
    const ctx = () => operatorContext(anna.id, Date.now())
    const first = sendOperatorMessage(
      handle.doc,
      { text: 'Первый', replyTo: `tg:${CHAT_ID}:${MESSAGE_ID}` },
      ctx(),
    )
    const second = sendOperatorMessage(handle.doc, { text: 'Второй' }, ctx())
    const third = sendOperatorMessage(handle.doc, { text: 'Третий' }, ctx())
    await client.whenSynced()
    await eventually(() => fake.sent.length === 3, 'three sends', 8_000)
    expect(fake.sent.map((s) => [s.chat, s.text])).toEqual([
      [String(CHAT_ID), 'Первый'],
      [String(CHAT_ID), 'Второй'],
      [String(CHAT_ID), 'Третий'],
    ])
    expect(fake.sent[0]?.replyParameters?.message_id).toBe(MESSAGE_ID)
    const delivery = chatParts(handle.doc).delivery
    await eventually(
      () => [first, second, third].every((m) => delivery.get(m.id)?.state === 'sent'),
      'all three marked sent on the operator’s copy',
    )
    await t.server.services.dispatcher.idle()
    expect(fake.sent).toHaveLength(3)
  })

  it('a provider outage: answers wait in the outbox and go out once it is back, in order', async () => {
    await hook(textUpdate('Алло?'))
    const chat = chatOf()!
    // The channel now points at a port where nothing listens (the provider is down)...
    const port = await closedPort()
    t.server.services.channels.setConfig(channelId, telegramConfig(`http://127.0.0.1:${port}`))
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const { sent, doc } = await reply(anna, chat.id, ['Раз', 'Два'])
    // A first attempt was made (`attempts` counts from the moment a call starts) and the answer is queued again.
    await eventually(() => {
      const row = t.server.services.outbox.byMessage(chat.id, sent[0]!.id)
      return (row?.attempts ?? 0) >= 1 && row?.state === 'queued'
    }, 'a first attempt failed and the answer waits')
    expect(t.server.services.outbox.byMessage(chat.id, sent[0]!.id)?.error).toMatch(/ECONNREFUSED/)
    expect(chatParts(doc).delivery.get(sent[0]!.id)).toBeUndefined()
    expect(fake.sent).toHaveLength(0)

    // ...and comes back on that port, in front of the fake.
    const proxy = await forwardPort(port, fake.url)
    try {
      await eventually(() => fake.sent.length === 2, 'both answers sent after the outage', 15_000)
      expect(fake.sent.map((s) => s.text)).toEqual(['Раз', 'Два'])
      await eventually(() => chatParts(doc).delivery.get(sent[1]!.id)?.state === 'sent', 'marked sent')
    } finally {
      await new Promise((resolve) => proxy.close(resolve))
    }
  }, 30_000)

  it('an answer the provider may or may not have taken becomes unknown and is never resent on its own', async () => {
    await hook(textUpdate('Вопрос'))
    const chat = chatOf()!
    fake.failNext({ kind: 'server-error' })
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const { sent, doc } = await reply(anna, chat.id, ['Может дойти, а может нет', 'Следующий'])
    await eventually(() => chatParts(doc).delivery.get(sent[0]!.id)?.state === 'unknown', 'unknown')
    await eventually(
      () => chatParts(doc).delivery.get(sent[1]!.id)?.state === 'sent',
      'the next one still goes',
    )
    await t.server.services.dispatcher.idle()
    expect(fake.sent.map((s) => s.text)).toEqual(['Следующий'])
    expect(chatParts(doc).delivery.get(sent[0]!.id)?.error).toBeTruthy()
  })

  it('a customer who blocked the bot: the answer fails with Telegram’s reason', async () => {
    await hook(textUpdate('Пока'))
    const chat = chatOf()!
    fake.block(String(CHAT_ID))
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const { sent, doc } = await reply(anna, chat.id, ['Вы тут?'])
    await eventually(() => chatParts(doc).delivery.get(sent[0]!.id)?.state === 'failed', 'failed')
    expect(chatParts(doc).delivery.get(sent[0]!.id)?.error).toMatch(/blocked/i)
  })
})

/** A port that forwards every HTTP request to `target`: the provider coming back where it was. */
const forwardPort = async (port: number, target: string): Promise<Server> => {
  const to = new URL(target)
  const server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  void (server.address() as AddressInfo)
  return server
}

describe('messengers through the server: statuses back onto our messages', () => {
  it('WhatsApp: sent → delivered → read arrive as webhooks and reach the operator’s message; a late one never undoes read', async () => {
    const fake = await startWaFake()
    const t = await startTestServer()
    try {
      const res = await t.api<{ id: string }>('/api/channels', {
        token: t.adminToken,
        body: { kind: 'whatsapp', name: 'WhatsApp', config: whatsappConfig(fake.url) },
      })
      const channelId = res.body.id
      const post = (payload: unknown) => {
        const body = JSON.stringify(payload)
        return fetch(`${t.url}/hooks/${channelId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(WA.appSecret, body) },
          body,
        })
      }
      // Meta's handshake first, then the customer writes.
      const handshake = await fetch(
        `${t.url}/hooks/${channelId}?hub.mode=subscribe&hub.verify_token=${WA.verifyToken}&hub.challenge=1158201444`,
      )
      expect(await handshake.text()).toBe('1158201444')
      // The customer wrote two days ago: outside WhatsApp's 24-hour window free text is refused, with the reason.
      const twoDaysAgo = String(Math.floor((Date.now() - 48 * 3600_000) / 1000))
      expect(
        (await post(fromCustomer(waPayloads.text('Здравствуйте!', { timestamp: twoDaysAgo })))).status,
      ).toBe(200)
      const chat = t.server.services.chats.chatByExternal(channelId, WA.customer.waId)!
      const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
      const client = syncClient(t.wsUrl, anna.token)
      const handle = client.open(chatDocName(chat.id))
      await client.whenSynced()
      const late = sendOperatorMessage(
        handle.doc,
        { text: 'Извините за ожидание' },
        operatorContext(anna.id, Date.now()),
      )
      await eventually(
        () => chatParts(handle.doc).delivery.get(late.id)?.state === 'failed',
        'refused: window',
      )
      expect(chatParts(handle.doc).delivery.get(late.id)?.error).toMatch(/24/)
      expect(fake.sent).toHaveLength(0)

      // The customer writes again: the window is open.
      const now = String(Math.floor(Date.now() / 1000))
      expect((await post(fromCustomer(waPayloads.text('Ау?', { timestamp: now })))).status).toBe(200)
      await t.server.hub.whenDurable()
      await eventually(
        () => chatParts(handle.doc).messages.length === 3,
        'the new message reached the operator',
      )
      const answer = sendOperatorMessage(
        handle.doc,
        { text: 'Добрый день!' },
        operatorContext(anna.id, Date.now()),
      )
      await client.whenSynced()
      await eventually(() => chatParts(handle.doc).delivery.get(answer.id)?.state === 'sent', 'sent')
      const wamid = t.server.services.outbox.byMessage(chat.id, answer.id)!.providerMessageId!
      expect(fake.sent.at(-1)).toMatchObject({ text: 'Добрый день!', providerMessageId: wamid })

      expect((await post(statuses(status(wamid, 'delivered')))).status).toBe(200)
      await eventually(
        () => chatParts(handle.doc).delivery.get(answer.id)?.state === 'delivered',
        'delivered',
      )
      await post(statuses(status(wamid, 'read')))
      await eventually(() => chatParts(handle.doc).delivery.get(answer.id)?.state === 'read', 'read')
      await post(statuses(status(wamid, 'delivered')))
      await t.server.hub.whenDurable()
      expect(chatParts(handle.doc).delivery.get(answer.id)?.state).toBe('read')
      client.destroy()
    } finally {
      await t.close()
      await fake.close()
    }
  })

  it('VK: the contact’s name from users.get; "read up to" marks every earlier answer read', async () => {
    const config = vkConfig('http://placeholder')
    const fake = await startVkFake({ groupId: config.groupId, accessToken: config.accessToken })
    const t = await startTestServer()
    try {
      const res = await t.api<{ id: string }>('/api/channels', {
        token: t.adminToken,
        body: { kind: 'vk', name: 'ВК', config: vkConfig(fake.url) },
      })
      const channelId = res.body.id
      const post = (body: unknown) =>
        fetch(`${t.url}/hooks/${channelId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      fake.addUser(VK_CUSTOMER)
      const ok = await post(
        callbackBody(config, 'message_new', { message: vkMessage(), client_info: CLIENT_INFO }),
      )
      expect(await ok.text()).toBe('ok')
      const chat = t.server.services.chats.chatByExternal(channelId, VK_PEER)!
      // VK's webhook names only the user: the contact's name comes from users.get, once.
      expect(t.server.services.chats.contact(chat.contactId)?.name).toBe('Мария Соколова')
      const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
      const client = syncClient(t.wsUrl, anna.token)
      const handle = client.open(chatDocName(chat.id))
      await client.whenSynced()
      const answers = ['Раз', 'Два'].map((text) =>
        sendOperatorMessage(handle.doc, { text }, operatorContext(anna.id, Date.now())),
      )
      await client.whenSynced()
      const delivery = chatParts(handle.doc).delivery
      await eventually(() => answers.every((a) => delivery.get(a.id)?.state === 'sent'), 'both sent')
      const last = t.server.services.outbox.byMessage(chat.id, answers[1]!.id)!.providerMessageId!
      await post(
        callbackBody(config, 'message_read', {
          from_id: Number(VK_PEER),
          peer_id: Number(VK_PEER),
          read_message_id: Number(last),
        }),
      )
      await eventually(() => answers.every((a) => delivery.get(a.id)?.state === 'read'), 'both read')
      client.destroy()
    } finally {
      await t.close()
      await fake.close()
    }
  })
})

describe('messengers through the server: changing a sent answer', () => {
  it('[EDT2] [EDT3] edits and deletes in Telegram within its 48 hours, then only edits; resends an unknown one on request', async () => {
    const fake = await startTelegramFake({ token: BOT_TOKEN })
    let offset = 0
    const t = await startTestServer({ now: () => Date.now() + offset })
    try {
      const res = await t.api<{ id: string }>('/api/channels', {
        token: t.adminToken,
        body: { kind: 'telegram', name: 'Бот', config: telegramConfig(fake.url) },
      })
      await fetch(`${t.url}/hooks/${res.body.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET_TOKEN },
        body: JSON.stringify(textUpdate('Привет')),
      })
      const chat = t.server.services.chats.chatByExternal(res.body.id, String(CHAT_ID))!
      const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
      const ivan = await t.operator({ email: 'ivan@test.local', name: 'Иван' })
      const post = async (text: string) => {
        const r = await t.api<{ id: string }>(`/api/chats/${chat.id}/messages`, {
          token: anna.token,
          body: { text },
        })
        await eventually(
          () => t.server.services.outbox.byMessage(chat.id, r.body.id)?.state === 'sent',
          'sent',
        )
        return {
          id: r.body.id,
          providerId: t.server.services.outbox.byMessage(chat.id, r.body.id)!.providerMessageId!,
        }
      }
      const change = (method: string, id: string, token = anna.token, body?: unknown) =>
        t.api<{ code: string; message: string }>(`/api/chats/${chat.id}/messages/${id}`, {
          method,
          token,
          ...(body !== undefined && { body }),
        })

      const typo = await post('Здраствуйте')
      expect((await change('PATCH', typo.id, anna.token, { text: 'Здравствуйте' })).status).toBe(200)
      expect(fake.message(String(CHAT_ID), typo.providerId)?.text).toBe('Здравствуйте')
      expect((await change('PATCH', typo.id, ivan.token, { text: 'чужое' })).status).toBe(403)
      const wrong = await post('Не туда')
      expect((await change('DELETE', wrong.id)).status).toBe(200)
      expect(fake.message(String(CHAT_ID), wrong.providerId)).toBeUndefined()
      const page = await t.api<{
        items: { id: string; edited: { text: string } | null; deleted: boolean }[]
      }>(`/api/chats/${chat.id}/messages`, { token: anna.token })
      expect(page.body.items.find((m) => m.id === typo.id)?.edited?.text).toBe('Здравствуйте')
      expect(page.body.items.find((m) => m.id === wrong.id)?.deleted).toBe(true)

      // Two days later: Telegram no longer deletes, the edit still goes.
      const old = await post('Старое')
      offset += 49 * 3600_000
      const late = await change('DELETE', old.id)
      expect(late.status).toBe(409)
      expect(late.body.message).toMatch(/48 h/)
      expect(fake.message(String(CHAT_ID), old.providerId)?.text).toBe('Старое')
      expect((await change('PATCH', old.id, anna.token, { text: 'Обновлено' })).status).toBe(200)

      // An answer that may not have gone out: unknown, and sent again only when the operator asks.
      fake.failNext({ kind: 'server-error' })
      const maybe = await t.api<{ id: string }>(`/api/chats/${chat.id}/messages`, {
        token: anna.token,
        body: { text: 'Дошло?' },
      })
      const doc = t.server.hub.open(chatDocName(chat.id)).doc
      await eventually(() => chatParts(doc).delivery.get(maybe.body.id)?.state === 'unknown', 'unknown')
      const resend = await t.api(`/api/chats/${chat.id}/messages/${maybe.body.id}/resend`, {
        token: anna.token,
        body: {},
      })
      expect(resend.status).toBe(200)
      await eventually(() => chatParts(doc).delivery.get(maybe.body.id)?.state === 'sent', 'sent on request')
      expect(fake.sent.filter((s) => s.text === 'Дошло?')).toHaveLength(1)
      const again = await t.api<{ code: string }>(`/api/chats/${chat.id}/messages/${maybe.body.id}/resend`, {
        token: anna.token,
        body: {},
      })
      expect(again).toMatchObject({ status: 409, body: { code: 'conflict' } })
    } finally {
      await t.close()
      await fake.close()
    }
  })
})
