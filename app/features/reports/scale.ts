/**
 * The arithmetic of the reports' small charts: axes that end on a round number (counts in steps of 1, 2, 2.5 or
 * 5 × 10ⁿ, durations in steps a clock has: 30 s, 5 min, 2 h…), values to pixels, and how many day labels fit.
 */

export interface Scale {
  /** The axis' top: a whole number of steps, at least the largest value. */
  readonly max: number
  readonly step: number
  /** 0, step, 2·step … max. */
  readonly ticks: readonly number[]
}

const ticksOf = (max: number, step: number): number[] => {
  const ticks: number[] = []
  for (let i = 0; i * step <= max + step / 1e6; i++) ticks.push(i * step)
  return ticks
}

/** An axis for counts up to `largest` with about `ticks` steps; whole-number steps only (no 2.5 chats). */
export const countScale = (largest: number, ticks = 4): Scale => {
  const top = Math.max(1, Math.ceil(largest))
  const raw = top / ticks
  const power = 10 ** Math.floor(Math.log10(raw))
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw && Number.isInteger(s)) ?? Math.ceil(raw)
  const stepped = Math.max(1, step)
  const max = Math.ceil(top / stepped) * stepped
  return { max, step: stepped, ticks: ticksOf(max, stepped) }
}

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H
/** The steps a duration axis may take: each a round amount on a clock. */
export const TIME_STEPS: readonly number[] = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
]

/**
 * An axis for durations (ms) up to `largest`: the smallest clock step that covers it in about `ticks` steps and
 * is at least the largest whole unit it reaches (past a minute, whole minutes), so every tick reads exactly in
 * one unit: «1 мин», «2 мин», never a «1,5 мин» rounded to «2 мин».
 */
export const timeScale = (largest: number, ticks = 4): Scale => {
  const top = Math.max(S, largest)
  const unit = [D, H, M, S].find((u) => top > u) ?? S
  const step =
    TIME_STEPS.find((s) => s >= unit && s * ticks >= top) ?? Math.ceil(top / ticks / (7 * D)) * 7 * D
  const max = Math.ceil(top / step) * step
  return { max, step, ticks: ticksOf(max, step) }
}

/** `value` on an axis of `scale` drawn over `size` pixels (0 at the start). */
export const toPixels = (value: number, scale: Scale, size: number): number =>
  scale.max <= 0 ? 0 : (Math.max(0, Math.min(value, scale.max)) / scale.max) * size

/**
 * Every how many items a label goes, so that labels at least `minGap` pixels apart fit in `size` pixels: 1 (each
 * day labelled) when there is room, else the smallest stride that keeps them apart.
 */
export const labelStride = (count: number, size: number, minGap: number): number => {
  if (count <= 0) return 1
  const fit = Math.max(1, Math.floor(size / minGap))
  return Math.max(1, Math.ceil(count / fit))
}

export interface Margins {
  readonly top: number
  readonly right: number
  readonly bottom: number
  readonly left: number
}

/** The plot of a chart with one slot per day, inside the margins of its drawing. */
export interface DayPlot {
  readonly plotW: number
  readonly plotH: number
  /** How many slots: the days, at least one. */
  readonly n: number
  readonly slot: number
  /** Every how many days a day's date is written under the plot. */
  readonly stride: number
  /** The middle of day `i`'s slot. */
  cx(i: number): number
}

/** Day labels at least this many pixels apart. */
const DAY_LABEL_GAP = 56

export const dayPlot = (width: number, height: number, margins: Margins, days: number): DayPlot => {
  const plotW = width - margins.left - margins.right
  const plotH = height - margins.top - margins.bottom
  const n = Math.max(1, days)
  const slot = plotW / n
  return {
    plotW,
    plotH,
    n,
    slot,
    stride: labelStride(n, plotW, DAY_LABEL_GAP),
    cx: (i) => margins.left + slot * i + slot / 2,
  }
}

/** Segments of a line through the points that have a value: a gap (a day with none) breaks the line. */
export const lineSegments = (
  points: ReadonlyArray<{ readonly x: number; readonly y: number | null }>,
): Array<Array<{ x: number; y: number }>> => {
  const segments: Array<Array<{ x: number; y: number }>> = []
  let current: Array<{ x: number; y: number }> | null = null
  for (const p of points) {
    if (p.y === null) {
      current = null
      continue
    }
    if (!current) {
      current = []
      segments.push(current)
    }
    current.push({ x: p.x, y: p.y })
  }
  return segments
}

/** An SVG path through segments (`M x y L x y …` each). */
export const pathOf = (
  segments: ReadonlyArray<ReadonlyArray<{ readonly x: number; readonly y: number }>>,
): string =>
  segments
    .map((seg) => seg.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' '))
    .join(' ')

/** Parts of a whole as widths over `size` pixels that add up to it exactly (the last part takes the rounding). */
export const stackWidths = (values: readonly number[], size: number): number[] => {
  const total = values.reduce((a, b) => a + b, 0)
  if (total <= 0) return values.map(() => 0)
  let used = 0
  let lastNonZero = -1
  values.forEach((v, i) => {
    if (v > 0) lastNonZero = i
  })
  return values.map((v, i) => {
    if (i === lastNonZero) return size - used
    const w = (v / total) * size
    used += w
    return w
  })
}
