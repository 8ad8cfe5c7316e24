/** Taken vs closed per operator (or channel), as pairs of horizontal bars: who carries how much, at a glance. */
import { For, type JSX } from 'solid-js'
import type { ReportBy, ReportRow } from '../../../model'
import { useI18n } from '../../i18n'
import { ChartFigure } from './ChartFigure'
import { COLORS } from './DailyChart'
import { formatCount } from './format'
import { countScale, toPixels } from './scale'

const ROW = 38
const BAR = 13
const M = { top: 6, right: 40, bottom: 24 }
/** About how wide one character of a name is at the chart's font size, to cut long names short. */
const CHAR_PX = 7

const shorten = (name: string, px: number): string => {
  const chars = Math.max(3, Math.floor(px / CHAR_PX))
  return name.length <= chars ? name : `${name.slice(0, chars - 1)}…`
}

export const CompareChart = (props: { rows: readonly ReportRow[]; by: ReportBy }): JSX.Element => {
  const { t, locale } = useI18n()
  const height = () => M.top + props.rows.length * ROW + M.bottom
  const draw = (width: number): JSX.Element => {
    const nameW = Math.min(170, Math.floor(width * 0.34))
    const left = nameW + 8
    const plotW = width - left - M.right
    const scale = countScale(Math.max(0, ...props.rows.map((r) => Math.max(r.taken, r.closed))))
    const x = (v: number) => left + toPixels(v, scale, plotW)
    const bottom = M.top + props.rows.length * ROW
    return (
      <g class="chart-compare">
        <For each={scale.ticks}>
          {(tick) => (
            <g class="grid">
              <line x1={x(tick)} x2={x(tick)} y1={M.top} y2={bottom} />
              <text x={x(tick)} y={bottom + 16} text-anchor="middle">
                {formatCount(tick, locale())}
              </text>
            </g>
          )}
        </For>
        <For each={props.rows}>
          {(row, i) => {
            const top = M.top + i() * ROW + 5
            return (
              <g>
                <text x={nameW} y={top + BAR + 2} text-anchor="end">
                  <title>{row.name}</title>
                  {shorten(row.name, nameW)}
                </text>
                <rect x={left} y={top} width={x(row.taken) - left} height={BAR} fill={COLORS.started} />
                <text class="value" x={x(row.taken) + 4} y={top + BAR - 2}>
                  {formatCount(row.taken, locale())}
                </text>
                <rect
                  x={left}
                  y={top + BAR + 2}
                  width={x(row.closed) - left}
                  height={BAR}
                  fill={COLORS.closed}
                />
                <text class="value" x={x(row.closed) + 4} y={top + 2 * BAR}>
                  {formatCount(row.closed, locale())}
                </text>
              </g>
            )
          }}
        </For>
      </g>
    )
  }
  const title = () => t(props.by === 'operator' ? 'rptCompareOperators' : 'rptCompareChannels')
  return (
    <ChartFigure
      title={title()}
      desc={t('rptCompareDesc', {
        list: props.rows.map((r) => `${r.name}: ${r.taken} / ${r.closed}`).join('; '),
      })}
      height={height()}
      draw={draw}
      legend={[
        { label: t('rptTaken'), color: COLORS.started },
        { label: t('rptClosed'), color: COLORS.closed },
      ]}
      columns={[t(props.by === 'operator' ? 'operator' : 'channel'), t('rptTaken'), t('rptClosed')]}
      rows={props.rows.map((r) => [r.name, formatCount(r.taken, locale()), formatCount(r.closed, locale())])}
    />
  )
}
