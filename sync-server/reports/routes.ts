/**
 * The reports API (issue 7), the contract the app's Reports screen reads: `GET /api/reports`,
 * `/api/reports/series`, `/api/reports/ratings` and `/api/reports.csv`. Every query goes through a zod schema (a
 * period of epoch milliseconds, `from < to`, at most 400 days); what the caller may see is decided in report.ts
 * [RPS4].
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { dayKey, dayOf, isTimeZone } from '../../model'
import type { ApiEnv } from '../http'
import { parseWith } from '../http'
import type { Services } from '../services'
import { reportCsv } from './csv'
import {
  buildReport,
  buildSeries,
  decodeRatingCursor,
  type Filters,
  listRatings,
  type ReportContext,
} from './report'

/** The longest period a report covers. */
export const MAX_PERIOD_DAYS = 400

const Millis = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a time in epoch milliseconds')
  .transform(Number)
const Id = z.string().min(1).max(64)
const TimeZone = z.string().max(64).refine(isTimeZone, 'not a known IANA time zone')

const Period = z.object({ from: Millis, to: Millis, operator: Id.optional(), channel: Id.optional() })

/** [MET8] A period is `from <= start < to`, not empty, not longer than MAX_PERIOD_DAYS. */
const checked = <T extends z.ZodType<{ from: number; to: number }>>(schema: T) =>
  schema.superRefine((q, ctx) => {
    if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' })
    else if (q.to - q.from > MAX_PERIOD_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a period is at most ${MAX_PERIOD_DAYS} days` })
  })

const By = z.enum(['operator', 'channel'])
const ReportQuery = checked(Period.extend({ by: By }))
const SeriesQuery = checked(Period.extend({ tz: TimeZone.default('UTC') }))
const RatingsQuery = checked(
  Period.extend({
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(200))
      .default(50),
    before: z.string().min(1).max(500).optional(),
  }),
)
// `tz` only names the file's dates; the numbers are the same in every zone.
const CsvQuery = checked(
  Period.extend({ by: By, lang: z.enum(['ru', 'en']).default('ru'), tz: TimeZone.default('UTC') }),
)

const filtersOf = (q: z.infer<typeof Period>): Filters => ({
  from: q.from,
  to: q.to,
  operator: q.operator,
  channel: q.channel,
})

export const reportRoutes = (services: Services): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  const contextOf = (viewer: ApiEnv['Variables']['operator']): ReportContext => ({
    store: services.reports.store,
    viewer,
    operatorById: (id) => services.operators.byId(id),
    channelById: (id) => services.channels.byId(id),
  })
  const contactName = (chatId: string): string => {
    const chat = services.chats.chat(chatId)
    if (!chat) return ''
    return chat.summary?.contactName ?? services.chats.contact(chat.contactId)?.name ?? ''
  }

  api.get('/reports', (c) => {
    const q = parseWith(ReportQuery, c.req.query())
    return c.json(buildReport(contextOf(c.get('operator')), filtersOf(q), q.by))
  })

  api.get('/reports/series', (c) => {
    const q = parseWith(SeriesQuery, c.req.query())
    return c.json(buildSeries(contextOf(c.get('operator')), filtersOf(q), q.tz))
  })

  api.get('/reports/ratings', (c) => {
    const q = parseWith(RatingsQuery, c.req.query())
    const before = q.before === undefined ? null : decodeRatingCursor(q.before)
    return c.json(
      listRatings({ ...contextOf(c.get('operator')), contactName }, filtersOf(q), q.limit, before),
    )
  })

  api.get('/reports.csv', (c) => {
    const q = parseWith(CsvQuery, c.req.query())
    const report = buildReport(contextOf(c.get('operator')), filtersOf(q), q.by)
    const name = `switchboard-${q.by}-${dayKey(dayOf(q.from, q.tz))}-${dayKey(dayOf(q.to - 1, q.tz))}.csv`
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="${name}"`)
    return c.body(reportCsv(report, q.lang))
  })

  return api
}
