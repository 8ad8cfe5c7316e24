/**
 * Satisfaction in VK, WhatsApp and the website widget, through a real server and the providers' fake APIs: how
 * each shows the rating request (VK inline buttons, a WhatsApp list inside the 24-hour window and the admin's
 * template with quick-reply buttons outside it, the widget's marker), and each one's answer back as the score.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  chatDocName,
  chatParts,
  chatRatings,
  type RatingItem,
  ratingItems,
  ratingThanksId,
} from '../../model'
import { CLIENT_INFO, callbackBody, VK_CUSTOMER, VK_PEER, vkConfig, vkMessage } from '../channels/vk.fixture'
import {
  fromCustomer,
  sign,
  startFake,
  WA,
  payloads as waPayloads,
  whatsappConfig,
} from '../channels/whatsapp.fixture'
import { startVkFake, type VkFake } from '../helpers/fakes/vk'
import type { WhatsAppFake } from '../helpers/fakes/whatsapp'
import { eventually, startTestServer, type TestServer } from '../helpers/server'

const SETTINGS = {
  askByDefault: false,
  requestText: 'Оцените, пожалуйста, нашу помощь',
  thanksText: 'Спасибо за оценку!',
  whatsappTemplate: null as { name: string; language: string } | null,
}

const ratingsOf = (t: TestServer, chatId: string): RatingItem[] =>
  ratingItems(chatRatings(t.server.hub.open(chatDocName(chatId)).doc).toArray())
const messagesOf = (t: TestServer, chatId: string) =>
  chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.toArray()
const scoresOf = (t: TestServer, chatId: string) => ratingsOf(t, chatId).filter((i) => i.kind === 'customer')
const requestOf = (t: TestServer, chatId: string) => {
  const request = ratingsOf(t, chatId).find((i) => i.kind === 'request')
  return request?.kind === 'request' ? request : null
}

const settled = async (t: TestServer): Promise<void> => {
  await t.server.hub.whenDurable()
  await t.server.services.dispatcher.idle()
  await t.server.hub.whenDurable()
}

const closeAsking = async (t: TestServer, chatId: string): Promise<void> => {
  const res = await t.api(`/api/chats/${chatId}/close`, {
    token: t.adminToken,
    body: { reason: 'solved', askRating: true },
  })
  expect(res.status).toBe(200)
}

const saveSettings = async (t: TestServer, settings = SETTINGS): Promise<void> => {
  const res = await t.api('/api/admin/satisfaction', { token: t.adminToken, method: 'PUT', body: settings })
  expect(res.status).toBe(200)
}

let t: TestServer | null = null
let closeFake: (() => Promise<void>) | null = null
afterEach(async () => {
  await t?.close()
  await closeFake?.()
  t = null
  closeFake = null
})

describe('[RAT6] [RAT7] VK', () => {
  it('[RAT6] [RAT7] the request carries an inline keyboard of five buttons; a press is the score, thanked once', async () => {
    const config = vkConfig('http://placeholder')
    const fake: VkFake = await startVkFake({ groupId: config.groupId, accessToken: config.accessToken })
    closeFake = () => fake.close()
    t = await startTestServer()
    const server = t
    const res = await server.api<{ id: string }>('/api/channels', {
      token: server.adminToken,
      body: { kind: 'vk', name: 'ВК', config: vkConfig(fake.url) },
    })
    const channelId = res.body.id
    await saveSettings(server)
    const post = async (body: unknown) => {
      const answer = await fetch(`${server.url}/hooks/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(await answer.text()).toBe('ok')
    }
    fake.addUser(VK_CUSTOMER)
    await post(callbackBody(config, 'message_new', { message: vkMessage(), client_info: CLIENT_INFO }))
    const chatId = server.server.services.chats.chatByExternal(channelId, VK_PEER)!.id

    await closeAsking(server, chatId)
    await eventually(() => fake.sent.length === 1, 'the request is sent')
    const request = requestOf(server, chatId)!
    const sent = fake.sent[0]!
    expect(sent.text).toBe(SETTINGS.requestText)
    expect(sent.keyboard?.inline).toBe(true)
    const buttons = sent.keyboard?.buttons.flat().map((b) => b.action) ?? []
    expect(buttons.map((a) => [a.type, a.label])).toEqual([1, 2, 3, 4, 5].map((n) => ['text', `${n} ⭐`]))
    expect(buttons.map((a) => JSON.parse(a.payload ?? '{}'))).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ csat: `csat:${n}:${request.messageId}` })),
    )

    // The customer presses «5»: VK posts a message with the label as text and the button's payload; twice.
    const pressed = callbackBody(config, 'message_new', {
      message: vkMessage({
        id: 1052,
        conversation_message_id: 844,
        text: '5 ⭐',
        payload: buttons[4]!.payload,
      }),
      client_info: CLIENT_INFO,
    })
    await post(pressed)
    await post(pressed)
    await eventually(() => fake.sent.length === 2, 'the thanks is sent')
    await settled(server)
    expect(scoresOf(server, chatId)).toEqual([
      expect.objectContaining({ score: 5, requestId: request.id, via: 'button' }),
    ])
    expect(messagesOf(server, chatId).find((m) => m.id === `vk:${VK_PEER}:1052`)).toMatchObject({
      kind: 'technical',
      text: '⭐ 5',
    })
    expect(fake.sent.map((s) => s.text)).toEqual([SETTINGS.requestText, SETTINGS.thanksText])
    expect(fake.sent[1]?.keyboard).toBeUndefined()
  })
})

describe('[RAT6] [RAT7] WhatsApp', () => {
  /** A server with a WhatsApp channel on the fake; the customer wrote `ago` ms before now. */
  const setup = async (ago: number, settings = SETTINGS) => {
    const fake: WhatsAppFake = await startFake()
    closeFake = () => fake.close()
    t = await startTestServer()
    const server = t
    const res = await server.api<{ id: string }>('/api/channels', {
      token: server.adminToken,
      body: { kind: 'whatsapp', name: 'WhatsApp', config: whatsappConfig(fake.url) },
    })
    const channelId = res.body.id
    await saveSettings(server, settings)
    const post = async (payload: unknown) => {
      const body = JSON.stringify(payload)
      const answer = await fetch(`${server.url}/hooks/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(WA.appSecret, body) },
        body,
      })
      expect(answer.status).toBe(200)
    }
    const timestamp = String(Math.floor((Date.now() - ago) / 1000))
    await post(fromCustomer(waPayloads.text('Здравствуйте, заказ не пришёл', { timestamp })))
    const chatId = server.server.services.chats.chatByExternal(channelId, WA.customer.waId)!.id
    return { t: server, fake, post, chatId }
  }

  it('[RAT6] [RAT7] inside the 24-hour window: an interactive list of five rows; a row picked is the score', async () => {
    const { t, fake, post, chatId } = await setup(60_000)
    await closeAsking(t, chatId)
    await eventually(() => fake.sent.length === 1, 'the request is sent')
    const request = requestOf(t, chatId)!
    const sent = fake.sent[0]!
    expect(sent.type).toBe('interactive')
    expect(sent.text).toBe(SETTINGS.requestText)
    const interactive = sent.body.interactive as {
      type: string
      action: { button: string; sections: { rows: { id: string; title: string }[] }[] }
    }
    expect(interactive.type).toBe('list')
    const rows = interactive.action.sections.flatMap((s) => s.rows)
    expect(rows.map((r) => r.id)).toEqual([5, 4, 3, 2, 1].map((n) => `csat:${n}:${request.messageId}`))
    expect(rows.map((r) => r.title)).toEqual([5, 4, 3, 2, 1].map((n) => `${n} ⭐`))

    const now = String(Math.floor(Date.now() / 1000))
    const reply = waPayloads.listReply(rows[1]!.id, rows[1]!.title, sent.providerMessageId)
    const picked = fromCustomer({ ...reply, timestamp: now })
    await post(picked)
    await post(picked)
    await eventually(() => fake.sent.length === 2, 'the thanks is sent')
    await settled(t)
    expect(scoresOf(t, chatId)).toEqual([
      expect.objectContaining({ score: 4, requestId: request.id, via: 'button' }),
    ])
    expect(
      messagesOf(t, chatId)
        .filter((m) => m.kind === 'technical')
        .map((m) => m.text),
    ).toEqual(['⭐ 4'])
    expect(fake.sent[1]).toMatchObject({ type: 'text', text: SETTINGS.thanksText })
  })

  it('[RAT6] outside the window the admin’s template goes, its quick-reply buttons carrying the scores', async () => {
    const template = { name: 'csat_request', language: 'ru' }
    const { t, fake, post, chatId } = await setup(48 * 3600_000, { ...SETTINGS, whatsappTemplate: template })
    fake.templates = [
      {
        ...template,
        status: 'APPROVED',
        category: 'UTILITY',
        components: [
          { type: 'BODY', text: 'Оцените, пожалуйста, как мы вам помогли' },
          {
            type: 'BUTTONS',
            buttons: [1, 2, 3, 4, 5].map((n) => ({ type: 'QUICK_REPLY', text: String(n) })),
          },
        ],
      },
    ]
    await closeAsking(t, chatId)
    await eventually(() => fake.sent.length === 1, 'the template is sent')
    const request = requestOf(t, chatId)!
    const sent = fake.sent[0]!
    expect(sent.type).toBe('template')
    expect(sent.text).toBe('Оцените, пожалуйста, как мы вам помогли')
    const object = sent.body.template as { name: string; components: Record<string, unknown>[] }
    expect(object.name).toBe('csat_request')
    expect(object.components).toEqual(
      [1, 2, 3, 4, 5].map((n, index) => ({
        type: 'button',
        sub_type: 'quick_reply',
        index: String(index),
        parameters: [{ type: 'payload', payload: `csat:${n}:${request.messageId}` }],
      })),
    )
    await settled(t)
    expect(messagesOf(t, chatId).find((m) => m.id === request.messageId)).toMatchObject({
      ask: 'rating',
      template: { ...template, params: [] },
    })
    expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).delivery.get(request.messageId)?.state).toBe(
      'sent',
    )

    // The customer taps «2»: a `button` message with the payload.
    await post(
      fromCustomer(waPayloads.templateButton('2', `csat:2:${request.messageId}`, sent.providerMessageId)),
    )
    await settled(t)
    expect(scoresOf(t, chatId)).toEqual([expect.objectContaining({ score: 2, via: 'button' })])
    // WIN1: a button tap opens no window, so no thanks goes (it would only be refused).
    expect(fake.sent).toHaveLength(1)
    expect(messagesOf(t, chatId).some((m) => m.id === ratingThanksId(request.messageId))).toBe(false)
  })

  it('[RAT6] outside the window with no template nothing is sent or recorded', async () => {
    const { t, fake, chatId } = await setup(48 * 3600_000)
    await closeAsking(t, chatId)
    await settled(t)
    expect(ratingsOf(t, chatId)).toEqual([])
    expect(messagesOf(t, chatId).filter((m) => m.direction === 'out')).toEqual([])
    expect(fake.sent).toEqual([])
  })
})

describe('[RAT6] [RAT7] the website widget', () => {
  interface Visitor {
    readonly visitorId: string
    readonly token: string
  }
  interface WidgetView {
    readonly id: string
    readonly from: string
    readonly text: string
    readonly ask?: string
    readonly rating?: { score: number; comment: string | null } | null
  }

  it('[RAT6] [RAT7] the request reaches the visitor marked; the form’s score and comment land on the chat, thanked once', async () => {
    t = await startTestServer()
    const server = t
    await saveSettings(server)
    const channel = await server.channel('Сайт', 'widget')
    const base = `/api/widget/${channel}`
    const visitor = (await server.api<Visitor>(`${base}/visitors`, { body: { name: 'Мария' } })).body
    await server.api(`${base}/messages`, {
      token: visitor.token,
      body: { id: crypto.randomUUID(), text: 'Где мой заказ?' },
    })
    const chatId = server.server.services.chats.chatByExternal(channel, visitor.visitorId)!.id
    await closeAsking(server, chatId)
    await settled(server)
    const page = async () =>
      (await server.api<{ items: WidgetView[] }>(`${base}/messages`, { token: visitor.token })).body.items
    const request = (await page()).at(-1)!
    expect(request).toMatchObject({ from: 'bot', text: SETTINGS.requestText, ask: 'rating', rating: null })

    const rate = (body: Record<string, unknown>, token?: string) =>
      server.api<{ code?: string }>(`${base}/rating`, { ...(token && { token }), body })
    // The token may come in the body, as the brief's form posts it.
    const first = await rate({ token: visitor.token, messageId: request.id, score: 4, comment: ' Быстро ' })
    expect(first).toEqual({ status: 201, body: { score: 4, comment: 'Быстро' } })
    const retry = await rate({ messageId: request.id, score: 4, comment: 'Быстро' }, visitor.token)
    expect(retry.status).toBe(200)
    await settled(server)
    expect(scoresOf(server, chatId)).toEqual([expect.objectContaining({ score: 4, via: 'widget' })])
    expect(ratingsOf(server, chatId).filter((i) => i.kind === 'comment')).toEqual([
      expect.objectContaining({ text: 'Быстро' }),
    ])
    const after = await page()
    expect(after.find((m) => m.id === request.id)?.rating).toEqual({ score: 4, comment: 'Быстро' })
    expect(after.filter((m) => m.text === SETTINGS.thanksText)).toHaveLength(1)
    // The technical line is the operators', not the visitor's.
    expect(after.some((m) => m.text === '⭐ 4')).toBe(false)
    expect(
      messagesOf(server, chatId)
        .filter((m) => m.kind === 'technical')
        .map((m) => m.text),
    ).toEqual(['⭐ 4'])

    expect((await rate({ messageId: 'csat-nope', score: 3 }, visitor.token)).body).toMatchObject({
      code: 'not_found',
    })
    expect((await rate({ messageId: request.id, score: 7 }, visitor.token)).status).toBe(400)
    expect((await rate({ messageId: request.id, score: 3 })).status).toBe(401)
    expect((await rate({ messageId: request.id, score: 3, token: 'forged' })).status).toBe(401)
    // Another visitor cannot rate this chat's request.
    const other = (await server.api<Visitor>(`${base}/visitors`, { body: {} })).body
    expect((await rate({ messageId: request.id, score: 1 }, other.token)).status).toBe(404)
    await settled(server)
    expect(scoresOf(server, chatId)).toHaveLength(1)
  })
})
