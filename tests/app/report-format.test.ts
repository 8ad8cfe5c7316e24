/**
 * The reports' numbers and chart arithmetic (`app/features/reports/format.ts`, `scale.ts`): durations as people
 * say them in Russian and English, empty values as «—», and axes that end on round numbers.
 */
import { describe, expect, it } from 'vitest'
import {
  EMPTY,
  formatAxisDuration,
  formatDayLong,
  formatDayShort,
  formatDays,
  formatDuration,
  formatPercent,
  formatScore,
} from '../../app/features/reports/format'
import {
  countScale,
  dayPlot,
  labelStride,
  lineSegments,
  pathOf,
  stackWidths,
  timeScale,
  toPixels,
} from '../../app/features/reports/scale'
import { parseDayKey } from '../../model'

const S = 1000
const M = 60 * S
const H = 60 * M

describe('app: report formatting', () => {
  it('durations in the two units that matter, in Russian and English', () => {
    expect(formatDuration(80 * S, 'ru')).toBe('1 мин 20 с')
    expect(formatDuration(80 * S, 'en')).toBe('1 min 20 s')
    expect(formatDuration(2 * H + 5 * M, 'ru')).toBe('2 ч 5 мин')
    expect(formatDuration(2 * H + 5 * M, 'en')).toBe('2 h 5 min')
    expect(formatDuration(45 * S, 'ru')).toBe('45 с')
    expect(formatDuration(3 * M, 'en')).toBe('3 min')
    expect(formatDuration(27 * H, 'ru')).toBe('1 дн 3 ч')
    expect(formatDuration(48 * H, 'en')).toBe('2 d')
  })

  it('rounds to the smaller unit, carrying over into the bigger one', () => {
    expect(formatDuration(59.6 * S, 'en')).toBe('1 min')
    expect(formatDuration(59.4 * S, 'en')).toBe('59 s')
    expect(formatDuration(H - 0.4 * S, 'en')).toBe('1 h')
    // 1 h 29 min 40 s: seconds no longer count once hours do.
    expect(formatDuration(H + 29 * M + 40 * S, 'ru')).toBe('1 ч 30 мин')
    expect(formatDuration(24 * H - 10 * S, 'en')).toBe('1 d')
  })

  it('a bot’s answer within a second, and missing values', () => {
    expect(formatDuration(300, 'ru')).toBe('< 1 с')
    expect(formatDuration(0, 'en')).toBe('0 s')
    expect(formatDuration(null, 'ru')).toBe(EMPTY)
    expect(formatDuration(Number.NaN, 'en')).toBe(EMPTY)
    expect(formatScore(null, 'ru')).toBe('—')
    expect(formatPercent(null, 'en')).toBe('—')
  })

  it('scores with one decimal and percentages as the language writes them', () => {
    expect(formatScore(4.5, 'ru')).toBe('4,5')
    expect(formatScore(4, 'en')).toBe('4.0')
    expect(formatScore(13 / 3, 'en')).toBe('4.3')
    expect(formatPercent(80, 'en')).toBe('80%')
    expect(formatPercent(66.666, 'ru')).toBe('67\u00a0%')
  })

  it('axis labels in one unit', () => {
    expect(formatAxisDuration(30 * S, 'ru')).toBe('30 с')
    expect(formatAxisDuration(5 * M, 'en')).toBe('5 min')
    expect(formatAxisDuration(2 * H, 'ru')).toBe('2 ч')
  })

  it('calendar days as the language writes them, whatever the zone', () => {
    expect(formatDayShort('2025-03-05', 'ru')).toBe('5 мар.')
    expect(formatDayShort('2025-03-05', 'en')).toBe('Mar 5')
    // ICU puts narrow no-break spaces before «г.»: compared as plain spaces.
    const plain = (text: string) => text.replace(/\s/g, ' ')
    expect(plain(formatDayLong('2025-03-05', 'ru'))).toBe('5 марта 2025 г.')
    const day = (text: string) => parseDayKey(text)!
    expect(plain(formatDays(day('2025-03-01'), day('2025-03-07'), 'ru'))).toBe('1–7 марта 2025 г.')
    expect(formatDays(day('2025-03-01'), day('2025-03-01'), 'en')).toBe('March 1, 2025')
  })
})

describe('app: report chart scaling', () => {
  it('count axes end on a round number of whole steps', () => {
    expect(countScale(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
    expect(countScale(3)).toEqual({ max: 3, step: 1, ticks: [0, 1, 2, 3] })
    expect(countScale(7)).toEqual({ max: 8, step: 2, ticks: [0, 2, 4, 6, 8] })
    expect(countScale(95)).toEqual({ max: 100, step: 25, ticks: [0, 25, 50, 75, 100] })
    expect(countScale(1001).max).toBe(1500)
    // Never a step of 2.5 chats.
    expect(countScale(10).step).toBe(5)
  })

  it('duration axes step as a clock does, in whole units of the largest one reached', () => {
    expect(timeScale(45 * S)).toEqual({ max: 45 * S, step: 15 * S, ticks: [0, 15 * S, 30 * S, 45 * S] })
    // Not 0, 30 s, 60 s, 90 s: «90 s» would have to read «1.5 min».
    expect(timeScale(80 * S)).toEqual({ max: 2 * M, step: M, ticks: [0, M, 2 * M] })
    expect(timeScale(61 * M)).toEqual({ max: 2 * H, step: H, ticks: [0, H, 2 * H] })
    expect(timeScale(7 * M).step).toBe(2 * M)
    expect(timeScale(7 * M).max).toBe(8 * M)
    expect(timeScale(5 * H).step).toBe(2 * H)
    expect(timeScale(0)).toMatchObject({ max: S, step: S })
    expect(timeScale(100 * 24 * H).max).toBeGreaterThanOrEqual(100 * 24 * H)
  })

  it('maps values to pixels, clamped to the axis', () => {
    const scale = countScale(7)
    expect(toPixels(4, scale, 200)).toBe(100)
    expect(toPixels(8, scale, 200)).toBe(200)
    expect(toPixels(12, scale, 200)).toBe(200)
    expect(toPixels(-1, scale, 200)).toBe(0)
  })

  it('labels as many days as fit, keeping them apart', () => {
    expect(labelStride(7, 600, 40)).toBe(1)
    expect(labelStride(31, 300, 40)).toBe(5)
    expect(labelStride(400, 600, 40)).toBe(27)
    expect(labelStride(0, 600, 40)).toBe(1)
  })

  it('a plot over days: one slot per day inside the margins, labels on every stride-th day', () => {
    const margins = { top: 10, right: 20, bottom: 30, left: 40 }
    const week = dayPlot(600, 200, margins, 7)
    expect([week.plotW, week.plotH, week.n, week.slot, week.stride]).toEqual([540, 160, 7, 540 / 7, 1])
    expect(week.cx(0)).toBeCloseTo(40 + 540 / 14, 6)
    expect(week.cx(6)).toBeCloseTo(580 - 540 / 14, 6)
    // 90 days over 540 px: labels 56 px apart fit 9 times, so every 10th day.
    expect(dayPlot(600, 200, margins, 90).stride).toBe(10)
    // No days still draws one empty slot.
    expect(dayPlot(600, 200, margins, 0).n).toBe(1)
  })

  it('a line breaks on days without a value', () => {
    const segments = lineSegments([
      { x: 0, y: 10 },
      { x: 1, y: 20 },
      { x: 2, y: null },
      { x: 3, y: 5 },
    ])
    expect(segments).toEqual([
      [
        { x: 0, y: 10 },
        { x: 1, y: 20 },
      ],
      [{ x: 3, y: 5 }],
    ])
    expect(pathOf(segments)).toBe('M0.0 10.0 L1.0 20.0 M3.0 5.0')
  })

  it('stacked parts fill the bar exactly', () => {
    const widths = stackWidths([1, 1, 1, 0], 100)
    expect(widths[0]).toBeCloseTo(33.333, 2)
    expect(widths.reduce((a, b) => a + b, 0)).toBe(100)
    expect(widths[3]).toBe(0)
    expect(stackWidths([0, 0], 100)).toEqual([0, 0])
  })
})
