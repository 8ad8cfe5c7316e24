/** Times as the chat card and the history show them, in the interface language. */
import type { Locale } from './dictionaries'

const DAY_MS = 86_400_000

const startOfDay = (at: number): number => {
  const d = new Date(at)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

const STYLES = {
  time: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short', hour: '2-digit', minute: '2-digit' },
  date: { day: '2-digit', month: '2-digit', year: '2-digit' },
  full: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>

/** Made once per locale and style: making an Intl.DateTimeFormat costs far more than formatting with one. */
const formatters = new Map<string, Intl.DateTimeFormat>()

const format = (style: keyof typeof STYLES, at: number, locale: Locale): string => {
  const key = `${locale}|${style}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, STYLES[style])
    formatters.set(key, formatter)
  }
  return formatter.format(at)
}

/** Today: the time; this past week: the weekday and time; before: the date. */
export const formatCardTime = (at: number, now: number, locale: Locale): string => {
  const today = startOfDay(now)
  if (at >= today) return format('time', at, locale)
  if (at >= today - 6 * DAY_MS) return format('weekday', at, locale)
  return format('date', at, locale)
}

/** The full date and time, for a title or the history. */
export const formatFullTime = (at: number, locale: Locale): string => format('full', at, locale)

/**
 * Names in a row, as the glossary writes them: «Вы, Иван» in Russian (commas only), "You and Ivan" /
 * "Anna, Boris and Ivan" in English.
 */
export const formatNames = (names: readonly string[], locale: Locale): string => {
  if (locale === 'ru' || names.length < 2) return names.join(', ')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
