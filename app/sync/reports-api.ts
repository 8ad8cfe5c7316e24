/**
 * The reports over HTTP (issue 7, `/api/reports…`): the table per operator or channel, the days for the charts,
 * the customers' ratings with their comments, and the CSV export. The server limits every answer to what the
 * caller may see (an operator: their own numbers). Errors are `ApiError`s carrying the server's `{code, message}`.
 */
import type { Report, ReportBy, ReportRatingsPage, ReportSeries } from '../../model'
import { ApiError, caller, errorOf } from './api'

/** What every report request narrows by: the period (epoch ms, `from <= startAt < to`) and optional filters. */
export interface ReportQuery {
  readonly from: number
  readonly to: number
  readonly operator?: string | undefined
  readonly channel?: string | undefined
}

export interface CsvFile {
  readonly blob: Blob
  readonly filename: string
}

export interface ReportsApi {
  report(query: ReportQuery, by: ReportBy): Promise<Report>
  /** Per calendar day in the IANA time zone `tz`. */
  series(query: ReportQuery, tz: string): Promise<ReportSeries>
  ratings(
    query: ReportQuery,
    page?: { readonly before?: string | null; readonly limit?: number },
  ): Promise<ReportRatingsPage>
  /** The table as CSV, its header in `lang`; `tz` names the file's days. */
  csv(
    query: ReportQuery,
    by: ReportBy,
    file: { readonly lang: string; readonly tz: string },
  ): Promise<CsvFile>
}

/** The query string of a report request: the period, the filters that are set, then `extra`. */
export const reportSearch = (
  query: ReportQuery,
  extra: Readonly<Record<string, string | number | null | undefined>> = {},
): string => {
  const params = new URLSearchParams({ from: String(query.from), to: String(query.to) })
  const all = { operator: query.operator, channel: query.channel, ...extra }
  for (const [key, value] of Object.entries(all)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  return params.toString()
}

/** The file name the server gave (`Content-Disposition`), else one like it. */
export const csvFilename = (disposition: string | null, by: ReportBy): string => {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)
  return match?.[1] ? decodeURIComponent(match[1]) : `switchboard-${by}.csv`
}

export const createReportsApi = (token: string, baseUrl = ''): ReportsApi => {
  const call = caller(baseUrl)
  return {
    report: (query, by) => call(`/api/reports?${reportSearch(query, { by })}`, { token }),
    series: (query, tz) => call(`/api/reports/series?${reportSearch(query, { tz })}`, { token }),
    ratings: (query, page = {}) =>
      call(`/api/reports/ratings?${reportSearch(query, { before: page.before, limit: page.limit })}`, {
        token,
      }),
    // Not JSON: the bytes as they came (BOM included), for the browser to save.
    async csv(query, by, { lang, tz }) {
      let res: Response
      try {
        res = await fetch(`${baseUrl}/api/reports.csv?${reportSearch(query, { by, lang, tz })}`, {
          credentials: 'same-origin',
          headers: { authorization: `Bearer ${token}` },
        })
      } catch (err) {
        throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
      }
      if (!res.ok) {
        const text = await res.text()
        let body: unknown = null
        try {
          body = text ? JSON.parse(text) : null
        } catch {
          // Not our JSON error (a proxy's page): the status alone says it.
        }
        throw errorOf(res.status, body)
      }
      return { blob: await res.blob(), filename: csvFilename(res.headers.get('content-disposition'), by) }
    },
  }
}
