/**
 * `/hooks/:channelId`: the providers' webhooks. The channel's bridge verifies and parses the call; the events are
 * stored durably (messages through the ingestion door, statuses, edits and reactions onto the chat doc) before the
 * provider gets its answer, so a webhook answered is a webhook kept, and one that fails is retried by the provider
 * and deduplicated by the message id.
 */
import { Hono } from 'hono'
import {
  type InboundEnvelope,
  type InboundEvent,
  type MediaRef,
  PROVIDER_MEDIA_SCHEME,
  type WebhookRequest,
  type WebhookResponse,
} from '../channels'
import {
  channelContext,
  chatDocName,
  DomainError,
  ErrorCode,
  findMessage,
  recordCustomerReaction,
  recordInboundEdit,
  setDelivery,
} from '../model'
import { type AnyBridge, bridgeContext } from './bridges'
import type { ChannelRecord } from './channel-registry'
import { mediaPath } from './media'
import type { Services } from './services'

/** Larger bodies are not a provider's webhook. */
const MAX_BODY_BYTES = 2 * 1024 * 1024

export const hookRoutes = (services: Services): Hono => {
  const hooks = new Hono()
  const respond = (r: WebhookResponse): Response =>
    new Response(r.body, {
      status: r.status,
      headers: { 'content-type': r.contentType ?? 'application/json; charset=utf-8' },
    })

  hooks.on(['GET', 'POST'], '/:channelId', async (c) => {
    const channel = services.channels.byId(c.req.param('channelId'))
    const bridge = channel ? services.bridgeOf(channel.kind) : null
    if (!channel || !bridge) throw new DomainError(ErrorCode.notFound, 'no such channel')
    if (!channel.enabled) throw new DomainError(ErrorCode.forbidden, 'the channel is disabled')
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > MAX_BODY_BYTES) return c.json({ code: 'too_large', message: 'the body is too large' }, 413)
    const rawBody = new Uint8Array(await c.req.arrayBuffer())
    if (rawBody.length > MAX_BODY_BYTES)
      return c.json({ code: 'too_large', message: 'the body is too large' }, 413)
    const request: WebhookRequest = {
      method: c.req.method === 'GET' ? 'GET' : 'POST',
      header: (name) => c.req.header(name),
      query: c.req.query(),
      rawBody,
    }
    const result = bridge.handleWebhook(bridgeContext(channel, bridge, services.now), request)
    if (!result.ok) {
      services.logger.warn({ channelId: channel.id, reason: result.reason }, 'webhook refused')
      return respond(result.response)
    }
    for (const event of result.events) await applyEvent(services, channel, bridge, event)
    return respond(result.response)
  })
  return hooks
}

/** Our id of a message the provider names: a customer's (by the bridge's derivation) or one of ours (the outbox). */
const resolveMessage = (
  services: Services,
  channel: ChannelRecord,
  bridge: AnyBridge,
  chatId: string,
  externalChatId: string,
  providerMessageId: string,
): string | null => {
  const theirs = bridge.messageIdOf(externalChatId, providerMessageId)
  if (findMessage(services.hub.open(chatDocName(chatId)).doc, theirs)) return theirs
  const ours = services.outbox.byProviderId(channel.id, providerMessageId)
  return ours?.chatId === chatId ? ours.messageId : null
}

export const applyEvent = async (
  services: Services,
  channel: ChannelRecord,
  bridge: AnyBridge,
  event: InboundEvent,
): Promise<void> => {
  switch (event.type) {
    case 'message':
      await ingestEnvelope(services, channel, bridge, event.envelope)
      return
    case 'rating': {
      // [RAT7] A score button under one of our rating requests.
      const { externalChatId, requestMessageId, score, messageId, at } = event
      const answer = { requestMessageId, score, lineId: messageId, at }
      await services.satisfaction.answer(channel.id, externalChatId, answer, 'button')
      return
    }
    case 'status': {
      const row = services.outbox.byProviderId(channel.id, event.providerMessageId)
      if (!row) return // one of ours from before Switchboard, or not ours at all
      const rows = event.upTo
        ? services.outbox.ofChat(row.chatId).filter((r) => r.seq <= row.seq && r.providerMessageId !== null)
        : [row]
      const ctx = channelContext(channel.id, services.now())
      await services.hub.transact(
        chatDocName(row.chatId),
        (doc) => {
          for (const r of rows) {
            setDelivery(
              doc,
              {
                messageId: r.messageId,
                state: event.state,
                ...(event.error !== undefined && { error: event.error }),
              },
              ctx,
            )
          }
        },
        ctx.origin,
      )
      return
    }
    case 'edit':
    case 'reaction': {
      const chat = services.chats.chatByExternal(channel.id, event.externalChatId)
      if (!chat) return
      const ctx = channelContext(channel.id, event.at)
      if (event.type === 'edit') {
        await services.hub.transact(
          chatDocName(chat.id),
          (doc) => recordInboundEdit(doc, { messageId: event.messageId, text: event.text }, ctx),
          ctx.origin,
        )
        return
      }
      const messageId = resolveMessage(
        services,
        channel,
        bridge,
        chat.id,
        event.externalChatId,
        event.providerMessageId,
      )
      if (!messageId) return
      await services.hub.transact(
        chatDocName(chat.id),
        (doc) => recordCustomerReaction(doc, { messageId, emoji: event.emoji }, ctx),
        ctx.origin,
      )
      return
    }
  }
}

/** A new contact's profile, completed by the provider where the webhook tells only an id; never blocks ingestion. */
const withProfile = async (
  services: Services,
  channel: ChannelRecord,
  bridge: AnyBridge,
  envelope: InboundEnvelope,
): Promise<InboundEnvelope['contact']> => {
  if (!bridge.fetchProfile) return envelope.contact
  try {
    const profile = await bridge.fetchProfile(
      bridgeContext(channel, bridge, services.now, { timeoutMs: 5_000 }),
      envelope.externalChatId,
    )
    return profile ? { ...envelope.contact, ...profile } : envelope.contact
  } catch (err) {
    services.logger.warn(
      { err, channelId: channel.id },
      'profile lookup failed; the contact keeps the webhook’s data',
    )
    return envelope.contact
  }
}

const ingestEnvelope = async (
  services: Services,
  channel: ChannelRecord,
  bridge: AnyBridge,
  envelope: InboundEnvelope,
): Promise<void> => {
  const existing = services.chats.chatByExternal(channel.id, envelope.externalChatId)
  let message = envelope.message
  // A provider's file: registered for download, and linked to where it will be served.
  let mediaId: string | null = null
  const url = message.media?.url
  if (message.media && url?.startsWith(PROVIDER_MEDIA_SCHEME)) {
    const ref = JSON.parse(url.slice(PROVIDER_MEDIA_SCHEME.length)) as MediaRef
    mediaId = services.media.register(channel.id, existing?.id ?? null, ref)
    message = { ...message, media: { ...message.media, url: mediaPath(mediaId) } }
  }
  if (envelope.replyToProviderId !== undefined && existing) {
    const replyTo = resolveMessage(
      services,
      channel,
      bridge,
      existing.id,
      envelope.externalChatId,
      envelope.replyToProviderId,
    )
    if (replyTo) message = { ...message, replyTo }
  }
  const result = await services.ingest({
    channelId: channel.id,
    externalChatId: envelope.externalChatId,
    contact: existing ? envelope.contact : await withProfile(services, channel, bridge, envelope),
    message,
    ...(envelope.providerMessageId !== undefined && { providerMessageId: envelope.providerMessageId }),
  })
  if (mediaId !== null && !existing) services.media.attach(mediaId, result.chatId)
  if (mediaId !== null) services.mediaFetcher.kick()
}
