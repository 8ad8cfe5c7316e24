/**
 * A fixed-window counter per key (a visitor, an address): `take` says whether one more request fits. In memory,
 * per process; a window's keys are dropped when the next window starts, so it cannot grow without bound.
 */
export class RateLimit {
  #windowStart = 0
  readonly #counts = new Map<string, number>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): boolean {
    const now = this.now()
    if (now - this.#windowStart >= this.windowMs) {
      this.#windowStart = now
      this.#counts.clear()
    }
    const used = this.#counts.get(key) ?? 0
    if (used >= this.limit) return false
    this.#counts.set(key, used + 1)
    return true
  }
}
