/**
 * Commands: the only writers of chat documents. Each validates its input, checks the rules, and writes everything
 * in one transaction with the caller's origin. The app (a click), the server (REST, timers) and the bridges (an
 * inbound message) all call these. Rule IDs refer to model/SPEC.md.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { customerMessageCount, foldHistory } from './chat-state'
import { DomainError, ErrorCode } from './errors'
import { newId } from './ids'
import type { Actor, CommandContext } from './origins'
import {
  ChatMetaSchema,
  CloseReasonSchema,
  chatParts,
  type DeliveryState,
  DeliveryStateSchema,
  type HistoryActor,
  type HistoryEvent,
  MAX_TEXT,
  MediaSchema,
  type Message,
  type MessageAuthor,
  MessageKindSchema,
  MessageSchema,
  readChatMeta,
} from './schema'
import { TemplateRefSchema } from './templates'

/** Parses a command's input; the first problem becomes an `invalid_input` error naming the field. */
export const parseInput = <T>(schema: z.ZodType<T>, input: unknown): T => {
  const result = schema.safeParse(input)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new DomainError(ErrorCode.invalidInput, `${where}${issue?.message ?? 'invalid input'}`)
  }
  return result.data
}

const requireOperator = (actor: Actor): string => {
  if (actor.kind !== 'operator') throw new DomainError(ErrorCode.notOperator, 'only an operator can do this')
  return actor.id
}

const requireChat = (doc: Y.Doc): void => {
  if (readChatMeta(doc) === null) throw new DomainError(ErrorCode.chatMissing, 'the chat does not exist')
}

const historyActor = (actor: Actor): HistoryActor => {
  switch (actor.kind) {
    case 'operator':
      return { kind: 'operator', id: actor.id }
    case 'channel':
      return { kind: 'channel', channelId: actor.channelId }
    case 'bot':
      return { kind: 'bot', name: actor.name }
    case 'server':
      return { kind: 'server' }
  }
}

const appendEvent = (doc: Y.Doc, event: HistoryEvent): void => {
  chatParts(doc).history.push([event])
}

const currentAssignee = (doc: Y.Doc): string | null =>
  foldHistory(chatParts(doc).history.toArray()).assigneeId

/** The message with this id, if the chat has one [MSG1]. */
export const findMessage = (doc: Y.Doc, id: string): Message | null => {
  const messages = chatParts(doc).messages.toArray()
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message
    if (m.id === id) return m
  }
  return null
}

/**
 * [MSG1] Message ids are unique in a chat. Writing the same message again (a retried request, a webhook delivered
 * twice) returns the stored one and writes nothing; another message under a taken id is a conflict.
 */
const existingMessage = (
  doc: Y.Doc,
  id: string | undefined,
  same: (m: Message) => boolean,
): Message | null => {
  if (id === undefined) return null
  const found = findMessage(doc, id)
  if (found && !same(found)) throw new DomainError(ErrorCode.conflict, `message id ${id} is taken`)
  return found
}

const sameAuthor = (a: Message['author'], b: Message['author']): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

// ---------------------------------------------------------------------------------------------------------------

export const CreateChatInput = ChatMetaSchema.pick({ chatId: true, channelId: true, contactId: true })
export type CreateChatInput = z.infer<typeof CreateChatInput>

/** Creates the chat's meta. Idempotent for the same input; the server and bridges alone call it. */
export const createChat = (doc: Y.Doc, input: CreateChatInput, ctx: CommandContext): void => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'chats are created by channels')
  const data = parseInput(CreateChatInput, input)
  const existing = readChatMeta(doc)
  if (existing) {
    if (
      existing.chatId !== data.chatId ||
      existing.channelId !== data.channelId ||
      existing.contactId !== data.contactId
    ) {
      throw new DomainError(ErrorCode.conflict, 'the doc already holds another chat')
    }
    return
  }
  doc.transact(() => {
    const { meta } = chatParts(doc)
    meta.set('chatId', data.chatId)
    meta.set('channelId', data.channelId)
    meta.set('contactId', data.contactId)
    meta.set('createdAt', ctx.now)
  }, ctx.origin)
}

export const InboundMessageInput = z.object({
  id: z.string().min(1).max(64).optional(),
  kind: MessageKindSchema.default('text'),
  text: z.string().max(MAX_TEXT).default(''),
  replyTo: z.string().min(1).max(64).optional(),
  media: MediaSchema.optional(),
  /** The provider's time of the message; the server's clock when absent. */
  at: z.number().int().nonnegative().optional(),
})
export type InboundMessageInput = z.input<typeof InboundMessageInput>

/**
 * A customer's message arrives. [REO1] A non-technical one reopens a closed chat into Unassigned; [TEC1] a
 * technical one (button, callback, deep link) is kept in history but changes nothing else.
 */
export const ingestInboundMessage = (
  doc: Y.Doc,
  input: InboundMessageInput,
  ctx: CommandContext,
): { message: Message; reopened: boolean } => {
  if (ctx.actor.kind === 'operator') {
    throw new DomainError(ErrorCode.forbidden, 'inbound messages come from channels only')
  }
  const data = parseInput(InboundMessageInput, input)
  requireChat(doc)
  const stored = existingMessage(doc, data.id, (m) => m.direction === 'in')
  if (stored) return { message: stored, reopened: false }
  const message: Message = parseInput(MessageSchema, {
    id: data.id ?? newId(),
    at: data.at ?? ctx.now,
    direction: 'in',
    kind: data.kind,
    author: { kind: 'customer' },
    text: data.text,
    ...(data.replyTo !== undefined && { replyTo: data.replyTo }),
    ...(data.media !== undefined && { media: data.media }),
  })
  let reopened = false
  doc.transact(() => {
    chatParts(doc).messages.push([message])
    if (message.kind !== 'technical' && foldHistory(chatParts(doc).history.toArray()).status === 'closed') {
      appendEvent(doc, { id: newId(), at: ctx.now, actor: historyActor(ctx.actor), type: 'reopen' })
      reopened = true
    }
  }, ctx.origin)
  return { message, reopened }
}

export const OperatorMessageInput = z.object({
  id: z.string().min(1).max(64).optional(),
  kind: MessageKindSchema.exclude(['technical']).default('text'),
  text: z.string().max(MAX_TEXT).default(''),
  replyTo: z.string().min(1).max(64).optional(),
  media: MediaSchema.optional(),
  /** [WTP1] Send as this WhatsApp template (sendTemplateMessage); `text` is then the filled template. */
  template: TemplateRefSchema.optional(),
})
export type OperatorMessageInput = z.input<typeof OperatorMessageInput>

const requireContent = (text: string, media: unknown): void => {
  if (text.trim() === '' && media === undefined) {
    throw new DomainError(ErrorCode.invalidInput, 'text: a message needs text or media')
  }
}

/** An outgoing message built from the input, or the stored one with the same id and author [MSG1]. */
const outgoing = (
  doc: Y.Doc,
  data: z.output<typeof OperatorMessageInput>,
  author: MessageAuthor,
  ctx: CommandContext,
): { message: Message; stored: boolean } => {
  requireContent(data.text, data.media)
  requireChat(doc)
  const stored = existingMessage(doc, data.id, (m) => m.direction === 'out' && sameAuthor(m.author, author))
  if (stored) return { message: stored, stored: true }
  const message: Message = parseInput(MessageSchema, {
    id: data.id ?? newId(),
    at: ctx.now,
    direction: 'out',
    kind: data.kind,
    author,
    text: data.text,
    ...(data.replyTo !== undefined && { replyTo: data.replyTo }),
    ...(data.media !== undefined && { media: data.media }),
    ...(data.template !== undefined && { template: data.template }),
  })
  return { message, stored: false }
}

/** [ASG2] An operator's reply. In a chat with no assignee it claims the chat for the sender. */
export const sendOperatorMessage = (
  doc: Y.Doc,
  input: OperatorMessageInput,
  ctx: CommandContext,
): Message => {
  const operatorId = requireOperator(ctx.actor)
  const data = parseInput(OperatorMessageInput, input)
  const { message, stored } = outgoing(doc, data, { kind: 'operator', id: operatorId }, ctx)
  if (stored) return message
  doc.transact(() => {
    chatParts(doc).messages.push([message])
    if (currentAssignee(doc) === null) {
      appendEvent(doc, {
        id: newId(),
        at: ctx.now,
        actor: { kind: 'operator', id: operatorId },
        type: 'assign',
        to: operatorId,
        expectFrom: null,
        auto: true,
      })
    }
  }, ctx.origin)
  return message
}

export const BotMessageInput = OperatorMessageInput.extend({ botName: z.string().min(1).max(128) })
export type BotMessageInput = z.input<typeof BotMessageInput>

/** [TEN2] A bot's or integration's reply: a reaction under the 10-second rule, but it claims nothing. */
export const sendBotMessage = (doc: Y.Doc, input: BotMessageInput, ctx: CommandContext): Message => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'operators reply as themselves')
  const data = parseInput(BotMessageInput, input)
  const { message, stored } = outgoing(doc, data, { kind: 'bot', name: data.botName }, ctx)
  if (!stored) doc.transact(() => chatParts(doc).messages.push([message]), ctx.origin)
  return message
}

export const CommentInput = z.object({
  id: z.string().min(1).max(64).optional(),
  text: z.string().trim().min(1).max(MAX_TEXT),
  mentions: z.array(z.string().min(1).max(64)).max(50).default([]),
})
export type CommentInput = z.input<typeof CommentInput>

/** [CMT1] An internal comment: never sent to the customer, not a reaction, claims nothing. */
export const addInternalComment = (doc: Y.Doc, input: CommentInput, ctx: CommandContext): Message => {
  const operatorId = requireOperator(ctx.actor)
  const data = parseInput(CommentInput, input)
  requireChat(doc)
  const stored = existingMessage(
    doc,
    data.id,
    (m) => m.direction === 'internal' && sameAuthor(m.author, { kind: 'operator', id: operatorId }),
  )
  if (stored) return stored
  const message: Message = parseInput(MessageSchema, {
    id: data.id ?? newId(),
    at: ctx.now,
    direction: 'internal',
    kind: 'text',
    author: { kind: 'operator', id: operatorId },
    text: data.text,
    mentions: [...new Set(data.mentions)],
  })
  doc.transact(() => chatParts(doc).messages.push([message]), ctx.origin)
  return message
}

// ---------------------------------------------------------------------------------------------------------------
// Assignment and status

const assign = (doc: Y.Doc, to: string, comment: string | undefined, ctx: CommandContext): HistoryEvent => {
  const operatorId = requireOperator(ctx.actor)
  requireChat(doc)
  const event: HistoryEvent = {
    id: newId(),
    at: ctx.now,
    actor: { kind: 'operator', id: operatorId },
    type: 'assign',
    to,
    expectFrom: currentAssignee(doc),
    ...(comment !== undefined && { comment }),
  }
  doc.transact(() => appendEvent(doc, event), ctx.origin)
  return event
}

/** [ASG1] The operator takes the chat: in work, assigned to them. Taking over from another operator is allowed. */
export const takeChat = (doc: Y.Doc, ctx: CommandContext): HistoryEvent =>
  assign(doc, requireOperator(ctx.actor), undefined, ctx)

export const TransferInput = z.object({
  to: z.string().min(1).max(64),
  comment: z.string().max(2000).optional(),
})
export type TransferInput = z.input<typeof TransferInput>

/** [ASG3] Hands the chat to another operator (or assigns an unassigned one), with an optional comment. */
export const transferChat = (doc: Y.Doc, input: TransferInput, ctx: CommandContext): HistoryEvent => {
  const data = parseInput(TransferInput, input)
  return assign(doc, data.to, data.comment, ctx)
}

export const ReturnInput = z.object({ comment: z.string().max(2000).optional() })
export type ReturnInput = z.input<typeof ReturnInput>

/** [ASG5] Back to Unassigned: open, no assignee. */
export const returnToUnassigned = (doc: Y.Doc, input: ReturnInput, ctx: CommandContext): HistoryEvent => {
  const operatorId = requireOperator(ctx.actor)
  const data = parseInput(ReturnInput, input)
  requireChat(doc)
  const event: HistoryEvent = {
    id: newId(),
    at: ctx.now,
    actor: { kind: 'operator', id: operatorId },
    type: 'return',
    ...(data.comment !== undefined && { comment: data.comment }),
  }
  doc.transact(() => appendEvent(doc, event), ctx.origin)
  return event
}

export const CloseInput = z.object({
  /** Optional: a close without a reason is counted as none, not as solved. */
  reason: CloseReasonSchema.optional(),
  comment: z.string().max(2000).optional(),
  /** [RAT1] Ask the customer to rate the conversation. */
  askRating: z.boolean().optional(),
})
export type CloseInput = z.input<typeof CloseInput>

/** [CLS1] Closes the chat with a reason; who closed it is recorded. */
export const closeChat = (doc: Y.Doc, input: CloseInput, ctx: CommandContext): HistoryEvent => {
  if (ctx.actor.kind === 'channel')
    throw new DomainError(ErrorCode.forbidden, 'a channel cannot close a chat')
  const data = parseInput(CloseInput, input)
  requireChat(doc)
  const event: HistoryEvent = {
    id: newId(),
    at: ctx.now,
    actor: historyActor(ctx.actor),
    type: 'close',
    ...(data.reason !== undefined && { reason: data.reason }),
    ...(data.comment !== undefined && { comment: data.comment }),
    ...(data.askRating === true && { askRating: true }),
  }
  doc.transact(() => appendEvent(doc, event), ctx.origin)
  return event
}

// ---------------------------------------------------------------------------------------------------------------
// Read marks and delivery

/** [UNR1] The operator has read the chat up to its last message. */
export const markRead = (doc: Y.Doc, ctx: CommandContext): void => {
  const operatorId = requireOperator(ctx.actor)
  requireChat(doc)
  doc.transact(() => {
    const seen = customerMessageCount(chatParts(doc).messages.toArray())
    chatParts(doc).reads.set(operatorId, { seen, unread: false, at: ctx.now })
  }, ctx.origin)
}

/** [UNR2] The chat shows as unread for this operator until they read it again. */
export const markUnread = (doc: Y.Doc, ctx: CommandContext): void => {
  const operatorId = requireOperator(ctx.actor)
  requireChat(doc)
  const { reads } = chatParts(doc)
  const mark = reads.get(operatorId)
  doc.transact(() => {
    reads.set(operatorId, { seen: mark?.seen ?? 0, unread: true, at: ctx.now })
  }, ctx.origin)
}

export const InboundEditInput = z.object({
  messageId: z.string().min(1).max(64),
  text: z.string().max(MAX_TEXT),
})
export type InboundEditInput = z.input<typeof InboundEditInput>

/**
 * [EDT1] The customer edited one of their messages (channels only). The message keeps its original; the edit is
 * recorded beside it, the latest one winning. `false` when there is no such customer message (an edit of a message
 * from before the channel was connected).
 */
export const recordInboundEdit = (doc: Y.Doc, input: InboundEditInput, ctx: CommandContext): boolean => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'edits come from channels only')
  const data = parseInput(InboundEditInput, input)
  const message = findMessage(doc, data.messageId)
  if (!message || message.direction !== 'in') return false
  const { edits } = chatParts(doc)
  const current = edits.get(data.messageId)
  if (current && current.at > ctx.now) return false
  doc.transact(() => edits.set(data.messageId, { text: data.text, at: ctx.now }), ctx.origin)
  return true
}

export const OutgoingChangeInput = z.object({
  messageId: z.string().min(1).max(64),
  /** The operator who asked; only the author of a message may change it. */
  by: z.string().min(1).max(64),
})

/**
 * [EDT2] The messenger accepted an operator's edit of their own outgoing message (server only: the edit goes
 * through the provider first). `not_found` for any other message, `forbidden` for someone else's.
 */
export const recordOutgoingEdit = (
  doc: Y.Doc,
  input: z.input<typeof OutgoingChangeInput> & { text: string },
  ctx: CommandContext,
): void => {
  if (ctx.actor.kind === 'operator') throw new DomainError(ErrorCode.forbidden, 'edits go through the server')
  const data = parseInput(OutgoingChangeInput.extend({ text: z.string().trim().min(1).max(MAX_TEXT) }), input)
  requireOwnOutgoing(doc, data.messageId, data.by)
  doc.transact(
    () => chatParts(doc).edits.set(data.messageId, { text: data.text, at: ctx.now, by: data.by }),
    ctx.origin,
  )
}

/** [EDT3] The messenger deleted an operator's own outgoing message for the customer (server only). */
export const recordRemoval = (
  doc: Y.Doc,
  input: z.input<typeof OutgoingChangeInput>,
  ctx: CommandContext,
): void => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'deletions go through the server')
  const data = parseInput(OutgoingChangeInput, input)
  requireOwnOutgoing(doc, data.messageId, data.by)
  doc.transact(() => chatParts(doc).removed.set(data.messageId, { at: ctx.now, by: data.by }), ctx.origin)
}

/** The message, when it is an outgoing one written by `operatorId`. */
export const requireOwnOutgoing = (doc: Y.Doc, messageId: string, operatorId: string): Message => {
  const message = findMessage(doc, messageId)
  if (!message || message.direction !== 'out') throw new DomainError(ErrorCode.notFound, 'no such answer')
  if (message.author.kind !== 'operator' || message.author.id !== operatorId) {
    throw new DomainError(ErrorCode.forbidden, 'only its author may change a message')
  }
  if (chatParts(doc).removed.has(messageId))
    throw new DomainError(ErrorCode.conflict, 'the message was deleted')
  return message
}

export const ReactionInput = z.object({
  messageId: z.string().min(1).max(64),
  /** `null`: the customer took their reaction back. */
  emoji: z.string().min(1).max(32).nullable(),
})
export type ReactionInput = z.input<typeof ReactionInput>

/** [RCT1] The customer reacted to a message (theirs or ours), or took the reaction back (channels only). */
export const recordCustomerReaction = (doc: Y.Doc, input: ReactionInput, ctx: CommandContext): boolean => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'customer reactions come from channels')
  const data = parseInput(ReactionInput, input)
  if (!findMessage(doc, data.messageId)) return false
  const { reactions } = chatParts(doc)
  doc.transact(() => {
    if (data.emoji === null) reactions.delete(data.messageId)
    else reactions.set(data.messageId, { emoji: data.emoji, at: ctx.now })
  }, ctx.origin)
  return true
}

export const DeliveryInput = z.object({
  messageId: z.string().min(1).max(64),
  state: DeliveryStateSchema,
  error: z.string().max(1000).optional(),
})
export type DeliveryInput = z.input<typeof DeliveryInput>

/**
 * Which delivery state may follow which. Providers report out of order, so a late "delivered" never undoes "read";
 * a send can fail after it was accepted (WhatsApp reports that); failed and unknown may go back to pending when
 * the operator retries.
 */
const NEXT: Record<DeliveryState, readonly DeliveryState[]> = {
  pending: ['sent', 'delivered', 'read', 'failed', 'unknown'],
  sent: ['delivered', 'read', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['pending', 'sent', 'delivered', 'read'],
  unknown: ['pending', 'sent', 'delivered', 'read', 'failed'],
}

/** [DLV1] Records a delivery state of an outgoing message (server and bridges only), as NEXT allows. */
export const setDelivery = (doc: Y.Doc, input: DeliveryInput, ctx: CommandContext): boolean => {
  if (ctx.actor.kind === 'operator') throw new DomainError(ErrorCode.forbidden, 'delivery is the server’s')
  const data = parseInput(DeliveryInput, input)
  const message = findMessage(doc, data.messageId)
  if (!message || message.direction !== 'out') {
    throw new DomainError(ErrorCode.notFound, 'no outgoing message with that id')
  }
  const { delivery } = chatParts(doc)
  const current = delivery.get(data.messageId)?.state
  if (current !== undefined && !NEXT[current].includes(data.state)) return false
  if (current === undefined && data.state === 'pending') return false
  doc.transact(() => {
    delivery.set(data.messageId, {
      state: data.state,
      at: ctx.now,
      ...(data.error !== undefined && { error: data.error }),
    })
  }, ctx.origin)
  return true
}
