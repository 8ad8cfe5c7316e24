/**
 * Which chats the app keeps offline (DESIGN.md §2 Offline): the warm set is the chats open on screen, the chats
 * with changes not yet on the server, every chat assigned to me that is not closed, and the `recent` chats with
 * the latest activity; a stored chat outside it stays stored while it is among the `spare` most recently used,
 * and is evicted after that, least recently used first. A pure function of its input: the same input gives the
 * same plan on every run.
 */
import { byLastActivity, type ChatSummary } from '../../model'

export interface WarmSetSizes {
  /** How many of the chats with the latest activity are kept warm (besides the open, mine and unsynced ones). */
  readonly recent: number
  /** How many stored chats outside the warm set stay stored, the most recently used ones. */
  readonly spare: number
}

export const DEFAULT_WARM_SIZES: WarmSetSizes = { recent: 200, spare: 100 }

export interface WarmSettings extends WarmSetSizes {
  /** How many warm docs may be waiting for their first sync at once, so a cold start does not stampede. */
  readonly concurrency: number
}

export const DEFAULT_WARM_SETTINGS: WarmSettings = { ...DEFAULT_WARM_SIZES, concurrency: 8 }

/** localStorage key of the sizes, when set: `{"recent": 50, "spare": 20}` for a small device (or a test). */
export const WARM_SETTINGS_KEY = 'switchboard.warmSet'

/** The settings, each field from `WARM_SETTINGS_KEY` when it holds a whole number ≥ 0 (concurrency ≥ 1). */
export const readWarmSettings = (store: Pick<Storage, 'getItem'> | null): WarmSettings => {
  let saved: Record<string, unknown> = {}
  try {
    saved = (JSON.parse(store?.getItem(WARM_SETTINGS_KEY) ?? '{}') as Record<string, unknown>) ?? {}
  } catch {
    // Not JSON: the defaults.
  }
  const pick = (key: keyof WarmSettings, min: number): number => {
    const value = saved[key]
    return Number.isInteger(value) && (value as number) >= min
      ? (value as number)
      : DEFAULT_WARM_SETTINGS[key]
  }
  return { recent: pick('recent', 0), spare: pick('spare', 0), concurrency: pick('concurrency', 1) }
}

export interface WarmSetInput {
  /** The inbox index's chat summaries. */
  readonly summaries: Iterable<ChatSummary>
  readonly operatorId: string
  /** Chats open on screen now. */
  readonly open: Iterable<string>
  /** Chats with local changes the server has not stored yet: they must stay and sync. */
  readonly unsynced: Iterable<string>
  /** Chats stored now, with when each was last used (open on screen or warm; 0 when unknown). */
  readonly stored: ReadonlyMap<string, number>
  readonly sizes?: WarmSetSizes
}

export interface WarmSetPlan {
  /** The chats to keep synced, the most needed first: open, unsynced, mine, then by latest activity. */
  readonly warm: readonly string[]
  /** Stored chats to delete, least recently used first. */
  readonly evict: readonly string[]
}

/** Least recently used first; ties by id, so the order never depends on the map's insertion order. */
const byLeastRecentUse =
  (stored: ReadonlyMap<string, number>) =>
  (a: string, b: string): number =>
    (stored.get(a) ?? 0) - (stored.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0)

export const planWarmSet = (input: WarmSetInput): WarmSetPlan => {
  const { recent, spare } = input.sizes ?? DEFAULT_WARM_SIZES
  const byActivity = [...input.summaries].sort(byLastActivity)
  const mine = byActivity.filter((s) => s.assigneeId === input.operatorId && s.status !== 'closed')
  const warm = new Set<string>([
    ...input.open,
    ...[...input.unsynced].sort(),
    ...mine.map((s) => s.id),
    ...byActivity.slice(0, Math.max(0, recent)).map((s) => s.id),
  ])
  const cold = [...input.stored.keys()].filter((id) => !warm.has(id)).sort(byLeastRecentUse(input.stored))
  return { warm: [...warm], evict: cold.slice(0, Math.max(0, cold.length - Math.max(0, spare))) }
}
