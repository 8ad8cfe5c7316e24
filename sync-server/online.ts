/**
 * [TEAM4] [TEAM5] Who is online: the operators with an authenticated sync socket open. Published as the server's
 * own awareness state on the directory doc (`OnlineState`), which the hub relays like any awareness to that doc's
 * subscribers (every operator); never written to a doc or to SQLite. Several sockets of one operator count once;
 * after the last one closes the operator stays online for a grace, so a reload or a reconnect keeps their `since`.
 */
import { directoryDocName, type OnlineState, parseDocName } from '../model'
import { type Coalescer, coalesce } from './coalesce'
import type { DocHub, LoadedDoc } from './docs/hub'

export interface OnlineOperatorsOptions {
  readonly hub: DocHub
  readonly now: () => number
  /** How long an operator stays online after their last socket closed. */
  readonly graceMs: number
  /** At most one publication per this many milliseconds. */
  readonly intervalMs?: number
}

export const ONLINE_PUBLISH_INTERVAL_MS = 250

export class OnlineOperators {
  readonly #hub: DocHub
  readonly #now: () => number
  readonly #graceMs: number
  /** One publication for every change within the interval. */
  readonly #publication: Coalescer
  /** Open sockets per operator. */
  readonly #sockets = new Map<string, number>()
  /** Online since, per operator: with a socket open, or within the grace after the last one. */
  readonly #since = new Map<string, number>()
  readonly #grace = new Map<string, NodeJS.Timeout>()
  #off: (() => void) | null = null

  constructor(options: OnlineOperatorsOptions) {
    this.#hub = options.hub
    this.#now = options.now
    this.#graceMs = options.graceMs
    this.#publication = coalesce(() => this.#publish(), options.intervalMs ?? ONLINE_PUBLISH_INTERVAL_MS)
  }

  /** Start before the directory doc first loads, so that its first subscriber gets the state with the doc. */
  start(): void {
    this.#off = this.#hub.onAwareness((loaded, event) => {
      // A freshly loaded directory has no state of ours yet: it gets the current one at once.
      if (event === 'load' && parseDocName(loaded.name)?.kind === 'directory') this.#setState(loaded)
    })
  }

  stop(): void {
    this.#off?.()
    this.#off = null
    this.#publication.cancel()
    for (const timer of this.#grace.values()) clearTimeout(timer)
    this.#grace.clear()
  }

  /** An authenticated socket of this operator opened; call the returned function (once) when it closes. */
  connected(operatorId: string): () => void {
    this.#sockets.set(operatorId, (this.#sockets.get(operatorId) ?? 0) + 1)
    const grace = this.#grace.get(operatorId)
    if (grace) {
      clearTimeout(grace)
      this.#grace.delete(operatorId)
    }
    if (!this.#since.has(operatorId)) {
      this.#since.set(operatorId, this.#now())
      this.#schedule()
    }
    let open = true
    return () => {
      if (!open) return
      open = false
      this.#disconnected(operatorId)
    }
  }

  /** Operator id → online since, as published next. */
  get online(): ReadonlyMap<string, number> {
    return this.#since
  }

  #disconnected(operatorId: string): void {
    const left = (this.#sockets.get(operatorId) ?? 1) - 1
    if (left > 0) {
      this.#sockets.set(operatorId, left)
      return
    }
    this.#sockets.delete(operatorId)
    const goOffline = (): void => {
      this.#grace.delete(operatorId)
      if (this.#sockets.has(operatorId) || this.#off === null) return
      this.#since.delete(operatorId)
      this.#schedule()
    }
    if (this.#graceMs <= 0) {
      goOffline()
      return
    }
    const timer = setTimeout(goOffline, this.#graceMs)
    timer.unref()
    this.#grace.set(operatorId, timer)
  }

  /** Only while started: after `stop` nothing is published. */
  #schedule(): void {
    if (this.#off !== null) this.#publication.schedule()
  }

  #publish(): void {
    // Not loaded: nobody is subscribed to it, and it gets the state when it loads.
    if (this.#hub.isLoaded(directoryDocName)) this.#setState(this.#hub.open(directoryDocName))
  }

  #setState(loaded: LoadedDoc): void {
    const ids = [...this.#since.keys()].sort()
    const state: OnlineState = { online: Object.fromEntries(ids.map((id) => [id, this.#since.get(id)!])) }
    const { awareness } = loaded
    if (JSON.stringify(state) !== JSON.stringify(awareness.getLocalState())) awareness.setLocalState(state)
  }
}
