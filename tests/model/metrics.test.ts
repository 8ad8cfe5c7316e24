/** Team metrics (issue 7) folded from recorded messages and history: hand-built chats with known answers. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addInternalComment,
  aggregate,
  type ChatMetrics,
  chatMetrics,
  chatMetricsOf,
  closeChat,
  type HistoryEvent,
  ingestInboundMessage,
  type Message,
  type MetricsRow,
  percentile,
  sendBotMessage,
  sendOperatorMessage,
  takeChat,
  transferChat,
} from '../../model'
import { chatsArbitrary, periodArbitrary } from '../helpers/metrics-gen'
import {
  asBot,
  asChannel,
  asOperator,
  asServer,
  messagesOf,
  newChat,
  replicaOf,
  syncBoth,
  T0,
} from '../helpers/model'

const s = (seconds: number): number => T0 + seconds * 1000

const customer = (doc: Y.Doc, at: number, text = 'hello'): void => {
  ingestInboundMessage(doc, { text, at }, asChannel(at))
}
const reply = (doc: Y.Doc, op: string, at: number, text = 'answer'): void => {
  sendOperatorMessage(doc, { text }, asOperator(op, at))
}

const metricsOf = (doc: Y.Doc): ChatMetrics => {
  const metrics = chatMetricsOf(doc)
  if (!metrics) throw new Error('no chat meta')
  return metrics
}

const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER } as const

describe('episodes of one chat', () => {
  it('[MET1][MET2][MET3][MET4][MET5][MET6] customer writes, operator takes, answers and closes as solved', () => {
    const doc = newChat()
    customer(doc, s(1))
    takeChat(doc, asOperator('op1', s(5)))
    reply(doc, 'op1', s(20))
    customer(doc, s(25), 'thanks')
    reply(doc, 'op1', s(30))
    closeChat(doc, { reason: 'solved' }, asOperator('op1', s(60)))
    expect(metricsOf(doc)).toEqual({
      chatId: 'chat-1',
      channelId: 'tg-1',
      episodes: [
        {
          startAt: s(1),
          closedAt: s(60),
          firstResponseMs: 19_000,
          firstResponder: { kind: 'operator', id: 'op1' },
          resolutionMs: 59_000,
          closedBy: 'op1',
          closeReason: 'solved',
          operators: ['op1'],
          messagesByOperator: { op1: 2 },
          botMessages: 0,
          customerMessages: 2,
          ratingRequested: false,
          customerRating: null,
          operatorRating: null,
        },
      ],
    })
  })

  it('[MET1][MET2][MET4] a reopened chat is a second episode from the customer’s new message; a close by the server has no closer nor reason', () => {
    const doc = newChat()
    customer(doc, s(1))
    reply(doc, 'op1', s(11))
    closeChat(doc, { reason: 'solved' }, asOperator('op1', s(20)))
    customer(doc, s(120), 'one more thing')
    reply(doc, 'op2', s(150))
    closeChat(doc, {}, asServer(s(300)))
    const [first, second, ...rest] = metricsOf(doc).episodes
    expect(rest).toEqual([])
    expect(first).toMatchObject({
      startAt: s(1),
      firstResponseMs: 10_000,
      resolutionMs: 19_000,
      operators: ['op1'],
    })
    expect(second).toMatchObject({
      startAt: s(120),
      closedAt: s(300),
      firstResponseMs: 30_000,
      firstResponder: { kind: 'operator', id: 'op2' },
      resolutionMs: 180_000,
      closedBy: null,
      closeReason: null,
      operators: ['op2'],
      messagesByOperator: { op2: 1 },
    })
  })

  it('[MET1] an episode not closed yet is open, with no resolution time', () => {
    const doc = newChat()
    customer(doc, s(1))
    reply(doc, 'op1', s(4))
    const [episode] = metricsOf(doc).episodes
    expect(episode).toMatchObject({
      closedAt: null,
      resolutionMs: null,
      firstResponseMs: 3_000,
      closedBy: null,
    })
  })

  it('[MET5][MET10] a transfer counts both operators as having taken the episode; the first answer is whoever wrote it', () => {
    const doc = newChat()
    customer(doc, s(1))
    takeChat(doc, asOperator('op1', s(3)))
    transferChat(doc, { to: 'op2', comment: 'billing' }, asOperator('op1', s(8)))
    reply(doc, 'op2', s(41))
    closeChat(doc, { reason: 'no_reply' }, asOperator('op2', s(100)))
    const metrics = metricsOf(doc)
    expect(metrics.episodes[0]).toMatchObject({
      operators: ['op1', 'op2'],
      firstResponder: { kind: 'operator', id: 'op2' },
      firstResponseMs: 40_000,
      closedBy: 'op2',
      closeReason: 'no_reply',
    })
    const rows = aggregate([metrics], { ...ALL, by: 'operator' })
    expect(rows.map((r) => [r.key, r.taken, r.closed, r.firstResponse.count, r.messages])).toEqual([
      ['op1', 1, 0, 0, 0],
      ['op2', 1, 1, 1, 1],
    ])
    expect(rows[1]!.closeReasons).toEqual({ solved: 0, no_reply: 1, other: 0, none: 0 })
    expect(rows[1]!.resolution).toEqual({ count: 1, median: 99_000, p90: 99_000 })
  })

  it('[MET5] a lost take does not count', () => {
    const history: HistoryEvent[] = [
      {
        id: 'a',
        at: s(2),
        actor: { kind: 'operator', id: 'op1' },
        type: 'assign',
        to: 'op1',
        expectFrom: null,
      },
      // op2 saw no assignee too: concurrent, loses [ASG4].
      {
        id: 'b',
        at: s(2),
        actor: { kind: 'operator', id: 'op2' },
        type: 'assign',
        to: 'op2',
        expectFrom: null,
      },
    ]
    const messages: Message[] = [
      { id: 'm1', at: s(1), direction: 'in', kind: 'text', author: { kind: 'customer' }, text: 'hi' },
    ]
    const { episodes } = chatMetrics({ chatId: 'c', channelId: 'ch', messages, history })
    expect(episodes[0]!.operators).toEqual(['op1'])
  })

  it('[MET3][MET11] a bot answering first is the first responder; the operator row gets no response time from it', () => {
    const doc = newChat()
    customer(doc, s(1))
    sendBotMessage(doc, { text: 'We will answer soon', botName: 'greeter' }, asBot(s(3)))
    reply(doc, 'op1', s(31))
    closeChat(doc, { reason: 'other' }, asOperator('op1', s(61)))
    const metrics = metricsOf(doc)
    expect(metrics.episodes[0]).toMatchObject({
      firstResponseMs: 2_000,
      firstResponder: { kind: 'bot', name: 'greeter' },
      botMessages: 1,
      messagesByOperator: { op1: 1 },
    })
    const [op1] = aggregate([metrics], { ...ALL, by: 'operator' })
    expect(op1).toMatchObject({ key: 'op1', taken: 1, closed: 1, messages: 1 })
    expect(op1!.firstResponse).toEqual({ count: 0, median: null, p90: null })
    const [channel] = aggregate([metrics], { ...ALL, by: 'channel' })
    expect(channel).toMatchObject({ key: 'tg-1', taken: 1, closed: 1, messages: 2 })
    expect(channel!.firstResponse).toEqual({ count: 1, median: 2_000, p90: 2_000 })
  })

  it('[MET7] a technical message does not start an episode and an internal comment is no answer nor a message sent', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { kind: 'technical', text: '/start', at: s(1) }, asChannel(s(1)))
    customer(doc, s(10))
    addInternalComment(
      doc,
      { text: '@op2 do you know this one?', mentions: ['op2'] },
      asOperator('op1', s(12)),
    )
    reply(doc, 'op1', s(40))
    const [episode] = metricsOf(doc).episodes
    expect(episode).toMatchObject({
      startAt: s(10),
      firstResponseMs: 30_000,
      messagesByOperator: { op1: 1 },
      customerMessages: 1,
    })

    const onlyTechnical = newChat()
    ingestInboundMessage(onlyTechnical, { kind: 'technical', text: 'button', at: s(1) }, asChannel(s(1)))
    expect(metricsOf(onlyTechnical).episodes).toEqual([])
  })

  it('[MET3] an episode closed without an answer has no first response; a greeting before the customer wrote is none', () => {
    const doc = newChat()
    reply(doc, 'op1', s(1), 'Hello! How can we help?')
    customer(doc, s(5))
    closeChat(doc, { reason: 'other' }, asOperator('op1', s(9)))
    const [episode] = metricsOf(doc).episodes
    expect(episode).toMatchObject({
      startAt: s(5),
      firstResponseMs: null,
      firstResponder: null,
      resolutionMs: 4_000,
    })
    expect(episode!.messagesByOperator).toEqual({ op1: 1 })
  })
})

describe('an answer written offline and merged late', () => {
  it('[MET3][MET1] gives the same metrics as if the operator had been online', () => {
    // op1 took the chat, went offline and answered at 30 s; meanwhile op2 (online) answered at 45 s. op1's
    // answer reaches the server later, yet it is the first response, written at 30 s.
    const online = newChat()
    customer(online, s(1))
    takeChat(online, asOperator('op1', s(2)))
    reply(online, 'op1', s(30), 'offline answer')
    customer(online, s(40))
    reply(online, 'op2', s(45), 'online answer')
    customer(online, s(50))
    reply(online, 'op1', s(70))
    closeChat(online, { reason: 'solved' }, asOperator('op1', s(90)))

    // A low client id for the server and a higher one for the laptop: Yjs puts the laptop's concurrent answer
    // after the server's messages, so array order and time order differ.
    const server = replicaOf(newChat(), 1)
    customer(server, s(1))
    takeChat(server, asOperator('op1', s(2)))
    const laptop = replicaOf(server, 2)
    reply(laptop, 'op1', s(30), 'offline answer')
    customer(server, s(40))
    reply(server, 'op2', s(45), 'online answer')
    customer(server, s(50))
    syncBoth(server, laptop)
    reply(laptop, 'op1', s(70))
    closeChat(laptop, { reason: 'solved' }, asOperator('op1', s(90)))
    syncBoth(server, laptop)

    const texts = messagesOf(server).map((m) => m.text)
    expect(texts.indexOf('offline answer')).toBeGreaterThan(texts.indexOf('online answer'))
    const expected = metricsOf(online)
    expect(expected.episodes[0]).toMatchObject({
      firstResponseMs: 29_000,
      firstResponder: { kind: 'operator', id: 'op1' },
      resolutionMs: 89_000,
      messagesByOperator: { op1: 2, op2: 1 },
      customerMessages: 3,
    })
    expect(metricsOf(server)).toEqual(expected)
    expect(metricsOf(laptop)).toEqual(expected)
  })
})

describe('aggregate', () => {
  it('[MET8] an episode belongs to the period by its start: from included, to excluded', () => {
    const docs = [s(0), s(100), s(200)].map((at) => {
      const doc = newChat()
      customer(doc, at)
      reply(doc, 'op1', at + 5_000)
      closeChat(doc, { reason: 'solved' }, asOperator('op1', at + 500_000))
      return metricsOf(doc)
    })
    const [row] = aggregate(docs, { from: s(100), to: s(200), by: 'operator' })
    expect(row).toMatchObject({ key: 'op1', taken: 1, closed: 1, messages: 1 })
    expect(aggregate(docs, { from: s(201), to: s(300), by: 'channel' })).toEqual([])
  })

  it('[MET9] median and 90th percentile by nearest rank', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(percentile(ten, 0.5)).toBe(5)
    expect(percentile(ten, 0.9)).toBe(9)
    expect(percentile([1, 2], 0.5)).toBe(1)
    expect(percentile([7], 0.9)).toBe(7)
    expect(percentile([], 0.5)).toBeNull()
  })

  it('[MET8][MET9] times over several chats', () => {
    const chats = [10, 20, 30, 40].map((seconds) => {
      const doc = newChat()
      customer(doc, s(0))
      reply(doc, 'op1', s(seconds))
      return metricsOf(doc)
    })
    const [row] = aggregate(chats, { ...ALL, by: 'channel' })
    expect(row!.firstResponse).toEqual({ count: 4, median: 20_000, p90: 40_000 })
    expect(row!.closed).toBe(0)
    expect(row!.resolution).toEqual({ count: 0, median: null, p90: null })
  })

  describe('[MET8][MET10][MET11] counts equal the sum over chats', () => {
    const at = fc.integer({ min: 0, max: 100 }).map((n) => T0 + n * 1000)
    const chats = chatsArbitrary({
      at,
      operators: ['op1', 'op2', 'op3'],
      channels: ['tg-1', 'wa-1'],
      maxChats: 8,
    })
    const period = periodArbitrary(at)
    const counts = (r: MetricsRow): number[] => [
      r.taken,
      r.closed,
      r.firstResponse.count,
      r.resolution.count,
      r.messages,
      r.closeReasons.solved,
      r.closeReasons.no_reply,
      r.closeReasons.other,
      r.closeReasons.none,
    ]
    const summed = (rowsPerChat: MetricsRow[][]): Map<string, number[]> => {
      const sums = new Map<string, number[]>()
      for (const rows of rowsPerChat) {
        for (const r of rows) {
          const prev = sums.get(r.key) ?? counts(r).map(() => 0)
          sums.set(
            r.key,
            counts(r).map((n, i) => n + prev[i]!),
          )
        }
      }
      return sums
    }

    for (const by of ['operator', 'channel'] as const) {
      it(`by ${by}`, () => {
        fc.assert(
          fc.property(chats, period, (list, { from, to }) => {
            const whole = aggregate(list, { from, to, by })
            const perChat = summed(list.map((c) => aggregate([c], { from, to, by })))
            expect(new Map(whole.map((r) => [r.key, counts(r)]))).toEqual(perChat)
            // And straight from the episodes: what the rows count, episode by episode.
            const episodes = list
              .flatMap((c) => c.episodes)
              .filter((e) => e.startAt >= from && e.startAt < to)
            const total = (pick: (r: MetricsRow) => number): number => whole.reduce((n, r) => n + pick(r), 0)
            const operatorMessages = episodes.reduce(
              (n, e) => n + Object.values(e.messagesByOperator).reduce((a, b) => a + b, 0),
              0,
            )
            if (by === 'operator') {
              expect(total((r) => r.taken)).toBe(episodes.reduce((n, e) => n + e.operators.length, 0))
              expect(total((r) => r.closed)).toBe(episodes.filter((e) => e.closedBy !== null).length)
              expect(total((r) => r.messages)).toBe(operatorMessages)
            } else {
              expect(total((r) => r.taken)).toBe(episodes.filter((e) => e.operators.length > 0).length)
              expect(total((r) => r.closed)).toBe(episodes.filter((e) => e.closedAt !== null).length)
              expect(total((r) => r.firstResponse.count)).toBe(
                episodes.filter((e) => e.firstResponseMs !== null).length,
              )
              expect(total((r) => r.messages)).toBe(
                operatorMessages + episodes.reduce((n, e) => n + e.botMessages, 0),
              )
            }
          }),
        )
      })
    }
  })
})
