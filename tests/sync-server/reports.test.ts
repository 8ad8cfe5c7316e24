/**
 * The reports API against a real server (port 0, real SQLite, real sockets): a generated history with known
 * answers written through the real doors (customers through `services.ingest`, operators through the REST chat
 * routes and a sync client, ratings as the server records them), then the reports per operator, per channel, per
 * day and the ratings list; access; the CSV; bad input. The server's clock is the test's, so every time is exact.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  aggregate,
  type ChatMetrics,
  chatDocName,
  chatMetricsOf,
  chatParts,
  operatorContext,
  type Report,
  type ReportRow,
  rateCustomer,
  recordCustomerRating,
  recordRatingComment,
  recordRatingRequest,
  sendOperatorMessage,
  serverContext,
} from '../../model'
import {
  eventually,
  OPERATOR_PASSWORD,
  startTestServer,
  syncClient,
  type TestServer,
  tempDir,
} from '../helpers/server'

/** Monday 2 November 2026, 06:00 UTC; each conversation has a two-hour slot after it. */
const T0 = Date.UTC(2026, 10, 2, 6)
const SLOT = 2 * 3600_000
const S = 1000
const FROM = Date.UTC(2026, 10, 1)
const TO = Date.UTC(2026, 10, 5)

interface Who {
  readonly id: string
  readonly token: string
}

interface Team {
  readonly t: TestServer
  readonly tg: string
  readonly web: string
  readonly anna: Who
  readonly boris: Who
  readonly vera: Who
  readonly chats: Map<string, string>
  readonly setClock: (at: number) => void
}

const VERA = 'Вера "Старшая", смена 2'

/**
 * The history, slot by slot (first response and resolution in seconds from the customer's first message):
 * Anna in Telegram A1 30/300 solved, A2 60/600 solved (two answers), A3 90/900 no_reply, A4 120/1200 solved,
 * A5 600/3600 no reason, U1 taken and closed unanswered after 1800 no_reply, A1 again the next day 15/150 solved
 * (answered without a take: the auto-claim takes it); Boris on the website B1 10/100 solved, B2 20/200 other,
 * B3 40/400 solved, B4 80/800 solved; T1 in Telegram taken by Anna, transferred to Boris, who answers at 50 and
 * closes at 500 solved; Vera on the website V1 answered at 45, left open. Ratings: A1 5 with a comment, A2 4,
 * A3 2, B1 3, T1 5, U1 asked but not answered; Anna rates A1's customer 4, Boris B1's 2.
 */
const buildHistory = async (): Promise<Team> => {
  let clock = T0
  const setClock = (at: number): void => {
    clock = at
  }
  const t = await startTestServer({ now: () => clock })
  const tg = await t.channel('Телеграм', 'telegram')
  const web = await t.channel('Сайт', 'widget')
  const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
  const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
  const vera = await t.operator({ email: 'vera@test.local', name: VERA })
  const chats = new Map<string, string>()

  const customer = async (name: string, channelId: string, at: number, external = name): Promise<string> => {
    clock = at
    const r = await t.server.services.ingest({
      channelId,
      externalChatId: external,
      contact: { firstName: `Клиент ${external}` },
      message: { text: 'Здравствуйте, у меня вопрос', at },
    })
    chats.set(name, r.chatId)
    return r.chatId
  }
  const rest = async (who: Who, chatId: string, path: string, at: number, body: unknown = {}) => {
    clock = at
    const res = await t.api(`/api/chats/${chatId}/${path}`, { token: who.token, body })
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`)
  }
  const take = (who: Who, chatId: string, at: number) => rest(who, chatId, 'take', at)
  const reply = (who: Who, chatId: string, at: number) =>
    rest(who, chatId, 'messages', at, { text: 'Отвечаю' })
  const close = (who: Who, chatId: string, at: number, reason?: string) =>
    rest(who, chatId, 'close', at, reason ? { reason } : {})
  const server = <T>(chatId: string, at: number, write: (doc: Y.Doc) => T): Promise<T> => {
    clock = at
    return t.server.hub.transact(chatDocName(chatId), write, serverContext('test', at).origin)
  }
  /** The customer is asked at the close and answers a minute later. */
  const rated = async (chatId: string, closedAt: number, score: number | null, comment?: string) => {
    const request = await server(chatId, closedAt + S, (doc) =>
      recordRatingRequest(doc, { messageId: `ask-${chatId}` }, serverContext('test', closedAt + S)),
    )
    if (score === null) return
    const rating = await server(chatId, closedAt + 60 * S, (doc) =>
      recordCustomerRating(
        doc,
        { score, requestId: request.id, via: 'text' },
        serverContext('test', closedAt + 60 * S),
      ),
    )
    if (comment)
      await server(chatId, closedAt + 90 * S, (doc) =>
        recordRatingComment(
          doc,
          { ratingId: rating.id, text: comment },
          serverContext('test', closedAt + 90 * S),
        ),
      )
  }
  /** One operator's conversation: take at half the first response, answer, close. */
  const simple = async (
    name: string,
    who: Who,
    channelId: string,
    slot: number,
    fr: number,
    res: number,
    reason?: string,
  ) => {
    const start = T0 + slot * SLOT
    const chatId = await customer(name, channelId, start)
    await take(who, chatId, start + (fr * S) / 2)
    await reply(who, chatId, start + fr * S)
    if (name === 'A2') await reply(who, chatId, start + (fr + 30) * S)
    await close(who, chatId, start + res * S, reason)
    return { chatId, closedAt: start + res * S }
  }

  const a1 = await simple('A1', anna, tg, 0, 30, 300, 'solved')
  await rated(a1.chatId, a1.closedAt, 5, 'Спасибо, всё отлично')
  // Anna rates the customer from her app: a sync client, the operator's own door.
  const annaApp = syncClient(t.wsUrl, anna.token)
  const a1Doc = new Y.Doc()
  annaApp.open(chatDocName(a1.chatId), a1Doc)
  await annaApp.whenSynced()
  clock = a1.closedAt + 120 * S
  rateCustomer(a1Doc, { score: 4, note: 'вежливый' }, operatorContext(anna.id, clock))
  await eventually(
    () => chatParts(t.server.hub.open(chatDocName(a1.chatId)).doc).ratings.length === 4,
    'Anna’s rating of the customer reached the server',
  )
  annaApp.destroy()
  const a2 = await simple('A2', anna, tg, 1, 60, 600, 'solved')
  await rated(a2.chatId, a2.closedAt, 4)
  const a3 = await simple('A3', anna, tg, 2, 90, 900, 'no_reply')
  await rated(a3.chatId, a3.closedAt, 2)
  const b1 = await simple('B1', boris, web, 3, 10, 100, 'solved')
  await rated(b1.chatId, b1.closedAt, 3)
  await server(b1.chatId, b1.closedAt + 200 * S, (doc) =>
    rateCustomer(doc, { score: 2 }, operatorContext(boris.id, b1.closedAt + 200 * S)),
  )
  await simple('B2', boris, web, 4, 20, 200, 'other')
  // T1: Anna takes, transfers to Boris; he answers and closes.
  const t1Start = T0 + 5 * SLOT
  const t1 = await customer('T1', tg, t1Start)
  await take(anna, t1, t1Start + 5 * S)
  await rest(anna, t1, 'assign', t1Start + 10 * S, { to: boris.id })
  await reply(boris, t1, t1Start + 50 * S)
  await close(boris, t1, t1Start + 500 * S, 'solved')
  await rated(t1, t1Start + 500 * S, 5)
  // U1: taken and closed without an answer; asked, never answered.
  const u1Start = T0 + 6 * SLOT
  const u1 = await customer('U1', tg, u1Start)
  await take(anna, u1, u1Start + 20 * S)
  await close(anna, u1, u1Start + 1800 * S, 'no_reply')
  await rated(u1, u1Start + 1800 * S, null)
  // V1: Vera answers and leaves it open.
  const v1Start = T0 + 7 * SLOT
  const v1 = await customer('V1', web, v1Start)
  await take(vera, v1, v1Start + 5 * S)
  await reply(vera, v1, v1Start + 45 * S)
  await simple('A4', anna, tg, 8, 120, 1200, 'solved')
  await simple('B3', boris, web, 9, 40, 400, 'solved')
  await simple('A5', anna, tg, 10, 600, 3600)
  await simple('B4', boris, web, 11, 80, 800, 'solved')
  // A1's customer writes again the next day: a new conversation in the same chat [MET1].
  const again = T0 + 12 * SLOT
  await customer('A1b', tg, again, 'A1')
  await reply(anna, a1.chatId, again + 15 * S)
  await close(anna, a1.chatId, again + 150 * S, 'solved')
  await t.server.services.reports.flush()
  return { t, tg, web, anna, boris, vera, chats, setClock }
}

const stats = (count: number, median: number | null, p90: number | null) => ({
  count,
  median: median === null ? null : median * S,
  p90: p90 === null ? null : p90 * S,
})
const sat = (requested: number, scores: number[]) => {
  const positive = scores.filter((s) => s >= 4).length
  return {
    requested,
    count: scores.length,
    average: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    positive,
    csat: scores.length ? (positive / scores.length) * 100 : null,
  }
}

describe('reports API: a generated history with known answers', () => {
  let team: Team
  beforeAll(async () => {
    team = await buildHistory()
  }, 60_000)
  afterAll(async () => {
    await team?.t.close()
  })

  const get = <T = Report>(token: string, path: string) => team.t.api<T>(path, { token })
  const period = `from=${FROM}&to=${TO}`

  it('[MET10] [MET13] per operator: taken, closed, medians and p90s, messages, reasons, ratings', async () => {
    const { t, anna, boris, vera } = team
    const res = await get(t.adminToken, `/api/reports?${period}&by=operator`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ from: FROM, to: TO, by: 'operator' })
    const rows = res.body.rows
    expect(rows.map((r) => r.name)).toEqual(['Анна', 'Борис', VERA])
    expect(rows[0]).toEqual({
      key: anna.id,
      name: 'Анна',
      taken: 8,
      closed: 7,
      firstResponse: stats(6, 60, 600),
      resolution: stats(7, 900, 3600),
      messages: 7,
      closeReasons: { solved: 4, no_reply: 2, other: 0, none: 1 },
      satisfaction: sat(5, [5, 4, 2, 5]),
      customerRating: { count: 1, average: 4 },
    })
    expect(rows[1]).toEqual({
      key: boris.id,
      name: 'Борис',
      taken: 5,
      closed: 5,
      firstResponse: stats(5, 40, 80),
      resolution: stats(5, 400, 800),
      messages: 5,
      closeReasons: { solved: 4, no_reply: 0, other: 1, none: 0 },
      satisfaction: sat(2, [3, 5]),
      customerRating: { count: 1, average: 2 },
    })
    expect(rows[2]).toMatchObject({
      key: vera.id,
      taken: 1,
      closed: 0,
      firstResponse: stats(1, 45, 45),
      resolution: stats(0, null, null),
      satisfaction: sat(0, []),
    })
    // The totals count each episode once, whoever took part (T1 had two operators).
    expect(res.body.totals).toEqual({
      key: 'total',
      name: '',
      taken: 13,
      closed: 12,
      firstResponse: stats(12, 45, 120),
      resolution: stats(12, 500, 1800),
      messages: 13,
      closeReasons: { solved: 8, no_reply: 2, other: 1, none: 1 },
      satisfaction: sat(6, [5, 4, 2, 3, 5]),
      customerRating: { count: 2, average: 3 },
    })
  })

  it('[MET11] per channel, with the channel’s kind, and a channel filter', async () => {
    const { t, tg, web } = team
    const res = await get(t.adminToken, `/api/reports?${period}&by=channel`)
    expect(res.body.rows).toEqual([
      {
        key: web,
        name: 'Сайт',
        kind: 'widget',
        taken: 5,
        closed: 4,
        firstResponse: stats(5, 40, 80),
        resolution: stats(4, 200, 800),
        messages: 5,
        closeReasons: { solved: 3, no_reply: 0, other: 1, none: 0 },
        satisfaction: sat(1, [3]),
        customerRating: { count: 1, average: 2 },
      },
      {
        key: tg,
        name: 'Телеграм',
        kind: 'telegram',
        taken: 8,
        closed: 8,
        firstResponse: stats(7, 60, 600),
        resolution: stats(8, 600, 3600),
        messages: 8,
        closeReasons: { solved: 5, no_reply: 2, other: 0, none: 1 },
        satisfaction: sat(5, [5, 4, 2, 5]),
        customerRating: { count: 1, average: 4 },
      },
    ])
    const onlyWeb = await get(t.adminToken, `/api/reports?${period}&by=operator&channel=${web}`)
    expect(onlyWeb.body.rows.map((r) => [r.name, r.taken, r.firstResponse.median])).toEqual([
      ['Борис', 4, 20 * S],
      [VERA, 1, 45 * S],
    ])
    expect(onlyWeb.body.totals.taken).toBe(5)
  })

  it('[MET8] a period counts the episodes that started in it', async () => {
    const { t } = team
    // Only the second day: B3, A5, B4 and A1's second conversation.
    const day2 = `from=${Date.UTC(2026, 10, 3)}&to=${Date.UTC(2026, 10, 4)}`
    const res = await get(t.adminToken, `/api/reports?${day2}&by=operator`)
    expect(res.body.rows.map((r) => [r.name, r.taken, r.closed, r.firstResponse])).toEqual([
      ['Анна', 2, 2, stats(2, 15, 600)],
      ['Борис', 2, 2, stats(2, 40, 80)],
    ])
  })

  it('[RPS5] the series per day in the asked time zone, every day present', async () => {
    const { t } = team
    // Moscow days (UTC+3): the 2nd holds the first eight conversations, the 3rd the other five.
    const from = Date.UTC(2026, 10, 1, 21)
    const to = Date.UTC(2026, 10, 4, 21)
    const res = await get<{ tz: string; days: unknown[] }>(
      t.adminToken,
      `/api/reports/series?from=${from}&to=${to}&tz=Europe/Moscow`,
    )
    expect(res.status).toBe(200)
    expect(res.body.tz).toBe('Europe/Moscow')
    expect(res.body.days).toEqual([
      {
        day: '2026-11-02',
        started: 8,
        closed: 7,
        firstResponseMedian: 45 * S,
        resolutionMedian: 500 * S,
        satisfactionAverage: 3.8,
      },
      {
        day: '2026-11-03',
        started: 5,
        closed: 5,
        firstResponseMedian: 80 * S,
        resolutionMedian: 800 * S,
        satisfactionAverage: null,
      },
      {
        day: '2026-11-04',
        started: 0,
        closed: 0,
        firstResponseMedian: null,
        resolutionMedian: null,
        satisfactionAverage: null,
      },
    ])
    const utc = await get<{ days: Array<{ day: string; started: number }> }>(
      t.adminToken,
      `/api/reports/series?${period}`,
    )
    expect(utc.body.days.map((d) => [d.day, d.started])).toEqual([
      ['2026-11-01', 0],
      ['2026-11-02', 9],
      ['2026-11-03', 4],
      ['2026-11-04', 0],
    ])
  })

  it('the customers’ ratings, newest first, page by page, with comments and who took part', async () => {
    const { t, anna, boris, chats, tg } = team
    type Page = {
      items: Array<{
        chatId: string
        channelId: string
        contactName: string
        score: number
        comment: string | null
        at: number
        operatorIds: string[]
      }>
      next: string | null
    }
    const seen: Page['items'] = []
    let next: string | null = null
    do {
      const res: { status: number; body: Page } = await get<Page>(
        t.adminToken,
        `/api/reports/ratings?${period}&limit=2${next ? `&before=${next}` : ''}`,
      )
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.items)
      next = res.body.next
    } while (next !== null)
    expect(seen.map((r) => [r.chatId, r.score])).toEqual([
      [chats.get('T1'), 5],
      [chats.get('B1'), 3],
      [chats.get('A3'), 2],
      [chats.get('A2'), 4],
      [chats.get('A1'), 5],
    ])
    expect(seen.at(-1)).toEqual({
      chatId: chats.get('A1'),
      channelId: tg,
      contactName: 'Клиент A1',
      score: 5,
      comment: 'Спасибо, всё отлично',
      at: T0 + 300 * S + 60 * S,
      operatorIds: [anna.id],
    })
    expect([...seen[0]!.operatorIds].sort()).toEqual([anna.id, boris.id].sort())
    // Boris sees the ratings of the conversations he took part in.
    const his = await get<Page>(boris.token, `/api/reports/ratings?${period}`)
    expect(his.body.items.map((r) => r.chatId)).toEqual([chats.get('T1'), chats.get('B1')])
  })

  it('[RPS4] an operator gets only their own row; another operator’s id is forbidden; an admin sees all', async () => {
    const { t, anna, boris } = team
    const own = await get(anna.token, `/api/reports?${period}&by=operator`)
    expect(own.status).toBe(200)
    expect(own.body.rows.map((r) => r.key)).toEqual([anna.id])
    expect(own.body.rows[0]).toMatchObject({ taken: 8, closed: 7, firstResponse: stats(6, 60, 600) })
    // Her totals are her own numbers, not the team's.
    expect(own.body.totals).toMatchObject({ key: 'total', taken: 8, closed: 7, messages: 7 })
    const asked = await get(anna.token, `/api/reports?${period}&by=operator&operator=${anna.id}`)
    expect(asked.body.rows).toEqual(own.body.rows)
    const other = await get(anna.token, `/api/reports?${period}&by=operator&operator=${boris.id}`)
    expect(other.status).toBe(403)
    expect(other.body).toMatchObject({ code: 'forbidden' })
    expect((await get(anna.token, `/api/reports/series?${period}&operator=${boris.id}`)).status).toBe(403)
    expect((await get(anna.token, `/api/reports/ratings?${period}&operator=${boris.id}`)).status).toBe(403)
    expect(
      (await get(anna.token, `/api/reports.csv?${period}&by=operator&operator=${boris.id}`)).status,
    ).toBe(403)
    // By channel: her own numbers in each channel (she worked only in Telegram).
    const byChannel = await get(anna.token, `/api/reports?${period}&by=channel`)
    expect(byChannel.body.rows.map((r) => [r.name, r.taken, r.closed, r.messages])).toEqual([
      ['Телеграм', 8, 7, 7],
    ])
    const borisChannels = await get(boris.token, `/api/reports?${period}&by=channel`)
    expect(borisChannels.body.rows.map((r) => [r.name, r.taken, r.closed, r.firstResponse.median])).toEqual([
      ['Сайт', 4, 4, 20 * S],
      ['Телеграм', 1, 1, 50 * S],
    ])
    // The admin may look at one operator: the same numbers she sees.
    const adminOnAnna = await get(t.adminToken, `/api/reports?${period}&by=channel&operator=${anna.id}`)
    expect(adminOnAnna.body).toEqual(byChannel.body)
    // Her days are her own too.
    const series = await get<{ days: Array<{ day: string; started: number }> }>(
      anna.token,
      `/api/reports/series?${period}`,
    )
    expect(series.body.days.map((d) => d.started)).toEqual([0, 6, 2, 0])
    expect((await t.api(`/api/reports?${period}&by=operator`)).status).toBe(401)
    // An integration token reads chats, not the team's numbers.
    const token = await t.api<{ token: string }>('/api/admin/tokens', {
      token: t.adminToken,
      body: { name: 'CRM', scope: 'read' },
    })
    expect((await get(token.body.token, `/api/reports?${period}&by=channel`)).status).toBe(403)
  })

  it('[RPS2] the store holds what the model computes from every chat doc now', async () => {
    const { t, chats } = team
    const metrics = [...new Set(chats.values())].map(
      (id) => chatMetricsOf(t.server.hub.open(chatDocName(id)).doc) as ChatMetrics,
    )
    const res = await get(t.adminToken, `/api/reports?${period}&by=operator`)
    const strip = ({ name: _n, kind: _k, ...row }: ReportRow) => row
    // aggregate sorts by key, the report by name.
    expect(new Map(res.body.rows.map((r) => [r.key, strip(r)]))).toEqual(
      new Map(aggregate(metrics, { from: FROM, to: TO, by: 'operator' }).map((r) => [r.key, r])),
    )
  })

  it('the CSV: BOM, CRLF, header in the asked language, quoted fields, totals, file name', async () => {
    const { t } = team
    const res = await fetch(`${t.url}/api/reports.csv?${period}&by=operator`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="switchboard-operator-2026-11-01-2026-11-04.csv"',
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text.endsWith('\r\n')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines[0]).toBe(
      'Имя,Взято,Закрыто,"Первый ответ, медиана (с)","Первый ответ, p90 (с)","Решение, медиана (с)",' +
        '"Решение, p90 (с)",Сообщений,Вопрос решён,Клиент не отвечает,Другое,Без причины,Оценок,Средняя оценка,' +
        '"CSAT, %","Оценка клиента, средняя"',
    )
    expect(lines.slice(1, -1)).toEqual([
      'Анна,8,7,60.0,600.0,900.0,3600.0,7,4,2,0,1,4,4.00,75.0,4.00',
      'Борис,5,5,40.0,80.0,400.0,800.0,5,4,0,1,0,2,4.00,50.0,2.00',
      '"Вера ""Старшая"", смена 2",1,0,45.0,45.0,,,1,0,0,0,0,0,,,',
      'Итого,13,12,45.0,120.0,500.0,1800.0,13,8,2,1,1,5,3.80,60.0,3.00',
    ])
    const en = await fetch(`${t.url}/api/reports.csv?${period}&by=channel&lang=en&tz=Europe/Moscow`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    const enText = await en.text()
    expect(enText.split('\r\n')[0]).toMatch(/^Name,Taken,Closed,"First response, median \(s\)"/)
    expect(enText.split('\r\n').at(-2)).toMatch(/^Total,13,12,/)
    expect(en.headers.get('content-disposition')).toContain('switchboard-channel-2026-11-01-2026-11-05.csv')
  })

  it('bad input is 400 {code, message}: a reversed or too long period, unknown by, times that are not numbers', async () => {
    const { t } = team
    const bad = [
      `/api/reports?from=${TO}&to=${FROM}&by=operator`,
      `/api/reports?from=${FROM}&to=${FROM}&by=operator`,
      `/api/reports?from=${FROM}&to=${FROM + 401 * 86_400_000}&by=operator`,
      `/api/reports?${period}&by=team`,
      `/api/reports?${period}`,
      `/api/reports?from=yesterday&to=${TO}&by=operator`,
      `/api/reports?from=${FROM}&to=1e12&by=operator`,
      `/api/reports?from=${FROM}&by=operator`,
      `/api/reports?${period}&by=operator&operator=nobody`,
      `/api/reports?${period}&by=channel&channel=nowhere`,
      `/api/reports/series?${period}&tz=Mars/Olympus`,
      `/api/reports/ratings?${period}&limit=0`,
      `/api/reports/ratings?${period}&limit=ten`,
      `/api/reports/ratings?${period}&before=not-a-cursor`,
      `/api/reports.csv?${period}&by=operator&lang=de`,
    ]
    for (const path of bad) {
      const res = await get<{ code: string; message: string }>(t.adminToken, path)
      expect([path, res.status]).toEqual([path, 400])
      expect(res.body.code).toBe('invalid_input')
      expect(res.body.message.length).toBeGreaterThan(0)
    }
    const long = await get<{ message: string }>(
      t.adminToken,
      `/api/reports?from=${FROM}&to=${FROM + 401 * 86_400_000}&by=operator`,
    )
    expect(long.body.message).toBe('to: a period is at most 400 days')
    // Exactly 400 days is allowed.
    expect(
      (await get(t.adminToken, `/api/reports?from=${FROM}&to=${FROM + 400 * 86_400_000}&by=operator`)).status,
    ).toBe(200)
  })
})

describe('reports API: the store follows the docs', () => {
  it('[MET3] [RPS3] an answer written offline merges late and then counts at the time it was written', async () => {
    let clock = T0
    const t = await startTestServer({ now: () => clock })
    const app = syncClient(t.wsUrl, (await t.operator({ email: 'anna@test.local', name: 'Анна' })).token)
    try {
      const tg = await t.channel('Телеграм', 'telegram')
      const anna = t.server.services.operators.list().find((op) => op.name === 'Анна')!
      const { chatId } = await t.server.services.ingest({
        channelId: tg,
        externalChatId: 'offline',
        contact: { firstName: 'Мария' },
        message: { text: 'Где мой заказ?', at: T0 },
      })
      const doc = new Y.Doc()
      app.open(chatDocName(chatId), doc)
      await app.whenSynced()
      app.destroy()
      // Offline: Anna answers 70 s after the customer wrote (an auto-claim takes the chat); nobody knows yet.
      clock = T0 + 70 * S
      sendOperatorMessage(doc, { text: 'Уже смотрю' }, operatorContext(anna.id, clock))
      clock = T0 + 40 * 60 * S
      await t.server.services.reports.flush()
      const path = `/api/reports?from=${FROM}&to=${TO}&by=operator`
      const before = await t.api<Report>(path, { token: t.adminToken })
      expect(before.body.rows).toEqual([])
      expect(before.body.totals.firstResponse.count).toBe(0)
      // Forty minutes later she is back online: the answer merges, and the report follows on its own.
      const back = syncClient(t.wsUrl, (await t.login('anna@test.local', OPERATOR_PASSWORD)) as string)
      back.open(chatDocName(chatId), doc)
      await back.whenSynced()
      // Polled through the API: the follower recomputes the chat on its own timer, a moment after the merge.
      let report = before.body
      const deadline = Date.now() + 10_000
      while (report.rows.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50))
        report = (await t.api<Report>(path, { token: t.adminToken })).body
      }
      back.destroy()
      expect(report.rows[0]).toMatchObject({
        key: anna.id,
        taken: 1,
        messages: 1,
        firstResponse: { count: 1, median: 70 * S, p90: 70 * S },
      })
      expect(report.totals.firstResponse).toEqual({ count: 1, median: 70 * S, p90: 70 * S })
    } finally {
      app.destroy()
      await t.close()
    }
  })

  it('[RPS1] [RPS3] after a restart the store is still right; chats from before the store are computed at start', async () => {
    const dataDir = tempDir()
    let clock = T0
    const start = () => startTestServer({ dataDir, now: () => clock })
    let t = await start()
    try {
      const tg = await t.channel('Телеграм', 'telegram')
      const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
      const chatIds: string[] = []
      for (const [i, fr] of [20, 40, 60].entries()) {
        const at = T0 + i * SLOT
        clock = at
        const { chatId } = await t.server.services.ingest({
          channelId: tg,
          externalChatId: `r${i}`,
          contact: { firstName: `Клиент ${i}` },
          message: { text: 'Вопрос', at },
        })
        chatIds.push(chatId)
        clock = at + fr * S
        await t.api(`/api/chats/${chatId}/messages`, { token: anna.token, body: { text: 'Ответ' } })
        clock = at + 10 * fr * S
        await t.api(`/api/chats/${chatId}/close`, { token: anna.token, body: { reason: 'solved' } })
      }
      await t.server.services.reports.flush()
      const path = `/api/reports?from=${FROM}&to=${TO}&by=operator`
      const expected = (await t.api<Report>(path, { token: t.adminToken })).body
      expect(expected.rows[0]).toMatchObject({
        taken: 3,
        closed: 3,
        firstResponse: stats(3, 40, 60),
        resolution: stats(3, 400, 600),
      })
      const again = async (): Promise<Report> => {
        t = await start()
        await t.server.services.reports.whenBackfilled()
        return (await t.api<Report>(path, { token: t.adminToken })).body
      }
      const sql = (text: string): void => {
        const db = new Database(join(dataDir, 'switchboard.sqlite'))
        db.exec(text)
        db.close()
      }

      await t.close()
      expect(await again()).toEqual(expected)

      // An install upgraded from before the reports store: the migration made its tables, empty.
      await t.close()
      sql(
        'DELETE FROM report_episodes; DELETE FROM report_participants; DELETE FROM report_chats; DELETE FROM report_keys',
      )
      expect(await again()).toEqual(expected)
      const stored = (chatId: string) =>
        t.server.services.reports.store.rowsOf(chatId).map((r) => [r.n, r.start_at, r.first_response_ms])
      expect(chatIds.map(stored)).toEqual([
        [[0, T0, 20 * S]],
        [[0, T0 + SLOT, 40 * S]],
        [[0, T0 + 2 * SLOT, 60 * S]],
      ])

      // A chat changed, then the process died before its recompute: it is marked changed, computed at start.
      await t.close()
      sql(
        `UPDATE report_chats SET dirty = 1 WHERE chat_id = '${chatIds[1]}';
         DELETE FROM report_episodes WHERE chat_id = '${chatIds[1]}';
         DELETE FROM report_participants WHERE chat_id = '${chatIds[1]}'`,
      )
      expect(await again()).toEqual(expected)
    } finally {
      await t.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
