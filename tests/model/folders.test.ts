import { describe, expect, it } from 'vitest'
import {
  availableActions,
  byLastActivity,
  type ChatSummary,
  inFolder,
  typingIn,
  unreadFor,
  waitingCount,
} from '../../model'

const T0 = 1_700_000_000_000
const summary = (over: Partial<ChatSummary>): ChatSummary => ({
  id: 'c1',
  channelId: 'ch',
  contactId: 'k',
  contactName: 'Anna',
  contactTags: [],
  status: 'open',
  assigneeId: null,
  closedBy: null,
  lastMessage: null,
  lastAt: T0,
  waiting: true,
  unassignedAt: T0 + 10_000,
  unassigned: false,
  inbound: 2,
  unread: {},
  markedUnread: [],
  ...over,
})

describe('folders', () => {
  it('[FLD1] Unassigned holds open chats with no assignee once unassignedAt has passed', () => {
    const s = summary({})
    expect(inFolder(s, 'unassigned', 'op1', T0 + 9_999)).toBe(false)
    expect(inFolder(s, 'unassigned', 'op1', T0 + 10_000)).toBe(true)
    expect(inFolder(summary({ unassignedAt: null }), 'unassigned', 'op1', T0 + 99_000)).toBe(false)
    expect(
      inFolder(summary({ status: 'in_work', assigneeId: 'op2' }), 'unassigned', 'op1', T0 + 99_000),
    ).toBe(false)
    expect(inFolder(summary({ status: 'closed' }), 'unassigned', 'op1', T0 + 99_000)).toBe(false)
  })

  it('[FLD2] [FLD3] Mine is what I am assigned, closed or not; All is everything in my index', () => {
    const mine = summary({ status: 'closed', assigneeId: 'op1' })
    expect(inFolder(mine, 'mine', 'op1', T0)).toBe(true)
    expect(inFolder(mine, 'mine', 'op2', T0)).toBe(false)
    expect(inFolder(mine, 'all', 'op2', T0)).toBe(true)
  })

  it('[FLD4] a folder counts the chats waiting for a reply; a closed chat waits for nothing', () => {
    const list = [
      summary({ id: 'a' }),
      summary({ id: 'b', waiting: false }),
      summary({ id: 'c', status: 'in_work', assigneeId: 'op1' }),
      summary({ id: 'd', status: 'closed', assigneeId: 'op1' }),
    ]
    expect(waitingCount(list, 'unassigned', 'op1', T0 + 10_000)).toBe(1)
    expect(waitingCount(list, 'mine', 'op1', T0)).toBe(1)
    expect(waitingCount(list, 'all', 'op1', T0)).toBe(2)
  })

  it('[FLD5] the list is newest activity first, ties broken by id', () => {
    const list = [
      summary({ id: 'b', lastAt: 1 }),
      summary({ id: 'c', lastAt: 2 }),
      summary({ id: 'a', lastAt: 1 }),
    ]
    expect(list.sort(byLastActivity).map((s) => s.id)).toEqual(['c', 'a', 'b'])
  })

  it('[UNR1] [UNR2] unread per operator: all inbound before a first read; a manual mark shows at least one', () => {
    const s = summary({ inbound: 3, unread: { op1: 0, op2: 1 }, markedUnread: ['op1'] })
    expect(unreadFor(s, 'op1')).toBe(1)
    expect(unreadFor(s, 'op2')).toBe(1)
    expect(unreadFor(s, 'op3')).toBe(3)
  })
})

describe('presence', () => {
  const state = (id: string, name: string, typing: string | null) => ({
    user: { id, name },
    viewing: typing,
    typing,
  })

  it('[PRS1] who types in a chat: me apart, the others by name, malformed states ignored', () => {
    const states = [
      state('me', 'Анна', 'c1'),
      state('op2', 'Иван', 'c1'),
      state('op3', 'Борис', 'c2'),
      { user: 'not a presence' },
    ]
    expect(typingIn(states, 'c1', 'me')).toEqual({ self: true, others: ['Иван'] })
    expect(typingIn(states, 'c2', 'me')).toEqual({ self: false, others: ['Борис'] })
    expect(typingIn(states, 'c3', 'me')).toEqual({ self: false, others: [] })
  })
})

describe('available actions', () => {
  it('[ACT1] take unless mine in work; transfer and close unless closed; return unless waiting unassigned', () => {
    expect(availableActions({ status: 'open', assigneeId: null }, 'op1')).toEqual({
      take: true,
      transfer: true,
      returnToUnassigned: false,
      close: true,
    })
    expect(availableActions({ status: 'in_work', assigneeId: 'op1' }, 'op1')).toEqual({
      take: false,
      transfer: true,
      returnToUnassigned: true,
      close: true,
    })
    expect(availableActions({ status: 'in_work', assigneeId: 'op2' }, 'op1').take).toBe(true)
    expect(availableActions({ status: 'closed', assigneeId: 'op1' }, 'op1')).toEqual({
      take: true,
      transfer: false,
      returnToUnassigned: true,
      close: false,
    })
  })
})
