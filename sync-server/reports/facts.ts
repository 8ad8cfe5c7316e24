/**
 * What the reports store keeps of one episode, derived once when the chat is recomputed so that reports only
 * count, sum and rank in SQL: the episode's own row (what a channel row and the totals count, MET11) and one row
 * per operator who took part in it (what their operator row counts, MET10), with the ratings as MET13 assigns them.
 * The property test in tests/sync-server/reports-store.test.ts holds these equal to `aggregate`.
 */
import type { CloseReason, Episode, EpisodeRatings } from '../../model'

/** Close reasons as stored: a closed episode has a code, an open one none (NULL). */
export const REASON_CODE = { none: 0, solved: 1, no_reply: 2, other: 3 } as const satisfies Record<
  CloseReason | 'none',
  number
>

const reasonCode = (e: Episode): number | null =>
  e.closedAt === null ? null : REASON_CODE[e.closeReason ?? 'none']

export interface EpisodeFacts {
  readonly startAt: number
  readonly closedAt: number | null
  readonly closeReason: number | null
  readonly closedBy: string | null
  readonly resolutionMs: number | null
  readonly firstResponseMs: number | null
  /** The operator who answered first, or `null` (a bot, or no answer). */
  readonly firstOperator: string | null
  readonly firstBot: string | null
  /** [MET11] Some operator took it. */
  readonly taken: boolean
  readonly operators: readonly string[]
  /** [MET11] Operators' and bots' messages. */
  readonly sent: number
  readonly botMessages: number
  readonly customerMessages: number
  readonly ratingRequested: boolean
  readonly customerRating: EpisodeRatings['customerRating']
  readonly operatorRating: EpisodeRatings['operatorRating']
}

/** One operator's part in an episode: what their operator row counts of it [MET10], [MET13]. */
export interface ParticipantFacts {
  readonly operatorId: string
  readonly taken: boolean
  readonly sent: number
  /** When they answered first. */
  readonly firstResponseMs: number | null
  /** When they closed it: its close reason code and resolution time. */
  readonly closeReason: number | null
  readonly resolutionMs: number | null
  /** [MET13] The ratings count for the operators who took the episode, or for its closer when nobody took it. */
  readonly ratingRequested: boolean
  readonly customerScore: number | null
  readonly operatorScore: number | null
}

export const episodeFacts = (e: Episode): EpisodeFacts => {
  let sent = e.botMessages
  for (const n of Object.values(e.messagesByOperator)) sent += n
  return {
    startAt: e.startAt,
    closedAt: e.closedAt,
    closeReason: reasonCode(e),
    closedBy: e.closedAt === null ? null : e.closedBy,
    resolutionMs: e.closedAt === null ? null : e.resolutionMs,
    firstResponseMs: e.firstResponseMs,
    firstOperator: e.firstResponder?.kind === 'operator' ? e.firstResponder.id : null,
    firstBot: e.firstResponder?.kind === 'bot' ? e.firstResponder.name : null,
    taken: e.operators.length > 0,
    operators: e.operators,
    sent,
    botMessages: e.botMessages,
    customerMessages: e.customerMessages,
    ratingRequested: e.ratingRequested,
    customerRating: e.customerRating,
    operatorRating: e.operatorRating,
  }
}

/**
 * [RPS2] The operators who took part in an episode: who took it (MET5), answered first (MET3), closed it (MET4)
 * or sent a message in it (MET6), each once, in that order of first appearance.
 */
export const participantsOf = (e: Episode): string[] => {
  const ids = new Set<string>(e.operators)
  if (e.firstResponder?.kind === 'operator') ids.add(e.firstResponder.id)
  if (e.closedAt !== null && e.closedBy !== null) ids.add(e.closedBy)
  for (const id of Object.keys(e.messagesByOperator)) ids.add(id)
  return [...ids]
}

export const participantFacts = (e: Episode): ParticipantFacts[] => {
  const f = episodeFacts(e)
  const rated = new Set(e.operators.length > 0 ? e.operators : f.closedBy !== null ? [f.closedBy] : [])
  return participantsOf(e).map((id) => {
    const closer = f.closedBy === id
    const counts = rated.has(id)
    return {
      operatorId: id,
      taken: e.operators.includes(id),
      sent: e.messagesByOperator[id] ?? 0,
      firstResponseMs: f.firstOperator === id ? f.firstResponseMs : null,
      closeReason: closer ? f.closeReason : null,
      resolutionMs: closer ? f.resolutionMs : null,
      ratingRequested: counts && f.ratingRequested,
      customerScore: counts ? (f.customerRating?.score ?? null) : null,
      operatorScore: counts ? (f.operatorRating?.score ?? null) : null,
    }
  })
}
