/**
 * Satisfaction in the open chat (issue 7 §3): the chat doc's ratings list as the history shows it (the customer's
 * scores with their comments, which answers asked for them), the current conversation's ratings [MET12], and the
 * operator's rating of the customer, written as a model command so it works offline [RAT5].
 */
import { type Accessor, createMemo } from 'solid-js'
import {
  type ChatMetrics,
  chatMetricsOf,
  type EpisodeRatings,
  operatorContext,
  RATING_MAX,
  type RatingItem,
  rateCustomer,
  readSatisfactionSettings,
} from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'

/** The score as five stars, filled up to it: 4 → ★★★★☆. */
export const starsOf = (score: number): string => {
  const filled = Math.max(0, Math.min(RATING_MAX, Math.round(score)))
  return '★'.repeat(filled) + '☆'.repeat(RATING_MAX - filled)
}

/** The current (latest) conversation's ratings [MET12]; `null` while the chat has no conversation yet. */
export const currentRatings = (metrics: ChatMetrics | null): EpisodeRatings | null => {
  const last = metrics?.episodes.at(-1)
  return last
    ? {
        ratingRequested: last.ratingRequested,
        customerRating: last.customerRating,
        operatorRating: last.operatorRating,
      }
    : null
}

/** The operator's rating of the customer as the form starts: their own current one, else blank. */
export const ownRatingOf = (
  ratings: EpisodeRatings | null,
  operatorId: string,
): { score: number | null; note: string } =>
  ratings?.operatorRating && ratings.operatorRating.by === operatorId
    ? { score: ratings.operatorRating.score, note: ratings.operatorRating.note ?? '' }
    : { score: null, note: '' }

export interface ConversationRatings {
  /** `null` while the chat has no conversation (no customer message yet). */
  readonly current: Accessor<EpisodeRatings | null>
  /** [RAT5] Rates the customer as this operator; a later rating replaces the earlier one. */
  rate(score: number, note: string): void
}

/**
 * The open chat's current conversation ratings, read again whenever `version` changes (the chat snapshot, which
 * follows messages, history and ratings). The episodes are worked out only while the chat has any rating item:
 * most chats have none, and their messages are not walked again for nothing.
 */
export const createConversationRatings = (
  live: LiveDoc,
  operatorId: string,
  version: Accessor<{ readonly hasConversation: boolean; readonly ratings: readonly RatingItem[] }>,
): ConversationRatings => {
  const current = createMemo((): EpisodeRatings | null => {
    const { hasConversation, ratings } = version()
    if (!hasConversation) return null
    if (ratings.length === 0) return { ratingRequested: false, customerRating: null, operatorRating: null }
    return currentRatings(chatMetricsOf(live.doc))
  })
  return {
    current,
    rate(score, note) {
      const trimmed = note.trim()
      rateCustomer(
        live.doc,
        { score, ...(trimmed && { note: trimmed }) },
        operatorContext(operatorId, Date.now()),
      )
    },
  }
}

/**
 * [RAT8] Whether «Попросить оценку» starts checked: the admin's setting as the directory doc publishes it (so it
 * holds offline too); off while none was published.
 */
export const createRatingDefaults = (directory: LiveDoc): Accessor<{ readonly askByDefault: boolean }> =>
  createDocValue(
    directory,
    (doc) => ({ askByDefault: readSatisfactionSettings(doc)?.askByDefault ?? false }),
    (a, b) => a.askByDefault === b.askByDefault,
  )
