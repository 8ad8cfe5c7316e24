/**
 * An operator's tabs agree on two things (seed 004: one tab plays, not every tab):
 *
 * - which one of them is the leader, which plays the sounds and shows the browser notifications: the holder of a
 *   Web Lock named after the operator. The browser hands the lock to another tab when the leader's tab closes or
 *   its inbox ends (log out), so exactly one of the open tabs leads at any time.
 * - whether any of them is visible: each tab tells the others over a BroadcastChannel when its visibility changes,
 *   and again every HEARTBEAT_MS; a tab not heard from for STALE_MS (it crashed without a word) stops counting.
 *
 * Without Web Locks (old browsers) every tab leads: better each one chimes than none.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js'

const HEARTBEAT_MS = 20_000
const STALE_MS = 60_000

interface TabMessage {
  readonly tab: string
  readonly kind: 'hello' | 'state' | 'bye'
  readonly visible: boolean
}

export interface Tabs {
  /** This tab plays the sounds. */
  readonly isLeader: Accessor<boolean>
  /** Some tab of this operator is visible (this one, or another one lately heard from). */
  readonly anyVisible: Accessor<boolean>
}

const visibleNow = (): boolean => document.visibilityState === 'visible'

export const createTabs = (operatorId: string): Tabs => {
  const name = `switchboard/${operatorId}/alerts`
  const tab = Math.random().toString(36).slice(2)
  const [isLeader, setLeader] = createSignal(false)
  const [selfVisible, setSelfVisible] = createSignal(visibleNow())
  const [others, setOthers] = createSignal<ReadonlyMap<string, { visible: boolean; at: number }>>(new Map())

  const stop = new AbortController()
  if (typeof navigator.locks?.request === 'function') {
    navigator.locks
      .request(name, { signal: stop.signal }, () => {
        setLeader(true)
        // Held until this inbox ends: the promise resolves on abort.
        return new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()))
      })
      .catch((err: unknown) => {
        // Aborted while still waiting for the lock: this inbox ended first.
        if (!stop.signal.aborted) throw err
      })
  } else {
    setLeader(true)
  }

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null
  const say = (kind: TabMessage['kind']): void =>
    channel?.postMessage({ tab, kind, visible: selfVisible() } satisfies TabMessage)
  const prune = (): void => {
    const now = Date.now()
    setOthers((map) => new Map([...map].filter(([, seen]) => now - seen.at < STALE_MS)))
  }
  if (channel) {
    channel.onmessage = (event: MessageEvent<TabMessage>) => {
      const m = event.data
      if (m.tab === tab) return
      setOthers((map) => {
        const next = new Map(map)
        if (m.kind === 'bye') next.delete(m.tab)
        else next.set(m.tab, { visible: m.visible, at: Date.now() })
        return next
      })
      if (m.kind === 'hello') say('state')
    }
  }
  const onVisibility = (): void => {
    setSelfVisible(visibleNow())
    say('state')
  }
  const onPageHide = (): void => say('bye')
  // Back from the back-forward cache: the others forgot this tab at its `bye`.
  const onPageShow = (): void => say('hello')
  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('pagehide', onPageHide)
  window.addEventListener('pageshow', onPageShow)
  const heartbeat = setInterval(() => {
    prune()
    say('state')
  }, HEARTBEAT_MS)
  say('hello')

  onCleanup(() => {
    say('bye')
    stop.abort()
    clearInterval(heartbeat)
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pagehide', onPageHide)
    window.removeEventListener('pageshow', onPageShow)
    channel?.close()
  })
  return {
    isLeader,
    anyVisible: () => selfVisible() || [...others().values()].some((o) => o.visible),
  }
}
