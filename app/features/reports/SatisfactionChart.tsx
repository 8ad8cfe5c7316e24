/** The customers' average rating per day on a 1–5 axis, with the period's count, average and CSAT in words. */
import { For, type JSX, Show } from 'solid-js'
import type { ReportRow, ReportSeries } from '../../../model'
import { useI18n } from '../../i18n'
import { ChartFigure, DayLabel, GridRows } from './ChartFigure'
import { formatDayLong, formatPercent, formatScore } from './format'
import { dayPlot, lineSegments, pathOf } from './scale'

const HEIGHT = 170
const M = { top: 12, right: 16, bottom: 30, left: 30 }
const COLOR = '#7c3aed'
const SCORES = [1, 2, 3, 4, 5] as const

export const SatisfactionChart = (props: {
  series: ReportSeries
  satisfaction: ReportRow['satisfaction']
}): JSX.Element => {
  const { t, locale } = useI18n()
  const days = () => props.series.days
  const draw = (width: number): JSX.Element => {
    const plot = dayPlot(width, HEIGHT, M, days().length)
    const { plotH, cx } = plot
    const y = (score: number) => M.top + plotH - ((score - 1) / 4) * plotH
    const line = lineSegments(
      days().map((d, i) => ({
        x: cx(i),
        y: d.satisfactionAverage === null ? null : y(d.satisfactionAverage),
      })),
    )
    return (
      <g class="chart-satisfaction">
        <GridRows ticks={SCORES} y={y} left={M.left} right={width - M.right} label={(score) => score} />
        <path d={pathOf(line)} fill="none" stroke={COLOR} stroke-width="2" />
        <For each={days()}>
          {(d, i) => (
            <g>
              <Show when={d.satisfactionAverage}>
                {(average) => (
                  <circle cx={cx(i())} cy={y(average())} r="3.5" fill={COLOR}>
                    <title>{`${formatDayLong(d.day, locale())}: ${formatScore(average(), locale())}`}</title>
                  </circle>
                )}
              </Show>
              <DayLabel plot={plot} index={i()} day={d.day} height={HEIGHT} />
            </g>
          )}
        </For>
      </g>
    )
  }
  return (
    <ChartFigure
      title={t('rptSatisfaction')}
      desc={t('rptSatisfactionDesc', {
        count: props.satisfaction.count,
        average: formatScore(props.satisfaction.average, locale()),
        csat: formatPercent(props.satisfaction.csat, locale()),
      })}
      height={HEIGHT}
      draw={draw}
      legend={[{ label: t('rptAverageScore'), color: COLOR }]}
      columns={[t('rptDay'), t('rptAverageScore')]}
      rows={days().map((d) => [formatDayLong(d.day, locale()), formatScore(d.satisfactionAverage, locale())])}
    />
  )
}
