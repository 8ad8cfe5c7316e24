/**
 * [RAT7] The score buttons every messenger puts under a rating request: what each button carries back (our request
 * message's id and the score, `csat:<score>:<message id>`, at most 64 bytes, Telegram's `callback_data` limit)
 * and how a bridge reads it out of a button press. Bridges only; the server never parses button data.
 */
import { RATING_MAX, RATING_MIN } from '../model'

const PREFIX = 'csat:'
/** Telegram's `callback_data` is 1–64 bytes; the other providers allow more. */
export const MAX_RATING_DATA_BYTES = 64
const DATA = /^csat:([1-5]):([A-Za-z0-9_.:#-]{1,64})$/

/** The scores, in the order the buttons show them. */
export const RATING_SCORES: readonly number[] = Array.from(
  { length: RATING_MAX - RATING_MIN + 1 },
  (_, i) => RATING_MIN + i,
)

/** A button's label: the score and a star, the same in every language. */
export const ratingLabel = (score: number): string => `${score} ⭐`

/** What a score button carries; `null` when it would not fit the 64 bytes (an id we did not make). */
export const ratingData = (messageId: string, score: number): string | null => {
  const data = `${PREFIX}${score}:${messageId}`
  return new TextEncoder().encode(data).length <= MAX_RATING_DATA_BYTES && DATA.test(data) ? data : null
}

/** The request and score a button's data names, or `null` for any other data (another bot's buttons). */
export const parseRatingData = (
  data: string | undefined,
): { readonly requestMessageId: string; readonly score: number } | null => {
  const match = data === undefined ? null : DATA.exec(data)
  return match ? { score: Number(match[1]), requestMessageId: match[2] as string } : null
}
