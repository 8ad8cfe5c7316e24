/**
 * Chats per day: started and closed as pairs of bars on the count axis (left), the first response median as a
 * line on the time axis (right). Quiet days keep their place; a day without an answered chat breaks the line.
 */
import { For, type JSX, Show } from 'solid-js'
import type { ReportSeries } from '../../../model'
import { useI18n } from '../../i18n'
import { ChartFigure, DayLabel, GridRows } from './ChartFigure'
import { formatAxisDuration, formatCount, formatDayLong, formatDuration } from './format'
import { countScale, dayPlot, lineSegments, pathOf, timeScale, toPixels } from './scale'

export const COLORS = {
  started: '#2563eb',
  closed: '#15803d',
  response: '#b45309',
} as const

const HEIGHT = 230
const M = { top: 14, right: 56, bottom: 30, left: 40 }

export const DailyChart = (props: { series: ReportSeries; period: string }): JSX.Element => {
  const { t, locale } = useI18n()
  const days = () => props.series.days
  const total = (pick: (d: ReportSeries['days'][number]) => number) =>
    days().reduce((sum, d) => sum + pick(d), 0)
  const draw = (width: number): JSX.Element => {
    const plot = dayPlot(width, HEIGHT, M, days().length)
    const { plotH, n, slot, cx } = plot
    const barW = Math.max(1, Math.min(14, (slot * 0.8) / 2))
    const counts = countScale(Math.max(0, ...days().map((d) => Math.max(d.started, d.closed))))
    const times = timeScale(Math.max(0, ...days().map((d) => d.firstResponseMedian ?? 0)))
    const y = (v: number) => M.top + plotH - toPixels(v, counts, plotH)
    const yTime = (v: number) => M.top + plotH - toPixels(v, times, plotH)
    const line = lineSegments(
      days().map((d, i) => ({
        x: cx(i),
        y: d.firstResponseMedian === null ? null : yTime(d.firstResponseMedian),
      })),
    )
    return (
      <g class="chart-daily">
        <GridRows
          ticks={counts.ticks}
          y={y}
          left={M.left}
          right={width - M.right}
          label={(tick) => formatCount(tick, locale())}
        />
        <For each={times.ticks}>
          {(tick) => (
            <text class="axis-time" x={width - M.right + 6} y={yTime(tick) + 4}>
              {formatAxisDuration(tick, locale())}
            </text>
          )}
        </For>
        <For each={days()}>
          {(d, i) => (
            <g>
              <rect
                x={cx(i()) - barW}
                y={y(d.started)}
                width={barW}
                height={M.top + plotH - y(d.started)}
                fill={COLORS.started}
              >
                <title>{`${formatDayLong(d.day, locale())}: ${t('rptStarted')} ${d.started}`}</title>
              </rect>
              <rect
                x={cx(i())}
                y={y(d.closed)}
                width={barW}
                height={M.top + plotH - y(d.closed)}
                fill={COLORS.closed}
              >
                <title>{`${formatDayLong(d.day, locale())}: ${t('rptClosedChats')} ${d.closed}`}</title>
              </rect>
              <DayLabel plot={plot} index={i()} day={d.day} height={HEIGHT} />
            </g>
          )}
        </For>
        <path d={pathOf(line)} fill="none" stroke={COLORS.response} stroke-width="2" />
        <Show when={n <= 62}>
          <For each={days()}>
            {(d, i) =>
              d.firstResponseMedian === null ? null : (
                <circle cx={cx(i())} cy={yTime(d.firstResponseMedian)} r="3" fill={COLORS.response} />
              )
            }
          </For>
        </Show>
      </g>
    )
  }
  return (
    <ChartFigure
      title={t('rptDaily')}
      desc={t('rptDailyDesc', {
        started: total((d) => d.started),
        closed: total((d) => d.closed),
        period: props.period,
      })}
      height={HEIGHT}
      draw={draw}
      legend={[
        { label: t('rptStarted'), color: COLORS.started },
        { label: t('rptClosedChats'), color: COLORS.closed },
        { label: t('rptFirstResponseMedian'), color: COLORS.response, line: true },
      ]}
      columns={[
        t('rptDay'),
        t('rptStarted'),
        t('rptClosedChats'),
        t('rptFirstResponseMedian'),
        t('rptResolutionMedian'),
      ]}
      rows={days().map((d) => [
        formatDayLong(d.day, locale()),
        formatCount(d.started, locale()),
        formatCount(d.closed, locale()),
        formatDuration(d.firstResponseMedian, locale()),
        formatDuration(d.resolutionMedian, locale()),
      ])}
    />
  )
}
