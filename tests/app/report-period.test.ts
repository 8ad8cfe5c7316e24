/**
 * The reports' periods (`app/state/report-period.ts`): presets and custom periods of calendar days in the
 * operator's own time zone, whatever the clocks do (the days themselves are model/calendar.ts', tested in
 * tests/model/calendar.test.ts). The expected instants are written out as UTC so each one can be checked by hand
 * against the zone's rules: Moscow was UTC+3 / +4 (summer) until March 2011, UTC+4 until 26 October 2014, UTC+3
 * since; Berlin is UTC+1 / +2 from the last Sunday of March to the last Sunday of October.
 */
import { describe, expect, it } from 'vitest'
import { customPeriod, MAX_PERIOD_DAYS, monthStart, presetPeriod } from '../../app/state/report-period'
import { addDays, dayKey, parseDayKey } from '../../model'

const utc = (iso: string): number => Date.parse(`${iso}Z`)
const HOUR = 3_600_000
const day = (text: string) => parseDayKey(text)!

describe('app: report periods', () => {
  it('rolls months over year ends', () => {
    expect(dayKey(monthStart(day('2025-01-15'), -1))).toBe('2024-12-01')
    expect(dayKey(monthStart(day('2024-12-31'), 1))).toBe('2025-01-01')
  })

  it('a DST day is 23 or 25 hours long (Berlin)', () => {
    const tz = 'Europe/Berlin'
    // 30 March 2025: 02:00 CET became 03:00 CEST.
    const spring = presetPeriod('yesterday', utc('2025-03-31T10:00:00'), tz)
    expect(spring.from).toBe(utc('2025-03-29T23:00:00'))
    expect(spring.to).toBe(utc('2025-03-30T22:00:00'))
    expect(spring.to - spring.from).toBe(23 * HOUR)
    // 26 October 2025: 03:00 CEST became 02:00 CET.
    const autumn = presetPeriod('today', utc('2025-10-26T12:00:00'), tz)
    expect(autumn.from).toBe(utc('2025-10-25T22:00:00'))
    expect(autumn.to - autumn.from).toBe(25 * HOUR)
  })

  it('keeps Moscow’s own history: summer time until 2011, UTC+4 until October 2014, UTC+3 since', () => {
    const tz = 'Europe/Moscow'
    // 28 March 2010: 02:00 MSK became 03:00 MSD (23 hours); 31 October 2010 back (25 hours).
    const march = customPeriod('2010-03-28', '2010-03-28', tz)
    expect(march).toEqual({ period: expect.objectContaining({ from: utc('2010-03-27T21:00:00') }) })
    if (!('period' in march)) throw new Error('no period')
    expect(march.period.to - march.period.from).toBe(23 * HOUR)
    const october = customPeriod('2010-10-31', '2010-10-31', tz)
    if (!('period' in october)) throw new Error('no period')
    expect(october.period.from).toBe(utc('2010-10-30T20:00:00'))
    expect(october.period.to - october.period.from).toBe(25 * HOUR)
    // 26 October 2014: 02:00 (UTC+4) became 01:00 (UTC+3), for good.
    const last = customPeriod('2014-10-26', '2014-10-26', tz)
    if (!('period' in last)) throw new Error('no period')
    expect(last.period.from).toBe(utc('2014-10-25T20:00:00'))
    expect(last.period.to).toBe(utc('2014-10-26T21:00:00'))
  })

  it('presets around now: today, yesterday, the last 7 and 30 days, this and last month', () => {
    const tz = 'Europe/Moscow'
    // 1 March 2025, 00:30 in Moscow (21:30 UTC the day before): already March there, still February in UTC.
    const now = utc('2025-02-28T21:30:00')
    const days = (p: { firstDay: Parameters<typeof dayKey>[0]; lastDay: Parameters<typeof dayKey>[0] }) =>
      `${dayKey(p.firstDay)}..${dayKey(p.lastDay)}`
    expect(days(presetPeriod('today', now, tz))).toBe('2025-03-01..2025-03-01')
    expect(days(presetPeriod('yesterday', now, tz))).toBe('2025-02-28..2025-02-28')
    expect(days(presetPeriod('last7', now, tz))).toBe('2025-02-23..2025-03-01')
    expect(days(presetPeriod('last30', now, tz))).toBe('2025-01-31..2025-03-01')
    expect(days(presetPeriod('thisMonth', now, tz))).toBe('2025-03-01..2025-03-01')
    expect(days(presetPeriod('lastMonth', now, tz))).toBe('2025-02-01..2025-02-28')
    const lastMonth = presetPeriod('lastMonth', now, tz)
    expect(lastMonth.from).toBe(utc('2025-01-31T21:00:00'))
    expect(lastMonth.to).toBe(utc('2025-02-28T21:00:00'))
    // In January, last month is last year's December.
    expect(days(presetPeriod('lastMonth', utc('2025-01-10T12:00:00'), tz))).toBe('2024-12-01..2024-12-31')
    // The same instant in Berlin is still 28 February.
    expect(days(presetPeriod('today', now, 'Europe/Berlin'))).toBe('2025-02-28..2025-02-28')
    // The last 7 days over Berlin's spring change are 7 × 24 hours less one.
    const week = presetPeriod('last7', utc('2025-04-02T12:00:00'), 'Europe/Berlin')
    expect(week.to - week.from).toBe(7 * 24 * HOUR - HOUR)
  })

  it('a custom period needs both days, in order, and at most the server’s longest period', () => {
    const tz = 'Europe/Berlin'
    expect(customPeriod('', '2025-03-01', tz)).toEqual({ problem: 'missing' })
    expect(customPeriod('2025-03-02', '2025-03-01', tz)).toEqual({ problem: 'reversed' })
    const ok = customPeriod('2025-03-01', '2025-03-31', tz)
    if (!('period' in ok)) throw new Error('no period')
    expect(ok.period.from).toBe(utc('2025-02-28T23:00:00'))
    expect(ok.period.to).toBe(utc('2025-03-31T22:00:00'))
    // 400 whole days in UTC fit; in Berlin 400 days over two autumn changes and one spring change (an hour more) do not.
    expect(
      'period' in customPeriod('2024-01-01', dayKey(addDays(day('2024-01-01'), MAX_PERIOD_DAYS - 1)), 'UTC'),
    ).toBe(true)
    expect(customPeriod('2024-01-01', dayKey(addDays(day('2024-01-01'), MAX_PERIOD_DAYS)), 'UTC')).toEqual({
      problem: 'tooLong',
    })
    expect(customPeriod('2024-10-01', dayKey(addDays(day('2024-10-01'), MAX_PERIOD_DAYS - 1)), tz)).toEqual({
      problem: 'tooLong',
    })
  })
})
