import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addInternalComment,
  chatState,
  chatSummaryOf,
  closeChat,
  ingestInboundMessage,
  isUnassignedAt,
  REACTION_WINDOW_MS,
  returnToUnassigned,
  sendBotMessage,
  sendOperatorMessage,
  takeChat,
  transferChat,
} from '../../model'
import { asChannel, asOperator, asServer, CHAT, newChat, replicaOf, syncBoth, T0 } from '../helpers/model'

const customer = (doc: Y.Doc, at: number, kind: 'text' | 'technical' = 'text'): void => {
  ingestInboundMessage(doc, { text: kind === 'text' ? 'hello?' : '/start', kind }, asChannel(at))
}
const bot = (doc: Y.Doc, at: number): void => {
  sendBotMessage(doc, { text: 'Hi! An operator will answer soon.', botName: 'greeter' }, asServer(at))
}
const unassignedAt = (doc: Y.Doc): number | null => chatState(doc).unassignedAt
/** Whether the chat is in Unassigned at `now`, as the index row says. */
const inUnassigned = (doc: Y.Doc, now: number): boolean =>
  chatSummaryOf(
    doc,
    { id: CHAT.chatId, channelId: CHAT.channelId, contactId: CHAT.contactId },
    { name: '', tags: [] },
    now,
  ).unassigned

describe('the 10-second rule', () => {
  it('[TEN1] the window is 10 seconds', () => {
    expect(REACTION_WINDOW_MS).toBe(10_000)
  })

  it('[TEN1] a customer’s message with no reaction enters Unassigned exactly 10 s later', () => {
    const doc = newChat()
    customer(doc, T0 + 1000)
    expect(unassignedAt(doc)).toBe(T0 + 11_000)
    expect(inUnassigned(doc, T0 + 1000)).toBe(false)
    expect(inUnassigned(doc, T0 + 10_999)).toBe(false)
    expect(inUnassigned(doc, T0 + 11_000)).toBe(true)
    expect(inUnassigned(doc, T0 + 60_000)).toBe(true)
  })

  it('[TEN1] isUnassignedAt is a pure function of the time: never for null, from `at` on', () => {
    expect(isUnassignedAt(null, T0)).toBe(false)
    expect(isUnassignedAt(T0, T0 - 1)).toBe(false)
    expect(isUnassignedAt(T0, T0)).toBe(true)
    expect(isUnassignedAt(T0, T0 + 1)).toBe(true)
  })

  it('[TEN1] a new chat with no messages is not in Unassigned', () => {
    const doc = newChat()
    expect(unassignedAt(doc)).toBeNull()
    expect(inUnassigned(doc, T0 + 3_600_000)).toBe(false)
  })

  it('[TEN2] a bot reply within 10 s keeps the chat out of Unassigned', () => {
    const doc = newChat()
    customer(doc, T0)
    bot(doc, T0 + 3000)
    expect(unassignedAt(doc)).toBeNull()
    expect(inUnassigned(doc, T0 + 60_000)).toBe(false)
    expect(chatState(doc).assignment).toMatchObject({ status: 'open', assigneeId: null })
  })

  it('[TEN2] the clock runs from the earliest customer message after the last reaction', () => {
    const doc = newChat()
    customer(doc, T0)
    bot(doc, T0 + 2000)
    customer(doc, T0 + 20_000)
    customer(doc, T0 + 25_000)
    expect(unassignedAt(doc)).toBe(T0 + 30_000)
  })

  it('[TEN2] a reaction before the customer’s message does not count for it', () => {
    const doc = newChat()
    bot(doc, T0)
    customer(doc, T0 + 1)
    expect(unassignedAt(doc)).toBe(T0 + 10_001)
  })

  it('[TEN2] an operator’s reply claims the chat, so it never enters Unassigned', () => {
    const doc = newChat()
    customer(doc, T0)
    sendOperatorMessage(doc, { text: 'hello' }, asOperator('op1', T0 + 15_000))
    expect(unassignedAt(doc)).toBeNull()
  })

  it('[TEN2] a take or an assignment removes the chat from Unassigned', () => {
    const taken = newChat()
    customer(taken, T0)
    takeChat(taken, asOperator('op1', T0 + 12_000))
    expect(inUnassigned(taken, T0 + 12_000)).toBe(false)

    const assigned = newChat()
    customer(assigned, T0)
    transferChat(assigned, { to: 'op2' }, asOperator('op1', T0 + 12_000))
    expect(unassignedAt(assigned)).toBeNull()
  })

  it('[TEN2] a close removes the chat from Unassigned', () => {
    const doc = newChat()
    customer(doc, T0)
    closeChat(doc, { reason: 'no_reply' }, asOperator('op1', T0 + 12_000))
    expect(unassignedAt(doc)).toBeNull()
    expect(inUnassigned(doc, T0 + 60_000)).toBe(false)
  })

  it('[TEN2] an internal comment is not a reaction', () => {
    const doc = newChat()
    customer(doc, T0)
    addInternalComment(doc, { text: 'who takes this?' }, asOperator('op1', T0 + 1000))
    expect(unassignedAt(doc)).toBe(T0 + 10_000)
    expect(chatState(doc).assignment.assigneeId).toBeNull()
  })

  it('[TEN2] a take that lost to a concurrent change is not a reaction', () => {
    const server = replicaOf(newChat(), 1) // the lower client id: the reopen merges first
    takeChat(server, asOperator('op1', T0))
    closeChat(server, {}, asOperator('op1', T0 + 1))
    const stale = replicaOf(server, 2)
    customer(server, T0 + 40_000) // reopens: no assignee any more
    transferChat(stale, { to: 'op3' }, asOperator('op2', T0 + 45_000)) // still sees op1
    syncBoth(server, stale)
    expect(chatState(server).assignment.entries.at(-1)?.outcome).toBe('lost')
    expect(unassignedAt(server)).toBe(T0 + 50_000)
  })

  it('[TEC1] a technical inbound message never starts the clock', () => {
    const doc = newChat()
    customer(doc, T0, 'technical')
    expect(unassignedAt(doc)).toBeNull()
    expect(inUnassigned(doc, T0 + 60_000)).toBe(false)
    customer(doc, T0 + 20_000)
    customer(doc, T0 + 21_000, 'technical')
    expect(unassignedAt(doc)).toBe(T0 + 30_000)
  })

  it('[ASG5] a return puts the chat into Unassigned at once, with or without a customer message', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0))
    returnToUnassigned(doc, {}, asOperator('op1', T0 + 5000))
    expect(unassignedAt(doc)).toBe(T0 + 5000)
    expect(inUnassigned(doc, T0 + 5000)).toBe(true)
  })

  it('[ASG5] a returned chat stays in Unassigned after a bot reply, and leaves it when taken', () => {
    const doc = newChat()
    customer(doc, T0)
    takeChat(doc, asOperator('op1', T0 + 1000))
    returnToUnassigned(doc, {}, asOperator('op1', T0 + 2000))
    customer(doc, T0 + 3000)
    bot(doc, T0 + 4000)
    expect(unassignedAt(doc)).toBe(T0 + 2000)
    takeChat(doc, asOperator('op2', T0 + 5000))
    expect(unassignedAt(doc)).toBeNull()
  })

  it('[ASG5] a return is not a reaction: an earlier unanswered message keeps its own time', () => {
    const doc = newChat()
    customer(doc, T0)
    returnToUnassigned(doc, {}, asOperator('op1', T0 + 20_000))
    expect(unassignedAt(doc)).toBe(T0 + 10_000)
  })

  it('[REO1] a customer writing into a closed chat reopens it: open, no assignee, Unassigned after 10 s', () => {
    const doc = newChat()
    customer(doc, T0)
    takeChat(doc, asOperator('op1', T0 + 1000))
    closeChat(doc, {}, asOperator('op1', T0 + 2000))
    customer(doc, T0 + 60_000)
    expect(chatState(doc).assignment).toMatchObject({ status: 'open', assigneeId: null })
    expect(unassignedAt(doc)).toBe(T0 + 70_000)
    expect(inUnassigned(doc, T0 + 69_999)).toBe(false)
    expect(inUnassigned(doc, T0 + 70_000)).toBe(true)
  })

  it('[REO1] a reopening message stamped (provider time) before the close still brings the chat into Unassigned', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0))
    closeChat(doc, {}, asOperator('op1', T0 + 2000))
    const { reopened } = ingestInboundMessage(
      doc,
      { text: 'sent from a train', at: T0 + 1500 },
      asChannel(T0 + 30_000),
    )
    expect(reopened).toBe(true)
    expect(chatState(doc).assignment).toMatchObject({
      status: 'open',
      assigneeId: null,
      reopenedAt: T0 + 30_000,
    })
    expect(unassignedAt(doc)).toBe(T0 + 40_000)
    expect(inUnassigned(doc, T0 + 39_999)).toBe(false)
    expect(inUnassigned(doc, T0 + 40_000)).toBe(true)
  })

  it('[REO1] [TEN2] an outgoing message at or after the reopen answers it; an earlier one or a comment does not', () => {
    const reopen = (): Y.Doc => {
      const doc = newChat()
      takeChat(doc, asOperator('op1', T0))
      closeChat(doc, {}, asOperator('op1', T0 + 2000))
      ingestInboundMessage(doc, { text: 'late', at: T0 + 1500 }, asChannel(T0 + 30_000))
      return doc
    }
    const answered = reopen()
    bot(answered, T0 + 30_000)
    expect(unassignedAt(answered)).toBeNull()
    const commented = reopen()
    addInternalComment(commented, { text: 'hm' }, asOperator('op2', T0 + 31_000))
    expect(unassignedAt(commented)).toBe(T0 + 40_000)
    const early = reopen()
    bot(early, T0 + 29_999) // a reply stamped before the reopen (an operator's clock behind)
    expect(unassignedAt(early)).toBe(T0 + 40_000)
  })

  it('[REO1] taking, returning or closing the reopened chat ends the reopen’s own clock', () => {
    const reopened = (): Y.Doc => {
      const doc = newChat()
      closeChat(doc, {}, asOperator('op1', T0 + 2000))
      ingestInboundMessage(doc, { text: 'late', at: T0 + 1500 }, asChannel(T0 + 30_000))
      expect(chatState(doc).assignment.reopenedAt).toBe(T0 + 30_000)
      return doc
    }
    const taken = reopened()
    takeChat(taken, asOperator('op2', T0 + 31_000))
    expect(chatState(taken).assignment.reopenedAt).toBeNull()
    returnToUnassigned(taken, {}, asOperator('op2', T0 + 32_000))
    expect(unassignedAt(taken)).toBe(T0 + 32_000)
    const returned = reopened()
    returnToUnassigned(returned, {}, asOperator('op2', T0 + 31_000))
    expect(chatState(returned).assignment).toMatchObject({ reopenedAt: null, returnedAt: T0 + 31_000 })
    expect(unassignedAt(returned)).toBe(T0 + 31_000)
    const closed = reopened()
    closeChat(closed, {}, asOperator('op2', T0 + 31_000))
    expect(chatState(closed).assignment.reopenedAt).toBeNull()
    expect(unassignedAt(closed)).toBeNull()
  })

  it('[REO1] [TEN1] after a reopen the earlier clock wins: the reopening message’s own 10 s or the reopen’s', () => {
    const doc = newChat()
    closeChat(doc, {}, asOperator('op1', T0 + 2000))
    // Written after the close, ingested late: its own window ends before the reopen's.
    ingestInboundMessage(doc, { text: 'reopens', at: T0 + 20_000 }, asChannel(T0 + 30_000))
    expect(chatState(doc).assignment.reopenedAt).toBe(T0 + 30_000)
    expect(unassignedAt(doc)).toBe(T0 + 30_000)
  })

  it('[FLD1] a closed or assigned chat is never in Unassigned, whatever the clock', () => {
    const closed = newChat()
    customer(closed, T0)
    closeChat(closed, {}, asOperator('op1', T0 + 1))
    const assigned = newChat()
    takeChat(assigned, asOperator('op1', T0))
    customer(assigned, T0 + 1)
    for (const doc of [closed, assigned]) {
      expect(unassignedAt(doc)).toBeNull()
      expect(inUnassigned(doc, T0 + 86_400_000)).toBe(false)
    }
  })
})
