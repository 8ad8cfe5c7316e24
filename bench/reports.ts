/**
 * `npm run bench -- reports`: how fast the reports answer over a year's worth of a busy team's work.
 *
 * A real SQLite file (the server's own schema, `openDb`) holds the episodes of chats of about
 * `BENCH_REPORTS_PER_CHAT` (10) messages each, as many as make `BENCH_REPORTS_MESSAGES` (1,000,000) messages, about
 * 100,000 chats: 20 operators, 4 channels, 90 days; takes, transfers, bot answers, unanswered and still open chats, customers coming back after a close,
 * rating requests, scores and operators' ratings of customers. Chats are plain records made with a seeded PRNG,
 * computed with the model's `chatMetrics` and written through the store's one write path (`replaceChat`), 1,000
 * chats per transaction as the server's group commits would. Then each report the API serves is built
 * `BENCH_REPORTS_RUNS` (30) times, with its JSON (or CSV) text: p50 and p99. One of them is checked against the
 * model's `aggregate` over the same chats. Goal: every report over 1,000,000 messages under 500 ms (p99).
 *
 * `npx tsx bench/reports.ts` runs it alone; `BENCH_REPORTS_DIR` keeps the seeded database for later runs.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import {
  aggregate,
  type ChatMetrics,
  type CloseReason,
  chatMetrics,
  type HistoryEvent,
  type Message,
  type RatingItem,
} from '../model'
import { ChannelRegistry } from '../sync-server/channel-registry'
import { type OperatorRecord, Operators } from '../sync-server/operators'
import { reportCsv } from '../sync-server/reports/csv'
import { buildReport, buildSeries, type ReportContext } from '../sync-server/reports/report'
import { ReportStore } from '../sync-server/reports/store'
import { openDb } from '../sync-server/storage/db'
import { random } from './search-data'
import { type LatencySummary, ms, rate, summarize } from './stats'

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

export const reportsOptions = {
  messages: envInt('BENCH_REPORTS_MESSAGES', 1_000_000),
  perChat: envInt('BENCH_REPORTS_PER_CHAT', 10),
  runs: envInt('BENCH_REPORTS_RUNS', 30),
  operators: 20,
  channels: 4,
  days: 90,
}

const DAY = 86_400_000
/** The generated history ends here (a fixed day, so every run makes the same database). */
const END = Date.UTC(2026, 10, 23)
const GOAL_MS = 500

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
/** A wait of roughly `median` ms, spread over two orders of magnitude (log-uniform). */
const wait = (rnd: () => number, median: number): number => Math.round(median * 10 ** (rnd() * 2 - 1))

/**
 * One chat as the model records it: the customer writes, an operator takes it (sometimes a bot answers first, a
 * colleague takes it over, or nobody answers), they write back and forth and it is closed; one in eight
 * customers comes back after the close for a second conversation; the last days' chats may still be open.
 */
const makeChat = (
  i: number,
  rnd: () => number,
  ops: readonly string[],
  channels: readonly string[],
  perChat: number,
): { record: Parameters<typeof chatMetrics>[0]; messages: number } => {
  const messages: Message[] = []
  const history: HistoryEvent[] = []
  const ratings: RatingItem[] = []
  let at = END - reportsOptions.days * DAY + Math.floor(rnd() * (reportsOptions.days * DAY - 6 * 3600_000))
  const conversations = rnd() < 0.125 ? 2 : 1
  let n = 0
  const say = (direction: 'in' | 'out', author: Message['author']): void => {
    messages.push({ id: `m${n++}`, at, direction, kind: 'text', author, text: '' })
  }
  for (let c = 0; c < conversations; c++) {
    const budget = Math.max(2, Math.round(perChat / conversations))
    const op = pick(rnd, ops)
    if (c > 0) history.push({ id: `h${n++}`, at, actor: { kind: 'server' }, type: 'reopen' })
    say('in', { kind: 'customer' })
    let written = 1
    const roll = rnd()
    if (roll < 0.05) {
      // A bot answers first; an operator takes over later.
      at += wait(rnd, 2_000)
      say('out', { kind: 'bot', name: 'Бот' })
      written++
    }
    at += wait(rnd, 60_000)
    history.push({
      id: `h${n++}`,
      at,
      actor: { kind: 'operator', id: op },
      type: 'assign',
      to: op,
      expectFrom: null,
    })
    let assignee = op
    if (roll > 0.95) {
      const other = pick(rnd, ops)
      at += wait(rnd, 30_000)
      history.push({
        id: `h${n++}`,
        at,
        actor: { kind: 'operator', id: op },
        type: 'assign',
        to: other,
        expectFrom: op,
      })
      assignee = other
    }
    const unanswered = roll > 0.9 && roll <= 0.93
    for (; written < budget && !unanswered; written++) {
      at += wait(rnd, written % 2 === 1 ? 90_000 : 120_000)
      if (written % 2 === 1) say('out', { kind: 'operator', id: assignee })
      else say('in', { kind: 'customer' })
    }
    const recent = END - at < 3 * DAY
    if (recent && rnd() < 0.3) break
    at += wait(rnd, 300_000)
    const reason = pick(rnd, ['solved', 'solved', 'solved', 'no_reply', 'other', undefined] as const)
    history.push({
      id: `h${n++}`,
      at,
      actor: { kind: 'operator', id: assignee },
      type: 'close',
      ...(reason && { reason: reason as CloseReason }),
    })
    if (rnd() < 0.4) {
      const request = `r${n++}`
      ratings.push({ kind: 'request', id: request, at: at + 1_000, messageId: `m-${request}` })
      if (rnd() < 0.6)
        ratings.push({
          kind: 'customer',
          id: `r${n++}`,
          at: at + wait(rnd, 120_000),
          score: pick(rnd, [1, 2, 3, 4, 4, 5, 5, 5, 5]),
          requestId: request,
          via: 'button',
        })
    }
    if (rnd() < 0.1)
      ratings.push({
        kind: 'operator',
        id: `r${n++}`,
        at: at + 5_000,
        by: assignee,
        score: pick(rnd, [2, 3, 4, 5]),
      })
    at += wait(rnd, 2 * DAY)
    if (at >= END) break
  }
  return {
    record: { chatId: `chat-${i}`, channelId: pick(rnd, channels), messages, history, ratings },
    messages: messages.length,
  }
}

const SEED_FILE = 'bench-reports.json'
const SEED_VERSION = 1

interface Seeded {
  readonly ops: string[]
  readonly channels: string[]
  readonly chats: number
  readonly messages: number
  readonly episodes: number
  readonly seedSeconds: number
  readonly writeSeconds: number
}

/** Writes the chats through `replaceChat`, 1,000 per transaction; keeps their metrics for the check. */
const seed = async (
  db: ReturnType<typeof openDb>,
  store: ReportStore,
  log: (line: string) => void,
  keep: ChatMetrics[],
): Promise<Seeded> => {
  const started = performance.now()
  const operators = new Operators(db)
  const channelRegistry = new ChannelRegistry(db)
  const ops: string[] = []
  for (let i = 0; i < reportsOptions.operators; i++) {
    const op = await operators.create({
      email: `operator${i}@bench.local`,
      name: `Оператор ${String(i + 1).padStart(2, '0')}`,
      password: 'bench-password-123',
      role: 'operator',
    })
    ops.push(op.id)
  }
  const kinds = ['telegram', 'whatsapp', 'vk', 'widget'] as const
  const channels = kinds
    .slice(0, reportsOptions.channels)
    .map((kind) => channelRegistry.create({ kind, name: `Канал ${kind}`, config: {} }).id)
  const rnd = random(7)
  let messages = 0
  let episodes = 0
  let writeMs = 0
  const batch: ChatMetrics[] = []
  const flush = (): void => {
    const t = performance.now()
    db.transaction(() => {
      for (const m of batch) store.replaceChat(m.chatId, m)
    })()
    writeMs += performance.now() - t
    batch.length = 0
  }
  let i = 0
  for (; messages < reportsOptions.messages; i++) {
    const chat = makeChat(i, rnd, ops, channels, reportsOptions.perChat)
    messages += chat.messages
    const metrics = chatMetrics(chat.record)
    episodes += metrics.episodes.length
    keep.push(metrics)
    batch.push(metrics)
    if (batch.length === 1_000) flush()
    if ((i + 1) % 20_000 === 0) log(`reports: ${i + 1} chats, ${messages} messages`)
  }
  flush()
  return {
    chats: i,
    ops,
    channels,
    messages,
    episodes,
    seedSeconds: (performance.now() - started) / 1000,
    writeSeconds: writeMs / 1000,
  }
}

export interface ReportsBenchResult {
  readonly seeded: Seeded
  readonly dbBytes: number
  readonly reused: boolean
  readonly checked: boolean
  readonly cases: Array<{ readonly label: string; readonly latency: LatencySummary; readonly size: string }>
}

export const runReportsBench = async (log: (line: string) => void): Promise<ReportsBenchResult> => {
  const keepDir = process.env.BENCH_REPORTS_DIR || null
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'switchboard-bench-reports-'))
  try {
    let info: Seeded | null = null
    if (keepDir !== null) {
      try {
        const saved = JSON.parse(readFileSync(join(dir, SEED_FILE), 'utf8')) as Seeded &
          Record<string, unknown>
        if (saved.version === SEED_VERSION && saved.target === reportsOptions.messages) info = saved
      } catch {
        info = null
      }
      if (info === null) rmSync(dir, { recursive: true, force: true })
    }
    const db = openDb(dir, 'NORMAL')
    const store = new ReportStore(db)
    const kept: ChatMetrics[] = []
    const reused = info !== null
    if (info === null) {
      info = await seed(db, store, log, kept)
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.pragma('optimize')
      writeFileSync(
        join(dir, SEED_FILE),
        JSON.stringify({ version: SEED_VERSION, target: reportsOptions.messages, ...info }),
      )
      log(
        `reports: ${rate(info.chats)} chats, ${rate(info.messages)} messages, ${rate(info.episodes)} episodes in ${info.seedSeconds.toFixed(1)} s (${info.writeSeconds.toFixed(1)} s writing)`,
      )
    } else log(`reports: reusing the seeded database in ${dir}`)
    const seeded = info
    const operators = new Operators(db)
    const channels = new ChannelRegistry(db)
    const admin: OperatorRecord = {
      id: 'bench-admin',
      email: 'admin@bench.local',
      name: 'Admin',
      role: 'admin',
      channels: null,
      tags: [],
      active: true,
      createdAt: 0,
    }
    const context = (viewer: OperatorRecord): ReportContext => ({
      store,
      viewer,
      operatorById: (id) => operators.byId(id),
      channelById: (id) => channels.byId(id),
    })
    const asAdmin = context(admin)
    const oneOperator = context(operators.byId(seeded.ops[0]!)!)
    const last = (days: number) => ({ from: END - days * DAY, to: END })
    const cases: Array<{ label: string; run: () => string }> = [
      {
        label: '30 days by operator (admin)',
        run: () => JSON.stringify(buildReport(asAdmin, last(30), 'operator')),
      },
      {
        label: '30 days by channel (admin)',
        run: () => JSON.stringify(buildReport(asAdmin, last(30), 'channel')),
      },
      {
        label: 'one operator’s own, 30 days',
        run: () => JSON.stringify(buildReport(oneOperator, last(30), 'operator')),
      },
      {
        label: '90 days by operator (admin)',
        run: () => JSON.stringify(buildReport(asAdmin, last(90), 'operator')),
      },
      {
        label: '90 days by channel (admin)',
        run: () => JSON.stringify(buildReport(asAdmin, last(90), 'channel')),
      },
      {
        label: 'series, 30 days per day (Europe/Moscow)',
        run: () => JSON.stringify(buildSeries(asAdmin, last(30), 'Europe/Moscow')),
      },
      {
        label: 'series, 90 days per day (Europe/Moscow)',
        run: () => JSON.stringify(buildSeries(asAdmin, last(90), 'Europe/Moscow')),
      },
      {
        label: 'CSV, 30 days by operator',
        run: () => reportCsv(buildReport(asAdmin, last(30), 'operator'), 'ru'),
      },
    ]
    let checked = false
    if (kept.length > 0) {
      // The store's answer is the model's: the 30-day report by operator against `aggregate` in memory.
      const report = buildReport(asAdmin, last(30), 'operator')
      const expected = aggregate(kept, { ...last(30), by: 'operator' })
      const mine = new Map(report.rows.map(({ name: _n, kind: _k, ...row }) => [row.key, row]))
      checked =
        expected.length === mine.size && expected.every((row) => isDeepStrictEqual(mine.get(row.key), row))
      if (!checked) throw new Error('the reports store disagrees with aggregate over the same chats')
      log('reports: the 30-day report by operator equals aggregate over the same chats')
    }
    const results: ReportsBenchResult['cases'] = []
    for (const { label, run } of cases) {
      // Two unmeasured runs: SQLite's page cache as on a server that has answered before.
      run()
      const size = run().length
      const samples = new Float64Array(reportsOptions.runs)
      for (let i = 0; i < reportsOptions.runs; i++) {
        const t = performance.now()
        run()
        samples[i] = performance.now() - t
      }
      const latency = summarize(samples)
      results.push({ label, latency, size: `${(size / 1024).toFixed(1)} KB` })
      log(`reports: ${label}: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms`)
    }
    const dbBytes = statSync(join(dir, 'switchboard.sqlite')).size
    db.close()
    return { seeded, dbBytes, reused, checked, cases: results }
  } finally {
    if (keepDir === null) rmSync(dir, { recursive: true, force: true })
  }
}

export const reportsBenchReport = (r: ReportsBenchResult): string => {
  const worst = Math.max(...r.cases.map((c) => c.latency.p99))
  const s = r.seeded
  return [
    `### Reports (${rate(s.chats)} chats, ${rate(s.messages)} messages, ${rate(s.episodes)} episodes, ${reportsOptions.operators} operators, ${reportsOptions.channels} channels, ${reportsOptions.days} days)`,
    '',
    '| report | p50 ms | p99 ms | max ms | answer |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.cases.map(
      (c) =>
        `| ${c.label} | ${ms(c.latency.p50)} | ${ms(c.latency.p99)} | ${ms(c.latency.max)} | ${c.size} |`,
    ),
    '',
    `${r.reused ? 'Seeded earlier' : `Seeded in ${s.seedSeconds.toFixed(0)} s, ${s.writeSeconds.toFixed(1)} s of it writing through \`replaceChat\` (${rate(s.chats / s.writeSeconds)} chats/s)`}; the database is ${(r.dbBytes / 1024 / 1024).toFixed(0)} MB. ${r.cases.length} reports × ${reportsOptions.runs} runs, each with its JSON or CSV text.${r.checked ? ' The 30-day report by operator was checked equal to `aggregate` over the same chats.' : ''}`,
    `**Goal** reports over ${rate(s.messages)} messages under ${GOAL_MS} ms (p99 of every report): **${worst < GOAL_MS ? 'met' : 'not met'}**`,
    '',
  ].join('\n')
}

if (process.argv[1]?.endsWith('reports.ts')) {
  const log = (line: string): void => void process.stderr.write(`${line}\n`)
  process.stdout.write(`${reportsBenchReport(await runReportsBench(log))}\n`)
}
