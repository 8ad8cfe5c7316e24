/** The time, ticking: folders follow the 10-second rule without a reload. */
import { type Accessor, createSignal, onCleanup } from 'solid-js'

export const createClock = (intervalMs = 1_000): Accessor<number> => {
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), intervalMs)
  onCleanup(() => clearInterval(timer))
  return now
}
