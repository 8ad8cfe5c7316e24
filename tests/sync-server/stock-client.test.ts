import { connect } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { chatDocName, chatParts } from '../../model'
import { eventually, startTestServer, type TestServer } from '../helpers/server'

/** Opens a raw socket and reports how the upgrade ended and every byte that came. */
const rawUpgrade = (url: string): Promise<{ status: number | null; bytes: number }> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url)
    let bytes = 0
    ws.on('message', (data: Buffer) => {
      bytes += data.length
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? null, bytes })
      ws.terminate()
    })
    ws.on('open', () => setTimeout(() => resolve({ status: 101, bytes }), 300))
    ws.on('error', () => {})
  })

describe('sync server: stock y-websocket clients and authentication', () => {
  let t: TestServer
  let channelA: string
  let channelB: string
  let chatA: string
  let chatB: string

  beforeEach(async () => {
    t = await startTestServer()
    channelA = await t.channel('Site A')
    channelB = await t.channel('Site B')
    const services = t.server.services
    chatA = (
      await services.ingest({
        channelId: channelA,
        externalChatId: 'visitor-a',
        contact: { firstName: 'Anna' },
        message: { text: 'Hello from A' },
      })
    ).chatId
    chatB = (
      await services.ingest({
        channelId: channelB,
        externalChatId: 'visitor-b',
        contact: { firstName: 'Boris' },
        message: { text: 'Secret of B' },
      })
    ).chatId
  })

  afterEach(async () => {
    await t.close()
  })

  it('a stock WebsocketProvider syncs a chat the operator may see, and gets live updates', async () => {
    const op = await t.operator({ email: 'a@test.local', channels: [channelA] })
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${t.wsUrl}/sync`, chatDocName(chatA), doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: op.token },
      disableBc: true,
    })
    try {
      await eventually(() => provider.synced, 'provider synced')
      expect(
        chatParts(doc)
          .messages.toArray()
          .map((m) => m.text),
      ).toEqual(['Hello from A'])
      await t.server.services.ingest({
        channelId: channelA,
        externalChatId: 'visitor-a',
        contact: {},
        message: { text: 'second' },
      })
      await eventually(() => chatParts(doc).messages.length === 2, 'live update arrives')
    } finally {
      provider.destroy()
    }
  })

  it('a chat outside the operator’s channels is refused at upgrade with 403 and not one byte of it', async () => {
    const op = await t.operator({ email: 'a@test.local', channels: [channelA] })
    const result = await rawUpgrade(`${t.wsUrl}/sync/${chatDocName(chatB)}?token=${op.token}`)
    expect(result).toEqual({ status: 403, bytes: 0 })

    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${t.wsUrl}/sync`, chatDocName(chatB), doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: op.token },
      disableBc: true,
      maxBackoffTime: 100,
    })
    await new Promise((r) => setTimeout(r, 500))
    provider.destroy()
    expect(provider.synced).toBe(false)
    expect(chatParts(doc).messages.length).toBe(0)
  })

  it('a forged token is refused with 401, over WebSocket and HTTP', async () => {
    expect(await rawUpgrade(`${t.wsUrl}/sync/${chatDocName(chatA)}?token=forged-token-forged-token`)).toEqual(
      {
        status: 401,
        bytes: 0,
      },
    )
    expect(await rawUpgrade(`${t.wsUrl}/sync`)).toEqual({ status: 401, bytes: 0 })
    const res = await t.api('/api/me', { token: 'forged-token-forged-token' })
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ code: 'unauthorized' })
  })

  it('clients vanishing in the middle of a refused upgrade do not take the server down', async () => {
    const { port } = new URL(t.url)
    for (let i = 0; i < 30; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `GET /sync/${chatDocName(chatA)}?token=bad-token-bad-token-${i} HTTP/1.1\r\nHost: x\r\n` +
              'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
          )
          setTimeout(() => {
            socket.resetAndDestroy()
            resolve()
          }, i % 3)
        })
        socket.on('error', () => resolve())
      })
    }
    const health = await t.api<{ ok: boolean }>('/api/health')
    expect(health.body.ok).toBe(true)
  })

  it('login takes the right password only, and says why in {code, message}', async () => {
    const wrong = await t.api('/api/auth/login', { body: { email: 'admin@test.local', password: 'nope' } })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toMatchObject({ code: 'unauthorized', message: expect.any(String) })
    const unknown = await t.api('/api/auth/login', { body: { email: 'ghost@test.local', password: 'nope' } })
    expect(unknown.status).toBe(401)
    const malformed = await t.api('/api/auth/login', { body: 'not json' })
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({ code: 'invalid_input' })
    const missing = await t.api('/api/auth/login', { body: { email: 'admin@test.local' } })
    expect(missing.status).toBe(400)
    const me = await t.api<{ operator: { email: string } }>('/api/me', { token: t.adminToken })
    expect(me.body.operator.email).toBe('admin@test.local')
  })

  it('a non-admin cannot create operators or channels', async () => {
    const op = await t.operator({ email: 'a@test.local' })
    const res = await t.api('/api/operators', {
      token: op.token,
      body: { email: 'x@test.local', name: 'X', password: 'password-123' },
    })
    expect(res.status).toBe(403)
    const ch = await t.api('/api/channels', { token: op.token, body: { kind: 'widget', name: 'X' } })
    expect(ch.status).toBe(403)
  })
})

describe('sync server: token expiry', () => {
  it('an expired token is refused, and an open socket is closed when its session ends', async () => {
    let now = Date.now()
    const t = await startTestServer({ now: () => now, env: { SESSION_TTL_HOURS: '1' } })
    try {
      const token = t.adminToken
      expect((await t.api('/api/me', { token })).status).toBe(200)
      now += 2 * 3600_000
      expect((await t.api('/api/me', { token })).status).toBe(401)
      const res = await new Promise<number | null>((resolve) => {
        const ws = new WebSocket(`${t.wsUrl}/sync?token=${token}`)
        ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? null))
        ws.on('open', () => resolve(101))
        ws.on('error', () => {})
      })
      expect(res).toBe(401)
    } finally {
      await t.close()
    }
  })
})
