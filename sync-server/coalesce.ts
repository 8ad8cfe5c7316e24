/**
 * A coalescing scheduler for publications that many changes trigger (presence summaries, the online state): every
 * `schedule()` within the interval ends in one run, at most one run per `intervalMs`, and the first run after a
 * quiet interval does not wait. The timer does not keep the process alive.
 */
export interface Coalescer {
  /** Runs soon: now if the last run was an interval ago, else when it will be; nothing more if one is pending. */
  schedule(): void
  /** Drops a pending run. */
  cancel(): void
}

export const coalesce = (run: () => void, intervalMs: number): Coalescer => {
  let timer: NodeJS.Timeout | null = null
  let lastRun = Number.NEGATIVE_INFINITY
  return {
    schedule() {
      if (timer) return
      const wait = Math.max(0, lastRun + intervalMs - performance.now())
      timer = setTimeout(() => {
        timer = null
        lastRun = performance.now()
        run()
      }, wait)
      timer.unref()
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
