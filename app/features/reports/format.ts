/**
 * The reports' numbers as people read them, in the interface language: durations in the two largest units that
 * matter («1 мин 20 с», «2 ч 5 мин», "3 d 4 h"), counts, average scores and percentages; a missing value is «—».
 */

import { type CalendarDay, parseDayKey } from '../../../model'
import type { Locale } from '../../i18n'

export const EMPTY = '—'

const UNITS = {
  ru: { d: 'дн', h: 'ч', min: 'мин', s: 'с' },
  en: { d: 'd', h: 'h', min: 'min', s: 's' },
} as const satisfies Record<Locale, Record<'d' | 'h' | 'min' | 's', string>>

const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
  small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`

/**
 * A duration: under a minute in seconds, under an hour in minutes and seconds, under a day in hours and minutes,
 * else in days and hours; each rounded to its smaller unit, so 59.6 s reads «1 мин». Under a second (a bot's
 * answer) is «< 1 с», not a misleading «0 с».
 */
export const formatDuration = (ms: number | null | undefined, locale: Locale): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return EMPTY
  const u = UNITS[locale]
  if (ms < 1000) return ms === 0 ? `0 ${u.s}` : `< 1 ${u.s}`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} ${u.s}`
  if (seconds < 3600) return pair(Math.floor(seconds / 60), u.min, seconds % 60, u.s)
  const minutes = Math.round(ms / 60_000)
  if (minutes < 24 * 60) return pair(Math.floor(minutes / 60), u.h, minutes % 60, u.min)
  const hours = Math.round(ms / 3_600_000)
  return pair(Math.floor(hours / 24), u.d, hours % 24, u.h)
}

/** A short duration for a chart's axis: one unit, «30 с», «5 мин», «2 ч», «1 дн». */
export const formatAxisDuration = (ms: number, locale: Locale): string => {
  const u = UNITS[locale]
  if (ms < 60_000) return `${Math.round(ms / 1000)} ${u.s}`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} ${u.min}`
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} ${u.h}`
  return `${Math.round(ms / 86_400_000)} ${u.d}`
}

const numberFormats = new Map<string, Intl.NumberFormat>()
const numberFormat = (locale: Locale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
  const id = `${locale}|${key}`
  let format = numberFormats.get(id)
  if (!format) {
    format = new Intl.NumberFormat(locale, options)
    numberFormats.set(id, format)
  }
  return format
}

export const formatCount = (n: number, locale: Locale): string =>
  numberFormat(locale, 'count', { maximumFractionDigits: 0 }).format(n)

/** An average score (1..5) with one decimal: «4,5» / "4.5". */
export const formatScore = (average: number | null | undefined, locale: Locale): string =>
  average === null || average === undefined
    ? EMPTY
    : numberFormat(locale, 'score', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average)

/** A percentage given as 0..100, whole: «80 %» / "80%". */
export const formatPercent = (percent: number | null | undefined, locale: Locale): string =>
  percent === null || percent === undefined
    ? EMPTY
    : numberFormat(locale, 'percent', { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100)

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const dateFormat = (locale: Locale, style: 'short' | 'long'): Intl.DateTimeFormat => {
  const id = `${locale}|${style}`
  let format = dateFormats.get(id)
  if (!format) {
    // Calendar days, not instants: formatted as UTC noon so no zone moves them.
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      day: 'numeric',
      month: style === 'short' ? 'short' : 'long',
      ...(style === 'long' && { year: 'numeric' }),
    })
    dateFormats.set(id, format)
  }
  return format
}

const noonOf = (d: CalendarDay): number => Date.UTC(d.year, d.month - 1, d.day, 12)

/** A `YYYY-MM-DD` day for a chart's axis: «5 мар.» / "Mar 5". */
export const formatDayShort = (key: string, locale: Locale): string => {
  const d = parseDayKey(key)
  return d ? dateFormat(locale, 'short').format(noonOf(d)) : key
}

/** A `YYYY-MM-DD` day in full: «5 марта 2025 г.» / "March 5, 2025". */
export const formatDayLong = (key: string, locale: Locale): string => {
  const d = parseDayKey(key)
  return d ? dateFormat(locale, 'long').format(noonOf(d)) : key
}

/** Whole days from `first` to `last`: «1–7 марта 2025 г.» / "March 1 – 7, 2025"; one day alone as itself. */
export const formatDays = (first: CalendarDay, last: CalendarDay, locale: Locale): string =>
  dateFormat(locale, 'long').formatRange(noonOf(first), noonOf(last))
