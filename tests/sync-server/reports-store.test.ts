/**
 * The reports store against the model's definitions, on a real SQLite file with the server's schema: whatever
 * episodes are written through `replaceChat`, the reports read back equal `aggregate` over the same episodes
 * (MET8–MET13), per operator, per channel, for one operator, and per local day. Plus the calendar days of a zone.
 */
import { rmSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  aggregate,
  type ChatMetrics,
  chatMetrics,
  type Episode,
  type HistoryEvent,
  type Message,
  type MetricsRow,
  type ReportRow,
} from '../../model'
import type { ChannelRecord } from '../../sync-server/channel-registry'
import type { OperatorRecord } from '../../sync-server/operators'
import { daysOf } from '../../sync-server/reports/days'
import { buildReport, buildSeries, type ReportContext } from '../../sync-server/reports/report'
import { ReportStore } from '../../sync-server/reports/store'
import { openDb } from '../../sync-server/storage/db'
import { chatsArbitrary, periodArbitrary } from '../helpers/metrics-gen'
import { tempDir } from '../helpers/server'

// Chats span about six days around the end of summer time in Europe (25 October 2026).
const T0 = Date.UTC(2026, 9, 22, 6, 0)
const OPS = ['op1', 'op2', 'op3'] as const
const CHANNELS = ['ch1', 'ch2'] as const

const dir = tempDir()
const db = openDb(dir)
const store = new ReportStore(db)
afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const person = (id: string, role: 'admin' | 'operator' = 'operator'): OperatorRecord => ({
  id,
  email: `${id}@test.local`,
  name: id,
  role,
  channels: null,
  tags: [],
  active: true,
  createdAt: 0,
})
const channelOf = (id: string): ChannelRecord => ({
  id,
  kind: 'telegram',
  name: id,
  enabled: true,
  config: {},
  createdAt: 0,
})
const contextFor = (viewer: OperatorRecord): ReportContext => ({
  store,
  viewer,
  operatorById: (id) => (OPS.includes(id as (typeof OPS)[number]) ? person(id) : null),
  channelById: (id) => (CHANNELS.includes(id as (typeof CHANNELS)[number]) ? channelOf(id) : null),
})
const admin = contextFor(person('admin', 'admin'))

/** A report row without what `aggregate` does not say (its name and kind). */
const numbers = ({ name: _name, kind: _kind, ...row }: ReportRow): MetricsRow => row
const emptyRow = (key: string): MetricsRow => ({
  key,
  taken: 0,
  closed: 0,
  firstResponse: { count: 0, median: null, p90: null },
  resolution: { count: 0, median: null, p90: null },
  messages: 0,
  closeReasons: { solved: 0, no_reply: 0, other: 0, none: 0 },
  satisfaction: { requested: 0, count: 0, average: null, positive: 0, csat: null },
  customerRating: { count: 0, average: null },
})
/** [RPS2] Took it, answered first, closed it or wrote in it. */
const tookPart = (e: Episode, who: string): boolean =>
  e.operators.includes(who) ||
  (e.firstResponder?.kind === 'operator' && e.firstResponder.id === who) ||
  (e.closedAt !== null && e.closedBy === who) ||
  (e.messagesByOperator[who] ?? 0) > 0
/** Every episode in one channel named 'total': `aggregate` by channel then gives the totals [MET11]. */
const asOne = (chats: readonly ChatMetrics[]): ChatMetrics[] =>
  chats.map((c) => ({ ...c, channelId: 'total' }))

const write = (chats: readonly ChatMetrics[]): void => {
  db.exec('DELETE FROM report_episodes; DELETE FROM report_participants; DELETE FROM report_chats')
  db.transaction(() => {
    for (const chat of chats) store.replaceChat(chat.chatId, chat)
  })()
}

// Chats made by the model from generated messages, history and ratings.
const at = fc.integer({ min: 0, max: 200 }).map((n) => T0 + n * 2_537_000)
const op = fc.constantFrom(...OPS)
const chats = chatsArbitrary({ at, operators: OPS, channels: CHANNELS, maxChats: 12 })
const period = periodArbitrary(at)
const channelFilter = fc.constantFrom<string | undefined>(undefined, ...CHANNELS)

describe('reports store', () => {
  it('[RPS1] a chat’s rows are its episodes as last computed, replaced as a whole', () => {
    const customer = (n: number): Message => ({
      id: `c${n}`,
      at: T0 + n * 60_000,
      direction: 'in',
      kind: 'text',
      author: { kind: 'customer' },
      text: 'q',
    })
    const answer = (n: number): Message => ({
      id: `a${n}`,
      at: T0 + n * 60_000,
      direction: 'out',
      kind: 'text',
      author: { kind: 'operator', id: 'op1' },
      text: 'a',
    })
    const close = (n: number): HistoryEvent => ({
      id: `x${n}`,
      at: T0 + n * 60_000,
      actor: { kind: 'operator', id: 'op1' },
      type: 'close',
      reason: 'solved',
    })
    const one = chatMetrics({
      chatId: 'c',
      channelId: 'ch1',
      messages: [customer(0), answer(1), customer(5)],
      history: [],
    })
    write([one])
    expect(store.rowsOf('c')).toHaveLength(1)
    // A close merged late splits the conversation: the chat now has two episodes, numbered again in time order.
    const two = chatMetrics({ ...one, messages: [customer(0), answer(1), customer(5)], history: [close(3)] })
    db.transaction(() => store.replaceChat('c', two))()
    expect(store.rowsOf('c').map((r) => [r.n, r.start_at, r.closed_at])).toEqual([
      [0, T0, T0 + 180_000],
      [1, T0 + 300_000, null],
    ])
    const participants = db.prepare('SELECT count(*) FROM report_participants WHERE chat_id = ?').pluck()
    expect(participants.get('c')).toBe(1)
    db.transaction(() => store.replaceChat('c', null))()
    expect(store.rowsOf('c')).toEqual([])
    expect(participants.get('c')).toBe(0)
  })

  it('[RPS2] [MET8] [MET10] [MET11] [MET13] reports read from the store equal aggregate, per operator and per channel, with totals', () => {
    fc.assert(
      fc.property(
        chats,
        period,
        fc.constantFrom('operator' as const, 'channel' as const),
        channelFilter,
        (list, { from, to }, by, channel) => {
          write(list)
          const report = buildReport(admin, { from, to, channel }, by)
          const scoped = channel === undefined ? list : list.filter((c) => c.channelId === channel)
          const expected = aggregate(scoped, { from, to, by })
          expect(new Map(report.rows.map((r) => [r.key, numbers(r)]))).toEqual(
            new Map(expected.map((r) => [r.key, r])),
          )
          const [totals = emptyRow('total')] = aggregate(asOne(scoped), {
            from,
            to,
            by: 'channel',
          })
          expect(numbers(report.totals)).toEqual(totals)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('[RPS4] an operator’s report is their own operator row, whole and split by channel', () => {
    fc.assert(
      fc.property(chats, period, op, channelFilter, (list, { from, to }, who, channel) => {
        write(list)
        const own = contextFor(person(who))
        const scoped = channel === undefined ? list : list.filter((c) => c.channelId === channel)
        const mine =
          aggregate(scoped, { from, to, by: 'operator' }).find((r) => r.key === who) ?? emptyRow(who)
        const byOperator = buildReport(own, { from, to, channel }, 'operator')
        expect(byOperator.rows.map(numbers)).toEqual([mine])
        expect(numbers(byOperator.totals)).toEqual({ ...mine, key: 'total' })
        const byChannel = buildReport(own, { from, to, channel }, 'channel')
        const perChannel = CHANNELS.flatMap((ch) => {
          const row = aggregate(
            scoped.filter((c) => c.channelId === ch),
            { from, to, by: 'operator' },
          ).find((r) => r.key === who)
          return row ? [{ ...row, key: ch }] : []
        })
        expect(new Map(byChannel.rows.map((r) => [r.key, numbers(r)]))).toEqual(
          new Map(perChannel.map((r) => [r.key, r])),
        )
        expect(numbers(byChannel.totals)).toEqual({ ...mine, key: 'total' })
        // An admin naming the operator sees the same numbers.
        expect(buildReport(admin, { from, to, channel, operator: who }, 'channel')).toEqual(byChannel)
      }),
      { numRuns: 100 },
    )
  })

  it('[RPS5] the series: each local day counts the episodes that started that day, as aggregate over the day', () => {
    fc.assert(
      fc.property(
        chats,
        period,
        fc.constantFrom('UTC', 'Europe/Moscow', 'Europe/Berlin'),
        fc.constantFrom<string | null>(null, ...OPS),
        (list, { from, to }, tz, who) => {
          write(list)
          const ctx = who === null ? admin : contextFor(person(who))
          const series = buildSeries(ctx, { from, to }, tz)
          const days = daysOf(from, to, tz)
          expect(series.days.map((d) => d.day)).toEqual(days.map((d) => d.day))
          series.days.forEach((day, i) => {
            const { start, end } = days[i]!
            const row =
              who === null
                ? aggregate(asOne(list), { from: start, to: end, by: 'channel' })[0]
                : aggregate(list, { from: start, to: end, by: 'operator' }).find((r) => r.key === who)
            const started = list
              .flatMap((c) => c.episodes)
              .filter(
                (e) => e.startAt >= start && e.startAt < end && (who === null || tookPart(e, who)),
              ).length
            expect(day).toEqual({
              day: day.day,
              started,
              closed: row?.closed ?? 0,
              firstResponseMedian: row?.firstResponse.median ?? null,
              resolutionMedian: row?.resolution.median ?? null,
              satisfactionAverage: row?.satisfaction.average ?? null,
            })
          })
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('reports store with more operators and channels than times pack with', () => {
  it('[RPS2] past 8,191 ids the times are read as pairs, with the same answers', () => {
    const bigDir = tempDir()
    const bigDb = openDb(bigDir)
    try {
      const big = new ReportStore(bigDb)
      const many = Array.from({ length: 8_300 }, (_, i) =>
        chatMetrics({
          chatId: `big-${i}`,
          channelId: `ch-${i % 3}`,
          messages: [
            { id: 'q', at: T0 + i, direction: 'in', kind: 'text', author: { kind: 'customer' }, text: 'q' },
            {
              id: 'a',
              at: T0 + i + (i % 97) * 1000,
              direction: 'out',
              kind: 'text',
              author: { kind: 'operator', id: `op-${i}` },
              text: 'a',
            },
          ],
          history: [
            { id: 'x', at: T0 + i + 600_000 + i, actor: { kind: 'operator', id: `op-${i}` }, type: 'close' },
          ],
        }),
      )
      bigDb.transaction(() => {
        for (const chat of many) big.replaceChat(chat.chatId, chat)
      })()
      const ctx: ReportContext = {
        store: big,
        viewer: person('admin', 'admin'),
        operatorById: () => null,
        channelById: () => null,
      }
      const period = { from: T0, to: T0 + 86_400_000 }
      const report = buildReport(ctx, period, 'operator')
      expect(new Map(report.rows.map((r) => [r.key, numbers(r)]))).toEqual(
        new Map(aggregate(many, { ...period, by: 'operator' }).map((r) => [r.key, r])),
      )
      expect(numbers(report.totals)).toEqual(aggregate(asOne(many), { ...period, by: 'channel' })[0])
    } finally {
      bigDb.close()
      rmSync(bigDir, { recursive: true, force: true })
    }
  })
})

describe('[RPS5] calendar days of a time zone', () => {
  const hours = (tz: string, from: number, to: number) =>
    daysOf(from, to, tz).map((d) => [d.day, (d.end - d.start) / 3600_000])

  it('Moscow has no DST: every day is 24 hours, starting at 21:00 UTC the day before', () => {
    const days = daysOf(Date.UTC(2026, 2, 27, 21), Date.UTC(2026, 2, 30, 21), 'Europe/Moscow')
    expect(days.map((d) => [d.day, new Date(d.start).toISOString()])).toEqual([
      ['2026-03-28', '2026-03-27T21:00:00.000Z'],
      ['2026-03-29', '2026-03-28T21:00:00.000Z'],
      ['2026-03-30', '2026-03-29T21:00:00.000Z'],
    ])
  })

  it('Berlin’s DST days are 23 and 25 hours long', () => {
    expect(hours('Europe/Berlin', Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22))).toEqual([
      ['2026-03-29', 23],
    ])
    expect(hours('Europe/Berlin', Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23))).toEqual([
      ['2026-10-25', 25],
    ])
  })

  it('a day whose midnight is skipped (Havana, 8 March 2026) starts at its first instant, 01:00', () => {
    const days = daysOf(Date.UTC(2026, 2, 7, 5), Date.UTC(2026, 2, 9, 4), 'America/Havana')
    expect(days.map((d) => [d.day, new Date(d.start).toISOString(), (d.end - d.start) / 3600_000])).toEqual([
      ['2026-03-07', '2026-03-07T05:00:00.000Z', 24],
      ['2026-03-08', '2026-03-08T05:00:00.000Z', 23],
    ])
  })

  it('a period that starts or ends inside a day cuts that day', () => {
    expect(hours('UTC', Date.UTC(2026, 0, 1, 12), Date.UTC(2026, 0, 3, 6))).toEqual([
      ['2026-01-01', 12],
      ['2026-01-02', 24],
      ['2026-01-03', 6],
    ])
  })
})
