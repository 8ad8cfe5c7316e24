/**
 * The reports of the API (issue 7 §2, §4), from the reports store: rows per operator or channel with totals, the
 * series per local day, the customers' ratings. Every number keeps the definitions of model/metrics.ts (MET8–MET13):
 * the store's rows hold each episode's facts as `aggregate` reads them, counts are sums of those, and medians and
 * 90th percentiles are the model's own `percentile` over the sorted times.
 *
 * Access [RPS4]: an admin sees every episode; an operator only their own numbers, as their operator row counts
 * them (MET10, MET13), also when split by channel or by day, and asking for another operator is `forbidden`.
 */
import {
  ErrorCode,
  percentile,
  type Report,
  type ReportBy,
  type ReportRatingsPage,
  type ReportRow,
  type ReportSeries,
  type SeriesDay,
  type TimeStats,
} from '../../model'
import type { ChannelRecord } from '../channel-registry'
import { fail } from '../http'
import type { OperatorRecord } from '../operators'
import { daysOf } from './days'
import { byColumn, byRanges, ONE_GROUP } from './groups'
import {
  type Counts,
  emptyCounts,
  type RatingCursor,
  type ReportStore,
  type Scope,
  type Source,
} from './store'

export interface Filters {
  readonly from: number
  readonly to: number
  readonly operator?: string | undefined
  readonly channel?: string | undefined
}

/** Who asks, and where names come from. */
export interface ReportContext {
  readonly store: ReportStore
  readonly viewer: OperatorRecord
  readonly operatorById: (id: string) => OperatorRecord | null
  readonly channelById: (id: string) => ChannelRecord | null
}

/** [MET9] Count, median and 90th percentile of ascending times. */
const statsOf = (sorted: readonly number[]): TimeStats => ({
  count: sorted.length,
  median: percentile(sorted, 0.5),
  p90: percentile(sorted, 0.9),
})

const ratio = (sum: number, count: number): number | null => (count === 0 ? null : sum / count)

const rowOf = (
  key: string,
  name: string,
  c: Counts,
  firstResponse: readonly number[],
  resolution: readonly number[],
): ReportRow => ({
  key,
  name,
  taken: c.taken,
  closed: c.closed,
  firstResponse: statsOf(firstResponse),
  resolution: statsOf(resolution),
  messages: c.sent,
  closeReasons: { solved: c.solved, no_reply: c.noReply, other: c.other, none: c.none },
  satisfaction: {
    requested: c.requested,
    count: c.rated,
    average: ratio(c.scoreSum, c.rated),
    positive: c.positive,
    csat: c.rated === 0 ? null : (c.positive / c.rated) * 100,
  },
  customerRating: { count: c.customerRated, average: ratio(c.customerScoreSum, c.customerRated) },
})

/**
 * [RPS4] The scope the viewer may read: an operator is limited to their own numbers (asking for someone else is
 * `forbidden`); an admin may name any operator. Unknown operators and channels are invalid input.
 */
const scopeOf = (ctx: ReportContext, filters: Filters): { scope: Scope; operator: string | null } => {
  const { viewer } = ctx
  if (viewer.role !== 'admin' && filters.operator !== undefined && filters.operator !== viewer.id)
    return fail(ErrorCode.forbidden, 'an operator sees only their own numbers')
  const operator = viewer.role === 'admin' ? (filters.operator ?? null) : viewer.id
  if (operator !== null && operator !== viewer.id && !ctx.operatorById(operator))
    return fail(ErrorCode.invalidInput, 'operator: no such operator')
  if (filters.channel !== undefined && !ctx.channelById(filters.channel))
    return fail(ErrorCode.invalidInput, 'channel: no such channel')
  return {
    scope: {
      from: filters.from,
      to: filters.to,
      channel: filters.channel,
      ...(operator !== null && { operator }),
    },
    operator,
  }
}

const byName = (a: ReportRow, b: ReportRow): number =>
  a.name.localeCompare(b.name, 'ru') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/** [MET8]–[MET13] The report's rows, sorted by name, and its totals. */
export const buildReport = (ctx: ReportContext, filters: Filters, by: ReportBy): Report => {
  const { store } = ctx
  const { scope, operator } = scopeOf(ctx, filters)
  const named = (group: Map<number, Counts>, fr: Map<number, number[]>, res: Map<number, number[]>) =>
    [...group].map(([id, counts]) => {
      const key = store.keyOf(id)
      const row = rowOf(key, '', counts, fr.get(id) ?? [], res.get(id) ?? [])
      if (by === 'operator') return { ...row, name: ctx.operatorById(key)?.name ?? key }
      const channel = ctx.channelById(key)
      return { ...row, name: channel?.name ?? key, ...(channel && { kind: channel.kind }) }
    })
  let rows: ReportRow[]
  let totals: ReportRow
  if (operator !== null) {
    // One operator's own numbers [MET10]: their participant rows, per channel or as their one row.
    const group = byColumn(by === 'channel' ? 'channel' : 'operator')
    const counts = store.counts('participants', group, scope)
    const fr = store.times('participants', 'first_response_ms', group, scope)
    const res = store.times('participants', 'resolution_ms', group, scope)
    rows = named(counts, fr.groups, res.groups)
    totals = rowOf('total', '', sumOf(counts), fr.all, res.all)
    if (by === 'operator' && rows.length === 0)
      rows = [{ ...totals, key: operator, name: ctx.operatorById(operator)?.name ?? operator }]
  } else if (by === 'channel') {
    const channel = byColumn('channel')
    const counts = store.counts('episodes', channel, scope)
    const fr = store.times('episodes', 'first_response_ms', channel, scope)
    const res = store.times('episodes', 'resolution_ms', channel, scope)
    rows = named(counts, fr.groups, res.groups)
    totals = rowOf('total', '', sumOf(counts), fr.all, res.all)
  } else {
    // [MET10] The operator who answered first and the one who closed are columns of the episode's row: one
    // read gives their times and, over every group (bots and the server included), the totals' [MET11].
    const counts = store.counts('participants', byColumn('operator'), scope)
    const fr = store.times('episodes', 'first_response_ms', byColumn('first_operator'), scope)
    const res = store.times('episodes', 'resolution_ms', byColumn('closed_by'), scope)
    rows = named(counts, fr.groups, res.groups)
    const all = store.counts('episodes', ONE_GROUP, scope).get(0) ?? emptyCounts()
    totals = rowOf('total', '', all, fr.all, res.all)
  }
  return { from: filters.from, to: filters.to, by, rows: rows.sort(byName), totals }
}

const sumOf = (groups: Map<number, Counts>): Counts => {
  const total = emptyCounts()
  for (const c of groups.values()) for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += c[k]
  return total
}

/**
 * [RPS5] Per local day of the period in `tz`: episodes started that day (MET8 with the day as the period) and, of
 * those, how many are closed, the medians of their first response and resolution, the average customer score.
 * An operator's days count their own numbers, as their row does.
 */
export const buildSeries = (ctx: ReportContext, filters: Filters, tz: string): ReportSeries => {
  const { store } = ctx
  const { scope, operator } = scopeOf(ctx, filters)
  const days = daysOf(filters.from, filters.to, tz)
  const bounds = [...days.map((d) => d.start), filters.to]
  const source: Source = operator === null ? 'episodes' : 'participants'
  const perDay = byRanges(bounds)
  const counts = store.counts(source, perDay, scope)
  const fr = store.times(source, 'first_response_ms', perDay, scope).groups
  const res = store.times(source, 'resolution_ms', perDay, scope).groups
  return {
    from: filters.from,
    to: filters.to,
    tz,
    days: days.map((d, i): SeriesDay => {
      const c = counts.get(i) ?? emptyCounts()
      return {
        day: d.day,
        started: c.started,
        closed: c.closed,
        firstResponseMedian: percentile(fr.get(i) ?? [], 0.5),
        resolutionMedian: percentile(res.get(i) ?? [], 0.5),
        satisfactionAverage: ratio(c.scoreSum, c.rated),
      }
    }),
  }
}

/** A ratings page's cursor: the last item's time, chat and episode start, opaque to clients. */
export const encodeRatingCursor = (c: RatingCursor): string =>
  Buffer.from(JSON.stringify([c.at, c.chatId, c.startAt])).toString('base64url')

export const decodeRatingCursor = (text: string): RatingCursor => {
  try {
    const [at, chatId, startAt] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    if (typeof at === 'number' && typeof chatId === 'string' && typeof startAt === 'number')
      return { at, chatId, startAt }
  } catch {
    // Falls through to the error below.
  }
  return fail(ErrorCode.invalidInput, 'before: not a cursor of this list')
}

/**
 * The customers' ratings of the period's episodes [MET8], newest first; an operator gets those of episodes they
 * took part in [RPS2].
 */
export const listRatings = (
  ctx: ReportContext & { readonly contactName: (chatId: string) => string },
  filters: Filters,
  limit: number,
  before: RatingCursor | null,
): ReportRatingsPage => {
  const { scope } = scopeOf(ctx, filters)
  const found = ctx.store.ratings(scope, limit + 1, before)
  const items = found.slice(0, limit).map((r) => ({
    chatId: r.chatId,
    channelId: r.channelId,
    contactName: ctx.contactName(r.chatId),
    score: r.score,
    comment: r.comment,
    at: r.at,
    operatorIds: r.operatorIds,
  }))
  const last = found.length > limit ? found[limit - 1] : undefined
  return { items, next: last ? encodeRatingCursor(last) : null }
}
