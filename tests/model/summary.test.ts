import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addInternalComment,
  type ChatSummary,
  ChatSummarySchema,
  type CommandContext,
  chatParts,
  chatSummaryOf,
  closeChat,
  customerMessageCount,
  ErrorCode,
  ingestInboundMessage,
  markRead,
  markUnread,
  replyState,
  sendBotMessage,
  sendOperatorMessage,
  takeChat,
  unreadCount,
} from '../../model'
import {
  asChannel,
  asOperator,
  asServer,
  CHAT,
  expectDomainError,
  messagesOf,
  newChat,
  replicaOf,
  syncBoth,
  T0,
} from '../helpers/model'

const chatFacts = { id: CHAT.chatId, channelId: CHAT.channelId, contactId: CHAT.contactId }
const summaryOf = (doc: Y.Doc, now = T0 + 100_000, createdAt?: number): ChatSummary =>
  chatSummaryOf(doc, chatFacts, { name: 'Ivan Petrov', tags: ['vip'] }, now, createdAt)

const customer = (doc: Y.Doc, at: number, text = 'hello', kind: 'text' | 'technical' = 'text'): void => {
  ingestInboundMessage(doc, { text, kind }, asChannel(at))
}

describe('chatSummaryOf', () => {
  it('[FLD5] a chat without messages has no preview and sorts by its creation time', () => {
    const summary = summaryOf(newChat(), T0, T0 - 5)
    expect(summary).toMatchObject({
      ...chatFacts,
      contactName: 'Ivan Petrov',
      contactTags: ['vip'],
      status: 'open',
      assigneeId: null,
      closedBy: null,
      lastMessage: null,
      lastAt: T0 - 5,
      waiting: false,
      unassignedAt: null,
      unassigned: false,
      inbound: 0,
      unread: {},
      markedUnread: [],
    })
    expect(ChatSummarySchema.parse(summary)).toEqual(summary)
  })

  it('[FLD5] lastMessage and lastAt follow the last message in or out, internal comments excluded', () => {
    const doc = newChat()
    customer(doc, T0 + 1, 'x'.repeat(300))
    expect(summaryOf(doc).lastMessage).toEqual({
      text: 'x'.repeat(200),
      at: T0 + 1,
      direction: 'in',
      kind: 'text',
    })
    sendOperatorMessage(doc, { text: 'answer' }, asOperator('op1', T0 + 2))
    addInternalComment(doc, { text: 'internal' }, asOperator('op1', T0 + 3))
    expect(summaryOf(doc)).toMatchObject({
      lastMessage: { text: 'answer', at: T0 + 2, direction: 'out', kind: 'text' },
      lastAt: T0 + 2,
    })
    customer(doc, T0 + 4, '/start', 'technical')
    expect(summaryOf(doc).lastMessage).toMatchObject({ kind: 'technical', at: T0 + 4 })
  })

  it('[FLD5] a message with an earlier provider time does not become the last one', () => {
    const doc = newChat()
    customer(doc, T0 + 10, 'late but new')
    customer(doc, T0 + 5, 'delivered late')
    expect(summaryOf(doc).lastMessage?.text).toBe('late but new')
    expect(summaryOf(doc).lastAt).toBe(T0 + 10)
  })

  it('[FLD4] waiting: the last non-technical message in or out is the customer’s', () => {
    const doc = newChat()
    customer(doc, T0 + 1)
    expect(summaryOf(doc).waiting).toBe(true)
    addInternalComment(doc, { text: 'hm' }, asOperator('op1', T0 + 2))
    expect(summaryOf(doc).waiting).toBe(true)
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 3))
    expect(summaryOf(doc).waiting).toBe(false)
    customer(doc, T0 + 4, 'button', 'technical')
    expect(summaryOf(doc).waiting).toBe(false)
    customer(doc, T0 + 5)
    expect(summaryOf(doc).waiting).toBe(true)
    sendBotMessage(doc, { text: 'auto', botName: 'b' }, asServer(T0 + 6))
    expect(summaryOf(doc).waiting).toBe(false)
  })

  it('[FLD4] for equal times the later message in the array decides waiting', () => {
    const doc = newChat()
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 1))
    customer(doc, T0 + 1)
    expect(replyState(messagesOf(doc), null).waiting).toBe(true)
  })

  it('[TEC1] a technical message alone is neither waiting, inbound nor unread', () => {
    const doc = newChat()
    customer(doc, T0 + 1, '/start', 'technical')
    markUnread(doc, asOperator('op2', T0 + 2))
    expect(summaryOf(doc)).toMatchObject({
      waiting: false,
      inbound: 0,
      unread: { op2: 0 },
      unassignedAt: null,
    })
  })

  it('[UNR1] unread counts non-technical inbound messages after each operator’s read mark', () => {
    const doc = newChat()
    customer(doc, T0 + 1)
    customer(doc, T0 + 2)
    markRead(doc, asOperator('op1', T0 + 3))
    customer(doc, T0 + 4)
    customer(doc, T0 + 5, '/start', 'technical')
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op2', T0 + 6))
    customer(doc, T0 + 7)
    expect(summaryOf(doc)).toMatchObject({ inbound: 4, unread: { op1: 2 }, markedUnread: [] })
    markRead(doc, asOperator('op2', T0 + 8))
    expect(summaryOf(doc).unread).toEqual({ op1: 2, op2: 0 })
    markRead(doc, asOperator('op1', T0 + 9))
    expect(summaryOf(doc).unread).toEqual({ op1: 0, op2: 0 })
  })

  it('[UNR1] unreadCount: everything without a mark, what came after the seen count otherwise', () => {
    expect(unreadCount(2, undefined)).toBe(2)
    expect(unreadCount(2, { seen: 0, unread: true, at: T0 })).toBe(2)
    expect(unreadCount(3, { seen: 2, unread: false, at: T0 })).toBe(1)
    expect(unreadCount(2, { seen: 2, unread: false, at: T0 })).toBe(0)
    expect(unreadCount(2, { seen: 5, unread: false, at: T0 })).toBe(0)
  })

  it('[UNR1] customerMessageCount counts non-technical inbound messages only', () => {
    const doc = newChat()
    customer(doc, T0 + 1)
    customer(doc, T0 + 2, '/start', 'technical')
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 3))
    addInternalComment(doc, { text: 'hm' }, asOperator('op1', T0 + 4))
    customer(doc, T0 + 5)
    expect(customerMessageCount(messagesOf(doc))).toBe(2)
    expect(customerMessageCount([])).toBe(0)
  })

  it('[UNR1] a customer message merged before an operator’s offline reply still counts as unread for them', () => {
    const base = newChat()
    const server = replicaOf(base, 1)
    const client = replicaOf(base, 2)
    customer(server, T0 + 1, 'seen')
    syncBoth(server, client)
    customer(server, T0 + 2, 'never seen by op1')
    sendOperatorMessage(client, { text: 'reply' }, asOperator('op1', T0 + 3))
    markRead(client, asOperator('op1', T0 + 4))
    syncBoth(server, client)
    expect(messagesOf(server).map((m) => m.text)).toEqual(['seen', 'never seen by op1', 'reply'])
    expect(summaryOf(server).unread).toEqual({ op1: 1 })
    expect(summaryOf(client).unread).toEqual({ op1: 1 })
    markRead(client, asOperator('op1', T0 + 5))
    expect(summaryOf(client).unread).toEqual({ op1: 0 })
  })

  it('[FLD5] a chat without messages sorts by the meta’s createdAt when the caller passes none', () => {
    expect(summaryOf(newChat(T0 - 7)).lastAt).toBe(T0 - 7)
    expect(summaryOf(newChat(T0 - 7), T0, T0 - 5).lastAt).toBe(T0 - 5)
  })

  it('[UNR2] a manual unread shows for that operator only, until they read the chat again', () => {
    const doc = newChat()
    customer(doc, T0 + 1)
    markRead(doc, asOperator('op1', T0 + 2))
    markRead(doc, asOperator('op2', T0 + 2))
    markUnread(doc, asOperator('op2', T0 + 3))
    markUnread(doc, asOperator('op0', T0 + 3))
    expect(summaryOf(doc)).toMatchObject({ markedUnread: ['op0', 'op2'], unread: { op1: 0, op2: 0, op0: 1 } })
    markRead(doc, asOperator('op2', T0 + 4))
    expect(summaryOf(doc).markedUnread).toEqual(['op0'])
  })

  it('[STA1] [FLD2] [CLS1] the row carries status, assignee (for Mine) and who closed the chat', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    expect(summaryOf(doc)).toMatchObject({ status: 'in_work', assigneeId: 'op1', closedBy: null })
    closeChat(doc, {}, asOperator('op2', T0 + 2))
    expect(summaryOf(doc)).toMatchObject({ status: 'closed', assigneeId: 'op1', closedBy: 'op2' })
  })

  it('[TEN1] the row carries unassignedAt and whether it has passed at `now`', () => {
    const doc = newChat()
    customer(doc, T0)
    expect(summaryOf(doc, T0 + 9_999)).toMatchObject({ unassignedAt: T0 + 10_000, unassigned: false })
    expect(summaryOf(doc, T0 + 10_000)).toMatchObject({ unassignedAt: T0 + 10_000, unassigned: true })
    const summary = summaryOf(doc)
    expect(ChatSummarySchema.parse(summary)).toEqual(summary)
  })
})

describe('markRead and markUnread', () => {
  const withMessages = (): Y.Doc => {
    const doc = newChat()
    ingestInboundMessage(doc, { id: 'c1', text: 'a' }, asChannel(T0 + 1))
    addInternalComment(doc, { id: 'n1', text: 'note' }, asOperator('op2', T0 + 2))
    return doc
  }

  it('[UNR1] markRead records how many customer messages the operator has seen and clears a manual unread', () => {
    const doc = withMessages()
    markUnread(doc, asOperator('op1', T0 + 3))
    markRead(doc, asOperator('op1', T0 + 4))
    expect(chatParts(doc).reads.toJSON()).toEqual({ op1: { seen: 1, unread: false, at: T0 + 4 } })
  })

  it('[UNR1] markRead on a chat without customer messages records none seen', () => {
    const doc = newChat()
    markRead(doc, asOperator('op1', T0 + 1))
    expect(chatParts(doc).reads.get('op1')).toEqual({ seen: 0, unread: false, at: T0 + 1 })
    addInternalComment(doc, { text: 'note' }, asOperator('op2', T0 + 2))
    ingestInboundMessage(doc, { kind: 'technical', text: '/start' }, asChannel(T0 + 3))
    markRead(doc, asOperator('op1', T0 + 4))
    expect(chatParts(doc).reads.get('op1')).toEqual({ seen: 0, unread: false, at: T0 + 4 })
  })

  it('[UNR2] markUnread keeps the seen count and sets the manual flag, for that operator only', () => {
    const doc = withMessages()
    markRead(doc, asOperator('op1', T0 + 3))
    ingestInboundMessage(doc, { id: 'c2', text: 'b' }, asChannel(T0 + 4))
    markUnread(doc, asOperator('op1', T0 + 5))
    markUnread(doc, asOperator('op2', T0 + 6))
    expect(chatParts(doc).reads.toJSON()).toEqual({
      op1: { seen: 1, unread: true, at: T0 + 5 },
      op2: { seen: 0, unread: true, at: T0 + 6 },
    })
  })

  it('[UNR1] [UNR2] refuse a non-operator with not_operator', () => {
    const ctx: CommandContext = asChannel()
    expectDomainError(() => markRead(newChat(), ctx), ErrorCode.notOperator)
    expectDomainError(() => markUnread(newChat(), ctx), ErrorCode.notOperator)
  })
})
