/**
 * Keeps the reports store in step with the chat docs. A chat's first change after its last recompute marks it
 * dirty in the same group commit as the change [RPS3] and schedules one recompute (`chatMetricsOf`) a moment
 * later: however often the chat changes meanwhile (a busy chat takes 200 updates a second), it is recomputed at
 * most once per `minDelayMs`, and a long chat, whose recompute costs more, less often still, so the sync path
 * keeps its speed. The rows are replaced in a later group commit (`hub.defer`).
 *
 * At start, chats that predate the store (an upgraded install) or changed after their last recompute (a stop or
 * crash in between) are computed in the background, in small batches, each committed before the next starts.
 */
import * as Y from 'yjs'
import { type ChatMetrics, chatDocName, chatMetricsOf, DocKind, parseDocName } from '../../model'
import type { DocHub } from '../docs/hub'
import type { Logger } from '../logger'
import type { DocLog } from '../storage/doc-log'
import type { ReportStore } from './store'

export interface ReportFollowerOptions {
  readonly hub: DocHub
  readonly store: ReportStore
  /** Reads a doc that is not loaded, for the backfill, without keeping it in the hub. */
  readonly log: DocLog
  readonly logger: Logger
  /** A changed chat is recomputed this long after its first change (default 1 s). */
  readonly minDelayMs?: number
  /** Chats per backfill batch (default 200); a batch also ends after `BATCH_MS`. */
  readonly batchSize?: number
}

/** A recompute waits at least this many times what the chat's last one took: at most 0.5 % of a core per chat. */
const COST_FACTOR = 200
/** A backfill batch yields the event loop after this long. */
const BATCH_MS = 20

export class ReportFollower {
  readonly store: ReportStore
  readonly #hub: DocHub
  readonly #log: DocLog
  readonly #logger: Logger
  readonly #minDelayMs: number
  readonly #batchSize: number
  /** Chats changed since their rows were computed, with the timer that recomputes them. */
  readonly #pending = new Map<string, NodeJS.Timeout>()
  /** What a chat's last recompute took, in ms, for chats long enough to matter. */
  readonly #cost = new Map<string, number>()
  #offLoad: (() => void) | null = null
  #stopped = false
  #backfilled: Promise<void> = Promise.resolve()

  constructor(options: ReportFollowerOptions) {
    this.store = options.store
    this.#hub = options.hub
    this.#log = options.log
    this.#logger = options.logger
    this.#minDelayMs = options.minDelayMs ?? 1_000
    this.#batchSize = options.batchSize ?? 200
  }

  /** Follows every chat doc loaded from now on, and starts the backfill. Call before anything loads chats. */
  start(): void {
    this.#offLoad = this.#hub.onLoad((loaded) => {
      const ref = parseDocName(loaded.name)
      if (ref?.kind !== DocKind.chat) return
      // The doc's own update event: it fires before the group commit, so the dirty mark joins that commit.
      loaded.doc.on('update', () => this.#changed(ref.id))
    })
    this.#backfilled = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#backfill())
  }

  /** Resolves when the start's backfill is done. */
  whenBackfilled(): Promise<void> {
    return this.#backfilled
  }

  /** Recomputes every changed chat now; resolves once their rows are committed. */
  flush(): Promise<void> {
    for (const chatId of [...this.#pending.keys()]) this.#recompute(chatId)
    return this.#hub.whenDurable()
  }

  /**
   * Recomputes what changed (its rows go into the hub's last group commit) and stops following. A change after
   * this (nothing should write once the server stops) is still marked, so the next start computes it.
   */
  stop(): void {
    for (const chatId of [...this.#pending.keys()]) this.#recompute(chatId)
    this.#stopped = true
    this.#offLoad?.()
    this.#offLoad = null
  }

  #changed(chatId: string): void {
    if (this.#pending.has(chatId)) return
    this.#hub
      .defer(() => this.store.markDirty(chatId))
      .catch(() => {
        // The change's own commit failed with it: the hub reloads the doc from disk, nothing changed.
      })
    if (this.#stopped) return
    const delay = Math.max(this.#minDelayMs, COST_FACTOR * (this.#cost.get(chatId) ?? 0))
    const timer = setTimeout(() => this.#recompute(chatId), delay)
    timer.unref()
    this.#pending.set(chatId, timer)
  }

  #recompute(chatId: string): void {
    const timer = this.#pending.get(chatId)
    if (timer) clearTimeout(timer)
    this.#pending.delete(chatId)
    const started = performance.now()
    let metrics: ChatMetrics | null
    try {
      // Unloaded since it changed (idle): read from the log rather than loaded into the hub again.
      metrics = this.#metricsOf(chatId)
    } catch (err) {
      this.#logger.error({ err, chatId }, 'could not compute the chat’s metrics; it stays marked changed')
      return
    }
    const took = performance.now() - started
    if (took >= 1) this.#cost.set(chatId, took)
    else this.#cost.delete(chatId)
    this.#hub
      .defer(() => this.store.replaceChat(chatId, metrics))
      .catch((err: unknown) => {
        this.#logger.warn({ err, chatId }, 'the chat’s report rows were not committed; computing them again')
        if (!this.#stopped) this.#changed(chatId)
      })
  }

  /** The metrics of a chat: from the hub when it is loaded, else read from the log into a doc dropped after. */
  #metricsOf(chatId: string): ChatMetrics | null {
    const name = chatDocName(chatId)
    if (this.#hub.isLoaded(name)) return chatMetricsOf(this.#hub.open(name).doc)
    const doc = new Y.Doc({ gc: true })
    try {
      const { updates } = this.#log.read(name)
      doc.transact(() => {
        for (const update of updates) Y.applyUpdate(doc, update)
      })
      return chatMetricsOf(doc)
    } finally {
      doc.destroy()
    }
  }

  /** [RPS3] Computes the chats changed before a stop or crash, then those never stored, batch by batch. */
  async #backfill(): Promise<void> {
    if (this.#stopped) return
    const started = performance.now()
    let done = 0
    const run = async (ids: readonly string[]): Promise<void> => {
      for (let at = 0; at < ids.length && !this.#stopped; ) {
        const batch: Array<[string, ChatMetrics | null]> = []
        const batchStarted = performance.now()
        for (; at < ids.length && batch.length < this.#batchSize; at++) {
          const chatId = ids[at]!
          // A chat changed since start is recomputed by its own timer.
          if (this.#pending.has(chatId)) continue
          try {
            batch.push([chatId, this.#metricsOf(chatId)])
          } catch (err) {
            this.#logger.error({ err, chatId }, 'could not compute a chat’s metrics for the reports')
          }
          if (performance.now() - batchStarted > BATCH_MS) {
            at++
            break
          }
        }
        await this.#hub.defer(() => {
          for (const [chatId, metrics] of batch) this.store.replaceChat(chatId, metrics)
        })
        done += batch.length
      }
    }
    try {
      await run(this.store.dirtyChats())
      for (let after = ''; !this.#stopped; ) {
        const { ids, last } = this.store.unstoredChats(after, 1_000)
        if (last === null) break
        await run(ids)
        after = last
      }
    } catch (err) {
      this.#logger.error({ err }, 'the reports backfill stopped; it resumes at the next start')
      return
    }
    if (done > 0)
      this.#logger.info(
        { chats: done, seconds: Math.round(performance.now() - started) / 1000 },
        'reports: computed the chats stored before',
      )
  }
}
