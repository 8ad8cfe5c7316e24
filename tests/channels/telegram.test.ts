/**
 * The Telegram bridge: the contract suite, then Telegram's own cases: every inbound kind from docs-shaped updates,
 * the secret header, outbound methods and fields against the fake Bot API, each error class, edit and delete
 * limits, media download and setWebhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type InboundEnvelope,
  type InboundEvent,
  type MediaRef,
  type OutgoingMessage,
  PROVIDER_MEDIA_SCHEME,
  type WebhookResult,
} from '../../channels'
import { ALLOWED_UPDATES, type TelegramConfig, bridge as telegram } from '../../channels/telegram'
import { startTelegramFake, type TelegramFake } from '../helpers/fakes/telegram'
import { contextFor, describeBridgeContract, outgoing, webhookRequest } from './bridge-contract'
import {
  animationUpdate,
  audioUpdate,
  BOT_TOKEN,
  blockedBotUpdate,
  CHAT_ID,
  callbackUpdate,
  contactUpdate,
  DATE,
  documentUpdate,
  editedUpdate,
  groupChat,
  inlineCallbackUpdate,
  type Json,
  locationUpdate,
  MESSAGE_ID,
  messageUpdate,
  photoUpdate,
  reactionUpdate,
  replyUpdate,
  SECRET_TOKEN,
  startUpdate,
  stickerUpdate,
  telegramConfig,
  telegramFixture,
  textUpdate,
  venueUpdate,
  videoNoteUpdate,
  videoUpdate,
  voiceUpdate,
  webhook,
} from './telegram.fixture'

describeBridgeContract(telegramFixture)

const config = telegramConfig('http://127.0.0.1:9')
const NOW = 1_700_000_000_000
const ctx = { ...contextFor(telegram, config), now: () => NOW }
const CHAT = String(CHAT_ID)

const handle = (body: Json | string, secret: string | null = SECRET_TOKEN): WebhookResult =>
  telegram.handleWebhook(ctx, webhook(body, secret))

const eventsOf = (body: Json): readonly InboundEvent[] => {
  const result = handle(body)
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  expect(result.response.status).toBe(200)
  return result.events
}

const envelopeOf = (body: Json): InboundEnvelope => {
  const events = eventsOf(body)
  expect(events).toHaveLength(1)
  const [event] = events
  if (event?.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(event)}`)
  return event.envelope
}

const refOf = (url: string): MediaRef => JSON.parse(url.slice(PROVIDER_MEDIA_SCHEME.length)) as MediaRef

describe('telegram: inbound', () => {
  it('a text message: id tg:<chat>:<message>, provider time in ms, the customer’s profile', () => {
    const envelope = envelopeOf(textUpdate('Здравствуйте, где мой заказ?'))
    expect(envelope).toEqual({
      externalChatId: CHAT,
      contact: {
        firstName: 'Test Firstname',
        lastName: 'Test Lastname',
        externalId: CHAT,
        profileUrl: 'https://t.me/Testusername',
      },
      message: {
        id: `tg:${CHAT}:${MESSAGE_ID}`,
        kind: 'text',
        text: 'Здравствуйте, где мой заказ?',
        at: DATE * 1000,
      },
      providerMessageId: String(MESSAGE_ID),
    })
  })

  it('a customer without last name or username has neither in the profile', () => {
    const envelope = envelopeOf(
      textUpdate('hi', { from: { id: CHAT_ID, is_bot: false, first_name: 'Анна' } }),
    )
    expect(envelope.contact).toEqual({ firstName: 'Анна', externalId: CHAT })
  })

  it('a photo: the largest size, as a media ref to download later, with its caption', () => {
    const envelope = envelopeOf(photoUpdate('AgACAgIAAxkBAAIBZ2VkLarge', 'Вот чек'))
    expect(envelope.message).toMatchObject({ kind: 'image', text: 'Вот чек' })
    const media = envelope.message.media
    expect(media).toMatchObject({ mime: 'image/jpeg', size: 101353 })
    expect(refOf(media?.url ?? '')).toEqual({
      ref: 'AgACAgIAAxkBAAIBZ2VkLarge',
      mime: 'image/jpeg',
      size: 101353,
    })
  })

  it('a voice message is audio/ogg; an audio file keeps its mime type and title', () => {
    const voice = envelopeOf(voiceUpdate()).message
    expect(voice).toMatchObject({ kind: 'audio', text: '', media: { mime: 'audio/ogg', size: 23000 } })
    expect(refOf(voice.media?.url ?? '').ref).toBe('AwADBAADbXXXXXXXXXXXGBdhD2l6_XX')
    const audio = envelopeOf(audioUpdate()).message
    expect(audio).toMatchObject({ kind: 'audio', media: { mime: 'audio/mpeg', name: 'Test music file' } })
  })

  it('a video, a round video note and a GIF animation are videos', () => {
    expect(envelopeOf(videoUpdate()).message).toMatchObject({
      kind: 'video',
      text: 'Коробка пришла мятая',
      media: { mime: 'video/mp4', name: 'broken-box.mp4', size: 2480133 },
    })
    const note = envelopeOf(videoNoteUpdate()).message
    expect(note).toMatchObject({ kind: 'video', media: { mime: 'video/mp4', size: 310221 } })
    expect(refOf(note.media?.url ?? '').ref).toBe('DQACAgIAAxkBAAIBNote')
    const gif = envelopeOf(animationUpdate()).message
    expect(gif).toMatchObject({ kind: 'video', media: { name: 'thanks.gif.mp4' } })
  })

  it('a document keeps its name, mime type and caption', () => {
    expect(envelopeOf(documentUpdate()).message).toMatchObject({
      kind: 'document',
      text: 'Счёт за октябрь',
      media: { mime: 'application/pdf', name: 'Testfile.pdf', size: 536392 },
    })
  })

  it('a sticker: its emoji as text, webp / tgs / webm by its kind', () => {
    expect(envelopeOf(stickerUpdate()).message).toMatchObject({
      kind: 'sticker',
      text: '👍',
      media: { mime: 'image/webp' },
    })
    expect(envelopeOf(stickerUpdate('animated')).message.media?.mime).toBe('application/x-tgsticker')
    expect(envelopeOf(stickerUpdate('video')).message.media?.mime).toBe('video/webm')
  })

  it('a location reads "📍 lat, lon"; a venue adds its name and address', () => {
    expect(envelopeOf(locationUpdate()).message).toMatchObject({ kind: 'location', text: '📍 55.75, 37.61' })
    expect(envelopeOf(venueUpdate()).message).toMatchObject({
      kind: 'location',
      text: '📍 55.753215, 37.622504\nГУМ, Красная площадь, 3',
    })
  })

  it('a contact card: name and phone; the customer’s own number also fills their profile', () => {
    const other = envelopeOf(contactUpdate())
    expect(other.message).toMatchObject({ kind: 'contact', text: '👤 Анна Смирнова, +79161234567' })
    expect(other.contact.phone).toBeUndefined()
    const own = envelopeOf(contactUpdate(CHAT_ID))
    expect(own.contact.phone).toBe('+79161234567')
  })

  it('a reply carries the provider id of the message replied to', () => {
    expect(envelopeOf(replyUpdate(1334)).replyToProviderId).toBe('1334')
    expect(envelopeOf(textUpdate()).replyToProviderId).toBeUndefined()
  })

  it('/start and a /start <payload> deep link are technical; other commands are text', () => {
    expect(envelopeOf(startUpdate()).message).toMatchObject({ kind: 'technical', text: '/start' })
    expect(envelopeOf(startUpdate('promo_autumn')).message).toMatchObject({
      kind: 'technical',
      text: '/start promo_autumn',
    })
    expect(envelopeOf(textUpdate('/help')).message.kind).toBe('text')
    expect(envelopeOf(textUpdate('/started')).message.kind).toBe('text')
  })

  it('an edited message is an edit of the message it came in as', () => {
    expect(eventsOf(editedUpdate('Edited text'))).toEqual([
      {
        type: 'edit',
        externalChatId: CHAT,
        messageId: `tg:${CHAT}:${MESSAGE_ID}`,
        text: 'Edited text',
        at: 1441646600_000,
      },
    ])
  })

  it('a reaction: its emoji, null when removed; a custom emoji alone says nothing', () => {
    expect(eventsOf(reactionUpdate([{ type: 'emoji', emoji: '👍' }], 101))).toEqual([
      { type: 'reaction', externalChatId: CHAT, providerMessageId: '101', emoji: '👍', at: 1441646700_000 },
    ])
    expect(eventsOf(reactionUpdate([]))).toMatchObject([{ type: 'reaction', emoji: null }])
    expect(
      eventsOf(reactionUpdate([{ type: 'custom_emoji', custom_emoji_id: '5368324170671202286' }])),
    ).toEqual([])
  })

  it('a button click is a technical message with the callback id, answered in the webhook response', () => {
    const result = handle(callbackUpdate('order:42:status', 104))
    if (!result.ok) throw new Error(result.reason)
    const [event] = result.events
    if (event?.type !== 'message') throw new Error('expected a message')
    expect(event.envelope).toMatchObject({
      externalChatId: CHAT,
      contact: { firstName: 'Test Firstname', externalId: CHAT },
      message: {
        id: `tg:${CHAT}:cb:4382bfdwdsb323b2d9`,
        kind: 'technical',
        text: 'order:42:status',
        at: NOW,
      },
      replyToProviderId: '104',
    })
    // The webhook answer calls answerCallbackQuery, so the customer's button stops spinning.
    expect(result.response.status).toBe(200)
    expect(result.response.contentType).toBe('application/json')
    expect(JSON.parse(result.response.body)).toEqual({
      method: 'answerCallbackQuery',
      callback_query_id: '4382bfdwdsb323b2d9',
    })
  })

  it('the guide’s callback on an inline message lands in the private chat with the user', () => {
    const envelope = envelopeOf(inlineCallbackUpdate())
    expect(envelope.externalChatId).toBe(CHAT)
    expect(envelope.message).toMatchObject({ kind: 'technical', text: 'Data from button callback' })
    expect(envelope.replyToProviderId).toBeUndefined()
  })

  it('service updates, unsupported content and group chats: 200 with no events, so Telegram stops retrying', () => {
    expect(eventsOf(blockedBotUpdate())).toEqual([])
    expect(eventsOf({ update_id: 10001, poll: { id: '1', question: 'Да?' } })).toEqual([])
    expect(eventsOf(messageUpdate({ dice: { emoji: '🎲', value: 4 } }))).toEqual([])
    expect(eventsOf(messageUpdate({ new_chat_title: 'Заказы' }))).toEqual([])
    expect(eventsOf(textUpdate('всем привет', { chat: groupChat }))).toEqual([])
    expect(eventsOf(callbackUpdate())).toHaveLength(1)
  })

  it('fields Telegram adds later are ignored, not refused', () => {
    const envelope = envelopeOf(
      textUpdate('hi', { via_new_feature: { anything: true }, link_preview_options: {} }),
    )
    expect(envelope.message.text).toBe('hi')
  })

  it('one webhook call is one Update (Telegram does not batch): the same update twice is the same message', () => {
    const body = textUpdate('дважды')
    const first = envelopeOf(body)
    const second = envelopeOf(body)
    expect(second.message.id).toBe(first.message.id)
    expect(handle(JSON.stringify([body])).ok).toBe(false)
  })

  it('a message id over 64 characters is hashed, still stable and prefixed', () => {
    const id = telegram.messageIdOf('-1001234567890', `cb:${'9'.repeat(60)}`)
    expect(id.length).toBeLessThanOrEqual(64)
    expect(id.startsWith('tg:')).toBe(true)
    expect(telegram.messageIdOf('-1001234567890', `cb:${'9'.repeat(60)}`)).toBe(id)
  })
})

describe('telegram: the secret header', () => {
  it('is required, and compared whole whatever its length', () => {
    for (const secret of [
      null,
      '',
      'x',
      SECRET_TOKEN.slice(0, -1),
      `${SECRET_TOKEN}x`,
      SECRET_TOKEN.toUpperCase(),
    ]) {
      const result = handle(textUpdate(), secret)
      expect(result.ok, String(secret)).toBe(false)
      expect(result.response.status).toBe(401)
      if (!result.ok) expect(JSON.parse(result.response.body)).toMatchObject({ code: 'unauthorized' })
    }
    expect(handle(textUpdate(), SECRET_TOKEN).ok).toBe(true)
  })

  it('is checked before the body: a wrong secret with a malformed body is a 401', () => {
    expect(handle('not json', 'wrong').response.status).toBe(401)
  })

  it('a malformed body answers 400 {code, message} saying what is wrong', () => {
    const result = handle(messageUpdate({ text: 'x' }, { date: 'yesterday' }))
    expect(result.ok).toBe(false)
    expect(result.response.status).toBe(400)
    expect(JSON.parse(result.response.body)).toMatchObject({ code: 'invalid_update' })
    expect(result.ok ? '' : result.reason).toContain('message.date')
  })

  it('only POST is a webhook', () => {
    const request = webhookRequest('GET', '', { 'x-telegram-bot-api-secret-token': SECRET_TOKEN })
    expect(telegram.handleWebhook(ctx, request).response.status).toBe(405)
  })

  it('the config takes a bot token and a secret Telegram accepts', () => {
    const schema = telegram.configSchema
    expect(schema.safeParse({ botToken: BOT_TOKEN, secretToken: SECRET_TOKEN }).success).toBe(true)
    expect(schema.safeParse({ botToken: 'not-a-token', secretToken: SECRET_TOKEN }).success).toBe(false)
    expect(schema.safeParse({ botToken: BOT_TOKEN, secretToken: 'with space' }).success).toBe(false)
    expect(schema.safeParse({ botToken: BOT_TOKEN, secretToken: 'a'.repeat(257) }).success).toBe(false)
    expect(schema.safeParse({ botToken: BOT_TOKEN, secretToken: 's', apiBaseUrl: 'not a url' }).success).toBe(
      false,
    )
  })
})

describe('telegram: outbound against the fake Bot API', () => {
  let fake: TelegramFake
  let live: ReturnType<typeof contextFor<TelegramConfig>>
  beforeAll(async () => {
    fake = await startTelegramFake({ token: BOT_TOKEN })
    live = contextFor(telegram, telegramConfig(fake.url))
  })
  afterAll(async () => {
    await fake.close()
  })

  /** Small files carry a pattern to compare; big ones (size limits) stay zeroed, cheap to make. */
  const file = (mime: string, name: string, size = 16): NonNullable<OutgoingMessage['media']> => ({
    bytes: size <= 1024 ? new Uint8Array(size).map((_, i) => i % 251) : new Uint8Array(size),
    mime,
    name,
  })
  const withMedia = (media: NonNullable<OutgoingMessage['media']>, text = ''): OutgoingMessage => ({
    ...outgoing({ sendTo: CHAT }, text),
    kind: 'document',
    media,
  })
  const lastCall = () => fake.calls.at(-1)

  it('a text goes by sendMessage as JSON', async () => {
    const result = await telegram.send(live, outgoing({ sendTo: CHAT }, 'Добрый день!'))
    expect(result.ok).toBe(true)
    expect(lastCall()).toMatchObject({
      method: 'sendMessage',
      contentType: 'application/json',
      params: { chat_id: CHAT, text: 'Добрый день!' },
    })
  })

  it('a reply sets reply_parameters, and still sends if the customer deleted the original', async () => {
    const result = await telegram.send(live, {
      ...outgoing({ sendTo: CHAT }, 'Отвечаю'),
      replyToProviderId: '1365',
    })
    expect(result.ok).toBe(true)
    expect(fake.sent.at(-1)?.replyParameters).toEqual({ message_id: 1365, allow_sending_without_reply: true })

    const photo = await telegram.send(live, {
      ...withMedia(file('image/png', 'a.png'), 'к этому'),
      replyToProviderId: '1365',
    })
    expect(photo.ok).toBe(true)
    expect(fake.sent.at(-1)).toMatchObject({ method: 'sendPhoto', replyParameters: { message_id: 1365 } })
  })

  it('files go as multipart uploads by the method that fits them, with the text as caption', async () => {
    const cases: Array<[string, string, string]> = [
      ['image/jpeg', 'photo.jpg', 'sendPhoto'],
      ['image/png', 'screen.png', 'sendPhoto'],
      ['image/gif', 'anim.gif', 'sendDocument'],
      ['audio/ogg; codecs=opus', 'voice.ogg', 'sendVoice'],
      ['audio/mpeg', 'song.mp3', 'sendAudio'],
      ['video/mp4', 'clip.mp4', 'sendVideo'],
      ['video/webm', 'clip.webm', 'sendDocument'],
      ['application/pdf', 'invoice.pdf', 'sendDocument'],
    ]
    for (const [mime, name, method] of cases) {
      const media = file(mime, name)
      const result = await telegram.send(live, withMedia(media, `файл ${name}`))
      expect(result.ok, `${mime}: ${JSON.stringify(result)}`).toBe(true)
      const sent = fake.sent.at(-1)
      expect(sent?.method, mime).toBe(method)
      expect(lastCall()?.contentType.startsWith('multipart/form-data')).toBe(true)
      expect(sent).toMatchObject({ chat: CHAT, text: `файл ${name}`, file: { name } })
      expect([...(sent?.file?.bytes ?? [])]).toEqual([...media.bytes])
      if (result.ok) expect(sent?.providerMessageId).toBe(result.providerMessageId)
    }
  })

  it('an image over sendPhoto’s 10 MB goes as a document; over 50 MB is refused before any call', async () => {
    const big = await telegram.send(live, withMedia(file('image/jpeg', 'scan.jpg', 10 * 1024 * 1024 + 1)))
    expect(big.ok).toBe(true)
    expect(fake.sent.at(-1)?.method).toBe('sendDocument')
    const calls = fake.calls.length
    const huge = await telegram.send(live, withMedia(file('application/zip', 'a.zip', 50 * 1024 * 1024 + 1)))
    expect(huge).toMatchObject({ ok: false, kind: 'rejected' })
    expect(fake.calls.length).toBe(calls)
  })

  it('a text over 4096 characters or a caption over 1024 is rejected before any call', async () => {
    const calls = fake.calls.length
    expect(await telegram.send(live, outgoing({ sendTo: CHAT }, 'я'.repeat(4097)))).toMatchObject({
      ok: false,
      kind: 'rejected',
    })
    expect(await telegram.send(live, withMedia(file('image/png', 'a.png'), 'я'.repeat(1025)))).toMatchObject({
      ok: false,
      kind: 'rejected',
    })
    expect(fake.calls.length).toBe(calls)
    expect((await telegram.send(live, outgoing({ sendTo: CHAT }, '😀'.repeat(4096)))).ok).toBe(true)
  })

  it('a customer who blocked the bot: rejected, saying so', async () => {
    fake.block('2222222')
    const result = await telegram.send(live, outgoing({ sendTo: '2222222' }, 'Вы тут?'))
    expect(result).toMatchObject({ ok: false, kind: 'rejected' })
    if (!result.ok) expect(result.error).toContain('Forbidden: bot was blocked by the user')
  })

  it('a bad request: rejected with Telegram’s description', async () => {
    const result = await telegram.send(live, outgoing({ sendTo: 'no-such-chat' }, 'x'))
    expect(result).toMatchObject({
      ok: false,
      kind: 'rejected',
      error: 'Telegram answered 400: Bad Request: chat not found',
    })
  })

  it('a refused token: rejected, pointing at the config, without the token', async () => {
    const wrong = contextFor(telegram, {
      ...telegramConfig(fake.url),
      botToken: '654321:ZZZ-wrongwrongwrongwrongwrong1',
    })
    const result = await telegram.send(wrong, outgoing({ sendTo: CHAT }, 'x'))
    expect(result).toMatchObject({ ok: false, kind: 'rejected' })
    if (!result.ok) {
      expect(result.error).toContain('Unauthorized')
      expect(result.error).not.toContain('wrongwrong')
    }
  })

  it('a rate limit is a retry after parameters.retry_after', async () => {
    fake.failNext({ kind: 'rate-limit', retryAfterSeconds: 17 })
    expect(await telegram.send(live, withMedia(file('application/pdf', 'a.pdf')))).toMatchObject({
      ok: false,
      kind: 'retry',
      retryAfterMs: 17_000,
    })
  })

  it('a 500, an HTML 502 from the proxy and a dropped connection are ambiguous: the message may be out', async () => {
    for (const kind of ['server-error', 'bad-gateway', 'reset'] as const) {
      fake.failNext({ kind })
      const result = await telegram.send(live, outgoing({ sendTo: CHAT }, kind))
      expect(result, kind).toMatchObject({ ok: false, kind: 'ambiguous' })
      if (!result.ok) expect(result.error).not.toContain(BOT_TOKEN)
    }
  })

  it('a timeout is ambiguous and its error does not show the token', async () => {
    fake.failNext({ kind: 'hang' })
    const result = await telegram.send(
      contextFor(telegram, telegramConfig(fake.url), 200),
      outgoing({ sendTo: CHAT }, 'x'),
    )
    expect(result).toMatchObject({ ok: false, kind: 'ambiguous' })
    if (!result.ok) {
      expect(result.error).not.toContain(BOT_TOKEN)
      expect(result.error).not.toContain('ABC-DEF')
    }
  })

  it('edits a text with editMessageText; the same text again is fine', async () => {
    const sent = await telegram.send(live, outgoing({ sendTo: CHAT }, 'Цена 100 ₽'))
    if (!sent.ok) throw new Error(sent.error)
    const target = { externalChatId: CHAT, providerMessageId: sent.providerMessageId, sentAt: NOW }
    expect(await telegram.edit(live, target, 'Цена 120 ₽')).toEqual({ ok: true })
    expect(lastCall()).toMatchObject({
      method: 'editMessageText',
      params: { chat_id: CHAT, text: 'Цена 120 ₽' },
    })
    expect(fake.message(CHAT, sent.providerMessageId)?.text).toBe('Цена 120 ₽')
    expect(await telegram.edit(live, target, 'Цена 120 ₽')).toEqual({ ok: true })
  })

  it('edits a file’s caption with editMessageCaption', async () => {
    const sent = await telegram.send(live, withMedia(file('application/pdf', 'a.pdf'), 'старая подпись'))
    if (!sent.ok) throw new Error(sent.error)
    const target = { externalChatId: CHAT, providerMessageId: sent.providerMessageId, sentAt: NOW }
    expect(await telegram.edit(live, target, 'новая подпись')).toEqual({ ok: true })
    expect(fake.message(CHAT, sent.providerMessageId)?.caption).toBe('новая подпись')
  })

  it('an edit of a message Telegram does not know fails with its description', async () => {
    const result = await telegram.edit(
      live,
      { externalChatId: CHAT, providerMessageId: '999999', sentAt: NOW },
      'x',
    )
    expect(result).toEqual({
      ok: false,
      error: 'Telegram answered 400: Bad Request: message to edit not found',
    })
  })

  it('deletes within 48 hours; after that refuses without calling Telegram', async () => {
    expect(telegram.deleteWindowMs).toBe(48 * 3600 * 1000)
    const sent = await telegram.send(live, outgoing({ sendTo: CHAT }, 'удалить меня'))
    if (!sent.ok) throw new Error(sent.error)
    const now = Date.now()
    const old = {
      externalChatId: CHAT,
      providerMessageId: sent.providerMessageId,
      sentAt: now - 48 * 3600 * 1000,
    }
    const calls = fake.calls.length
    const late = await telegram.remove({ ...live, now: () => now }, old)
    expect(late.ok).toBe(false)
    if (!late.ok) expect(late.error).toContain('48 hours')
    expect(fake.calls.length).toBe(calls)

    const fresh = { ...old, sentAt: now - 47 * 3600 * 1000 }
    expect(await telegram.remove({ ...live, now: () => now }, fresh)).toEqual({ ok: true })
    expect(lastCall()).toMatchObject({ method: 'deleteMessage', params: { chat_id: CHAT } })
    expect(fake.message(CHAT, sent.providerMessageId)).toBeUndefined()
    // Deleting it again: already gone, which is what was asked.
    expect(await telegram.remove({ ...live, now: () => now }, fresh)).toEqual({ ok: true })
  })

  it('downloads through getFile and the file path, keeping the name Telegram gave it', async () => {
    const bytes = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55])
    const ref = fake.addFile(bytes, 'application/pdf')
    const result = await telegram.downloadMedia(live, { ref, mime: 'application/pdf', name: 'Testfile.pdf' })
    expect(result).toEqual({ bytes, mime: 'application/pdf', name: 'Testfile.pdf' })
    expect(lastCall()).toMatchObject({ method: 'getFile', params: { file_id: ref } })
    const unnamed = await telegram.downloadMedia(live, { ref, mime: 'application/pdf' })
    expect(unnamed.name).toMatch(/^file_\d+\.pdf$/)
  })

  it('a file Telegram does not know fails with its description and without the token', async () => {
    const error = await telegram
      .downloadMedia(live, { ref: 'nope', mime: 'image/jpeg' })
      .catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('Bad Request: invalid file_id')
    expect((error as Error).message).not.toContain(BOT_TOKEN)
  })

  it('connect sets the webhook with the secret and the updates we read, reactions included', async () => {
    const result = await telegram.connect?.(live, 'https://switchboard.example/hooks/ch_1')
    expect(result).toEqual({ ok: true })
    expect(fake.webhook).toEqual({
      url: 'https://switchboard.example/hooks/ch_1',
      secretToken: SECRET_TOKEN,
      allowedUpdates: [...ALLOWED_UPDATES],
    })
    expect(ALLOWED_UPDATES).toContain('message_reaction')
    expect(ALLOWED_UPDATES).toContain('callback_query')
  })

  it('connect passes on Telegram’s refusal of a webhook that is not HTTPS', async () => {
    const result = await telegram.connect?.(live, 'http://switchboard.example/hooks/ch_1')
    expect(result).toEqual({
      ok: false,
      error: 'Telegram answered 400: Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    })
  })
})
