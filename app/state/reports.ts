/**
 * The Reports screen's state (issue 7): the period, grouping and filters chosen, and the numbers the server
 * answered for them (the table, the days for the charts, the customers' ratings page by page). Online only: while
 * offline nothing is asked, the last numbers stay with the time they were loaded, and a change waits for the
 * connection (`stale`). Answers to an older choice that arrive late are dropped. Plain signals and actions, no
 * effects: the screen calls the actions.
 */
import { type Accessor, batch, createSignal } from 'solid-js'
import { dayKey, type Report, type ReportBy, type ReportRating, type ReportSeries } from '../../model'
import type { CsvFile, ReportQuery, ReportsApi } from '../sync'
import {
  customPeriod,
  type Period,
  type PeriodPreset,
  type PeriodProblem,
  presetPeriod,
} from './report-period'
import { type Failure, failureOf } from './settings'

/** Ratings per page of the list. */
export const RATINGS_PAGE = 20

export interface ReportsDeps {
  readonly api: ReportsApi
  /** The operator's IANA time zone: the days of the periods and of the charts are theirs. */
  readonly tz: string
  readonly now: () => number
  readonly online: Accessor<boolean>
  /** Admins may narrow to one operator; an operator's numbers are their own anyway (the server sees to it). */
  readonly admin: boolean
}

export interface CustomDays {
  /** `YYYY-MM-DD`, as a date input holds it; empty while not chosen. */
  readonly first: string
  readonly last: string
}

export interface ReportsState {
  readonly preset: Accessor<PeriodPreset>
  readonly customDays: Accessor<CustomDays>
  readonly by: Accessor<ReportBy>
  readonly channel: Accessor<string | null>
  readonly operator: Accessor<string | null>
  /** The period last asked for; `null` while the custom days are not a period. */
  readonly period: Accessor<Period | null>
  /** Why the custom days are not a period. */
  readonly problem: Accessor<PeriodProblem | null>
  readonly report: Accessor<Report | null>
  /** The period of the numbers shown (the choice may have moved on while offline). */
  readonly shown: Accessor<Period | null>
  readonly series: Accessor<ReportSeries | null>
  readonly ratings: Accessor<readonly ReportRating[]>
  readonly hasMoreRatings: Accessor<boolean>
  readonly loading: Accessor<boolean>
  readonly failure: Accessor<Failure | null>
  /** When the numbers shown were loaded (`null` before the first answer). */
  readonly loadedAt: Accessor<number | null>
  /** The choice changed while offline: the numbers shown are not for it. */
  readonly stale: Accessor<boolean>
  readonly exporting: Accessor<boolean>
  readonly exportFailure: Accessor<Failure | null>
  setPreset(preset: PeriodPreset): Promise<void>
  setCustomDays(days: CustomDays): Promise<void>
  setBy(by: ReportBy): Promise<void>
  setChannel(channelId: string | null): Promise<void>
  setOperator(operatorId: string | null): Promise<void>
  /** Asks again for everything (a preset is taken around the current time). */
  reload(): Promise<void>
  moreRatings(): Promise<void>
  /** The table as CSV for the current choice; `undefined` when it failed (see `exportFailure`). */
  exportCsv(lang: string): Promise<CsvFile | undefined>
}

export const createReports = (deps: ReportsDeps): ReportsState => {
  const [preset, setPresetSignal] = createSignal<PeriodPreset>('last7')
  const [customDays, setCustomDaysSignal] = createSignal<CustomDays>({ first: '', last: '' })
  const [by, setBySignal] = createSignal<ReportBy>('operator')
  const [channel, setChannelSignal] = createSignal<string | null>(null)
  const [operator, setOperatorSignal] = createSignal<string | null>(null)
  const [period, setPeriod] = createSignal<Period | null>(null)
  const [problem, setProblem] = createSignal<PeriodProblem | null>(null)
  const [report, setReport] = createSignal<Report | null>(null)
  const [shown, setShown] = createSignal<Period | null>(null)
  const [series, setSeries] = createSignal<ReportSeries | null>(null)
  const [ratings, setRatings] = createSignal<readonly ReportRating[]>([])
  const [next, setNext] = createSignal<string | null>(null)
  const [loading, setLoading] = createSignal(false)
  const [failure, setFailure] = createSignal<Failure | null>(null)
  const [loadedAt, setLoadedAt] = createSignal<number | null>(null)
  const [stale, setStale] = createSignal(false)
  const [exporting, setExporting] = createSignal(false)
  const [exportFailure, setExportFailure] = createSignal<Failure | null>(null)
  // Each load takes a number; an answer is used only if no newer load of the same part started since.
  let reportGen = 0
  let restGen = 0
  let inFlight = 0

  /** The period of the current choice, remembered for the screen (or why there is none). */
  const choosePeriod = (): Period | null => {
    const choice =
      preset() === 'custom'
        ? customPeriod(customDays().first, customDays().last, deps.tz)
        : { period: presetPeriod(preset() as Exclude<PeriodPreset, 'custom'>, deps.now(), deps.tz) }
    const chosen = 'period' in choice ? choice.period : null
    batch(() => {
      setPeriod(chosen)
      setProblem('problem' in choice ? choice.problem : null)
    })
    return chosen
  }

  const queryOf = (p: Period): ReportQuery => ({
    from: p.from,
    to: p.to,
    channel: channel() ?? undefined,
    operator: deps.admin ? (operator() ?? undefined) : undefined,
  })

  const load = async (parts: 'all' | 'report'): Promise<void> => {
    const p = choosePeriod()
    if (!p) return
    if (!deps.online()) {
      setStale(true)
      return
    }
    const myReport = ++reportGen
    const myRest = parts === 'all' ? ++restGen : restGen
    const query = queryOf(p)
    inFlight++
    setLoading(true)
    setFailure(null)
    try {
      const [nextReport, rest] = await Promise.all([
        deps.api.report(query, by()),
        parts === 'all'
          ? Promise.all([deps.api.series(query, deps.tz), deps.api.ratings(query, { limit: RATINGS_PAGE })])
          : null,
      ])
      batch(() => {
        if (myReport === reportGen) {
          setReport(nextReport)
          setShown(p)
        }
        if (rest && myRest === restGen) {
          setSeries(rest[0])
          setRatings(rest[1].items)
          setNext(rest[1].next)
        }
        if (myReport === reportGen && myRest === restGen) {
          setLoadedAt(deps.now())
          setStale(false)
        }
      })
    } catch (err) {
      if (myReport === reportGen) setFailure(failureOf(err))
    } finally {
      inFlight--
      setLoading(inFlight > 0)
    }
  }

  return {
    preset,
    customDays,
    by,
    channel,
    operator,
    period,
    problem,
    report,
    shown,
    series,
    ratings,
    hasMoreRatings: () => next() !== null,
    loading,
    failure,
    loadedAt,
    stale,
    exporting,
    exportFailure,
    setPreset(chosen) {
      // A custom period starts from the days shown, to be adjusted.
      const shown = period()
      if (chosen === 'custom' && shown && !customDays().first) {
        setCustomDaysSignal({ first: dayKey(shown.firstDay), last: dayKey(shown.lastDay) })
      }
      setPresetSignal(chosen)
      return load('all')
    },
    setCustomDays(days) {
      batch(() => {
        setCustomDaysSignal(days)
        setPresetSignal('custom')
      })
      return load('all')
    },
    setBy(chosen) {
      setBySignal(chosen)
      return load('report')
    },
    setChannel(channelId) {
      setChannelSignal(channelId)
      return load('all')
    },
    setOperator(operatorId) {
      setOperatorSignal(operatorId)
      return load('all')
    },
    reload: () => load('all'),
    async moreRatings() {
      const p = period()
      const cursor = next()
      if (!p || cursor === null || !deps.online()) return
      const mine = restGen
      try {
        const page = await deps.api.ratings(queryOf(p), { before: cursor, limit: RATINGS_PAGE })
        if (mine !== restGen) return
        batch(() => {
          setRatings([...ratings(), ...page.items])
          setNext(page.next)
        })
      } catch (err) {
        setFailure(failureOf(err))
      }
    },
    async exportCsv(lang) {
      const p = choosePeriod()
      if (!p) return undefined
      setExporting(true)
      setExportFailure(null)
      try {
        return await deps.api.csv(queryOf(p), by(), { lang, tz: deps.tz })
      } catch (err) {
        setExportFailure(failureOf(err))
        return undefined
      } finally {
        setExporting(false)
      }
    },
  }
}
