/**
 * Calendar days in an IANA time zone [CAL1], the same in the app (the reports' periods) and on the server (the
 * series' days, RPS5): the wall clock of an instant, the instant a local day starts, `YYYY-MM-DD` day keys. Offsets
 * come from Intl (the runtime's tz data), so a DST day is 23 or 25 hours long and a day whose midnight the clocks
 * skip starts when they land on it. Pure functions of a time and a zone name.
 */

/** A calendar date; `month` 1..12. */
export interface CalendarDay {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** What a clock on the wall in the zone shows (seconds resolution). */
export interface WallClock extends CalendarDay {
  readonly hour: number
  readonly minute: number
  readonly second: number
}

const DAY_MS = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()

/** One formatter per zone: building one costs far more than using it. Throws a RangeError for an unknown zone. */
const formatterOf = (tz: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(tz)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(tz, formatter)
  }
  return formatter
}

/** Whether the runtime knows the zone. */
export const isTimeZone = (tz: string): boolean => {
  try {
    formatterOf(tz)
    return true
  } catch {
    return false
  }
}

/** The wall clock in `tz` at `at`. */
export const wallClock = (at: number, tz: string): WallClock => {
  const part: Record<string, number> = {}
  for (const p of formatterOf(tz).formatToParts(at)) if (p.type !== 'literal') part[p.type] = Number(p.value)
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = part
  return { year, month, day, hour, minute, second }
}

/** How far `tz`'s wall clock is ahead of UTC at `at`, in ms. */
const offsetAt = (at: number, tz: string): number => {
  const w = wallClock(at, tz)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000
}

/** The calendar day in `tz` that `at` falls on. */
export const dayOf = (at: number, tz: string): CalendarDay => {
  const { year, month, day } = wallClock(at, tz)
  return { year, month, day }
}

/** `YYYY-MM-DD`, as the series, the date inputs and file names write a day; its text order is the days' order. */
export const dayKey = (d: CalendarDay): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`

const sameDay = (a: CalendarDay, b: CalendarDay): boolean =>
  a.year === b.year && a.month === b.month && a.day === b.day

/** `n` days after `d` (before, when negative); months and years roll over. */
export const addDays = (d: CalendarDay, n: number): CalendarDay => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

/** A `YYYY-MM-DD` day, or `null` for anything else (an empty date input, a 30th of February). */
export const parseDayKey = (text: string): CalendarDay | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (!m) return null
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  return sameDay(addDays(d, 0), d) ? d : null
}

/**
 * [CAL1] The first instant of day `d` in `tz`: its midnight, or, where the clocks jump over midnight, the moment
 * they land on that day. The candidates are midnight under each offset in force around that day; the earliest one
 * that falls on `d` right after the day before is the start (a repeated midnight counts from its first
 * occurrence). A jump that lands past 00:00 under every offset around has no such candidate: then the first
 * instant on `d` is searched for.
 */
export const startOfDay = (d: CalendarDay, tz: string): number => {
  const guess = Date.UTC(d.year, d.month - 1, d.day)
  const candidates = new Set<number>()
  for (const probe of [guess - DAY_MS, guess, guess + DAY_MS]) {
    const t = guess - offsetAt(probe, tz)
    candidates.add(t)
    candidates.add(guess - offsetAt(t, tz))
  }
  const key = dayKey(d)
  const starts = [...candidates]
    .filter((t) => dayKey(dayOf(t, tz)) === key && dayKey(dayOf(t - 1, tz)) < key)
    .sort((a, b) => a - b)
  if (starts[0] !== undefined) return starts[0]
  let lo = guess - 15 * 3_600_000
  let hi = guess + 15 * 3_600_000
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (dayKey(dayOf(mid, tz)) >= key) hi = mid
    else lo = mid
  }
  return hi
}
