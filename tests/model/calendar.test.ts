/**
 * Calendar days of an IANA zone (`model/calendar.ts`), which the app's report periods and the server's series both
 * cut days with. The expected instants are written out as UTC so each one can be checked by hand against the
 * zone's rules: Berlin is UTC+1 / +2 from the last Sunday of March to the last Sunday of October; Moscow is UTC+3.
 */
import { describe, expect, it } from 'vitest'
import { addDays, dayKey, dayOf, isTimeZone, parseDayKey, startOfDay, wallClock } from '../../model'

const utc = (iso: string): number => Date.parse(`${iso}Z`)
const day = (text: string) => parseDayKey(text)!

describe('model: calendar days', () => {
  it('rolls days over month and year ends, leap days included', () => {
    expect(dayKey(addDays(day('2024-02-28'), 1))).toBe('2024-02-29')
    expect(dayKey(addDays(day('2023-02-28'), 1))).toBe('2023-03-01')
    expect(dayKey(addDays(day('2025-01-01'), -1))).toBe('2024-12-31')
    expect(dayKey(addDays(day('2025-03-31'), -30))).toBe('2025-03-01')
  })

  it('reads only real YYYY-MM-DD days', () => {
    expect(parseDayKey('2025-02-29')).toBeNull()
    expect(parseDayKey('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 })
    expect(parseDayKey('')).toBeNull()
    expect(parseDayKey('29.02.2024')).toBeNull()
  })

  it('knows the runtime’s zones and reads their wall clocks', () => {
    expect(isTimeZone('Europe/Moscow')).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(wallClock(utc('2025-02-28T21:30:05'), 'Europe/Moscow')).toEqual({
      year: 2025,
      month: 3,
      day: 1,
      hour: 0,
      minute: 30,
      second: 5,
    })
  })

  it('[CAL1] starts a day at the zone’s midnight (Berlin in winter and summer, Moscow)', () => {
    expect(startOfDay(day('2025-01-15'), 'Europe/Berlin')).toBe(utc('2025-01-14T23:00:00'))
    expect(startOfDay(day('2025-07-15'), 'Europe/Berlin')).toBe(utc('2025-07-14T22:00:00'))
    expect(startOfDay(day('2025-06-01'), 'Europe/Moscow')).toBe(utc('2025-05-31T21:00:00'))
  })

  it('[CAL1] a day whose midnight the clocks skip starts when they land on it (Santiago, 2024-09-08)', () => {
    // Chile moves from UTC-4 to UTC-3 at 00:00, so that day begins at 01:00 local, 04:00 UTC.
    const tz = 'America/Santiago'
    expect(startOfDay(day('2024-09-08'), tz)).toBe(utc('2024-09-08T04:00:00'))
    expect(dayKey(dayOf(utc('2024-09-08T04:00:00'), tz))).toBe('2024-09-08')
    expect(dayKey(dayOf(utc('2024-09-08T03:59:59'), tz))).toBe('2024-09-07')
  })

  it('[CAL1] a midnight the clocks repeat counts from its first occurrence (Casey, 2010-03-05)', () => {
    // At 02:00 (UTC+11, 15:00 UTC) Casey went back to 23:00 of the day before (UTC+8): midnight came twice.
    const tz = 'Antarctica/Casey'
    expect(dayKey(dayOf(utc('2010-03-04T15:30:00'), tz))).toBe('2010-03-04')
    expect(startOfDay(day('2010-03-05'), tz)).toBe(utc('2010-03-04T13:00:00'))
  })
})
