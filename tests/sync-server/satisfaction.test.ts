/**
 * Satisfaction through a real server (issue 7 §3): the admin's settings, the rating request a close asks for,
 * sent once per close through the messengers' fake provider APIs (also across a restart and when the close merges
 * late from an offline client), the customers' answers by button, typed digit and widget, and the thanks.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import {
  type ChatState,
  chatDocName,
  chatParts,
  chatRatings,
  chatState,
  closeChat,
  DEFAULT_SATISFACTION_SETTINGS,
  directoryDocName,
  operatorContext,
  type RatingItem,
  ratingItems,
  readSatisfactionSettings,
} from '../../model'
import {
  BOT_TOKEN,
  CHAT_ID,
  DATE,
  privateChat,
  SECRET_TOKEN,
  telegramConfig,
  testUser,
  textUpdate,
  update,
} from '../channels/telegram.fixture'
import { startTelegramFake, type TelegramFake } from '../helpers/fakes/telegram'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

const SETTINGS = {
  askByDefault: true,
  requestText: 'Оцените, пожалуйста, нашу помощь',
  thanksText: 'Спасибо! Напишите, что улучшить',
  whatsappTemplate: null,
}

const ratingsOf = (t: TestServer, chatId: string): RatingItem[] =>
  ratingItems(chatRatings(t.server.hub.open(chatDocName(chatId)).doc).toArray())
const messagesOf = (t: TestServer, chatId: string) =>
  chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.toArray()
const stateOf = (t: TestServer, chatId: string): ChatState =>
  chatState(t.server.hub.open(chatDocName(chatId)).doc)
const requestsOf = (t: TestServer, chatId: string) => ratingsOf(t, chatId).filter((i) => i.kind === 'request')
const scoresOf = (t: TestServer, chatId: string) => ratingsOf(t, chatId).filter((i) => i.kind === 'customer')

/** Everything written so far is durable and every queued answer has been handed to its provider. */
const settled = async (t: TestServer): Promise<void> => {
  await t.server.hub.whenDurable()
  await t.server.services.dispatcher.idle()
  await t.server.hub.whenDurable()
}

const closeAsking = (t: TestServer, chatId: string, token: string) =>
  t.api(`/api/chats/${chatId}/close`, { token, body: { reason: 'solved', askRating: true } })

describe('[RAT8] the satisfaction settings', () => {
  let t: TestServer | null = null
  const clients: SyncClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await t?.close()
    t = null
  })

  it('[RAT8] admins read and save them; they are audited, published in the directory and kept across a restart', async () => {
    t = await startTestServer()
    const admin = t.adminToken
    expect(await t.api('/api/admin/satisfaction', { token: admin })).toEqual({
      status: 200,
      body: DEFAULT_SATISFACTION_SETTINGS,
    })
    const template = { name: 'csat_request', language: 'ru' }
    const saved = await t.api('/api/admin/satisfaction', {
      token: admin,
      method: 'PUT',
      body: { ...SETTINGS, whatsappTemplate: template },
    })
    expect(saved).toEqual({ status: 200, body: { ...SETTINGS, whatsappTemplate: template } })
    const audit = await t.api<{ items: { action: string }[] }>('/api/admin/audit', { token: admin })
    expect(audit.body.items.map((e) => e.action)).toContain('satisfaction.update')

    // An operator's app has them from the directory doc, offline too.
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const client = syncClient(t.wsUrl, anna.token)
    clients.push(client)
    const directory = new Y.Doc()
    client.open(directoryDocName, directory)
    await client.whenSynced()
    expect(readSatisfactionSettings(directory)).toEqual({ ...SETTINGS, whatsappTemplate: template })

    client.destroy()
    const dataDir = t.dataDir
    await t.close({ keepData: true })
    t = await startTestServer({ dataDir })
    expect((await t.api('/api/admin/satisfaction', { token: t.adminToken })).body).toEqual({
      ...SETTINGS,
      whatsappTemplate: template,
    })
    expect(readSatisfactionSettings(t.server.hub.open(directoryDocName).doc)?.requestText).toBe(
      SETTINGS.requestText,
    )
  })

  it('[RAT8] a malformed body is a 400 {code, message}; operators get 403', async () => {
    t = await startTestServer()
    const put = (body: unknown, token = t!.adminToken) =>
      t!.api<{ code: string; message: string }>('/api/admin/satisfaction', { token, method: 'PUT', body })
    for (const body of [
      { ...SETTINGS, requestText: '   ' },
      { ...SETTINGS, askByDefault: 'yes' },
      { ...SETTINGS, whatsappTemplate: { name: 'Has Spaces', language: 'ru' } },
      { ...SETTINGS, extra: 1 },
      { askByDefault: true },
      'not json',
    ]) {
      const res = await put(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.any(String) })
    }
    const anna = await t.operator({ email: 'anna@test.local' })
    expect((await put(SETTINGS, anna.token)).status).toBe(403)
    expect((await t.api('/api/admin/satisfaction', { token: anna.token })).status).toBe(403)
    expect((await t.api('/api/admin/satisfaction', { token: t.adminToken })).body).toEqual(
      DEFAULT_SATISFACTION_SETTINGS,
    )
  })
})

describe('[RAT6] [RAT7] Telegram: the request on close, the buttons, typed scores', () => {
  let t: TestServer | null = null
  let fake: TelegramFake | null = null
  const clients: SyncClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await t?.close()
    await fake?.close()
    t = null
    fake = null
  })

  /** A server with a Telegram channel on the fake, the admin's texts, and a customer who wrote. */
  const setup = async () => {
    fake = await startTelegramFake({ token: BOT_TOKEN })
    t = await startTestServer()
    const server = t
    const channel = await server.api<{ id: string }>('/api/channels', {
      token: server.adminToken,
      body: { kind: 'telegram', name: 'Бот', config: telegramConfig(fake.url) },
    })
    const channelId = channel.body.id
    await server.api('/api/admin/satisfaction', { token: server.adminToken, method: 'PUT', body: SETTINGS })
    const hook = async (body: unknown) => {
      const res = await fetch(`${server.url}/hooks/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET_TOKEN },
        body: JSON.stringify(body),
      })
      expect(res.status).toBe(200)
      return res
    }
    await hook(textUpdate('Где мой заказ?'))
    const chatId = server.server.services.chats.chatByExternal(channelId, String(CHAT_ID))!.id
    const anna = await server.operator({ email: 'anna@test.local', name: 'Анна' })
    return { t: server, fake, channelId, chatId, anna, hook }
  }

  /** A press on one of the request's buttons, as Telegram posts it. */
  const press = (queryId: string, data: string, messageId: number) =>
    update({
      callback_query: {
        id: queryId,
        from: testUser,
        message: { message_id: messageId, chat: privateChat, date: DATE, text: SETTINGS.requestText },
        chat_instance: '-8012345678901234567',
        data,
      },
    })

  it('[RAT6] [RAT7] one request with five buttons; a press records the score once, thanks once, a new press changes it', async () => {
    const { t, fake, chatId, anna, hook } = await setup()
    expect((await closeAsking(t, chatId, anna.token)).status).toBe(200)
    await eventually(() => fake.sent.length === 1, 'the request is sent')
    const [request] = requestsOf(t, chatId)
    const sent = fake.sent[0]!
    expect(sent.text).toBe(SETTINGS.requestText)
    expect(messagesOf(t, chatId).find((m) => m.id === request?.messageId)).toMatchObject({
      direction: 'out',
      author: { kind: 'bot' },
      text: SETTINGS.requestText,
      ask: 'rating',
    })
    const row = sent.inlineKeyboard?.[0] ?? []
    expect(sent.inlineKeyboard).toHaveLength(1)
    expect(row.map((b) => b.text)).toEqual(['1 ⭐', '2 ⭐', '3 ⭐', '4 ⭐', '5 ⭐'])
    expect(row.map((b) => b.callback_data)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `csat:${n}:${request?.messageId}`),
    )
    for (const b of row) expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64)
    await settled(t)
    expect(
      chatParts(t.server.hub.open(chatDocName(chatId)).doc).delivery.get(request!.messageId)?.state,
    ).toBe('sent')

    // The customer presses «4»; Telegram delivers the update twice.
    const four = press('cbq-1', row[3]!.callback_data!, Number(sent.providerMessageId))
    const answered = await hook(four)
    expect(await answered.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cbq-1' })
    await hook(four)
    await eventually(() => fake.sent.length === 2, 'the thanks is sent')
    await settled(t)
    expect(fake.sent.map((s) => s.text)).toEqual([SETTINGS.requestText, SETTINGS.thanksText])
    expect(scoresOf(t, chatId)).toEqual([
      expect.objectContaining({ score: 4, requestId: request!.id, via: 'button' }),
    ])
    expect(
      messagesOf(t, chatId)
        .filter((m) => m.kind === 'technical')
        .map((m) => m.text),
    ).toEqual(['⭐ 4'])
    expect(stateOf(t, chatId).assignment.status).toBe('closed')

    // A later press changes the score (the latest wins); no second thanks.
    await hook(press('cbq-2', row[1]!.callback_data!, Number(sent.providerMessageId)))
    await settled(t)
    expect(scoresOf(t, chatId).map((i) => i.kind === 'customer' && i.score)).toEqual([4, 2])
    expect(fake.sent).toHaveLength(2)
    // Another bot's button (or a forged one) is just a technical line.
    await hook(press('cbq-3', 'order:42:status', Number(sent.providerMessageId)))
    await settled(t)
    expect(scoresOf(t, chatId)).toHaveLength(2)
  })

  it('[RAT6] exactly one request per close across a restart; a new close asks again', async () => {
    const { t: first, fake, chatId, anna } = await setup()
    const client = syncClient(first.wsUrl, anna.token)
    clients.push(client)
    const handle = client.open(chatDocName(chatId))
    await client.whenSynced()
    closeChat(handle.doc, { reason: 'solved', askRating: true }, operatorContext(anna.id, Date.now()))
    await client.whenSynced()
    await eventually(() => fake.sent.length === 1, 'the request is sent')
    await settled(first)
    client.destroy()
    const copy = Y.encodeStateAsUpdate(handle.doc)

    const dataDir = first.dataDir
    await first.close({ keepData: true })
    t = await startTestServer({ dataDir })
    const server = t
    // The operator's copy, holding the close, syncs with the restarted server: nothing is asked again.
    const again = syncClient(server.wsUrl, anna.token)
    clients.push(again)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, copy)
    again.open(chatDocName(chatId), replica)
    await again.whenSynced()
    await settled(server)
    expect(requestsOf(server, chatId)).toHaveLength(1)
    expect(fake.sent).toHaveLength(1)

    // The customer writes again (the chat reopens) and the next close asks again: one more request.
    const channelId = server.server.services.chats.chat(chatId)!.channelId
    await fetch(`${server.url}/hooks/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET_TOKEN },
      body: JSON.stringify(textUpdate('И ещё вопрос', { message_id: 2001 })),
    })
    expect(stateOf(server, chatId).assignment.status).toBe('open')
    // Sessions are kept in SQLite: Anna's token still works after the restart.
    expect((await closeAsking(server, chatId, anna.token)).status).toBe(200)
    await eventually(() => fake.sent.length === 2, 'the second close’s request')
    await settled(server)
    expect(requestsOf(server, chatId)).toHaveLength(2)
  })

  it('[RAT6] a close written offline and merged late gets its request, once', async () => {
    const { t, fake, chatId, anna } = await setup()
    const first = syncClient(t.wsUrl, anna.token)
    clients.push(first)
    const doc = new Y.Doc()
    first.open(chatDocName(chatId), doc)
    await first.whenSynced()
    first.destroy()
    // Offline: the close stays in Anna's copy.
    closeChat(doc, { reason: 'solved', askRating: true }, operatorContext(anna.id, Date.now()))
    await settled(t)
    expect(requestsOf(t, chatId)).toEqual([])

    const back = syncClient(t.wsUrl, anna.token)
    clients.push(back)
    back.open(chatDocName(chatId), doc)
    await back.whenSynced()
    await eventually(() => fake.sent.length === 1, 'the late close’s request is sent')
    // Another replica holding the same close syncs too: still one.
    const other = syncClient(t.wsUrl, anna.token)
    clients.push(other)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    other.open(chatDocName(chatId), replica)
    await other.whenSynced()
    await settled(t)
    expect(requestsOf(t, chatId)).toHaveLength(1)
    expect(fake.sent).toHaveLength(1)
    // The operator's copy got the request and its message from the server.
    await eventually(() => chatRatings(doc).length === 1, 'the request reaches the operator’s copy')
  })

  it('[RAT3] [RAT4] a typed «5» answers the request once; the next text is its comment and reopens the chat', async () => {
    const { t, fake, chatId, anna, hook } = await setup()
    await closeAsking(t, chatId, anna.token)
    await eventually(() => fake.sent.length === 1, 'the request is sent')
    const five = textUpdate('5', { message_id: 3001 })
    await hook(five)
    await hook(five)
    await eventually(() => fake.sent.length === 2, 'the thanks is sent')
    await settled(t)
    const [request] = requestsOf(t, chatId)
    expect(scoresOf(t, chatId)).toEqual([
      expect.objectContaining({ score: 5, requestId: request!.id, via: 'text' }),
    ])
    expect(messagesOf(t, chatId).find((m) => m.id === `tg:${CHAT_ID}:3001`)).toMatchObject({
      kind: 'technical',
      text: '5',
    })
    expect(stateOf(t, chatId).assignment.status).toBe('closed')

    await hook(textUpdate('Курьер опоздал на час', { message_id: 3002 }))
    await settled(t)
    const comments = ratingsOf(t, chatId).filter((i) => i.kind === 'comment')
    expect(comments).toEqual([expect.objectContaining({ text: 'Курьер опоздал на час' })])
    expect(messagesOf(t, chatId).at(-1)).toMatchObject({ kind: 'text', text: 'Курьер опоздал на час' })
    expect(stateOf(t, chatId).assignment.status).toBe('open')
    expect(fake.sent).toHaveLength(2)
  })
})
