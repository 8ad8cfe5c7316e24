/**
 * The Reports screen's state (`app/state/reports.ts`) and HTTP client (`app/sync/reports-api.ts`) against a real
 * server holding a history with known numbers: what is asked for each choice, what comes back, what is refused
 * before asking, the operator's own numbers, offline, and the CSV file.
 */
import { createRoot, createSignal } from 'solid-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReports, type ReportsState } from '../../app/state/reports'
import { createReportsApi } from '../../app/sync'
import type { ReportRow } from '../../model'
import { EXPECTED, type ReportHistory, seedReportHistory, testClock } from '../helpers/reports'
import { startTestServer, type TestServer } from '../helpers/server'

const TZ = 'Europe/Moscow'

/** The numbers of a row the history fixes (the rest, e.g. bots' messages in the totals, are the server's). */
const known = (row: ReportRow | undefined) =>
  row && {
    taken: row.taken,
    closed: row.closed,
    firstResponse: { median: row.firstResponse.median, p90: row.firstResponse.p90 },
    resolution: { median: row.resolution.median, p90: row.resolution.p90 },
    closeReasons: row.closeReasons,
    satisfaction: {
      count: row.satisfaction.count,
      average: row.satisfaction.average,
      csat: row.satisfaction.csat,
    },
  }

describe('app: the reports state against the server', () => {
  let t: TestServer
  let history: ReportHistory
  const clock = testClock()

  beforeAll(async () => {
    t = await startTestServer({ now: clock.now })
    history = await seedReportHistory(t, clock, Math.floor((Date.now() - 4 * 3_600_000) / 1000) * 1000)
  })
  afterAll(async () => {
    await t?.close()
  })

  const make = (token: string, admin: boolean, online = () => true): ReportsState =>
    createRoot(() =>
      createReports({ api: createReportsApi(token, t.url), tz: TZ, now: () => Date.now(), online, admin }),
    )

  it('loads the last 7 days per operator, then per channel, with the known numbers', async () => {
    const reports = make(t.adminToken, true)
    await reports.reload()
    expect(reports.failure()).toBeNull()
    const report = reports.report()!
    expect(report.by).toBe('operator')
    expect(report.rows.map((r) => r.name)).toEqual(['Anna', 'Boris'])
    const { messages: annaMessages, ...anna } = EXPECTED.operators.Anna
    expect(known(report.rows[0])).toEqual(anna)
    expect(report.rows[0]!.messages).toBe(annaMessages)
    const { messages: borisMessages, ...boris } = EXPECTED.operators.Boris
    expect(known(report.rows[1])).toEqual(boris)
    expect(report.rows[1]!.messages).toBe(borisMessages)
    expect(known(report.totals)).toEqual(EXPECTED.totals)
    // The series covers the 7 local days, and the 4 episodes (A's comment opened one) started on their days.
    const series = reports.series()!
    expect(series.tz).toBe(TZ)
    expect(series.days).toHaveLength(7)
    expect(series.days.reduce((n, d) => n + d.started, 0)).toBe(4)
    expect(series.days.reduce((n, d) => n + d.closed, 0)).toBe(3)
    expect(reports.ratings()).toEqual([
      expect.objectContaining({ chatId: history.chats.a, score: 5, comment: 'Very helpful, thank you!' }),
    ])
    expect(reports.hasMoreRatings()).toBe(false)
    expect(reports.loadedAt()).not.toBeNull()

    await reports.setBy('channel')
    const byChannel = reports.report()!
    expect(byChannel.rows.map((r) => [r.name, r.kind])).toEqual([
      ['Telegram shop', 'telegram'],
      ['VK group', 'vk'],
    ])
    expect(known(byChannel.rows[0])).toEqual(EXPECTED.channels['Telegram shop'])
    expect(known(byChannel.rows[1])).toEqual(EXPECTED.channels['VK group'])

    // One channel narrows everything, the ratings too.
    await reports.setChannel(history.channels.vk)
    expect(reports.report()!.rows.map((r) => r.name)).toEqual(['VK group'])
    expect(reports.ratings()).toEqual([])
  })

  it('an admin narrows to one operator; an operator gets only their own numbers, however asked', async () => {
    const admin = make(t.adminToken, true)
    await admin.setOperator(history.boris.id)
    expect(admin.report()!.rows.map((r) => r.name)).toEqual(['Boris'])
    expect(known(admin.report()!.rows[0])).toEqual(
      (({ messages: _, ...rest }) => rest)(EXPECTED.operators.Boris),
    )

    const anna = make(history.anna.token, false)
    // The operator picker is an admin's: an operator's choice is never sent (the server would refuse another's).
    await anna.setOperator(history.boris.id)
    expect(anna.failure()).toBeNull()
    expect(anna.report()!.rows.map((r) => r.name)).toEqual(['Anna'])
    expect(anna.report()!.totals.taken).toBe(2)
    await anna.setBy('channel')
    expect(anna.report()!.rows.map((r) => [r.name, r.taken])).toEqual([['Telegram shop', 2]])
  })

  it('a custom period is checked before asking; the server’s refusal is kept for the screen', async () => {
    const reports = make(t.adminToken, true)
    await reports.reload()
    const shown = reports.period()!
    await reports.setPreset('custom')
    // The custom days start as the days shown.
    expect(reports.period()).toEqual(shown)
    const before = reports.report()
    await reports.setCustomDays({ first: '2025-03-10', last: '2025-03-01' })
    expect(reports.problem()).toBe('reversed')
    expect(reports.period()).toBeNull()
    expect(reports.report()).toBe(before)
    await reports.setCustomDays({ first: '2025-03-01', last: '2025-03-10' })
    expect(reports.problem()).toBeNull()
    expect(reports.report()!.rows).toEqual([])
    expect(reports.series()!.days.map((d) => d.day)[0]).toBe('2025-03-01')
    expect(reports.series()!.days).toHaveLength(10)

    await reports.setOperator('no-such-operator')
    expect(reports.failure()).toMatchObject({ status: 400 })
    expect(reports.failure()!.message).toContain('operator')
  })

  it('offline, nothing is asked: the last numbers stay, a new choice waits for the connection', async () => {
    const [online, setOnline] = createSignal(true)
    const reports = make(t.adminToken, true, online)
    await reports.reload()
    const loaded = reports.report()
    const loadedAt = reports.loadedAt()
    setOnline(false)
    await reports.setBy('channel')
    expect(reports.stale()).toBe(true)
    expect(reports.report()).toBe(loaded)
    expect(reports.loadedAt()).toBe(loadedAt)
    setOnline(true)
    await reports.reload()
    expect(reports.stale()).toBe(false)
    expect(reports.report()!.by).toBe('channel')
  })

  it('exports the CSV of the current choice, header in the language asked, file named by the server', async () => {
    const reports = make(t.adminToken, true)
    await reports.setPreset('today')
    await reports.setPreset('last7')
    const file = await reports.exportCsv('en')
    expect(reports.exportFailure()).toBeNull()
    expect(file!.filename).toMatch(/^switchboard-operator-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = new Uint8Array(await file!.blob.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n')
    // RFC 4180: a header with a comma in it is quoted.
    expect(lines[0]).toMatch(/^Name,Taken,Closed,"First response, median \(s\)",/)
    expect(lines[1]).toBe('Anna,2,1,30.0,80.0,600.0,600.0,2,1,0,0,0,1,5.00,100.0,')
    expect(lines[2]).toBe('Boris,2,2,7500.0,7500.0,300.0,10800.0,1,0,1,0,1,0,,,')

    const bad = createReportsApi('not-a-token', t.url)
    await expect(bad.csv({ from: 0, to: 1 }, 'operator', { lang: 'en', tz: TZ })).rejects.toMatchObject({
      status: 401,
    })
  })
})
