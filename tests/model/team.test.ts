import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addInternalComment,
  type ChatSummary,
  chatSummaryOf,
  ingestInboundMessage,
  type OperatorPublic,
  onlineOperators,
  sendBotMessage,
  sendOperatorMessage,
  takeChat,
  teamSnapshot,
  waitingSinceOf,
} from '../../model'
import {
  asBot,
  asChannel,
  asOperator,
  CHAT,
  newChat,
  replicaOf,
  summaryOf,
  syncBoth,
  T0,
} from '../helpers/model'

const rowOf = (doc: Y.Doc, now = T0 + 100_000): ChatSummary =>
  chatSummaryOf(
    doc,
    { id: CHAT.chatId, channelId: CHAT.channelId, contactId: CHAT.contactId },
    { name: 'A', tags: [] },
    now,
  )

const customer = (doc: Y.Doc, at: number, kind: 'text' | 'technical' = 'text'): void => {
  ingestInboundMessage(doc, { text: 'hi', kind }, asChannel(at))
}

const op = (id: string, name: string, over: Partial<OperatorPublic> = {}): OperatorPublic => ({
  id,
  name,
  role: 'operator',
  active: true,
  ...over,
})

describe('waiting since', () => {
  it('[TEAM1] is the first customer message after the last answer, and null once answered', () => {
    const doc = newChat()
    expect(rowOf(doc).waitingSince).toBeNull()
    customer(doc, T0 + 1_000)
    customer(doc, T0 + 2_000)
    expect(rowOf(doc)).toMatchObject({ waiting: true, waitingSince: T0 + 1_000 })
    sendOperatorMessage(doc, { text: 'answer' }, asOperator('op1', T0 + 3_000))
    expect(rowOf(doc)).toMatchObject({ waiting: false, waitingSince: null })
    customer(doc, T0 + 5_000)
    customer(doc, T0 + 6_000)
    expect(rowOf(doc).waitingSince).toBe(T0 + 5_000)
    // A bot's answer is an answer too.
    sendBotMessage(doc, { text: 'auto', botName: 'helper-bot' }, asBot(T0 + 7_000))
    expect(rowOf(doc).waitingSince).toBeNull()
  })

  it('[TEAM1] technical messages and internal comments neither start nor end a wait', () => {
    const doc = newChat()
    customer(doc, T0 + 1_000, 'technical')
    expect(rowOf(doc).waitingSince).toBeNull()
    customer(doc, T0 + 2_000)
    addInternalComment(doc, { text: 'note' }, asOperator('op1', T0 + 3_000))
    customer(doc, T0 + 4_000, 'technical')
    expect(rowOf(doc).waitingSince).toBe(T0 + 2_000)
  })

  it('[TEAM1] a customer message at the same time as the answer but after it in the array waits since then', () => {
    const doc = newChat()
    customer(doc, T0 + 1_000)
    sendOperatorMessage(doc, { text: 'answer' }, asOperator('op1', T0 + 2_000))
    customer(doc, T0 + 2_000)
    expect(rowOf(doc).waitingSince).toBe(T0 + 2_000)
  })

  it('[TEAM1] an offline answer stamped before a later customer message, merged late, leaves the chat waiting since that message', () => {
    const server = newChat()
    customer(server, T0 + 1_000)
    const laptop = replicaOf(server, 1)
    // The operator answers offline at +2 s; meanwhile the customer writes again at +5 s.
    sendOperatorMessage(laptop, { text: 'answer' }, asOperator('op1', T0 + 2_000))
    customer(server, T0 + 5_000)
    expect(rowOf(server).waitingSince).toBe(T0 + 1_000)
    syncBoth(server, laptop)
    expect(rowOf(server).waitingSince).toBe(T0 + 5_000)
    expect(rowOf(laptop).waitingSince).toBe(T0 + 5_000)
  })

  it('[TEAM1] an old summary without waitingSince falls back to its last message', () => {
    const old = summaryOf('c1', { lastMessage: { text: 'hi', at: T0 + 7, direction: 'in', kind: 'text' } })
    expect('waitingSince' in old).toBe(false)
    expect(waitingSinceOf(old)).toBe(T0 + 7)
    expect(waitingSinceOf({ ...old, waiting: false })).toBeNull()
    expect(waitingSinceOf({ ...old, waitingSince: T0 + 3 })).toBe(T0 + 3)
  })
})

describe('team snapshot', () => {
  const anna = op('anna', 'Анна')
  const boris = op('boris', 'Борис', { role: 'admin' })
  const vera = op('vera', 'Вера')
  const gone = op('gone', 'Гена', { active: false })
  const idle = op('idle', 'Ян', { active: false })

  const inWork = (id: string, assigneeId: string, over: Partial<ChatSummary> = {}): ChatSummary =>
    summaryOf(id, { status: 'in_work', assigneeId, waiting: false, waitingSince: null, ...over })

  const summaries: ChatSummary[] = [
    // Anna: three in work, two waiting (since +20 s and +5 s), one closed that does not count.
    inWork('a1', 'anna', { waiting: true, waitingSince: T0 + 20_000 }),
    inWork('a2', 'anna', { waiting: true, waitingSince: T0 + 5_000 }),
    inWork('a3', 'anna'),
    inWork('a4', 'anna', { status: 'closed', waiting: true, waitingSince: T0 }),
    // Boris (an admin): one in work, answered.
    inWork('b1', 'boris'),
    // Gena was deactivated with a chat still in work that waits (an old summary: falls back to lastMessage).
    inWork('g1', 'gone', {
      waiting: true,
      lastMessage: { text: 'hi', at: T0 + 1_000, direction: 'in', kind: 'text' },
    }),
    // Unassigned: two in the queue (one waits since +2 s, one returned after an answer), one still inside its
    // 10 seconds, one closed.
    summaryOf('u1', { waitingSince: T0 + 2_000, unassignedAt: T0 + 12_000 }),
    summaryOf('u2', { waiting: false, waitingSince: null, unassignedAt: T0 + 30_000 }),
    summaryOf('u3', { waitingSince: T0 + 55_000, unassignedAt: T0 + 65_000 }),
    summaryOf('u4', { status: 'closed', waitingSince: T0 + 1, unassignedAt: T0 + 10_001 }),
  ]
  const online = new Map([
    ['anna', T0 - 60_000],
    ['vera', T0 - 5_000],
  ])

  it('[TEAM2] one row per operator, admins included, sorted by name, with chats in work, waiting and the oldest wait', () => {
    const snap = teamSnapshot({
      summaries,
      operators: [vera, idle, gone, boris, anna],
      online,
      now: T0 + 60_000,
    })
    expect(snap.operators).toEqual([
      {
        id: 'anna',
        name: 'Анна',
        role: 'operator',
        active: true,
        onlineSince: T0 - 60_000,
        inWork: 3,
        waiting: 2,
        oldestWaitSince: T0 + 5_000,
      },
      {
        id: 'boris',
        name: 'Борис',
        role: 'admin',
        active: true,
        onlineSince: null,
        inWork: 1,
        waiting: 0,
        oldestWaitSince: null,
      },
      {
        id: 'vera',
        name: 'Вера',
        role: 'operator',
        active: true,
        onlineSince: T0 - 5_000,
        inWork: 0,
        waiting: 0,
        oldestWaitSince: null,
      },
      // Deactivated: shown because a chat is still in work with him; Ян, deactivated with none, is not.
      {
        id: 'gone',
        name: 'Гена',
        role: 'operator',
        active: false,
        onlineSince: null,
        inWork: 1,
        waiting: 1,
        oldestWaitSince: T0 + 1_000,
      },
    ])
  })

  it('[TEAM3] the Unassigned queue follows the folder at now, 10-second rule included', () => {
    const at = (now: number) => teamSnapshot({ summaries, operators: [], online, now }).unassigned
    expect(at(T0 + 60_000)).toEqual({ count: 2, waiting: 1, oldestWaitSince: T0 + 2_000 })
    // u3's ten seconds pass at +65 s.
    expect(at(T0 + 65_000)).toEqual({ count: 3, waiting: 2, oldestWaitSince: T0 + 2_000 })
    expect(at(T0 + 11_999)).toEqual({ count: 0, waiting: 0, oldestWaitSince: null })
  })

  it('[TEAM2] [TEAM3] a chat taken from the queue moves to its operator; the counts come from the chat doc', () => {
    const doc = newChat()
    customer(doc, T0 + 1_000)
    customer(doc, T0 + 3_000)
    const before = teamSnapshot({ summaries: [rowOf(doc)], operators: [anna], online, now: T0 + 20_000 })
    expect(before.unassigned).toEqual({ count: 1, waiting: 1, oldestWaitSince: T0 + 1_000 })
    expect(before.operators[0]).toMatchObject({ inWork: 0, waiting: 0 })
    takeChat(doc, asOperator('anna', T0 + 21_000))
    const after = teamSnapshot({ summaries: [rowOf(doc)], operators: [anna], online, now: T0 + 22_000 })
    expect(after.unassigned).toEqual({ count: 0, waiting: 0, oldestWaitSince: null })
    expect(after.operators[0]).toMatchObject({ inWork: 1, waiting: 1, oldestWaitSince: T0 + 1_000 })
  })
})

describe('online state', () => {
  it('[TEAM4] reads the server’s state, ignoring malformed ones; an operator listed twice keeps the earliest time; none: unknown', () => {
    const states = [
      { online: { anna: T0, boris: T0 + 5 } },
      { user: { id: 'x', name: 'X' }, viewing: null, typing: null },
      { online: { anna: 'yesterday' } },
      null,
      { online: { boris: T0 + 1 } },
    ]
    expect([...(onlineOperators(states) ?? [])]).toEqual([
      ['anna', T0],
      ['boris', T0 + 1],
    ])
    // Nobody online is known; no state at all is not.
    expect(onlineOperators([{ online: {} }])?.size).toBe(0)
    expect(onlineOperators([])).toBeNull()
    expect(onlineOperators([{ user: { id: 'x', name: 'X' }, viewing: null, typing: null }])).toBeNull()
  })
})
