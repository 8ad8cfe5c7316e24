/**
 * The satisfaction items of a chat doc's `ratings` list (issue 7 §3): schemas only, so that model/schema.ts can
 * name their type without importing the commands. Rule IDs (RAT1…) refer to model/SPEC.md.
 */
import { z } from 'zod'

export const RATING_MIN = 1
export const RATING_MAX = 5
/** [RAT3] A bare digit from the customer counts as the answer to a request this recent. */
export const RATING_REPLY_WINDOW_MS = 24 * 3600_000
/** [RAT4] The customer's next text after their rating is its comment while this recent. */
export const RATING_COMMENT_WINDOW_MS = 15 * 60_000
export const MAX_RATING_COMMENT = 2000

const id = z.string().min(1).max(64)
const time = z.number().int().nonnegative()
const score = z.number().int().min(RATING_MIN).max(RATING_MAX)

/** How the customer's score came: a button in the messenger, a bare digit they typed, the website widget. */
export const RatingViaSchema = z.enum(['button', 'text', 'widget'])
export type RatingVia = z.infer<typeof RatingViaSchema>

export const RatingItemSchema = z.discriminatedUnion('kind', [
  /** [RAT1] The server asked the customer, with the outgoing message `messageId`. */
  z.object({ kind: z.literal('request'), id, at: time, messageId: id }),
  /** [RAT2] The customer's score, answering `requestId` (`null`: given unasked, e.g. in the widget). */
  z.object({
    kind: z.literal('customer'),
    id,
    at: time,
    score,
    requestId: id.nullable(),
    via: RatingViaSchema,
  }),
  /** [RAT4] The customer's comment on their rating `ratingId`. */
  z.object({
    kind: z.literal('comment'),
    id,
    at: time,
    ratingId: id,
    text: z.string().min(1).max(MAX_RATING_COMMENT),
  }),
  /** [RAT5] An operator's rating of the customer. */
  z.object({
    kind: z.literal('operator'),
    id,
    at: time,
    by: id,
    score,
    note: z.string().max(MAX_RATING_COMMENT).optional(),
  }),
])
export type RatingItem = z.infer<typeof RatingItemSchema>
export type RatingRequest = Extract<RatingItem, { kind: 'request' }>
export type CustomerRating = Extract<RatingItem, { kind: 'customer' }>
export type RatingComment = Extract<RatingItem, { kind: 'comment' }>
export type OperatorRating = Extract<RatingItem, { kind: 'operator' }>
