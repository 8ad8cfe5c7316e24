/**
 * The VK bridge: the contract suite, then VK's own cases — the confirmation handshake and the `secret`, each
 * inbound kind from docs-shaped payloads, and every outbound path against the local fake of VK's API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboundEvent, OutgoingMessage, WebhookResult } from '../../channels'
import { bridge, fetchVkProfile, randomIdOf, VK_MAX_TEXT, type VkConfig } from '../../channels/vk'
import { startVkFake, type VkFake } from '../helpers/fakes/vk'
import { contextFor, describeBridgeContract, outgoing, webhookRequest } from './bridge-contract'
import {
  audioAttachment,
  callbackRequest,
  confirmation,
  docAttachment,
  geo,
  linkAttachment,
  messageNew,
  photoAttachment,
  stickerAttachment,
  VK_CUSTOMER,
  VK_GROUP_ID,
  VK_PEER,
  videoAttachment,
  vkConfig,
  vkEvent,
  vkFixture,
  vkMessage,
  voiceAttachment,
  wallAttachment,
} from './vk.fixture'

describeBridgeContract(vkFixture)

const config = vkConfig('http://127.0.0.1:9')
const ctx = (c: VkConfig = config, timeoutMs?: number) => contextFor(bridge, c, timeoutMs)
const handle = (request: ReturnType<typeof messageNew>, c: VkConfig = config) =>
  bridge.handleWebhook(ctx(c), request)

const eventsOf = (result: WebhookResult): readonly InboundEvent[] => {
  expect(result.ok, JSON.stringify(result)).toBe(true)
  return result.ok ? result.events : []
}
const messagesOf = (result: WebhookResult) =>
  eventsOf(result).flatMap((event) => (event.type === 'message' ? [event.envelope] : []))
const mediaRefOf = (url: string | undefined) => JSON.parse((url ?? '').slice('provider-media:'.length))

describe('VK: the Callback API handshake and checks', () => {
  it('answers the confirmation request with the confirmation code as plain text', () => {
    const result = handle(confirmation(config))
    expect(result).toMatchObject({ ok: true, events: [] })
    expect(result.response).toEqual({ status: 200, body: '8c5f2a71', contentType: 'text/plain' })
    expect(handle(confirmation(config, config.secret)).response.body).toBe('8c5f2a71')
  })

  it('refuses a confirmation with a wrong secret or for another community', () => {
    expect(handle(confirmation(config, 'guess')).response.status).toBe(401)
    const other = callbackRequest({ type: 'confirmation', group_id: VK_GROUP_ID + 1 })
    const result = handle(other)
    expect(result.ok).toBe(false)
    expect(result.response.status).toBe(403)
    expect(result.response.body).not.toContain('8c5f2a71')
  })

  it('refuses an event without the secret, or with a wrong one even when the body is malformed', () => {
    expect(handle(messageNew({ ...config, secret: 'x' })).response.status).toBe(401)
    expect(handle(vkEvent(config, 'message_new', {}, { secret: null })).response.status).toBe(401)
    const malformedWrong = vkEvent(config, 'message_new', { message: { id: 'x' } }, { secret: 'wrong' })
    expect(handle(malformedWrong).response.status).toBe(401)
    const result = handle(messageNew({ ...config, secret: 'x' }))
    expect(result.ok).toBe(false)
    expect(result.response.contentType).toBe('application/json')
    expect(JSON.parse(result.response.body)).toMatchObject({ code: 'unauthorized' })
  })

  it('refuses an event of another community with the right secret, and a GET', () => {
    expect(
      handle(vkEvent(config, 'message_new', { message: vkMessage() }, { groupId: 1 })).response.status,
    ).toBe(403)
    expect(handle(webhookRequest('GET', '')).response.status).toBe(405)
  })

  it('answers every accepted event with a plain `ok`', () => {
    expect(handle(messageNew(config)).response).toEqual({
      status: 200,
      body: 'ok',
      contentType: 'text/plain',
    })
  })

  it('answers service events ok with nothing to store, so VK does not resend them forever', () => {
    const service: Array<[string, unknown]> = [
      ['message_reply', vkMessage({ id: 4100, out: 1, from_id: -VK_GROUP_ID, text: 'Ответ оператора' })],
      ['message_typing_state', { state: 'typing', from_id: VK_CUSTOMER.id, to_id: -VK_GROUP_ID }],
      ['message_allow', { user_id: VK_CUSTOMER.id, key: 'promo' }],
      ['message_deny', { user_id: VK_CUSTOMER.id }],
      [
        'message_reaction_event',
        { reacted_id: VK_CUSTOMER.id, peer_id: VK_CUSTOMER.id, cmid: 12, reaction_id: 4 },
      ],
      ['group_join', { user_id: VK_CUSTOMER.id, join_type: 'join' }],
      ['wall_post_new', { id: 1, owner_id: -VK_GROUP_ID, text: 'Пост' }],
    ]
    for (const [type, object] of service) {
      const result = handle(vkEvent(config, type, object))
      expect(result, type).toMatchObject({ ok: true, events: [], response: { status: 200, body: 'ok' } })
    }
  })
})

describe('VK: inbound messages', () => {
  it('a text: the peer is the chat, the profile link and VK id make the contact, seconds become ms', () => {
    const [envelope] = messagesOf(handle(messageNew(config)))
    expect(envelope).toEqual({
      externalChatId: VK_PEER,
      contact: { externalId: VK_PEER, profileUrl: `https://vk.com/id${VK_CUSTOMER.id}` },
      message: {
        id: `vk:${VK_PEER}:1051`,
        kind: 'text',
        text: 'Здравствуйте! Где мой заказ №4817?',
        at: 1718031600_000,
      },
      providerMessageId: '1051',
    })
  })

  it('a photo: the largest size, as an image to download', () => {
    const request = messageNew(
      config,
      vkMessage({
        text: 'Вот чек',
        attachments: [photoAttachment('https://sun9-12.userapi.com/impg/w.jpg')],
      }),
    )
    const [envelope] = messagesOf(handle(request))
    expect(envelope?.message).toMatchObject({ kind: 'image', text: 'Вот чек', media: { mime: 'image/jpeg' } })
    expect(mediaRefOf(envelope?.message.media?.url)).toMatchObject({
      ref: 'https://sun9-12.userapi.com/impg/w.jpg',
    })
  })

  it('a voice message: the MP3 link when there is one, else the OGG', () => {
    const mp3 = messagesOf(
      handle(
        messageNew(
          config,
          vkMessage({
            text: '',
            attachments: [
              voiceAttachment({
                mp3: 'https://psv4.userapi.com/v.mp3',
                ogg: 'https://psv4.userapi.com/v.ogg',
              }),
            ],
          }),
        ),
      ),
    )
    expect(mp3[0]?.message).toMatchObject({ kind: 'audio', media: { mime: 'audio/mpeg' } })
    expect(mediaRefOf(mp3[0]?.message.media?.url).ref).toBe('https://psv4.userapi.com/v.mp3')
    const ogg = messagesOf(
      handle(
        messageNew(
          config,
          vkMessage({ text: '', attachments: [voiceAttachment({ ogg: 'https://psv4.userapi.com/v.ogg' })] }),
        ),
      ),
    )
    expect(ogg[0]?.message).toMatchObject({ kind: 'audio', media: { mime: 'audio/ogg' } })
  })

  it('a document: its title, size and a MIME type from its extension', () => {
    const [envelope] = messagesOf(
      handle(
        messageNew(
          config,
          vkMessage({ text: '', attachments: [docAttachment('https://vk.com/doc614128770_671234567')] }),
        ),
      ),
    )
    expect(envelope?.message).toMatchObject({
      kind: 'document',
      media: { mime: 'application/pdf', name: 'Счёт 4817.pdf', size: 48213 },
    })
  })

  it('a video: the largest MP4 when VK gives files, else its link as text', () => {
    const [linked] = messagesOf(
      handle(messageNew(config, vkMessage({ text: '', attachments: [videoAttachment()] }))),
    )
    expect(linked?.message.kind).toBe('video')
    expect(linked?.message.text).toBe('Распаковка заказа\nhttps://vk.com/video614128770_456239101')
    expect(linked?.message.media).toBeUndefined()
    const files = {
      mp4_240: 'https://vkvd.example/240.mp4',
      mp4_720: 'https://vkvd.example/720.mp4',
      hls: 'https://vkvd.example/x.m3u8',
    }
    const [withFile] = messagesOf(
      handle(messageNew(config, vkMessage({ text: '', attachments: [videoAttachment(files)] }))),
    )
    expect(mediaRefOf(withFile?.message.media?.url)).toMatchObject({
      ref: 'https://vkvd.example/720.mp4',
      mime: 'video/mp4',
    })
  })

  it('a sticker: its largest image', () => {
    const [envelope] = messagesOf(
      handle(
        messageNew(
          config,
          vkMessage({ text: '', attachments: [stickerAttachment('https://vk.com/sticker/1-9046-512')] }),
        ),
      ),
    )
    expect(envelope?.message).toMatchObject({ kind: 'sticker', media: { mime: 'image/png' } })
    expect(mediaRefOf(envelope?.message.media?.url).ref).toBe('https://vk.com/sticker/1-9046-512')
  })

  it('music, links and other attachments become lines of text', () => {
    const request = messageNew(
      config,
      vkMessage({ text: 'Смотрите', attachments: [audioAttachment, linkAttachment, wallAttachment] }),
    )
    const [envelope] = messagesOf(handle(request))
    expect(envelope?.message).toMatchObject({
      kind: 'text',
      text: 'Смотрите\nКино — Группа крови\nhttps://shop.example/orders/4817\n[wall]',
    })
  })

  it('a location: kind location with the coordinates and the place', () => {
    const [envelope] = messagesOf(handle(messageNew(config, vkMessage({ text: '', geo }))))
    expect(envelope?.message).toMatchObject({
      kind: 'location',
      text: '📍 55.75, 37.61\nМосква, Красная площадь',
    })
  })

  it('several files in one message: one message each, the text on the first, ids <id>:<n>', () => {
    const attachments = [
      photoAttachment('https://sun9-1.userapi.com/a.jpg'),
      docAttachment('https://vk.com/doc1_2'),
    ]
    const envelopes = messagesOf(handle(messageNew(config, vkMessage({ text: 'Два файла', attachments }))))
    expect(envelopes.map((e) => [e.message.id, e.message.kind, e.message.text])).toEqual([
      [`vk:${VK_PEER}:1051`, 'image', 'Два файла'],
      [`vk:${VK_PEER}:1051:1`, 'document', ''],
    ])
  })

  it('a reply names the message replied to; forwarded texts are quoted', () => {
    const reply = {
      date: 1718031000,
      from_id: -VK_GROUP_ID,
      text: 'Заказ отправлен',
      id: 4100,
      conversation_message_id: 840,
      peer_id: VK_CUSTOMER.id,
    }
    const request = messageNew(
      config,
      vkMessage({
        text: 'Спасибо!',
        reply_message: reply,
        fwd_messages: [{ text: 'трек 80082', from_id: 1, date: 1 }],
      }),
    )
    const [envelope] = messagesOf(handle(request))
    expect(envelope?.replyToProviderId).toBe('4100')
    expect(envelope?.message.text).toBe('Спасибо!\n↪ трек 80082')
  })

  it('a group chat, where the message id is 0: named by conversation_message_id', () => {
    const chat = 2000000001
    const reply = { id: 0, conversation_message_id: 840, from_id: -VK_GROUP_ID, text: 'x', date: 1 }
    const request = messageNew(
      config,
      vkMessage({ id: 0, peer_id: chat, conversation_message_id: 912, reply_message: reply }),
    )
    const [envelope] = messagesOf(handle(request))
    expect(envelope?.message.id).toBe(`vk:${chat}:c912`)
    expect(envelope?.replyToProviderId).toBe('c840')
    expect(envelope?.externalChatId).toBe(String(chat))
  })

  it('a keyboard button (with a vk.me ref) is a technical message', () => {
    const request = messageNew(
      config,
      vkMessage({ text: 'Начать', payload: '{"command":"start"}', ref: 'promo_june' }),
    )
    const [envelope] = messagesOf(handle(request))
    expect(envelope?.message).toMatchObject({
      kind: 'technical',
      text: 'Начать (ref: promo_june)',
      id: `vk:${VK_PEER}:1051`,
    })
  })

  it('a callback button (message_event) is a technical message, the same one when VK resends it', () => {
    const object = {
      user_id: VK_CUSTOMER.id,
      peer_id: VK_CUSTOMER.id,
      event_id: '3b6e9d2a1f0c',
      payload: { button: 'status' },
      conversation_message_id: 845,
    }
    const [first] = messagesOf(handle(vkEvent(config, 'message_event', object)))
    const [again] = messagesOf(handle(vkEvent(config, 'message_event', object)))
    expect(first?.message).toMatchObject({ kind: 'technical', text: '🔘 {"button":"status"}' })
    expect(again?.message.id).toBe(first?.message.id)
    expect(first?.message.id).toBe(`vk:${VK_PEER}:e3b6e9d2a1f0c`)
  })

  it('an edit of the customer’s message is an edit event; the community’s own edits are not', () => {
    const edited = vkMessage({ text: 'Где мой заказ №4818?', update_time: 1718031700 })
    expect(eventsOf(handle(vkEvent(config, 'message_edit', edited)))).toEqual([
      {
        type: 'edit',
        externalChatId: VK_PEER,
        messageId: `vk:${VK_PEER}:1051`,
        text: 'Где мой заказ №4818?',
        at: 1718031700_000,
      },
    ])
    const ours = vkMessage({ id: 4100, from_id: -VK_GROUP_ID, out: 1, text: 'исправлено' })
    expect(eventsOf(handle(vkEvent(config, 'message_edit', ours)))).toEqual([])
  })

  it('message_read is a read status of our messages up to read_message_id', () => {
    const events = eventsOf(
      handle(
        vkEvent(config, 'message_read', {
          from_id: VK_CUSTOMER.id,
          peer_id: VK_CUSTOMER.id,
          read_message_id: 4102,
        }),
      ),
    )
    expect(events).toMatchObject([
      { type: 'status', externalChatId: VK_PEER, providerMessageId: '4102', state: 'read', upTo: true },
    ])
  })

  it('message ids stay within 64 characters', () => {
    expect(bridge.messageIdOf('2000000001', '2147483647:9')).toBe('vk:2000000001:2147483647:9')
    const long = bridge.messageIdOf('x'.repeat(40), 'y'.repeat(40))
    expect(long.length).toBeLessThanOrEqual(64)
    expect(long).toBe(bridge.messageIdOf('x'.repeat(40), 'y'.repeat(40)))
  })
})

describe('VK: outbound through the messages API', () => {
  let fake: VkFake
  let live: VkConfig
  beforeAll(async () => {
    fake = await startVkFake({ groupId: VK_GROUP_ID, accessToken: config.accessToken })
    live = vkConfig(fake.url)
  })
  afterAll(async () => {
    await fake.close()
  })
  const send = (message: OutgoingMessage, timeoutMs?: number) => bridge.send(ctx(live, timeoutMs), message)
  const lastCall = () => fake.calls.at(-1)

  it('sends with random_id from our message id, the token and version in the form body', async () => {
    const message = outgoing(vkFixture, 'Ваш заказ уже в пути')
    const result = await send(message)
    expect(result).toMatchObject({ ok: true })
    expect(lastCall()).toMatchObject({
      method: 'messages.send',
      params: {
        peer_id: VK_PEER,
        message: 'Ваш заказ уже в пути',
        random_id: String(randomIdOf(message.id)),
        access_token: config.accessToken,
        v: '5.199',
      },
    })
  })

  it('random_id is a stable positive 31-bit number, different for different messages', () => {
    const ids = Array.from({ length: 200 }, (_, i) => randomIdOf(`msg-${i}`))
    expect(randomIdOf('msg-1')).toBe(ids[1])
    for (const id of ids) expect(id >= 1 && id <= 0x7fffffff).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('an answer lost after VK sent the message is a retry, and the resend does not send it twice', async () => {
    const message = outgoing(vkFixture, 'Только один раз')
    fake.failNext({ kind: 'answer-lost' }, 'messages.send')
    const first = await send(message, 300)
    expect(first).toMatchObject({ ok: false, kind: 'retry' })
    const again = await send(message)
    expect(again.ok).toBe(true)
    const copies = fake.sent.filter((s) => s.text === 'Только один раз')
    expect(copies).toHaveLength(1)
    if (again.ok) expect(again.providerMessageId).toBe(copies[0]?.providerMessageId)
  })

  it('a 5xx is a retry, not ambiguous: random_id makes the resend safe', async () => {
    fake.failNext({ kind: 'server-error' })
    expect(await send(outgoing(vkFixture, 'x'))).toMatchObject({ ok: false, kind: 'retry' })
  })

  it('VK’s rate-limit errors are retries with a wait: 6 one second, 9 a minute, 29 an hour', async () => {
    const cases: Array<[number, string, number]> = [
      [6, 'Too many requests per second', 1_000],
      [9, 'Flood control', 60_000],
      [29, 'Rate limit reached', 3_600_000],
    ]
    for (const [code, message, wait] of cases) {
      fake.failNext({ kind: 'vk-error', code, message })
      expect(await send(outgoing(vkFixture, 'x'))).toEqual({
        ok: false,
        kind: 'retry',
        error: `VK error ${code}: ${message}`,
        retryAfterMs: wait,
      })
    }
  })

  it('a user who forbade messages, privacy settings or no permission: rejected with a readable reason', async () => {
    fake.block('700000001')
    const blocked = await send({ ...outgoing(vkFixture, 'x'), externalChatId: '700000001' })
    expect(blocked).toMatchObject({ ok: false, kind: 'rejected' })
    if (!blocked.ok) expect(blocked.error).toContain('has not allowed messages from the community')
    for (const [code, text] of [
      [902, 'privacy settings'],
      [7, 'may not message this user'],
    ] as const) {
      fake.failNext({ kind: 'vk-error', code, message: 'refused' })
      const result = await send(outgoing(vkFixture, 'x'))
      expect(result).toMatchObject({ ok: false, kind: 'rejected' })
      if (!result.ok) expect(result.error).toContain(text)
    }
  })

  it('a wrong token is rejected by VK (error 5) and the reason says what to do', async () => {
    const result = await bridge.send(ctx({ ...live, accessToken: 'revoked' }), outgoing(vkFixture, 'x'))
    expect(result).toMatchObject({ ok: false, kind: 'rejected' })
    if (!result.ok) expect(result.error).toContain('access token')
  })

  it('too long or empty: rejected without calling VK', async () => {
    const calls = fake.calls.length
    expect(await send(outgoing(vkFixture, 'я'.repeat(VK_MAX_TEXT + 1)))).toMatchObject({
      ok: false,
      kind: 'rejected',
    })
    expect(await send(outgoing(vkFixture, '  '))).toMatchObject({ ok: false, kind: 'rejected' })
    expect(fake.calls.length).toBe(calls)
  })

  it('a reply goes out with reply_to; in a group chat as a forward with is_reply', async () => {
    await send({ ...outgoing(vkFixture, 'Отвечаю'), replyToProviderId: '1051' })
    expect(fake.sent.at(-1)).toMatchObject({ text: 'Отвечаю', replyTo: '1051' })
    await send({
      ...outgoing(vkFixture, 'В беседу'),
      externalChatId: '2000000001',
      replyToProviderId: 'c912',
    })
    expect(JSON.parse(fake.sent.at(-1)?.forward ?? '{}')).toEqual({
      peer_id: 2000000001,
      conversation_message_ids: [912],
      is_reply: true,
    })
  })

  it('an image goes up as a photo: upload server, multipart `photo`, saveMessagesPhoto, attachment', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
    const message: OutgoingMessage = {
      ...outgoing(vkFixture, 'Схема проезда'),
      kind: 'image',
      media: { bytes, mime: 'image/png', name: 'map.png' },
    }
    const result = await send(message)
    expect(result.ok, JSON.stringify(result)).toBe(true)
    expect(fake.uploads.at(-1)).toMatchObject({
      server: 'photo',
      field: 'photo',
      name: 'map.png',
      mime: 'image/png',
    })
    expect([...(fake.uploads.at(-1)?.bytes ?? [])]).toEqual([...bytes])
    expect(fake.sent.at(-1)).toMatchObject({ text: 'Схема проезда' })
    expect(fake.sent.at(-1)?.attachment).toMatch(new RegExp(`^photo-${VK_GROUP_ID}_\\d+_ak\\d+$`))
  })

  it('other files go up as documents, OGG voice as a voice message', async () => {
    const pdf = { bytes: new TextEncoder().encode('%PDF-1.7'), mime: 'application/pdf', name: 'invoice.pdf' }
    expect((await send({ ...outgoing(vkFixture, ''), kind: 'document', media: pdf })).ok).toBe(true)
    expect(fake.calls.find((c) => c.method === 'docs.getMessagesUploadServer')?.params.type).toBe('doc')
    expect(fake.sent.at(-1)?.attachment).toMatch(new RegExp(`^doc-${VK_GROUP_ID}_\\d+$`))
    const voice = { bytes: new Uint8Array([0x4f, 0x67, 0x67, 0x53]), mime: 'audio/ogg', name: 'voice.ogg' }
    expect((await send({ ...outgoing(vkFixture, ''), kind: 'audio', media: voice })).ok).toBe(true)
    const servers = fake.calls.filter((c) => c.method === 'docs.getMessagesUploadServer')
    expect(servers.at(-1)?.params.type).toBe('audio_message')
  })

  it('a file VK cannot read as an image is rejected; an upload server that fails is a retry and sends nothing', async () => {
    const sentBefore = fake.sent.length
    const notImage = { bytes: new TextEncoder().encode('not an image'), mime: 'image/jpeg', name: 'x.jpg' }
    const refused = await send({ ...outgoing(vkFixture, ''), kind: 'image', media: notImage })
    expect(refused).toMatchObject({ ok: false, kind: 'rejected', error: 'VK did not accept the image' })
    fake.failNext({ kind: 'server-error' }, 'photos.getMessagesUploadServer')
    const image = { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), mime: 'image/jpeg', name: 'a.jpg' }
    expect(await send({ ...outgoing(vkFixture, ''), kind: 'image', media: image })).toMatchObject({
      ok: false,
      kind: 'retry',
    })
    expect(fake.sent.length).toBe(sentBefore)
  })

  it('edits a sent message; an edit VK refuses says why', async () => {
    const sent = await send(outgoing(vkFixture, 'Доставка завтра'))
    if (!sent.ok) throw new Error(sent.error)
    const target = { externalChatId: VK_PEER, providerMessageId: sent.providerMessageId, sentAt: Date.now() }
    expect(await bridge.edit(ctx(live), target, 'Доставка сегодня')).toEqual({ ok: true })
    expect(fake.message(VK_PEER, sent.providerMessageId)).toEqual({ text: 'Доставка сегодня' })
    expect(lastCall()?.params).toMatchObject({
      message_id: sent.providerMessageId,
      keep_forward_messages: '1',
    })
    fake.failNext({ kind: 'vk-error', code: 909, message: "Can't edit this message, because it's too old" })
    const old = await bridge.edit(ctx(live), target, 'x')
    expect(old).toMatchObject({ ok: false })
    if (!old.ok) expect(old.error).toContain('too old to edit')
  })

  it('deletes for everyone within 24 hours; later it refuses without calling VK', async () => {
    expect(bridge.deleteWindowMs).toBe(24 * 60 * 60 * 1000)
    const sent = await send(outgoing(vkFixture, 'Удалю'))
    if (!sent.ok) throw new Error(sent.error)
    const target = {
      externalChatId: VK_PEER,
      providerMessageId: sent.providerMessageId,
      sentAt: Date.now() - 60_000,
    }
    expect(await bridge.remove(ctx(live), target)).toEqual({ ok: true })
    expect(lastCall()).toMatchObject({
      method: 'messages.delete',
      params: { delete_for_all: '1', message_ids: sent.providerMessageId },
    })
    expect(fake.message(VK_PEER, sent.providerMessageId)).toBeUndefined()
    const again = await bridge.remove(ctx(live), target)
    expect(again).toMatchObject({ ok: false })
    const calls = fake.calls.length
    const late = await bridge.remove(ctx(live), { ...target, sentAt: Date.now() - 25 * 60 * 60 * 1000 })
    expect(late).toMatchObject({ ok: false })
    if (!late.ok) expect(late.error).toContain('24 hours')
    expect(fake.calls.length).toBe(calls)
  })

  it('downloads a voice message a webhook referred to, with the webhook’s MIME type', async () => {
    const ogg = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2])
    const link = fake.addFile(ogg, 'audio/ogg')
    const [envelope] = messagesOf(
      handle(messageNew(config, vkMessage({ text: '', attachments: [voiceAttachment({ ogg: link })] }))),
    )
    const media = await bridge.downloadMedia(ctx(live), mediaRefOf(envelope?.message.media?.url))
    expect([...media.bytes]).toEqual([...ogg])
    expect(media.mime).toBe('audio/ogg')
    await expect(
      bridge.downloadMedia(ctx(live), { ref: `${fake.url}/files/missing`, mime: 'image/jpeg' }),
    ).rejects.toThrow(/404/)
  })

  it('fetches the customer’s name, page and avatar with users.get', async () => {
    fake.addUser({ ...VK_CUSTOMER, photo_100: 'https://sun9-5.userapi.com/avatar.jpg' })
    expect(await fetchVkProfile(ctx(live), VK_CUSTOMER.id)).toEqual({
      externalId: VK_PEER,
      profileUrl: 'https://vk.com/m.sokolova',
      firstName: 'Мария',
      lastName: 'Соколова',
      avatarUrl: 'https://sun9-5.userapi.com/avatar.jpg',
    })
    expect(await fetchVkProfile(ctx(live), 1)).toBeNull()
  })
})
