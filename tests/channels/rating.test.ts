/**
 * [RAT6] [RAT7] The score buttons in each bridge: what a rating request looks like on the wire (against the
 * providers' local fakes) and how each provider's button press parses into a `rating` event; any other button
 * stays the technical line it was.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  type InboundEvent,
  parseRatingData,
  RATING_SCORES,
  ratingData,
  telegram,
  vk,
  whatsapp,
} from '../../channels'
import { startTelegramFake } from '../helpers/fakes/telegram'
import { startVkFake } from '../helpers/fakes/vk'
import { contextFor, outgoing } from './bridge-contract'
import {
  BOT_TOKEN,
  CHAT_ID,
  DATE,
  privateChat,
  telegramConfig,
  testUser,
  update,
  webhook,
} from './telegram.fixture'
import { messageNew, VK_PEER, vkConfig, vkMessage } from './vk.fixture'
import {
  fromCustomer,
  signed,
  startFake,
  WA,
  payloads as waPayloads,
  whatsappConfig,
} from './whatsapp.fixture'

const REQUEST_ID = 'csat-Zm9vYmFyYmF6cXV4cXV1eA'

const ratingEvents = (events: readonly InboundEvent[]) => events.filter((e) => e.type === 'rating')
const eventsOf = (result: { ok: boolean; events?: readonly InboundEvent[] }) => {
  expect(result.ok).toBe(true)
  return result.events ?? []
}

const fakes: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close()
})

describe('[RAT7] the buttons’ data', () => {
  it('[RAT7] names the request and the score in at most 64 bytes, and reads back; other data is not a score', () => {
    for (const score of RATING_SCORES) {
      const data = ratingData(REQUEST_ID, score)!
      expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64)
      expect(parseRatingData(data)).toEqual({ requestMessageId: REQUEST_ID, score })
    }
    // An id too long for Telegram's 64 bytes gets no buttons rather than cut data.
    expect(ratingData('x'.repeat(60), 5)).toBeNull()
    for (const other of [
      undefined,
      '',
      'order:42:status',
      'csat:6:abc',
      'csat:0:abc',
      'csat:5:',
      'csat:5:a b',
    ])
      expect(parseRatingData(other)).toBeNull()
  })
})

describe('[RAT6] [RAT7] Telegram', () => {
  const bridge = telegram.bridge
  const config = telegramConfig('http://unused')

  it('[RAT6] a request goes with an inline keyboard of five score buttons; an ordinary answer with none', async () => {
    const fake = await startTelegramFake({ token: BOT_TOKEN })
    fakes.push(fake)
    const ctx = contextFor(bridge, telegramConfig(fake.url))
    const ask = {
      ...outgoing({ sendTo: String(CHAT_ID) }, 'Оцените нас'),
      id: REQUEST_ID,
      ask: 'rating' as const,
    }
    expect(await bridge.send(ctx, ask)).toMatchObject({ ok: true })
    expect(await bridge.send(ctx, outgoing({ sendTo: String(CHAT_ID) }, 'Обычный ответ'))).toMatchObject({
      ok: true,
    })
    expect(fake.sent[0]?.inlineKeyboard).toEqual([
      RATING_SCORES.map((n) => ({ text: `${n} ⭐`, callback_data: `csat:${n}:${REQUEST_ID}` })),
    ])
    expect(fake.sent[1]?.inlineKeyboard).toBeUndefined()
  })

  it('[RAT7] a score button’s callback query is a rating event; another button is a technical message', () => {
    const press = (id: string, data: string) =>
      webhook(
        update({
          callback_query: {
            id,
            from: testUser,
            message: { message_id: 104, chat: privateChat, date: DATE, text: 'Оцените нас' },
            chat_instance: '-1',
            data,
          },
        }),
      )
    const now = () => 1_800_000_000_000
    const ctx = { ...contextFor(bridge, config), now }
    const events = eventsOf(bridge.handleWebhook(ctx, press('q-1', `csat:3:${REQUEST_ID}`)))
    expect(events).toEqual([
      {
        type: 'rating',
        externalChatId: String(CHAT_ID),
        requestMessageId: REQUEST_ID,
        score: 3,
        messageId: `tg:${CHAT_ID}:cb:q-1`,
        at: now(),
      },
    ])
    const other = eventsOf(bridge.handleWebhook(ctx, press('q-2', 'order:42:status')))
    expect(ratingEvents(other)).toEqual([])
    expect(other[0]).toMatchObject({ type: 'message', envelope: { message: { kind: 'technical' } } })
  })
})

describe('[RAT6] [RAT7] VK', () => {
  const bridge = vk.bridge
  const config = vkConfig('http://unused')

  it('[RAT6] a request carries an inline keyboard of five text buttons with the score in their payload', async () => {
    const fake = await startVkFake({ groupId: config.groupId, accessToken: config.accessToken })
    fakes.push(fake)
    const ctx = contextFor(bridge, vkConfig(fake.url))
    const ask = { ...outgoing({ sendTo: VK_PEER }, 'Оцените нас'), id: REQUEST_ID, ask: 'rating' as const }
    expect(await bridge.send(ctx, ask)).toMatchObject({ ok: true })
    expect(fake.sent[0]?.keyboard).toEqual({
      inline: true,
      buttons: [
        RATING_SCORES.map((n) => ({
          action: {
            type: 'text',
            label: `${n} ⭐`,
            payload: JSON.stringify({ csat: `csat:${n}:${REQUEST_ID}` }),
          },
        })),
      ],
    })
  })

  it('[RAT7] a press is a rating event; a keyboard button of another bot stays a technical message', () => {
    const ctx = contextFor(bridge, config)
    const payload = JSON.stringify({ csat: `csat:5:${REQUEST_ID}` })
    const pressed = vkMessage({ id: 2000, text: '5 ⭐', payload })
    const events = eventsOf(bridge.handleWebhook(ctx, messageNew(config, pressed)))
    expect(events).toEqual([
      {
        type: 'rating',
        externalChatId: VK_PEER,
        requestMessageId: REQUEST_ID,
        score: 5,
        messageId: `vk:${VK_PEER}:2000`,
        at: (pressed.date as number) * 1000,
      },
    ])
    const other = vkMessage({ id: 2001, text: 'Статус заказа', payload: '{"command":"status"}' })
    const plain = eventsOf(bridge.handleWebhook(ctx, messageNew(config, other)))
    expect(plain[0]).toMatchObject({ type: 'message', envelope: { message: { kind: 'technical' } } })
  })
})

describe('[RAT6] [RAT7] WhatsApp', () => {
  const bridge = whatsapp.bridge
  const config = whatsappConfig('http://unused')

  it('[RAT6] inside the window a list of five rows; outside it only the template, with quick-reply payloads', async () => {
    const fake = await startFake()
    fakes.push(fake)
    fake.templates = [
      {
        name: 'csat_request',
        language: 'ru',
        status: 'APPROVED',
        category: 'UTILITY',
        components: [
          { type: 'BODY', text: 'Оцените нас' },
          { type: 'BUTTONS', buttons: RATING_SCORES.map((n) => ({ type: 'QUICK_REPLY', text: String(n) })) },
        ],
      },
    ]
    const ctx = contextFor(bridge, whatsappConfig(fake.url))
    const base = {
      ...outgoing({ sendTo: WA.customer.waId }, 'Оцените нас'),
      id: REQUEST_ID,
      ask: 'rating' as const,
    }
    expect(await bridge.send(ctx, base)).toMatchObject({ ok: true })
    expect(fake.sent[0]?.body.interactive).toEqual({
      type: 'list',
      body: { text: 'Оцените нас' },
      action: {
        button: '⭐ 1–5',
        sections: [
          {
            title: '⭐ 1–5',
            rows: [...RATING_SCORES]
              .reverse()
              .map((n) => ({ id: `csat:${n}:${REQUEST_ID}`, title: `${n} ⭐` })),
          },
        ],
      },
    })
    // Outside the window free text (and a list) is refused without calling Meta; the template goes.
    const late = { ...base, customerLastAt: Date.now() - 48 * 3600_000 }
    expect(await bridge.send(ctx, late)).toMatchObject({ ok: false, kind: 'rejected' })
    const template = { name: 'csat_request', language: 'ru', params: [] }
    expect(await bridge.send(ctx, { ...late, template })).toMatchObject({ ok: true })
    expect(fake.sent).toHaveLength(2)
    const components = (fake.sent[1]?.body.template as { components: unknown[] }).components
    expect(components).toEqual(
      RATING_SCORES.map((n, index) => ({
        type: 'button',
        sub_type: 'quick_reply',
        index: String(index),
        parameters: [{ type: 'payload', payload: `csat:${n}:${REQUEST_ID}` }],
      })),
    )
  })

  it('[RAT7] a list row or a quick-reply button with our data is a rating event; others stay technical', () => {
    const ctx = contextFor(bridge, config)
    const row = waPayloads.listReply(`csat:4:${REQUEST_ID}`, '4 ⭐', 'wamid.request')
    const button = waPayloads.templateButton('2', `csat:2:${REQUEST_ID}`, 'wamid.request')
    const other = waPayloads.buttonReply('track-order', 'Где заказ?', 'wamid.menu')
    const events = eventsOf(bridge.handleWebhook(ctx, signed(config, fromCustomer(row, button, other))))
    expect(ratingEvents(events)).toEqual([
      {
        type: 'rating',
        externalChatId: WA.customer.waId,
        requestMessageId: REQUEST_ID,
        score: 4,
        messageId: whatsapp.messageIdOf(WA.customer.waId, row.id),
        at: Number(row.timestamp) * 1000,
      },
      expect.objectContaining({ score: 2, messageId: whatsapp.messageIdOf(WA.customer.waId, button.id) }),
    ])
    expect(events[2]).toMatchObject({ type: 'message', envelope: { message: { kind: 'technical' } } })
  })
})
