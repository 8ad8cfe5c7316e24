/**
 * The WhatsApp Cloud API bridge: the contract suite, then WhatsApp's own cases — the verification handshake, the
 * signature, every inbound type from docs-shaped payloads, batching, statuses, the 24-hour window, the Graph API's
 * errors, media upload and download, and what the Cloud API cannot do (edit, delete).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { InboundEvent, OutgoingMessage, WebhookResult } from '../../channels'
import { bridge, CUSTOMER_WINDOW_MS, mediaTypeOf, type WhatsAppConfig } from '../../channels/whatsapp'
import type { WhatsAppFake } from '../helpers/fakes/whatsapp'
import { contextFor, describeBridgeContract, outgoing, webhookRequest } from './bridge-contract'
import {
  change,
  fromCustomer,
  notification,
  payloads,
  sign,
  signed,
  startFake,
  status,
  statuses,
  verification,
  WA,
  wamid,
  whatsappConfig,
  whatsappFixture,
} from './whatsapp.fixture'

describeBridgeContract(whatsappFixture)

const config = whatsappConfig('http://127.0.0.1:9')
const handle = (request: ReturnType<typeof signed>) =>
  bridge.handleWebhook(contextFor(bridge, config), request)

const eventsOf = (result: WebhookResult): readonly InboundEvent[] => {
  expect(result.ok, JSON.stringify(result)).toBe(true)
  return result.ok ? result.events : []
}

/** The one message event of a call carrying one customer message. */
const envelopeOf = (payload: unknown) => {
  const events = eventsOf(handle(signed(config, payload)))
  expect(events).toHaveLength(1)
  const [event] = events
  if (event?.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(event)}`)
  return event.envelope
}

const mediaRefOf = (url: string | undefined) => JSON.parse((url ?? '').slice('provider-media:'.length))

describe('whatsapp: the verification handshake (GET)', () => {
  it('echoes hub.challenge as text/plain when hub.verify_token is the channel’s', () => {
    const result = handle(
      verification({
        'hub.mode': 'subscribe',
        'hub.verify_token': WA.verifyToken,
        'hub.challenge': '1158201444',
      }),
    )
    expect(result).toMatchObject({
      ok: true,
      events: [],
      response: { status: 200, body: '1158201444', contentType: 'text/plain' },
    })
  })

  it('refuses a wrong verify token, or a mode other than subscribe, with a 403', () => {
    for (const query of [
      { 'hub.mode': 'subscribe', 'hub.verify_token': `${WA.verifyToken}x`, 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': WA.verifyToken, 'hub.challenge': '1' },
      { 'hub.challenge': '1' },
    ]) {
      const result = handle(verification(query))
      expect(result.ok).toBe(false)
      expect(result.response.status).toBe(403)
      expect(result.response.body).not.toBe('1')
    }
  })
})

describe('whatsapp: the signature (X-Hub-Signature-256 over the raw body)', () => {
  const body = JSON.stringify(fromCustomer(payloads.text('hello')))

  it('refuses a missing header, another secret, a body changed after signing, or a bare hex with a 401', () => {
    const cases = [
      { 'Content-Type': 'application/json' },
      { 'X-Hub-Signature-256': sign('another-app-secret', body) },
      { 'X-Hub-Signature-256': sign(WA.appSecret, body).slice('sha256='.length) },
      { 'X-Hub-Signature-256': 'sha256=' },
    ]
    for (const headers of cases) {
      const result = handle(webhookRequest('POST', body, headers))
      expect(result.ok, JSON.stringify(headers)).toBe(false)
      expect(result.response.status).toBe(401)
    }
    const tampered = webhookRequest('POST', body.replace('hello', 'hellO'), {
      'X-Hub-Signature-256': sign(WA.appSecret, body),
    })
    expect(handle(tampered).response.status).toBe(401)
  })

  it('checks the exact bytes: the same JSON re-serialised with other spacing is refused', () => {
    const spaced = JSON.stringify(JSON.parse(body), null, 2)
    const result = handle(webhookRequest('POST', spaced, { 'X-Hub-Signature-256': sign(WA.appSecret, body) }))
    expect(result.response.status).toBe(401)
    expect(handle(signed(config, spaced)).ok).toBe(true)
  })
})

describe('whatsapp: inbound messages from the docs’ payloads', () => {
  it('a text: the chat is the wa_id, times are ms, the profile is the contact', () => {
    const envelope = envelopeOf(fromCustomer(payloads.text(WA.text.body, { id: WA.text.id })))
    expect(envelope).toEqual({
      externalChatId: '16505551234',
      contact: {
        firstName: 'Sheena Nelson',
        externalId: '16505551234',
        phone: '+16505551234',
        profileUrl: 'https://wa.me/16505551234',
      },
      message: {
        id: bridge.messageIdOf('16505551234', WA.text.id),
        kind: 'text',
        text: 'Does it come in another color?',
        at: 1_749_416_383_000,
      },
      providerMessageId: WA.text.id,
    })
  })

  it('an image: kind image, the caption as text, the media id as a provider-media ref', () => {
    const { message } = envelopeOf(fromCustomer(payloads.image('2754859441498128', 'This is a caption')))
    expect(message).toMatchObject({ kind: 'image', text: 'This is a caption' })
    expect(message.media?.mime).toBe('image/jpeg')
    expect(mediaRefOf(message.media?.url)).toEqual({ ref: '2754859441498128', mime: 'image/jpeg' })
  })

  it('a voice note and an audio file: kind audio with their mime types', () => {
    const voice = envelopeOf(fromCustomer(payloads.audio('1003383421387256', true))).message
    expect(voice).toMatchObject({ kind: 'audio', text: '', media: { mime: 'audio/ogg; codecs=opus' } })
    const audio = envelopeOf(fromCustomer(payloads.audio('1003383421387257', false))).message
    expect(audio).toMatchObject({ kind: 'audio', media: { mime: 'audio/mpeg' } })
  })

  it('a video with a caption, a document with its file name, a sticker', () => {
    expect(envelopeOf(fromCustomer(payloads.video('1166846181421424', 'Unboxing'))).message).toMatchObject({
      kind: 'video',
      text: 'Unboxing',
      media: { mime: 'video/mp4' },
    })
    const document = envelopeOf(fromCustomer(payloads.document('1376223850470843', 'receipt.pdf'))).message
    expect(document).toMatchObject({
      kind: 'document',
      media: { mime: 'application/pdf', name: 'receipt.pdf' },
    })
    expect(mediaRefOf(document.media?.url)).toEqual({
      ref: '1376223850470843',
      mime: 'application/pdf',
      name: 'receipt.pdf',
    })
    expect(envelopeOf(fromCustomer(payloads.sticker('1228838521746346'))).message).toMatchObject({
      kind: 'sticker',
      media: { mime: 'image/webp' },
    })
  })

  it('a location: kind location, "📍 lat, lon" then its name and address', () => {
    expect(envelopeOf(fromCustomer(payloads.location())).message).toMatchObject({
      kind: 'location',
      text: '📍 37.483307, -122.148981\nMeta Headquarters\n1 Hacker Way, Menlo Park, CA 94025',
    })
  })

  it('a shared contact: kind contact, its name and phone', () => {
    expect(envelopeOf(fromCustomer(payloads.contacts())).message).toMatchObject({
      kind: 'contact',
      text: '👤 Barbara J. Johnson\n+1 (940) 555-1234',
    })
  })

  it('a reply carries the replied wamid as replyToProviderId', () => {
    const original = wamid()
    const envelope = envelopeOf(fromCustomer(payloads.text('this one?', { replyTo: original })))
    expect(envelope.replyToProviderId).toBe(original)
    expect(envelope.message.replyTo).toBeUndefined()
  })

  it('button and list replies, a template’s quick reply and a first opening of the chat are technical', () => {
    const ours = wamid()
    for (const [payload, text] of [
      [payloads.buttonReply('confirm-order', 'Confirm', ours), '🔘 Confirm'],
      [payloads.listReply('express', 'Express delivery', ours), '📋 Express delivery'],
      [payloads.templateButton('Stop promotions', 'STOP', ours), '🔘 Stop promotions'],
      [payloads.requestWelcome(), '👋 opened the chat'],
    ] as const) {
      expect(envelopeOf(fromCustomer(payload)).message).toMatchObject({ kind: 'technical', text })
    }
  })

  it('a message type WhatsApp does not deliver is shown as such, not dropped', () => {
    expect(envelopeOf(fromCustomer(payloads.unsupported())).message).toMatchObject({
      kind: 'text',
      text: '[WhatsApp unsupported message: Message type unknown]',
    })
  })

  it('a reaction is a reaction event on the wamid; a removed one has emoji null', () => {
    const ours = wamid()
    expect(eventsOf(handle(signed(config, fromCustomer(payloads.reaction(ours, '👍')))))).toEqual([
      {
        type: 'reaction',
        externalChatId: WA.customer.waId,
        providerMessageId: ours,
        emoji: '👍',
        at: 1_749_416_383_000,
      },
    ])
    expect(eventsOf(handle(signed(config, fromCustomer(payloads.reaction(ours, undefined)))))).toMatchObject([
      { type: 'reaction', emoji: null },
    ])
  })

  it('an edit is an edit event on our id of the original message', () => {
    const original = wamid()
    expect(
      eventsOf(handle(signed(config, fromCustomer(payloads.edit(original, 'Does it come in red?'))))),
    ).toEqual([
      {
        type: 'edit',
        externalChatId: WA.customer.waId,
        messageId: bridge.messageIdOf(WA.customer.waId, original),
        text: 'Does it come in red?',
        at: 1_739_321_024_000,
      },
    ])
  })
})

describe('whatsapp: statuses of our messages', () => {
  it('sent, delivered, read and failed become status events by our wamid; other statuses are ignored', () => {
    const id = wamid()
    const failed = status(id, 'failed', {
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: {
            details:
              'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
          },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ],
    })
    const events = eventsOf(
      handle(
        signed(
          config,
          statuses(
            status(id, 'sent'),
            status(id, 'delivered'),
            status(id, 'read'),
            failed,
            status(id, 'deleted'),
          ),
        ),
      ),
    )
    expect(
      events.map((e) => e.type === 'status' && [e.state, e.providerMessageId, e.externalChatId]),
    ).toEqual([
      ['sent', id, WA.customer.waId],
      ['delivered', id, WA.customer.waId],
      ['read', id, WA.customer.waId],
      ['failed', id, WA.customer.waId],
    ])
    expect(events[3]).toMatchObject({
      at: 1_750_857_384_000,
      error:
        '131047 Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    })
  })
})

describe('whatsapp: batches and what carries nothing', () => {
  it('several messages and statuses in one call, over two changes, come out in order', () => {
    const [a, b, c, ours] = [wamid(), wamid(), wamid(), wamid()]
    const body = notification(
      change({
        contacts: [
          { profile: { name: WA.customer.name }, wa_id: WA.customer.waId },
          { profile: { name: 'Иван Петров' }, wa_id: '79161234567' },
        ],
        messages: [
          payloads.text('first', { id: a }),
          payloads.text('Здравствуйте', { id: b, from: '79161234567' }),
          payloads.image('2754859441498128', undefined, { id: c }),
        ],
      }),
      change({ statuses: [status(ours, 'delivered')] }),
    )
    const events = eventsOf(handle(signed(config, body)))
    expect(events.map((e) => e.type)).toEqual(['message', 'message', 'message', 'status'])
    const ivan = events[1]
    expect(ivan?.type === 'message' && ivan.envelope).toMatchObject({
      externalChatId: '79161234567',
      contact: { firstName: 'Иван Петров', phone: '+79161234567' },
      message: { id: bridge.messageIdOf('79161234567', b), text: 'Здравствуйте' },
    })
  })

  it('another number of the same app, other webhook fields and system messages: 200 with no events', () => {
    const cases = [
      notification(
        change({ messages: [payloads.text('for the other number')], phoneNumberId: '999999999999999' }),
      ),
      notification({
        field: 'message_template_status_update',
        value: { event: 'APPROVED', message_template_id: 12345678, message_template_name: 'order_update' },
      }),
      fromCustomer(payloads.system()),
      fromCustomer(),
    ]
    for (const body of cases) {
      const result = handle(signed(config, body))
      expect(result).toMatchObject({ ok: true, events: [], response: { status: 200 } })
    }
  })

  it('one malformed message fails the whole call: nothing half-stored', () => {
    const bad = { ...payloads.text('x'), text: { body: 42 } }
    const result = handle(signed(config, fromCustomer(payloads.text('fine'), bad)))
    expect(result).toMatchObject({ ok: false, response: { status: 400 } })
  })
})

describe('whatsapp: message ids', () => {
  it('wa: + a hash of the wamid: stable, at most 64 characters, distinct per wamid', () => {
    const long = `wamid.${'HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA'.repeat(3)}=`
    const id = bridge.messageIdOf(WA.customer.waId, long)
    expect(id).toMatch(/^wa:[\w-]{32}$/)
    expect(bridge.messageIdOf(WA.customer.waId, long)).toBe(id)
    expect(bridge.messageIdOf(WA.customer.waId, `${long}x`)).not.toBe(id)
  })
})

describe('whatsapp: sending through the fake Cloud API', () => {
  let fake: WhatsAppFake
  let cfg: WhatsAppConfig
  beforeAll(async () => {
    fake = await startFake()
    cfg = whatsappConfig(fake.url)
  })
  afterAll(() => fake.close())
  let callsBefore = 0
  beforeEach(() => {
    callsBefore = fake.calls.length
  })
  const ctx = () => contextFor(bridge, cfg)
  const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    ...outgoing(whatsappFixture, 'Здравствуйте!'),
    ...extra,
  })

  it('a text goes as Meta documents it: messaging_product, recipient_type, to, type, text.body', async () => {
    const result = await bridge.send(ctx(), message())
    expect(result.ok).toBe(true)
    expect(fake.sent.at(-1)?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: WA.customer.waId,
      type: 'text',
      text: { body: 'Здравствуйте!', preview_url: false },
    })
  })

  it('a reply sets context.message_id', async () => {
    const original = wamid()
    const result = await bridge.send(ctx(), message({ replyToProviderId: original }))
    expect(result.ok).toBe(true)
    expect(fake.sent.at(-1)?.replyTo).toBe(original)
  })

  it('outside the 24-hour window, or when the customer never wrote: rejected without calling the API', async () => {
    for (const customerLastAt of [
      null,
      Date.now() - CUSTOMER_WINDOW_MS - 1_000,
      Date.now() - 25 * 3_600_000,
    ]) {
      const result = await bridge.send(ctx(), message({ customerLastAt }))
      expect(result).toMatchObject({ ok: false, kind: 'rejected' })
      expect(!result.ok && result.error).toMatch(/template/)
    }
    expect(fake.calls.length).toBe(callsBefore)
    const inside = await bridge.send(ctx(), message({ customerLastAt: Date.now() - 23 * 3_600_000 }))
    expect(inside.ok).toBe(true)
  })

  it('the API’s own re-engagement error (131047) is a readable rejection', async () => {
    fake.failNext({
      kind: 'graph-error',
      status: 400,
      code: 131047,
      title: 'Re-engagement message',
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      subcode: 2494010,
    })
    const result = await bridge.send(ctx(), message())
    expect(result).toMatchObject({ ok: false, kind: 'rejected' })
    expect(!result.ok && result.error).toMatch(/24 hours.*template.*131047/)
  })

  it('rate limits without Retry-After (HTTP 400, as Meta answers) are retries after a wait per code', async () => {
    const cases = [
      [131056, '(Business Account, Consumer Account) pair rate limit hit', 6_000],
      [130429, 'Rate limit hit', 1_000],
      [80007, 'Rate limit issues', 60_000],
      [131048, 'Spam rate limit hit', 60_000],
      [4, 'Application request limit reached', 60_000],
    ] as const
    for (const [code, title, wait] of cases) {
      fake.failNext({ kind: 'graph-error', status: 400, code, title })
      const result = await bridge.send(ctx(), message())
      expect(result, String(code)).toMatchObject({ ok: false, kind: 'retry', retryAfterMs: wait })
    }
  })

  it('a 5xx is ambiguous; an invalid token, an undeliverable number, a bad request are rejected', async () => {
    fake.failNext({ kind: 'server-error' })
    expect(await bridge.send(ctx(), message())).toMatchObject({ ok: false, kind: 'ambiguous' })

    const badToken = await bridge.send(contextFor(bridge, { ...cfg, accessToken: 'EAA-expired' }), message())
    expect(badToken).toMatchObject({ ok: false, kind: 'rejected' })
    expect(!badToken.ok && badToken.error).toMatch(/access token.*190/)

    fake.failNext({ kind: 'graph-error', status: 400, code: 131026, title: 'Message Undeliverable' })
    const undeliverable = await bridge.send(ctx(), message())
    expect(!undeliverable.ok && [undeliverable.kind, undeliverable.error]).toEqual([
      'rejected',
      expect.stringContaining('cannot deliver to this number'),
    ])

    const wrongNumber = await bridge.send(contextFor(bridge, { ...cfg, phoneNumberId: '123' }), message())
    expect(wrongNumber).toMatchObject({
      ok: false,
      kind: 'rejected',
      error: expect.stringContaining('Unsupported post request'),
    })
  })

  it('an empty or too long text is rejected before any call', async () => {
    expect(await bridge.send(ctx(), message({ text: '  ' }))).toMatchObject({ kind: 'rejected' })
    expect(await bridge.send(ctx(), message({ text: 'я'.repeat(4097) }))).toMatchObject({ kind: 'rejected' })
    expect(fake.calls.length).toBe(callsBefore)
  })

  it('an image is uploaded (multipart) then sent as image with its caption', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 8, 7])
    const result = await bridge.send(
      ctx(),
      message({ kind: 'image', text: 'Вот фото', media: { bytes, mime: 'image/png', name: 'photo.png' } }),
    )
    expect(result.ok).toBe(true)
    const last = fake.sent.at(-1)
    expect(last).toMatchObject({ type: 'image', text: 'Вот фото' })
    expect(last?.media).toMatchObject({ mime: 'image/png', filename: 'photo.png' })
    expect([...(last?.media?.bytes ?? [])]).toEqual([...bytes])
    expect(fake.calls.slice(callsBefore).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /v21.0/${WA.phoneNumberId}/media`,
      `POST /v21.0/${WA.phoneNumberId}/messages`,
    ])
  })

  it('an ogg voice note goes as audio with voice: true; audio with text and other files go as documents', async () => {
    const ogg = { bytes: new Uint8Array([0x4f, 0x67, 0x67, 0x53]), mime: 'audio/ogg', name: 'voice.ogg' }
    expect((await bridge.send(ctx(), message({ kind: 'audio', text: '', media: ogg }))).ok).toBe(true)
    expect(fake.sent.at(-1)?.body).toMatchObject({ type: 'audio', audio: { voice: true } })

    expect((await bridge.send(ctx(), message({ kind: 'audio', text: 'listen', media: ogg }))).ok).toBe(true)
    expect(fake.sent.at(-1)?.body).toMatchObject({
      type: 'document',
      document: { caption: 'listen', filename: 'voice.ogg' },
    })

    const pdf = {
      bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
      mime: 'application/pdf',
      name: 'invoice.pdf',
    }
    expect((await bridge.send(ctx(), message({ kind: 'document', text: '', media: pdf }))).ok).toBe(true)
    expect(fake.sent.at(-1)?.body).toMatchObject({ type: 'document', document: { filename: 'invoice.pdf' } })
  })

  it('files go as the type their mime and size allow', () => {
    const MB = 1024 * 1024
    expect(mediaTypeOf('image', 'image/jpeg', 4 * MB, true)).toBe('image')
    expect(mediaTypeOf('image', 'image/jpeg', 6 * MB, true)).toBe('document')
    expect(mediaTypeOf('image', 'image/gif', 1_000, false)).toBe('document')
    expect(mediaTypeOf('video', 'video/mp4', 10 * MB, true)).toBe('video')
    expect(mediaTypeOf('sticker', 'image/webp', 50_000, false)).toBe('sticker')
    expect(mediaTypeOf('image', 'image/webp', 50_000, false)).toBe('document')
    expect(mediaTypeOf('document', 'application/zip', 101 * MB, false)).toBeNull()
  })

  it('a failed or unanswered upload is a retry: nothing reached the customer', async () => {
    const media = { bytes: new Uint8Array([1, 2, 3]), mime: 'image/jpeg', name: 'a.jpg' }
    const sentBefore = fake.sent.length
    fake.failNextUpload({ kind: 'server-error' })
    expect(await bridge.send(ctx(), message({ kind: 'image', media }))).toMatchObject({
      ok: false,
      kind: 'retry',
    })
    fake.failNextUpload({ kind: 'hang' })
    const hung = await bridge.send(contextFor(bridge, cfg, 300), message({ kind: 'image', media }))
    expect(hung).toMatchObject({ ok: false, kind: 'retry' })
    expect(fake.sent.length).toBe(sentBefore)
  })

  it('edit and delete are refused with a reason, without calling the API; no delete window', async () => {
    const target = { externalChatId: WA.customer.waId, providerMessageId: wamid(), sentAt: Date.now() }
    expect(await bridge.edit(ctx(), target, 'fixed')).toEqual({
      ok: false,
      error: 'the WhatsApp Cloud API cannot edit a sent message',
    })
    expect(await bridge.remove(ctx(), target)).toEqual({
      ok: false,
      error: 'the WhatsApp Cloud API cannot delete a sent message',
    })
    expect(bridge.deleteWindowMs).toBeNull()
    expect(fake.calls.length).toBe(callsBefore)
  })

  it('downloadMedia resolves the media id, then fetches the URL with the token; unknown ids and bad tokens throw', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2])
    const id = fake.addFile(bytes, 'image/jpeg')
    const downloaded = await bridge.downloadMedia(ctx(), { ref: id, mime: 'image/jpeg', name: 'photo.jpg' })
    expect(downloaded).toEqual({ bytes, mime: 'image/jpeg', name: 'photo.jpg' })
    expect(fake.calls.slice(callsBefore).map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /v21.0/${id}`,
      'GET /whatsapp_business/attachments/',
    ])
    await expect(bridge.downloadMedia(ctx(), { ref: '404404404', mime: 'image/jpeg' })).rejects.toThrow(
      /Unsupported get request/,
    )
    const badToken = contextFor(bridge, { ...cfg, accessToken: 'EAA-expired' })
    await expect(bridge.downloadMedia(badToken, { ref: id, mime: 'image/jpeg' })).rejects.toThrow(/190/)
  })
})

describe('whatsapp: the channel config', () => {
  it('needs the phone number id (digits), token, app secret and verify token; apiVersion looks like v21.0', () => {
    const valid = whatsappConfig('https://graph.facebook.com')
    expect(bridge.configSchema.safeParse(valid).success).toBe(true)
    const { apiVersion: _v, apiBaseUrl: _b, ...minimal } = valid
    expect(bridge.configSchema.safeParse(minimal).success).toBe(true)
    for (const bad of [
      { ...valid, phoneNumberId: '+1 555 078 3881' },
      { ...valid, apiVersion: 'latest' },
      { ...valid, appSecret: '' },
      { ...valid, apiBaseUrl: 'not a url' },
    ]) {
      expect(bridge.configSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
    expect(bridge.defaultApiBaseUrl).toBe('https://graph.facebook.com')
  })
})
