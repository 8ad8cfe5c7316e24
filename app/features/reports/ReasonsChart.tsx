/** Why chats were closed: one bar split by reason, each part as wide as its share. */
import { For, type JSX, Show } from 'solid-js'
import type { ReportRow } from '../../../model'
import { type MessageKey, useI18n } from '../../i18n'
import { ChartFigure } from './ChartFigure'
import { formatCount, formatPercent } from './format'
import { stackWidths } from './scale'

const REASONS = ['solved', 'no_reply', 'other', 'none'] as const
type Reason = (typeof REASONS)[number]

export const REASON_LABEL = {
  solved: 'reasonSolved',
  no_reply: 'reasonNoReply',
  other: 'reasonOther',
  none: 'noReason',
} as const satisfies Record<Reason, MessageKey>

const REASON_COLOR: Record<Reason, string> = {
  solved: '#15803d',
  no_reply: '#b45309',
  other: '#6366f1',
  none: '#9ca3af',
}

const HEIGHT = 44
const BAR = 30
const SIDE = 4

export const ReasonsChart = (props: { reasons: ReportRow['closeReasons'] }): JSX.Element => {
  const { t, locale } = useI18n()
  const counts = () => REASONS.map((r) => props.reasons[r])
  const total = () => counts().reduce((a, b) => a + b, 0)
  const share = (n: number) => formatPercent(total() === 0 ? null : (n / total()) * 100, locale())
  const label = (r: Reason, n: number) => `${t(REASON_LABEL[r])}: ${formatCount(n, locale())} (${share(n)})`
  const draw = (width: number): JSX.Element => {
    const widths = stackWidths(counts(), width - 2 * SIDE)
    const starts = widths.map((_, i) => SIDE + widths.slice(0, i).reduce((a, b) => a + b, 0))
    return (
      <g class="chart-reasons">
        <Show
          when={total() > 0}
          fallback={
            <text x={width / 2} y={HEIGHT / 2 + 4} text-anchor="middle" class="muted">
              {t('rptNoCloses')}
            </text>
          }
        >
          <For each={REASONS}>
            {(r, i) => (
              <Show when={widths[i()]! > 0}>
                <rect
                  x={starts[i()]}
                  y={(HEIGHT - BAR) / 2}
                  width={widths[i()]}
                  height={BAR}
                  fill={REASON_COLOR[r]}
                >
                  <title>{label(r, props.reasons[r])}</title>
                </rect>
                <Show when={widths[i()]! > 28}>
                  <text
                    class="inside"
                    x={starts[i()]! + widths[i()]! / 2}
                    y={HEIGHT / 2 + 4}
                    text-anchor="middle"
                  >
                    {formatCount(props.reasons[r], locale())}
                  </text>
                </Show>
              </Show>
            )}
          </For>
        </Show>
      </g>
    )
  }
  return (
    <ChartFigure
      title={t('rptCloseReasons')}
      desc={t('rptReasonsDesc', {
        n: total(),
        list: REASONS.map((r) => label(r, props.reasons[r])).join('; '),
      })}
      height={HEIGHT}
      draw={draw}
      legend={REASONS.map((r) => ({ label: label(r, props.reasons[r]), color: REASON_COLOR[r] }))}
      columns={[t('rptCloseReasons'), t('rptClosed'), '%']}
      rows={REASONS.map((r) => [
        t(REASON_LABEL[r]),
        formatCount(props.reasons[r], locale()),
        share(props.reasons[r]),
      ])}
    />
  )
}
