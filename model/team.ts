/**
 * [TEAM1–TEAM5] The live team view for admins (issue 7 §1, seed 000 «руководитель видит, кто сколько чатов
 * обрабатывает»): each operator's online state and load, and the Unassigned queue. A pure function of the inbox
 * index's summaries, the directory's operators, the server's online state and the clock.
 */
import { z } from 'zod'
import { Folder, inFolder } from './folders'
import type { ChatSummary, OperatorPublic } from './schema'

const id = z.string().min(1).max(64)

/**
 * [TEAM4] The server's own awareness state on the directory doc: the operators with an authenticated sync socket
 * open now, each with the time they came online. Relayed like any presence, never stored.
 */
export const OnlineStateSchema = z.object({ online: z.record(id, z.number().int().nonnegative()) })
export type OnlineState = z.infer<typeof OnlineStateSchema>

/**
 * [TEAM4] Who is online since when, from the directory doc's awareness states (normally the server's one).
 * `null`: no online state among them, so nobody's is known (not synced yet, or offline: the client drops the
 * others' states when its socket closes).
 */
export const onlineOperators = (states: Iterable<unknown>): ReadonlyMap<string, number> | null => {
  let online: Map<string, number> | null = null
  for (const state of states) {
    const parsed = OnlineStateSchema.safeParse(state)
    if (!parsed.success) continue
    online ??= new Map()
    for (const [operatorId, since] of Object.entries(parsed.data.online)) {
      const before = online.get(operatorId)
      online.set(operatorId, before === undefined ? since : Math.min(before, since))
    }
  }
  return online
}

/**
 * [TEAM1] Since when a chat waits for a reply, `null` when it does not. A summary written before `waitingSince`
 * existed falls back to its last message's time (the customer's, since it waits).
 */
export const waitingSinceOf = (summary: ChatSummary): number | null => {
  if (!summary.waiting) return null
  return summary.waitingSince ?? summary.lastMessage?.at ?? summary.lastAt
}

const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b)

export interface OperatorLoad {
  readonly id: string
  readonly name: string
  readonly role: OperatorPublic['role']
  /** Deactivated: shown only while chats are still in work with them. */
  readonly active: boolean
  /** Since when they are online (TEAM4); `null`: offline. */
  readonly onlineSince: number | null
  /** [TEAM2] Chats assigned to them and not closed. */
  readonly inWork: number
  /** [TEAM2] Of those, the ones waiting for a reply. */
  readonly waiting: number
  /** [TEAM2] The `waitingSince` of the one that has waited longest; `null`: none waits. */
  readonly oldestWaitSince: number | null
}

export interface QueueLoad {
  /** [TEAM3] Chats in Unassigned now. */
  readonly count: number
  /** Of those, the ones waiting for a reply. */
  readonly waiting: number
  /** The `waitingSince` of the one that has waited longest; `null`: none waits. */
  readonly oldestWaitSince: number | null
}

export interface TeamSnapshot {
  readonly unassigned: QueueLoad
  readonly operators: readonly OperatorLoad[]
}

export interface TeamInput {
  readonly summaries: Iterable<ChatSummary>
  /** The directory's operators. */
  readonly operators: Iterable<OperatorPublic>
  /** Operator id → online since (onlineOperators). */
  readonly online: ReadonlyMap<string, number>
  readonly now: number
}

interface Tally {
  inWork: number
  waiting: number
  oldestWaitSince: number | null
}

/**
 * [TEAM2] Per operator: every active operator of the directory (admins included) and any deactivated one still
 * holding chats in work, sorted by name (then id). [TEAM3] The Unassigned queue as FLD1 has it at `now`.
 */
export const teamSnapshot = ({ summaries, operators, online, now }: TeamInput): TeamSnapshot => {
  const tallies = new Map<string, Tally>()
  const queue = { count: 0, waiting: 0, oldestWaitSince: null as number | null }
  for (const s of summaries) {
    const since = waitingSinceOf(s)
    if (s.status !== 'closed' && s.assigneeId !== null) {
      const tally = tallies.get(s.assigneeId) ?? { inWork: 0, waiting: 0, oldestWaitSince: null }
      tally.inWork++
      if (since !== null) {
        tally.waiting++
        tally.oldestWaitSince = earliest(tally.oldestWaitSince, since)
      }
      tallies.set(s.assigneeId, tally)
    } else if (inFolder(s, Folder.unassigned, '', now)) {
      queue.count++
      if (since !== null) {
        queue.waiting++
        queue.oldestWaitSince = earliest(queue.oldestWaitSince, since)
      }
    }
  }
  const rows: OperatorLoad[] = []
  for (const op of operators) {
    const tally = tallies.get(op.id)
    if (!op.active && !tally) continue
    rows.push({
      id: op.id,
      name: op.name,
      role: op.role,
      active: op.active,
      onlineSince: online.get(op.id) ?? null,
      inWork: tally?.inWork ?? 0,
      waiting: tally?.waiting ?? 0,
      oldestWaitSince: tally?.oldestWaitSince ?? null,
    })
  }
  rows.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { unassigned: queue, operators: rows }
}
