/**
 * The dispatcher: sends what the outbox holds through each channel's bridge, in order per chat, with backoff and
 * per-channel pacing, and writes the delivery state back to the message. A customer never gets a message twice:
 * a call that may have gone out is never repeated where the API has no idempotency key (the bridge says
 * `ambiguous`, the message becomes `unknown` and the operator decides); a call interrupted by a crash is treated
 * the same way on the next start.
 */
import type * as Y from 'yjs'
import type { ChannelBridge, OutgoingMessage, SendResult } from '../../channels'
import {
  channelContext,
  chatDocName,
  chatParts,
  type DeliveryState,
  findMessage,
  type Message,
  setDelivery,
} from '../../model'
import { bridgeContext } from '../bridges'
import type { ChannelRegistry } from '../channel-registry'
import type { ChatRegistry } from '../chats'
import type { DocHub } from '../docs/hub'
import type { Logger } from '../logger'
import type { OutboxRow, OutboxStore } from './store'

export interface DispatcherDeps {
  readonly store: OutboxStore
  readonly hub: DocHub
  readonly chats: ChatRegistry
  readonly channels: ChannelRegistry
  readonly bridgeOf: (kind: string) => ChannelBridge<{ apiBaseUrl?: string }> | null
  /** A stored file's bytes, for an outgoing message with media (`null`: not ours or not stored). */
  readonly mediaBytes: (url: string) => Promise<{ bytes: Uint8Array; mime: string; name: string } | null>
  /** The provider's id of a customer's message, for a reply to it. */
  readonly providerIdOf: (chatId: string, messageId: string) => string | null
  readonly now: () => number
  readonly logger: Logger
  /** Provider calls at once, over all chats. */
  readonly concurrency?: number
  readonly timeoutMs?: number
  readonly fetch?: typeof fetch
}

/** Sends per second per channel: under each provider's documented limit (Telegram 30/s, VK 20/s, WhatsApp 80/s). */
const PACE_PER_SECOND: Readonly<Record<string, number>> = { telegram: 25, vk: 15, whatsapp: 50 }
const MIN_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 5 * 60_000

/** Exponential, capped, with jitter so a recovering provider is not hit by every retry at once. */
/** `config.sandbox: true`: a channel of a messenger kind that talks to no provider. */
export const isSandbox = (config: Readonly<Record<string, unknown>>): boolean => config.sandbox === true

export const backoffMs = (attempts: number, random: () => number = Math.random): number => {
  const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, attempts - 1))
  return Math.round(base * (0.75 + random() * 0.5))
}

export class Dispatcher {
  readonly #deps: DispatcherDeps
  readonly #inFlight = new Map<string, Promise<void>>()
  /** Channel id → the earliest time its next call may start (pacing, or a rate limit's wait). */
  readonly #channelReadyAt = new Map<string, number>()
  #timer: NodeJS.Timeout | null = null
  #timerAt = Number.POSITIVE_INFINITY
  #stopped = false

  constructor(deps: DispatcherDeps) {
    this.#deps = deps
  }

  /**
   * After a crash: a call that was under way may have gone out. Bridges with an idempotency key retry it; the
   * others mark it `unknown`, never sending it again on their own.
   */
  async start(): Promise<void> {
    const { store, now } = this.#deps
    for (const row of store.inState('sending')) {
      const kind = this.#deps.channels.byId(row.channelId)?.kind
      if (kind === 'vk') {
        store.update(row, { state: 'queued', nextAt: now() }, now())
      } else {
        store.update(row, { state: 'unknown', error: 'interrupted by a restart while sending' }, now())
        await this.#deliver(row, 'unknown', 'interrupted by a restart while sending').catch(() => {})
      }
    }
    this.kick()
  }

  /** Something may be due: look now. */
  kick(): void {
    this.#wakeAt(this.#deps.now())
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    await Promise.allSettled([...this.#inFlight.values()])
  }

  /** Resolves when nothing is being sent and nothing is due now (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()])
  }

  #wakeAt(at: number): void {
    if (this.#stopped || at >= this.#timerAt) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#timerAt = at
    this.#timer = setTimeout(
      () => {
        this.#timer = null
        this.#timerAt = Number.POSITIVE_INFINITY
        this.#run()
      },
      Math.max(0, at - this.#deps.now()),
    )
    this.#timer.unref?.()
  }

  #run(): void {
    if (this.#stopped) return
    const { store, now } = this.#deps
    const limit = (this.#deps.concurrency ?? 8) - this.#inFlight.size
    const t = now()
    if (limit > 0) {
      for (const row of store.due(t, limit + this.#inFlight.size)) {
        if (this.#inFlight.size >= (this.#deps.concurrency ?? 8)) break
        if (this.#inFlight.has(row.chatId)) continue
        const readyAt = this.#channelReadyAt.get(row.channelId) ?? 0
        if (readyAt > t) {
          this.#wakeAt(readyAt)
          continue
        }
        const kind = this.#deps.channels.byId(row.channelId)?.kind ?? ''
        this.#channelReadyAt.set(row.channelId, t + 1000 / (PACE_PER_SECOND[kind] ?? 10))
        const job = this.#send(row)
          .catch((err: unknown) =>
            this.#deps.logger.error({ err, messageId: row.messageId }, 'dispatch failed'),
          )
          .finally(() => {
            this.#inFlight.delete(row.chatId)
            this.kick()
          })
        this.#inFlight.set(row.chatId, job)
      }
    }
    const next = store.nextWake()
    if (next !== null) this.#wakeAt(Math.max(next, t + 50))
  }

  async #send(queued: OutboxRow): Promise<void> {
    const { store, now, logger } = this.#deps
    const channel = this.#deps.channels.byId(queued.channelId)
    const bridge = channel ? this.#deps.bridgeOf(channel.kind) : null
    const chat = this.#deps.chats.chat(queued.chatId)
    const doc = this.#deps.hub.open(chatDocName(queued.chatId)).doc
    const message = findMessage(doc, queued.messageId)
    if (!channel || !bridge || !chat?.externalId || !message || message.direction !== 'out') {
      const error = !bridge ? 'the channel has no messenger bridge' : 'the message or its chat is gone'
      store.update(queued, { state: 'failed', error }, now())
      if (message?.direction === 'out') await this.#deliver(queued, 'failed', error)
      return
    }
    if (message.template && !bridge.listTemplates) {
      // [WTP1] Only a messenger with templates sends one; any other would send its text as if it were free text.
      const error = 'this messenger has no message templates'
      store.update(queued, { state: 'failed', error }, now())
      await this.#deliver(queued, 'failed', error)
      return
    }
    if (isSandbox(channel.config)) {
      // A channel that talks to no provider (demos, trials): the answer is as good as delivered.
      store.update(queued, { state: 'sent', providerMessageId: `sandbox:${queued.messageId}` }, now())
      await this.#deliver(queued, 'delivered')
      return
    }
    if (!channel.enabled) {
      store.update(queued, { nextAt: now() + 60_000, error: 'the channel is disabled' }, now())
      return
    }
    const outgoing = await this.#outgoing(queued, message, chat.externalId, doc)
    const row = store.update(queued, { state: 'sending', attempts: queued.attempts + 1 }, now())
    const ctx = bridgeContext(channel, bridge, now, {
      ...(this.#deps.fetch && { fetch: this.#deps.fetch }),
      ...(this.#deps.timeoutMs !== undefined && { timeoutMs: this.#deps.timeoutMs }),
    })
    let result: SendResult
    try {
      result = await bridge.send(ctx, outgoing)
    } catch (err) {
      result = { ok: false, kind: 'ambiguous', error: err instanceof Error ? err.message : String(err) }
    }
    if (result.ok) {
      store.update(row, { state: 'sent', providerMessageId: result.providerMessageId, error: null }, now())
      await this.#deliver(row, 'sent')
      return
    }
    logger.warn(
      { messageId: row.messageId, kind: result.kind, error: result.error },
      'send did not go through',
    )
    switch (result.kind) {
      case 'retry': {
        const wait = Math.max(result.retryAfterMs ?? 0, backoffMs(row.attempts))
        if (result.retryAfterMs !== undefined) {
          // The provider asked the whole bot or community to wait, not only this chat.
          this.#channelReadyAt.set(row.channelId, now() + result.retryAfterMs)
        }
        store.update(row, { state: 'queued', nextAt: now() + wait, error: result.error }, now())
        return
      }
      case 'ambiguous':
        store.update(row, { state: 'unknown', error: result.error }, now())
        await this.#deliver(row, 'unknown', result.error)
        return
      case 'rejected':
        store.update(row, { state: 'failed', error: result.error }, now())
        await this.#deliver(row, 'failed', result.error)
        return
    }
  }

  async #outgoing(
    row: OutboxRow,
    message: Message,
    externalChatId: string,
    doc: Y.Doc,
  ): Promise<OutgoingMessage> {
    let customerLastAt: number | null = null
    for (const m of chatParts(doc).messages) {
      if (
        m.direction === 'in' &&
        m.kind !== 'technical' &&
        (customerLastAt === null || m.at > customerLastAt)
      ) {
        customerLastAt = m.at
      }
    }
    const replyTo = message.replyTo
    const replyToProviderId =
      replyTo === undefined
        ? null
        : (this.#deps.store.byMessage(row.chatId, replyTo)?.providerMessageId ??
          this.#deps.providerIdOf(row.chatId, replyTo))
    const media = message.media ? await this.#deps.mediaBytes(message.media.url) : null
    const kind = message.kind === 'technical' ? 'text' : message.kind
    const out: OutgoingMessage = {
      id: message.id,
      externalChatId,
      kind: media ? kind : 'text',
      // A file we do not hold goes out as its link.
      text:
        media || !message.media ? message.text : [message.text, message.media.url].filter(Boolean).join('\n'),
      customerLastAt,
      ...(replyToProviderId !== null && { replyToProviderId }),
      ...(media && { media }),
      ...(message.template && { template: message.template }),
      // [RAT6] Score buttons only under the server's own request, never under an operator's message.
      ...(message.ask === 'rating' && message.author.kind === 'bot' && { ask: message.ask }),
    }
    return out
  }

  /** Writes a delivery state onto the message in the chat doc. */
  async #deliver(row: OutboxRow, state: DeliveryState, error?: string): Promise<void> {
    const ctx = channelContext(row.channelId, this.#deps.now())
    await this.#deps.hub.transact(
      chatDocName(row.chatId),
      (doc) =>
        setDelivery(doc, { messageId: row.messageId, state, ...(error !== undefined && { error }) }, ctx),
      ctx.origin,
    )
  }
}
