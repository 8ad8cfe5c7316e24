import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  type AssignmentState,
  chatParts,
  chatState,
  closeChat,
  ErrorCode,
  INITIAL_ASSIGNMENT,
  ingestInboundMessage,
  returnToUnassigned,
  sendOperatorMessage,
  takeChat,
  transferChat,
} from '../../model'
import {
  asBot,
  asChannel,
  asOperator,
  asServer,
  expectDomainError,
  newChat,
  replicaOf,
  syncBoth,
  T0,
} from '../helpers/model'

const stateOf = (doc: Y.Doc): AssignmentState => chatState(doc).assignment
const brief = (doc: Y.Doc) => {
  const { status, assigneeId } = stateOf(doc)
  return { status, assigneeId }
}
const outcomes = (doc: Y.Doc) => stateOf(doc).entries.map((e) => e.outcome)

describe('status and assignee', () => {
  it('[STA1] a new chat is open with no assignee and an empty history', () => {
    expect(stateOf(newChat())).toEqual(INITIAL_ASSIGNMENT)
    expect(INITIAL_ASSIGNMENT).toMatchObject({ status: 'open', assigneeId: null, entries: [] })
  })

  it('[ASG1] taking a chat puts it in work for the operator, recording the assignee they saw', () => {
    const doc = newChat()
    const event = takeChat(doc, asOperator('op1', T0 + 1))
    expect(event).toMatchObject({ type: 'assign', to: 'op1', expectFrom: null, at: T0 + 1 })
    expect(event).not.toHaveProperty('auto')
    expect(brief(doc)).toEqual({ status: 'in_work', assigneeId: 'op1' })
  })

  it('[ASG1] an operator may take over a chat assigned to someone else', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    expect(takeChat(doc, asOperator('op2', T0 + 2))).toMatchObject({ expectFrom: 'op1' })
    expect(brief(doc)).toEqual({ status: 'in_work', assigneeId: 'op2' })
    expect(outcomes(doc)).toEqual(['applied', 'applied'])
  })

  it('[ASG1] taking a chat one already has in work is unchanged', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    takeChat(doc, asOperator('op1', T0 + 2))
    expect(outcomes(doc)).toEqual(['applied', 'unchanged'])
  })

  it('[ASG1] taking a closed chat puts it back in work and clears who closed it', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    closeChat(doc, { reason: 'no_reply' }, asOperator('op1', T0 + 2))
    takeChat(doc, asOperator('op1', T0 + 3))
    expect(stateOf(doc)).toMatchObject({
      status: 'in_work',
      assigneeId: 'op1',
      closedBy: null,
      closeReason: null,
    })
  })

  it('[ASG1] refuses a non-operator with not_operator', () => {
    for (const ctx of [asChannel(), asServer(), asBot()]) {
      expectDomainError(() => takeChat(newChat(), ctx), ErrorCode.notOperator)
    }
  })

  it('[ASG3] transferring hands the chat over with the comment kept in the history', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    const event = transferChat(doc, { to: 'op2', comment: 'VIP, please' }, asOperator('op1', T0 + 2))
    expect(event).toMatchObject({ type: 'assign', to: 'op2', expectFrom: 'op1', comment: 'VIP, please' })
    expect(brief(doc)).toEqual({ status: 'in_work', assigneeId: 'op2' })
    expect(stateOf(doc).entries[1]).toMatchObject({
      event: { comment: 'VIP, please', actor: { kind: 'operator', id: 'op1' } },
      from: { status: 'in_work', assigneeId: 'op1' },
      to: { status: 'in_work', assigneeId: 'op2' },
      outcome: 'applied',
    })
  })

  it('[ASG3] assigning an unassigned chat to another operator puts it in work for them', () => {
    const doc = newChat()
    transferChat(doc, { to: 'op2' }, asOperator('admin', T0 + 1))
    expect(brief(doc)).toEqual({ status: 'in_work', assigneeId: 'op2' })
  })

  it('[ASG3] refuses bad input with invalid_input and a non-operator with not_operator', () => {
    expectDomainError(() => transferChat(newChat(), { to: '' }, asOperator('op1')), ErrorCode.invalidInput)
    expectDomainError(
      () => transferChat(newChat(), { to: 'op2', comment: 'x'.repeat(2001) }, asOperator('op1')),
      ErrorCode.invalidInput,
    )
    expectDomainError(() => transferChat(newChat(), { to: 'op2' }, asServer()), ErrorCode.notOperator)
  })

  it('[ASG5] returning a chat makes it open with no assignee; again is unchanged', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    const event = returnToUnassigned(doc, { comment: 'not mine' }, asOperator('op1', T0 + 2))
    expect(event).toMatchObject({ type: 'return', comment: 'not mine', at: T0 + 2 })
    expect(stateOf(doc)).toMatchObject({ status: 'open', assigneeId: null, returnedAt: T0 + 2 })
    returnToUnassigned(doc, {}, asOperator('op2', T0 + 3))
    expect(outcomes(doc)).toEqual(['applied', 'applied', 'unchanged'])
    expect(stateOf(doc).returnedAt).toBe(T0 + 2)
  })

  it('[ASG5] returning a closed chat reopens it into Unassigned', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    closeChat(doc, {}, asOperator('op1', T0 + 2))
    returnToUnassigned(doc, {}, asOperator('op1', T0 + 3))
    expect(stateOf(doc)).toMatchObject({
      status: 'open',
      assigneeId: null,
      closedBy: null,
      returnedAt: T0 + 3,
    })
  })

  it('[ASG5] refuses a non-operator with not_operator and bad input with invalid_input', () => {
    expectDomainError(() => returnToUnassigned(newChat(), {}, asServer()), ErrorCode.notOperator)
    expectDomainError(
      () => returnToUnassigned(newChat(), { comment: 'x'.repeat(2001) }, asOperator('op1')),
      ErrorCode.invalidInput,
    )
  })

  it('[CLS1] closing records the reason and who closed it, keeping the assignee', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    const event = closeChat(doc, { reason: 'other', comment: 'spam' }, asOperator('op2', T0 + 2))
    expect(event).toMatchObject({ type: 'close', reason: 'other', comment: 'spam' })
    expect(stateOf(doc)).toMatchObject({
      status: 'closed',
      assigneeId: 'op1',
      closedBy: 'op2',
      closeReason: 'other',
    })
  })

  it('[CLS1] a close without a reason records none; closing a closed chat is unchanged', () => {
    const doc = newChat()
    const event = closeChat(doc, {}, asOperator('op1', T0 + 1))
    expect(event).not.toHaveProperty('reason')
    expect(chatParts(doc).history.get(0)).not.toHaveProperty('reason')
    closeChat(doc, { reason: 'no_reply' }, asOperator('op2', T0 + 2))
    expect(stateOf(doc)).toMatchObject({ status: 'closed', closedBy: 'op1', closeReason: null })
    expect(outcomes(doc)).toEqual(['applied', 'unchanged'])
  })

  it('[CLS1] a reopen and a new close replace the reason', () => {
    const doc = newChat()
    closeChat(doc, { reason: 'no_reply' }, asOperator('op1', T0 + 1))
    ingestInboundMessage(doc, { text: 'still there?' }, asChannel(T0 + 2))
    expect(stateOf(doc)).toMatchObject({ status: 'open', closeReason: null })
    closeChat(doc, {}, asOperator('op1', T0 + 3))
    expect(stateOf(doc)).toMatchObject({ status: 'closed', closeReason: null })
    ingestInboundMessage(doc, { text: 'one more' }, asChannel(T0 + 4))
    closeChat(doc, { reason: 'solved' }, asOperator('op1', T0 + 5))
    expect(stateOf(doc).closeReason).toBe('solved')
  })

  it('[CLS1] the server or a bot may close a chat, recorded with no closing operator', () => {
    for (const ctx of [asServer(T0 + 1), asBot(T0 + 1)]) {
      const doc = newChat()
      closeChat(doc, { reason: 'no_reply' }, ctx)
      expect(stateOf(doc)).toMatchObject({ status: 'closed', closedBy: null, closeReason: 'no_reply' })
    }
  })

  it('[CLS1] refuses a channel with forbidden and an unknown reason with invalid_input', () => {
    expectDomainError(() => closeChat(newChat(), {}, asChannel()), ErrorCode.forbidden)
    expectDomainError(
      () => closeChat(newChat(), { reason: 'bored' } as never, asOperator('op1')),
      ErrorCode.invalidInput,
    )
  })

  it('[HIS1] every change of status or assignee is an entry with who, when and from → to', () => {
    const doc = newChat()
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 1))
    transferChat(doc, { to: 'op2' }, asOperator('op1', T0 + 2))
    closeChat(doc, {}, asOperator('op2', T0 + 3))
    ingestInboundMessage(doc, { text: 'one more thing' }, asChannel(T0 + 4))
    const rows = stateOf(doc).entries.map((e) => ({
      type: e.event.type,
      at: e.event.at,
      actor: e.event.actor,
      from: `${e.from.status}/${e.from.assigneeId}`,
      to: `${e.to.status}/${e.to.assigneeId}`,
      outcome: e.outcome,
    }))
    expect(rows).toEqual([
      {
        type: 'assign',
        at: T0 + 1,
        actor: { kind: 'operator', id: 'op1' },
        from: 'open/null',
        to: 'in_work/op1',
        outcome: 'applied',
      },
      {
        type: 'assign',
        at: T0 + 2,
        actor: { kind: 'operator', id: 'op1' },
        from: 'in_work/op1',
        to: 'in_work/op2',
        outcome: 'applied',
      },
      {
        type: 'close',
        at: T0 + 3,
        actor: { kind: 'operator', id: 'op2' },
        from: 'in_work/op2',
        to: 'closed/op2',
        outcome: 'applied',
      },
      {
        type: 'reopen',
        at: T0 + 4,
        actor: { kind: 'channel', channelId: 'tg-1' },
        from: 'closed/op2',
        to: 'open/null',
        outcome: 'applied',
      },
    ])
  })

  it('[ASG2] [CLS1] replying in a closed chat reopens it only when it had no assignee (as it is; see model/SPEC.md, Open points)', () => {
    const assigned = newChat()
    takeChat(assigned, asOperator('op1', T0 + 1))
    closeChat(assigned, {}, asOperator('op1', T0 + 2))
    sendOperatorMessage(assigned, { text: 'one more thing' }, asOperator('op2', T0 + 3))
    expect(brief(assigned)).toEqual({ status: 'closed', assigneeId: 'op1' })
    expect(outcomes(assigned)).toEqual(['applied', 'applied'])
    const unassigned = newChat()
    closeChat(unassigned, {}, asOperator('op1', T0 + 2))
    sendOperatorMessage(unassigned, { text: 'one more thing' }, asOperator('op2', T0 + 3))
    expect(brief(unassigned)).toEqual({ status: 'in_work', assigneeId: 'op2' })
  })
})

describe('concurrent changes', () => {
  // Yjs puts concurrent inserts of the lower client id first, so client ids 1 and 2 fix the merged order.
  const pair = (): [Y.Doc, Y.Doc] => {
    const server = newChat()
    return [replicaOf(server, 1), replicaOf(server, 2)]
  }

  for (const [first, second] of [
    ['op1', 'op2'],
    ['op2', 'op1'],
  ] as const) {
    it(`[ASG4] of two concurrent takes the first in the merged order (${first}) wins, the other is lost, on every replica`, () => {
      const [a, b] = pair()
      takeChat(first === 'op1' ? a : b, asOperator('op1', T0 + 5))
      takeChat(first === 'op1' ? b : a, asOperator('op2', T0 + 1))
      syncBoth(a, b)
      expect(chatState(a)).toEqual(chatState(b))
      expect(brief(a)).toEqual({ status: 'in_work', assigneeId: first })
      expect(outcomes(a)).toEqual(['applied', 'lost'])
      const lost = stateOf(a).entries[1]!
      expect(lost.event).toMatchObject({ type: 'assign', to: second })
      expect(lost.to).toEqual(lost.from)
    })
  }

  it('[ASG4] a transfer made on a stale view has no effect once the assignee changed before it', () => {
    const [a, b] = pair()
    takeChat(a, asOperator('op1', T0 + 1))
    syncBoth(a, b)
    takeChat(a, asOperator('op2', T0 + 2))
    transferChat(b, { to: 'op3' }, asOperator('op1', T0 + 3))
    syncBoth(a, b)
    expect(chatState(a)).toEqual(chatState(b))
    expect(brief(a)).toEqual({ status: 'in_work', assigneeId: 'op2' })
    expect(outcomes(a)).toEqual(['applied', 'applied', 'lost'])
  })

  it('[ASG4] the same stale transfer wins when it comes first in the merged order, and the take is lost', () => {
    const [a, b] = pair()
    takeChat(b, asOperator('op1', T0 + 1))
    syncBoth(a, b)
    transferChat(a, { to: 'op3' }, asOperator('op1', T0 + 3))
    takeChat(b, asOperator('op2', T0 + 2))
    syncBoth(a, b)
    expect(chatState(a)).toEqual(chatState(b))
    expect(brief(a)).toEqual({ status: 'in_work', assigneeId: 'op3' })
    expect(outcomes(a)).toEqual(['applied', 'applied', 'lost'])
  })

  it('[ASG2] of two concurrent auto-claims by sending the first wins and the other is skipped', () => {
    const [a, b] = pair()
    sendOperatorMessage(a, { text: 'from a' }, asOperator('op1', T0 + 1))
    sendOperatorMessage(b, { text: 'from b' }, asOperator('op2', T0 + 1))
    syncBoth(a, b)
    expect(chatState(a)).toEqual(chatState(b))
    expect(brief(a)).toEqual({ status: 'in_work', assigneeId: 'op1' })
    expect(outcomes(a)).toEqual(['applied', 'skipped'])
    expect(chatParts(a).messages.length).toBe(2)
  })

  it('[ASG2] an auto-claim merged after a concurrent take is skipped, leaving the taker in place', () => {
    const [a, b] = pair()
    takeChat(a, asOperator('op2', T0 + 1))
    sendOperatorMessage(b, { text: 'hi' }, asOperator('op1', T0 + 2))
    syncBoth(a, b)
    expect(brief(b)).toEqual({ status: 'in_work', assigneeId: 'op2' })
    expect(outcomes(b)).toEqual(['applied', 'skipped'])
  })

  it('[ASG4] a take merged after a concurrent auto-claim is lost: the sender keeps the chat', () => {
    const [a, b] = pair()
    sendOperatorMessage(a, { text: 'hi' }, asOperator('op1', T0 + 2))
    takeChat(b, asOperator('op2', T0 + 1))
    syncBoth(a, b)
    expect(brief(b)).toEqual({ status: 'in_work', assigneeId: 'op1' })
    expect(outcomes(b)).toEqual(['applied', 'lost'])
  })

  it('[ASG5] [CLS1] a return or close made on a stale view applies over a concurrent take (as it is; see model/SPEC.md, Open points)', () => {
    for (const stale of ['return', 'close'] as const) {
      const [a, b] = pair()
      takeChat(a, asOperator('op1', T0 + 1))
      syncBoth(a, b)
      takeChat(a, asOperator('op2', T0 + 2))
      if (stale === 'return') returnToUnassigned(b, {}, asOperator('op1', T0 + 3))
      else closeChat(b, {}, asOperator('op1', T0 + 3))
      syncBoth(a, b)
      expect(chatState(a)).toEqual(chatState(b))
      // op1 saw the chat as theirs; it is op2's by then, and still op1's return or close applies.
      expect(brief(a)).toEqual(
        stale === 'return' ? { status: 'open', assigneeId: null } : { status: 'closed', assigneeId: 'op2' },
      )
      expect(outcomes(a)).toEqual(['applied', 'applied', 'applied'])
    }
  })

  it('[REO1] a close merged after a customer’s message leaves the chat closed with it unanswered (as it is; see model/SPEC.md, Open points)', () => {
    const [server, client] = pair()
    takeChat(server, asOperator('op1', T0 + 1))
    syncBoth(server, client)
    closeChat(client, {}, asOperator('op1', T0 + 2)) // offline
    const { reopened } = ingestInboundMessage(server, { text: 'wait, one more thing' }, asChannel(T0 + 3))
    expect(reopened).toBe(false) // not closed on the server's copy yet
    syncBoth(server, client)
    expect(chatState(server)).toMatchObject({
      assignment: { status: 'closed' },
      reply: { waiting: true },
      unassignedAt: null,
    })
  })
})
