/**
 * The reports' answers over HTTP (issue 7, `/api/reports…`), as the server builds them and the app reads them:
 * the table per operator or channel, the days of the series, the customers' ratings page by page. Their numbers
 * are `aggregate`'s (model/metrics.ts, MET8–MET13), so a row is a `MetricsRow` with a name.
 */
import type { MetricsRow } from './metrics'
import type { ChannelKind } from './schema'

export type ReportBy = 'operator' | 'channel'

/**
 * One operator's or channel's numbers, or the totals (`key` is then `total`): times in ms, nearest-rank median
 * and 90th percentile (MET9), `null` when there were none.
 */
export interface ReportRow extends MetricsRow {
  readonly name: string
  /** A channel row's kind. */
  readonly kind?: ChannelKind
}

export interface Report {
  /** The period, epoch ms, `from <= startAt < to` (MET8). */
  readonly from: number
  readonly to: number
  readonly by: ReportBy
  /** Sorted by name. */
  readonly rows: readonly ReportRow[]
  /** Over every episode the caller may see (an episode two operators took counts once). */
  readonly totals: ReportRow
}

/** [RPS5] One calendar day of the series. */
export interface SeriesDay {
  /** `YYYY-MM-DD` in the series' time zone. */
  readonly day: string
  readonly started: number
  readonly closed: number
  readonly firstResponseMedian: number | null
  readonly resolutionMedian: number | null
  readonly satisfactionAverage: number | null
}

export interface ReportSeries {
  readonly from: number
  readonly to: number
  /** The IANA time zone of the days. */
  readonly tz: string
  /** Every calendar day of the period, quiet ones too. */
  readonly days: readonly SeriesDay[]
}

/** A customer's rating of an episode, with their comment, in the reports' ratings list. */
export interface ReportRating {
  readonly chatId: string
  readonly channelId: string
  readonly contactName: string
  readonly score: number
  readonly comment: string | null
  readonly at: number
  readonly operatorIds: readonly string[]
}

export interface ReportRatingsPage {
  /** Newest first. */
  readonly items: readonly ReportRating[]
  /** The cursor of the next page, `null` after the last one. */
  readonly next: string | null
}
