/**
 * One chart of the reports: an inline SVG drawn at the width it has (so its text stays legible on a narrow screen
 * rather than shrinking with a viewBox), named by its `<title>` and described by its `<desc>`, with a legend and
 * the same numbers as a table for screen readers. Plus the axes the charts over days share.
 */
import { createSignal, createUniqueId, For, type JSX, onCleanup, onMount, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import { formatDayShort } from './format'
import type { DayPlot } from './scale'

/** Narrower than this, a chart scrolls sideways rather than squeezing its bars to nothing. */
const MIN_WIDTH = 260

export interface LegendItem {
  readonly label: string
  readonly color: string
  /** A line rather than a block. */
  readonly line?: boolean
}

export const ChartFigure = (props: {
  title: string
  desc: string
  height: number
  draw: (width: number) => JSX.Element
  legend?: readonly LegendItem[]
  /** The rows of the data table: the first cell of each is its header. */
  columns: readonly string[]
  rows: readonly (readonly string[])[]
}): JSX.Element => {
  const { t } = useI18n()
  const id = createUniqueId()
  const [width, setWidth] = createSignal(480)
  let box!: HTMLDivElement
  onMount(() => {
    const measure = (): void => {
      setWidth(Math.max(MIN_WIDTH, Math.floor(box.clientWidth)))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(box)
    onCleanup(() => observer.disconnect())
  })
  return (
    <figure class="report-chart">
      <figcaption aria-hidden="true">{props.title}</figcaption>
      <div class="chart-box" ref={box}>
        <svg
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          width={width()}
          height={props.height}
          viewBox={`0 0 ${width()} ${props.height}`}
        >
          <title id={`${id}-title`}>{props.title}</title>
          <desc id={`${id}-desc`}>{props.desc}</desc>
          {props.draw(width())}
        </svg>
      </div>
      <Show when={props.legend}>
        {(legend) => (
          <ul class="chart-legend" aria-hidden="true">
            {legend().map((item) => (
              <li>
                <span
                  class="swatch"
                  classList={{ line: item.line === true }}
                  style={{ 'background-color': item.color }}
                />
                {item.label}
              </li>
            ))}
          </ul>
        )}
      </Show>
      <table class="visually-hidden">
        <caption>{t('rptChartData', { name: props.title })}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>{row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

/** Horizontal grid lines from `left` to `right` at the ticks of a value axis, each labelled left of the plot. */
export const GridRows = (props: {
  ticks: readonly number[]
  y: (value: number) => number
  left: number
  right: number
  label: (value: number) => JSX.Element
}): JSX.Element => (
  <For each={props.ticks}>
    {(tick) => (
      <g class="grid">
        <line x1={props.left} x2={props.right} y1={props.y(tick)} y2={props.y(tick)} />
        <text x={props.left - 6} y={props.y(tick) + 4} text-anchor="end">
          {props.label(tick)}
        </text>
      </g>
    )}
  </For>
)

/** Day `index`'s short date under its slot, on every `stride`-th day of the plot; `height` is the drawing's. */
export const DayLabel = (props: {
  plot: DayPlot
  index: number
  day: string
  height: number
}): JSX.Element => {
  const { locale } = useI18n()
  return (
    <Show when={props.index % props.plot.stride === 0}>
      <text class="axis-day" x={props.plot.cx(props.index)} y={props.height - 10} text-anchor="middle">
        {formatDayShort(props.day, locale())}
      </text>
    </Show>
  )
}
