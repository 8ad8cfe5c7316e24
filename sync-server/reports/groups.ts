/**
 * How the reports store groups rows: by a key column (an operator, a channel), all in one, or by the local day a
 * conversation started in (the series). Each is an SQL expression over a row of the store with its parameters.
 */

const DAY_MS = 86_400_000

/** What rows are grouped by: an SQL expression over a source's row, its parameters, its largest key. */
export interface Group {
  readonly sql: string
  readonly params: readonly number[]
  readonly max: number
}

/** Every row in one group, key 0. */
export const ONE_GROUP: Group = { sql: '0', params: [], max: 0 }

/** Rows grouped by a key column (`channel`, `operator`, `first_operator`, `closed_by`); NULL is key 0. */
export const byColumn = (column: string): Group => ({ sql: column, params: [], max: 0 })

/**
 * Rows grouped by which of the consecutive ranges [bounds[i], bounds[i + 1]) their start falls in (the series'
 * local days), key i. Runs of whole 24-hour days become one arithmetic branch each, so a year of days in a zone
 * with DST is a handful of branches rather than a join.
 */
export const byRanges = (bounds: readonly number[]): Group => {
  const branches: string[] = []
  const params: number[] = []
  const ranges = bounds.length - 1
  for (let i = 0; i < ranges; ) {
    let j = i
    while (j < ranges && bounds[j + 1]! - bounds[j]! === DAY_MS) j++
    if (j - i >= 2) {
      // Ranges i…j-1 are whole days: the day is the distance from the first one's start.
      branches.push('WHEN start_at < ? THEN CAST(? + (start_at - ?) / 86400000 AS INTEGER)')
      params.push(bounds[j]!, i, bounds[i]!)
      i = j
    } else {
      branches.push('WHEN start_at < ? THEN CAST(? AS INTEGER)')
      params.push(bounds[i + 1]!, i)
      i++
    }
  }
  return { sql: `CASE ${branches.join(' ')} END`, params, max: bounds.length }
}
