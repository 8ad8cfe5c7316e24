/**
 * The periods of the reports as the operator means them: calendar days in their own time zone (an IANA name, the
 * browser's), so "yesterday" in Moscow starts at Moscow's midnight, and a day when the clocks change is 23 or 25
 * hours long. Pure functions of a time and a zone; the day arithmetic is the model's (model/calendar.ts, CAL1),
 * the same the server cuts the series' days with.
 */
import { addDays, type CalendarDay, dayKey, dayOf, parseDayKey, startOfDay } from '../../model'

export const PERIOD_PRESETS = [
  'today',
  'yesterday',
  'last7',
  'last30',
  'thisMonth',
  'lastMonth',
  'custom',
] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

/** A period of whole days: `from` is the first day's start, `to` the start of the day after the last one. */
export interface Period {
  readonly from: number
  readonly to: number
  readonly firstDay: CalendarDay
  /** Inclusive. */
  readonly lastDay: CalendarDay
}

/** The server answers periods up to this long (in ms, so a range of 400 days with an extra DST hour is not). */
export const MAX_PERIOD_DAYS = 400
const DAY_MS = 86_400_000

/** Why a custom period cannot be asked for. */
export type PeriodProblem = 'missing' | 'reversed' | 'tooLong'

/** The browser's time zone, as the series route wants it. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

/** The first day of the month `n` months after `d`'s. */
export const monthStart = (d: CalendarDay, n = 0): CalendarDay => {
  const t = new Date(Date.UTC(d.year, d.month - 1 + n, 1))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: 1 }
}

/** Whole days `first`..`last` (inclusive) in `tz`. */
export const daysPeriod = (first: CalendarDay, last: CalendarDay, tz: string): Period => ({
  from: startOfDay(first, tz),
  to: startOfDay(addDays(last, 1), tz),
  firstDay: first,
  lastDay: last,
})

/**
 * A preset's days around `now` in `tz`. The last 7 and 30 days end with today; this month runs to today (the
 * days still ahead have nothing to show).
 */
export const presetPeriod = (preset: Exclude<PeriodPreset, 'custom'>, now: number, tz: string): Period => {
  const today = dayOf(now, tz)
  switch (preset) {
    case 'today':
      return daysPeriod(today, today, tz)
    case 'yesterday': {
      const yesterday = addDays(today, -1)
      return daysPeriod(yesterday, yesterday, tz)
    }
    case 'last7':
      return daysPeriod(addDays(today, -6), today, tz)
    case 'last30':
      return daysPeriod(addDays(today, -29), today, tz)
    case 'thisMonth':
      return daysPeriod(monthStart(today), today, tz)
    case 'lastMonth':
      return daysPeriod(monthStart(today, -1), addDays(monthStart(today), -1), tz)
  }
}

/** The days typed into the two date inputs, or why they cannot be a period. */
export const customPeriod = (
  firstText: string,
  lastText: string,
  tz: string,
): { readonly period: Period } | { readonly problem: PeriodProblem } => {
  const first = parseDayKey(firstText)
  const last = parseDayKey(lastText)
  if (!first || !last) return { problem: 'missing' }
  if (dayKey(first) > dayKey(last)) return { problem: 'reversed' }
  const period = daysPeriod(first, last, tz)
  if (period.to - period.from > MAX_PERIOD_DAYS * DAY_MS) return { problem: 'tooLong' }
  return { period }
}
