/**
 * The server-side door for inbound messages: finds or creates the contact and chat of a provider's conversation
 * and writes the message through the model command, durably. Bridges call this after verifying and parsing.
 */

import type * as Y from 'yjs'
import type { InboundEnvelope } from '../channels'
import {
  type ChannelKind,
  ContactProfileSchema,
  channelContext,
  chatDocName,
  contactDisplayName,
  contactDocName,
  contactParts,
  createChat,
  DomainError,
  ErrorCode,
  InboundMessageInput,
  ingestCustomerMessage,
  type Message,
  newId,
  type RatingThanks,
  vouchesForKeys,
} from '../model'
import type { AuditLog } from './admin/audit'
import type { ChannelRegistry } from './channel-registry'
import type { ChatRegistry } from './chats'
import type { AutoLink, ContactKeys } from './contact-links'
import type { DocHub } from './docs/hub'
import type { KeyedLock } from './keyed-lock'
import type { InboundIds } from './outbox/inbound-ids'

/** A bridge's envelope, with the channel it came through. */
export interface InboundInput extends InboundEnvelope {
  readonly channelId: string
}

export interface InboundResult {
  readonly chatId: string
  readonly contactId: string
  readonly message: Message
  readonly created: boolean
  readonly reopened: boolean
}

export interface IngestDeps {
  readonly hub: DocHub
  readonly chats: ChatRegistry
  readonly channels: ChannelRegistry
  readonly now: () => number
  /** Serializes ingestion per conversation, so a webhook delivered twice at once cannot create two chats. */
  readonly locks: KeyedLock
  readonly inboundIds?: InboundIds
  /** [LNK1] Finds the known contact a new conversation belongs to; without it, each gets a new contact. */
  readonly contactKeys?: ContactKeys
  /** Where an automatic link is recorded (it decides who sees the new chat: the contact's tags). */
  readonly audit?: AuditLog
  /** [RAT3] What a typed score is answered with; without it, a score is recorded with no thanks. */
  readonly ratings?: { thanksFor(kind: ChannelKind, doc: Y.Doc, now: number): RatingThanks | null }
}

export const ingestInbound = (deps: IngestDeps, input: InboundInput): Promise<InboundResult> =>
  deps.locks.run(`${input.channelId}\u0000${input.externalChatId}`, () => ingestNow(deps, input))

/** Validates everything before the first write: Yjs transactions do not roll back. */
const checked = <T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  what: string,
): T => {
  const result = schema.safeParse(value)
  if (!result.success) throw new DomainError(ErrorCode.invalidInput, `${what} is invalid`)
  return result.data
}

const ingestNow = async (deps: IngestDeps, input: InboundInput): Promise<InboundResult> => {
  const channel = deps.channels.byId(input.channelId)
  if (!channel) throw new DomainError(ErrorCode.notFound, 'no such channel')
  const profile = checked(ContactProfileSchema, input.contact, 'the contact')
  const inbound = checked(InboundMessageInput, input.message, 'the message')
  const now = deps.now()
  const ctx = channelContext(channel.id, now)
  const existing = deps.chats.chatByExternal(channel.id, input.externalChatId)
  const chatId = existing?.id ?? newId()
  // [LNK1] A new conversation of a customer we know (by phone or email) is another chat of the same contact, when
  // a messenger vouches for the keys on both sides (contact-links.ts says why).
  const vouched = (channelId: string): boolean => vouchesForKeys(deps.channels.byId(channelId)?.kind)
  const linked: AutoLink | null =
    existing || !vouched(channel.id)
      ? null
      : (deps.contactKeys?.linkFor(profile, (known) =>
          deps.chats.chatsOfContact(known).some((chat) => vouched(chat.channelId)),
        ) ?? null)
  const contactId = existing?.contactId ?? linked?.contactId ?? newId()

  let stored: Message | null = null
  const providerId = input.providerMessageId
  const chatWrite = deps.hub.transact(
    chatDocName(chatId),
    (doc) => {
      if (!existing) createChat(doc, { chatId, channelId: channel.id, contactId }, ctx)
      // [RAT3] [RAT4] A bare score answering the open request, or the comment on a score, in the same write.
      const thanks = () => deps.ratings?.thanksFor(channel.kind, doc, now) ?? null
      const result = ingestCustomerMessage(doc, inbound, thanks, ctx)
      stored = result.message
      return result
    },
    ctx.origin,
    // The provider's id, to reply to this message later: in the same commit as the message.
    providerId === undefined
      ? undefined
      : () => stored && deps.inboundIds?.save(chatId, stored.id, providerId),
  )
  const writes: Promise<unknown>[] = []
  if (!existing && linked) {
    // The known contact stays as it is (see contact-links.ts); the link is recorded with the chat.
    writes.push(
      deps.hub.defer(() =>
        deps.audit?.record(null, 'contact.auto_link', contactId, {
          chatId,
          channelId: channel.id,
          by: linked.by,
        }),
      ),
    )
  } else if (!existing) {
    writes.push(
      deps.hub.transact(
        contactDocName(contactId),
        (doc) => {
          const p = contactParts(doc).profile
          for (const [key, value] of Object.entries(profile)) if (value !== undefined) p.set(key, value)
        },
        ctx.origin,
      ),
    )
    // Registered in the same group commit as the docs.
    deps.chats.saveContact({
      id: contactId,
      name: contactDisplayName(profile),
      tags: [],
      phone: profile.phone,
      email: profile.email,
    })
    deps.contactKeys?.remember(contactId, profile)
  }
  if (!existing) {
    deps.chats.addChat({ id: chatId, channelId: channel.id, contactId, externalId: input.externalChatId })
  }
  const [{ message, reopened }] = await Promise.all([chatWrite, ...writes])
  return { chatId, contactId, message, created: !existing, reopened }
}
