/**
 * An operator's attachment through a real server: `POST /api/media` stores the file for a chat (size limit from
 * the config, type list and picture sniffing [MED1, MED2]), `GET /api/media/:id` serves it only to those who may
 * see the chat, and an answer carrying it goes out through the outbox to a local fake of the Bot API with the
 * file's bytes and the text as caption.
 */
import { readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncClient } from '../../app/sync'
import { chatDocName, operatorContext, sendOperatorMessage } from '../../model'
import { BOT_TOKEN, telegramConfig } from '../channels/telegram.fixture'
import { startTelegramFake, type TelegramFake } from '../helpers/fakes/telegram'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

/** The 8-byte PNG signature and a few bytes more: enough for the sniffing, which reads only the start. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])
const LIMIT = 4096

interface Uploaded {
  id: string
  url: string
  mime: string
  name: string
  size: number
  kind: string
}

describe('media upload: POST /api/media', () => {
  let t: TestServer
  let fake: TelegramFake
  let shop: string
  let chatId: string
  let otherChatId: string
  let anna: { id: string; token: string }
  let vera: { id: string; token: string }
  const clients: SyncClient[] = []

  beforeEach(async () => {
    fake = await startTelegramFake({ token: BOT_TOKEN })
    t = await startTestServer({ env: { MEDIA_MAX_BYTES: String(LIMIT) } })
    const created = await t.api<{ id: string }>('/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'Бот магазина', config: telegramConfig(fake.url) },
    })
    shop = created.body.id
    const other = await t.channel('Другой канал', 'vk')
    anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    vera = await t.operator({ email: 'vera@test.local', name: 'Вера', channels: [other] })
    chatId = (
      await t.server.services.ingest({
        channelId: shop,
        externalChatId: '1111111',
        contact: { firstName: 'Мария' },
        message: { text: 'Пришлите фото товара' },
      })
    ).chatId
    otherChatId = (
      await t.server.services.ingest({
        channelId: other,
        externalChatId: '42',
        contact: { firstName: 'Пётр' },
        message: { text: 'Здравствуйте' },
      })
    ).chatId
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await t.close()
    await fake.close()
  })

  const upload = async (
    token: string | null,
    body: BodyInit,
    headers: Record<string, string>,
    chat: string | null = chatId,
  ) => {
    const res = await fetch(`${t.url}/api/media${chat === null ? '' : `?chat=${chat}`}`, {
      method: 'POST',
      headers: { ...(token !== null && { authorization: `Bearer ${token}` }), ...headers },
      body,
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    } as RequestInit)
    return { status: res.status, body: (await res.json()) as Uploaded & { code: string; message: string } }
  }

  it('[MED1] stores a picture for the chat and serves it to operators who may see the chat, and no one else', async () => {
    const res = await upload(anna.token, PNG, {
      'content-type': 'image/png',
      'x-file-name': encodeURIComponent('фото товара.png'),
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      mime: 'image/png',
      name: 'фото товара.png',
      size: PNG.length,
      kind: 'image',
    })
    expect(res.body.url).toBe(`/api/media/${res.body.id}`)
    const row = t.server.services.media.get(res.body.id)
    expect(row).toMatchObject({ chatId, channelId: shop, state: 'stored', size: PNG.length })

    const served = await fetch(t.url + res.body.url, { headers: { authorization: `Bearer ${anna.token}` } })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG)
    // Vera sees only the other channel: the file is not there for her, nor may she upload into the chat.
    const denied = await fetch(t.url + res.body.url, { headers: { authorization: `Bearer ${vera.token}` } })
    expect(denied.status).toBe(404)
    expect(await denied.json()).toMatchObject({ code: 'not_found' })
    const intoHidden = await upload(vera.token, PNG, { 'content-type': 'image/png' })
    expect(intoHidden.status).toBe(404)
    const ownChat = await upload(vera.token, PNG, { 'content-type': 'image/png' }, otherChatId)
    expect(ownChat.status).toBe(201)
    expect(ownChat.body.name).toBe('image')
    expect((await fetch(t.url + ownChat.body.url)).status).toBe(401)
    expect((await upload(null, PNG, { 'content-type': 'image/png' })).status).toBe(401)
  })

  it('[MED1] the kind follows the type: a PDF is a document, an MP3 audio; a name is kept without its folders', async () => {
    const pdf = await upload(anna.token, new TextEncoder().encode('%PDF-1.4 …'), {
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent('C:\\Users\\anna\\счёт.pdf'),
    })
    expect(pdf.body).toMatchObject({ kind: 'document', name: 'счёт.pdf', mime: 'application/pdf' })
    const mp3 = await upload(anna.token, new Uint8Array([0x49, 0x44, 0x33, 4]), {
      'content-type': 'audio/mp3',
    })
    expect(mp3.body).toMatchObject({ kind: 'audio', mime: 'audio/mpeg' })
  })

  it('413 over MEDIA_MAX_BYTES, told by its length or found while it streams; nothing is stored', async () => {
    const big = new Uint8Array(LIMIT + 1)
    big.set(PNG)
    const res = await upload(anna.token, big, { 'content-type': 'image/png' })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ code: 'too_large', message: expect.stringMatching(/MiB/) })
    // No Content-Length: the limit holds on the bytes as they come.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(LIMIT / 2))
        controller.close()
      },
    })
    const streamed = await upload(anna.token, stream, { 'content-type': 'application/pdf' })
    expect(streamed.status).toBe(413)
    expect(readdirSync(t.server.services.media.dir)).toEqual([])
    // Exactly at the limit is fine.
    const atLimit = new Uint8Array(LIMIT)
    atLimit.set(PNG)
    expect((await upload(anna.token, atLimit, { 'content-type': 'image/png' })).status).toBe(201)
  })

  it('[MED1] [MED2] 415 for a type that may not be sent or a picture that is not one; 400 for bad input', async () => {
    const html = await upload(anna.token, '<script>alert(1)</script>', { 'content-type': 'text/html' })
    expect(html.status).toBe(415)
    expect(html.body).toMatchObject({ code: 'unsupported_media_type', message: expect.any(String) })
    const svg = await upload(anna.token, '<svg/>', { 'content-type': 'image/svg+xml' })
    expect(svg.status).toBe(415)
    const untyped = await upload(anna.token, PNG, {})
    expect(untyped.status).toBe(415)
    const fakePicture = await upload(anna.token, '<html><body>hi</body></html>', {
      'content-type': 'image/png',
    })
    expect(fakePicture.status).toBe(415)
    expect(fakePicture.body.message).toMatch(/not the image\/png it claims to be/)

    const noChat = await upload(anna.token, PNG, { 'content-type': 'image/png' }, null)
    expect(noChat.status).toBe(400)
    expect(noChat.body).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/chat/) })
    const empty = await upload(anna.token, new Uint8Array(0), { 'content-type': 'application/pdf' })
    expect(empty.status).toBe(400)
    expect(empty.body.message).toMatch(/empty/)
    const badName = await upload(anna.token, PNG, { 'content-type': 'image/png', 'x-file-name': '%E0%A4%A' })
    expect(badName.status).toBe(400)
    expect(badName.body.message).toMatch(/x-file-name/)
  })

  it('the uploader deletes a file taken off before sending; not someone else, nor once a message carries it', async () => {
    const ivan = await t.operator({ email: 'ivan@test.local', name: 'Иван' })
    const first = await upload(anna.token, PNG, { 'content-type': 'image/png' })
    const remove = (token: string, url: string) =>
      fetch(t.url + url, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
    const byOther = await remove(ivan.token, first.body.url)
    expect(byOther.status).toBe(403)
    expect((await remove(vera.token, first.body.url)).status).toBe(404)
    expect((await remove(anna.token, first.body.url)).status).toBe(200)
    expect(t.server.services.media.get(first.body.id)).toBeNull()
    expect(readdirSync(t.server.services.media.dir)).toEqual([])
    const served = await fetch(t.url + first.body.url, { headers: { authorization: `Bearer ${anna.token}` } })
    expect(served.status).toBe(404)

    const sent = await upload(anna.token, PNG, { 'content-type': 'image/png' })
    const ctx = operatorContext(anna.id, Date.now())
    await t.server.hub.transact(
      chatDocName(chatId),
      (doc) =>
        sendOperatorMessage(
          doc,
          { kind: 'image', text: '', media: { url: sent.body.url, mime: 'image/png' } },
          ctx,
        ),
      ctx.origin,
    )
    const late = await remove(anna.token, sent.body.url)
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({ code: 'conflict' })
    expect(t.server.services.media.get(sent.body.id)).toMatchObject({ state: 'stored' })
  })

  it('an answer carrying the file goes out through the outbox as a photo with the text as caption', async () => {
    const up = await upload(anna.token, PNG, {
      'content-type': 'image/png',
      'x-file-name': encodeURIComponent('товар.png'),
    })
    const client = syncClient(t.wsUrl, anna.token)
    clients.push(client)
    const handle = client.open(chatDocName(chatId))
    await client.whenSynced()
    sendOperatorMessage(
      handle.doc,
      {
        kind: 'image',
        text: 'Вот он',
        media: { url: up.body.url, mime: up.body.mime, name: up.body.name, size: up.body.size },
      },
      operatorContext(anna.id, Date.now()),
    )
    await client.whenSynced()
    await eventually(() => fake.sent.length === 1, 'the photo reached the Bot API', 8_000)
    const [sent] = fake.sent
    expect(sent).toMatchObject({ method: 'sendPhoto', text: 'Вот он', chat: '1111111' })
    expect(sent?.file).toMatchObject({ field: 'photo', mime: 'image/png', name: 'товар.png' })
    expect(sent?.file?.bytes).toEqual(PNG)
  })
})
