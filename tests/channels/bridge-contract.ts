/**
 * The contract suite every messenger bridge passes (issue 4): recorded payloads from the provider's docs in, and
 * a local fake of the provider's API (real HTTP on port 0) for sending and media. Each bridge's test file calls
 * `describeBridgeContract(fixture)` and adds its provider's own cases.
 */

import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  BridgeContext,
  ChannelBridge,
  InboundEvent,
  OutgoingMessage,
  WebhookRequest,
} from '../../channels'

/** A local fake of a provider's HTTP API. */
export interface FakeProvider {
  /** Base URL to give the bridge as `apiBaseUrl`. */
  readonly url: string
  /** Every message the fake accepted through its send method(s), in order. */
  readonly sent: ReadonlyArray<{
    readonly chat: string
    readonly text: string
    readonly providerMessageId: string
  }>
  /** The next send call(s) fail this way: a 429 with a wait (seconds), a 500, or no answer at all. */
  failNext(
    mode: { kind: 'rate-limit'; retryAfterSeconds: number } | { kind: 'server-error' } | { kind: 'hang' },
  ): void
  /** A file the fake serves for `downloadMedia`: returns the ref a webhook would carry. */
  addFile(bytes: Uint8Array, mime: string): string
  close(): Promise<void>
}

export interface BridgeFixture<Config extends { apiBaseUrl?: string | undefined }> {
  readonly name: string
  readonly bridge: ChannelBridge<Config>
  /** A valid config pointing at `apiBaseUrl`. */
  config(apiBaseUrl: string): Config
  startFake(): Promise<FakeProvider>
  /** A customer's text message webhook as the provider's docs show it, signed or with the secret as configured. */
  readonly textMessage: {
    readonly request: (config: Config) => WebhookRequest
    readonly externalChatId: string
    readonly providerMessageId: string
    readonly text: string
  }
  /** The same webhook with a wrong secret or signature. */
  readonly wrongSecret: (config: Config) => WebhookRequest
  /** Bodies that are not the provider's shape (bad JSON, unknown fields missing, wrong types), correctly signed. */
  readonly malformed: (config: Config) => readonly WebhookRequest[]
  /** A webhook carrying a photo (or another file) whose ref the fake serves. */
  readonly photoMessage: (config: Config, fileRef: string) => WebhookRequest
  /** The customer's chat id to send to. */
  readonly sendTo: string
}

/** A webhook request from parts, with headers looked up by lower-case name. */
export const webhookRequest = (
  method: 'GET' | 'POST',
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  query: Record<string, string> = {},
): WebhookRequest => {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return {
    method,
    header: (name) => lower[name.toLowerCase()],
    query,
    rawBody: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  }
}

export const contextFor = <Config extends { apiBaseUrl?: string | undefined }>(
  bridge: ChannelBridge<Config>,
  config: Config,
  timeoutMs = 1_000,
): BridgeContext<Config> => ({
  config,
  apiBaseUrl: config.apiBaseUrl ?? bridge.defaultApiBaseUrl,
  now: Date.now,
  fetch: globalThis.fetch,
  timeoutMs,
})

/** A port nothing listens on: taken, then given back. */
export const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const messages = (events: readonly InboundEvent[]) => events.filter((e) => e.type === 'message')

export const outgoing = (
  fixture: { sendTo: string },
  text: string,
  id = crypto.randomUUID(),
): OutgoingMessage => ({
  id,
  externalChatId: fixture.sendTo,
  kind: 'text',
  text,
  customerLastAt: Date.now() - 60_000,
})

export const describeBridgeContract = <Config extends { apiBaseUrl?: string | undefined }>(
  fixture: BridgeFixture<Config>,
): void => {
  describe(`${fixture.name}: the bridge contract`, () => {
    let fake: FakeProvider
    let config: Config
    beforeAll(async () => {
      fake = await fixture.startFake()
      config = fixture.config(fake.url)
    })
    afterAll(async () => {
      await fake.close()
    })
    const ctx = (timeoutMs?: number) => contextFor(fixture.bridge, config, timeoutMs)

    it('accepts a valid config and refuses one without credentials', () => {
      expect(fixture.bridge.configSchema.safeParse(config).success).toBe(true)
      expect(fixture.bridge.configSchema.safeParse({}).success).toBe(false)
    })

    it('parses a text message from the docs; the same webhook twice gives the same message id', () => {
      const { request, externalChatId, providerMessageId, text } = fixture.textMessage
      const first = fixture.bridge.handleWebhook(ctx(), request(config))
      const second = fixture.bridge.handleWebhook(ctx(), request(config))
      expect(first.ok, JSON.stringify(first)).toBe(true)
      if (!first.ok || !second.ok) return
      expect(first.response.status).toBe(200)
      const [event] = messages(first.events)
      expect(event?.envelope.externalChatId).toBe(externalChatId)
      expect(event?.envelope.message).toMatchObject({
        id: fixture.bridge.messageIdOf(externalChatId, providerMessageId),
        text,
      })
      expect(event?.envelope.message.id?.length).toBeLessThanOrEqual(64)
      expect(messages(second.events)[0]?.envelope.message.id).toBe(event?.envelope.message.id)
    })

    it('refuses a wrong secret or signature with a 401 and no events', () => {
      const result = fixture.bridge.handleWebhook(ctx(), fixture.wrongSecret(config))
      expect(result.ok).toBe(false)
      expect(result.response.status).toBe(401)
    })

    it('refuses malformed bodies with a 4xx and no events', () => {
      for (const request of fixture.malformed(config)) {
        const result = fixture.bridge.handleWebhook(ctx(), request)
        expect(result.ok, new TextDecoder().decode(request.rawBody)).toBe(false)
        expect(result.response.status).toBeGreaterThanOrEqual(400)
        expect(result.response.status).toBeLessThan(500)
      }
    })

    it('sends a text to the fake API and gets the provider’s message id back', async () => {
      const result = await fixture.bridge.send(ctx(), outgoing(fixture, 'Здравствуйте! Чем помочь?'))
      expect(result.ok, JSON.stringify(result)).toBe(true)
      if (!result.ok) return
      expect(fake.sent.at(-1)).toMatchObject({ chat: fixture.sendTo, text: 'Здравствуйте! Чем помочь?' })
      expect(fake.sent.at(-1)?.providerMessageId).toBe(result.providerMessageId)
    })

    it('a rate limit is a retry after the wait the provider asked for', async () => {
      fake.failNext({ kind: 'rate-limit', retryAfterSeconds: 3 })
      const result = await fixture.bridge.send(ctx(), outgoing(fixture, 'later'))
      expect(result).toMatchObject({ ok: false, kind: 'retry', retryAfterMs: 3_000 })
    })

    it('a provider that is down is a retry: nothing was sent', async () => {
      const down = { ...config, apiBaseUrl: `http://127.0.0.1:${await closedPort()}` } as Config
      const result = await fixture.bridge.send(contextFor(fixture.bridge, down), outgoing(fixture, 'x'))
      expect(result).toMatchObject({ ok: false, kind: 'retry' })
    })

    it('no answer in time is ambiguous, unless the API has an idempotency key', async () => {
      fake.failNext({ kind: 'hang' })
      const result = await fixture.bridge.send(ctx(300), outgoing(fixture, 'maybe'))
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.kind).toBe(fixture.bridge.kind === 'vk' ? 'retry' : 'ambiguous')
    })

    it('downloads the media a webhook refers to', async () => {
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])
      const ref = fake.addFile(bytes, 'image/png')
      const result = fixture.bridge.handleWebhook(ctx(), fixture.photoMessage(config, ref))
      expect(result.ok).toBe(true)
      if (!result.ok) return
      const media = messages(result.events)[0]?.envelope.message.media
      expect(media?.url.startsWith('provider-media:')).toBe(true)
      const mediaRef = JSON.parse(media!.url.slice('provider-media:'.length))
      const downloaded = await fixture.bridge.downloadMedia(ctx(), mediaRef)
      expect([...downloaded.bytes]).toEqual([...bytes])
    })
  })
}
