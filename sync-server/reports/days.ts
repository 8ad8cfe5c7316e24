/**
 * [RPS5] The series' days: the calendar days of an IANA zone that a period touches, each as the instants it spans
 * within the period. Where a day starts is the model's (model/calendar.ts, CAL1).
 */
import { addDays, dayKey, dayOf, startOfDay } from '../../model'

export interface Day {
  /** `YYYY-MM-DD` in the zone. */
  readonly day: string
  readonly start: number
  readonly end: number
}

/**
 * The local days the period [from, to) touches, in order; the first starts at `from` and the last ends at `to`
 * when those fall inside a day.
 */
export const daysOf = (from: number, to: number, tz: string): Day[] => {
  const last = dayKey(dayOf(to - 1, tz))
  const days: Day[] = []
  let date = dayOf(from, tz)
  let start = from
  for (;;) {
    const day = dayKey(date)
    const next = addDays(date, 1)
    const isLast = day >= last
    const end = isLast ? to : Math.min(to, startOfDay(next, tz))
    days.push({ day, start, end })
    if (isLast) return days
    start = end
    date = next
  }
}
