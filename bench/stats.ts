/** Percentiles and the number formats of the report. */

export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** Nearest-rank percentile of an ascending-sorted array (`p` in 0..100). */
export const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN
}

export const summarize = (samples: Float64Array): LatencySummary => {
  const sorted = Float64Array.from(samples).sort()
  let sum = 0
  for (const value of sorted) sum += value
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  }
}

/** Joins several sample arrays into one. */
export const concatSamples = (parts: readonly Float64Array[]): Float64Array => {
  const out = new Float64Array(parts.reduce((n, part) => n + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

export const ms = (value: number): string =>
  Number.isFinite(value)
    ? value < 10
      ? value.toFixed(2)
      : value < 100
        ? value.toFixed(1)
        : value.toFixed(0)
    : '—'

export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—')

export const rate = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—'

export const percent = (value: number): string => (Number.isFinite(value) ? `${Math.round(value)} %` : '—')
