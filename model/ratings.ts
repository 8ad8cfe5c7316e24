/**
 * Satisfaction (issue 7 §3, seed 003): after a close the customer may be asked to rate the conversation, answers
 * with a score and maybe a comment; the operator may rate the customer too. Everything lands in the chat doc's
 * `ratings` list, append-only, each item stamped with the time it was given, so the reports fold it from the
 * recorded history like every other metric (MET12). Rule IDs (RAT1…) refer to model/SPEC.md.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { parseInput } from './commands'
import { DomainError, ErrorCode } from './errors'
import { newId } from './ids'
import type { CommandContext } from './origins'
import {
  type CustomerRating,
  MAX_RATING_COMMENT,
  type OperatorRating,
  RATING_COMMENT_WINDOW_MS,
  RATING_MAX,
  RATING_MIN,
  RATING_REPLY_WINDOW_MS,
  type RatingComment,
  type RatingItem,
  RatingItemSchema,
  type RatingRequest,
  type RatingVia,
  RatingViaSchema,
} from './rating-schema'
import { ChatKey, chatParts, readChatMeta } from './schema'

export * from './rating-schema'

const id = z.string().min(1).max(64)
const score = z.number().int().min(RATING_MIN).max(RATING_MAX)

/** The chat doc's ratings list (plain JSON items, append-only). */
export const chatRatings = (doc: Y.Doc): Y.Array<RatingItem> => chatParts(doc).ratings

/** The valid items of a ratings list; anything else (a newer client's item kind) is skipped. */
export const ratingItems = (raw: readonly unknown[]): RatingItem[] => {
  const items: RatingItem[] = []
  for (const value of raw) {
    const parsed = RatingItemSchema.safeParse(value)
    if (parsed.success) items.push(parsed.data)
  }
  return items
}

const requireChat = (doc: Y.Doc): void => {
  if (readChatMeta(doc) === null) throw new DomainError(ErrorCode.chatMissing, 'the chat does not exist')
}

const requireServerSide = (ctx: CommandContext, what: string): void => {
  if (ctx.actor.kind === 'operator') throw new DomainError(ErrorCode.forbidden, `${what} is the server's`)
}

const append = (doc: Y.Doc, item: RatingItem, ctx: CommandContext): RatingItem => {
  doc.transact(() => chatRatings(doc).push([item]), ctx.origin)
  return item
}

/** [RAT1] Records that the customer was asked for a rating by the outgoing message `messageId` (server only). */
export const recordRatingRequest = (
  doc: Y.Doc,
  input: { readonly messageId: string; readonly id?: string },
  ctx: CommandContext,
): RatingRequest => {
  requireServerSide(ctx, 'a rating request')
  const data = parseInput(z.object({ messageId: id, id: id.optional() }), input)
  requireChat(doc)
  return append(
    doc,
    { kind: 'request', id: data.id ?? newId(), at: ctx.now, messageId: data.messageId },
    ctx,
  ) as RatingRequest
}

export const CustomerRatingInput = z.object({
  score,
  requestId: id.nullable().optional(),
  via: RatingViaSchema,
  id: id.optional(),
})

/** [RAT2] Records the customer's score (server only: it comes through a channel). */
export const recordCustomerRating = (
  doc: Y.Doc,
  input: z.input<typeof CustomerRatingInput>,
  ctx: CommandContext,
): CustomerRating => {
  requireServerSide(ctx, 'a customer rating')
  const data = parseInput(CustomerRatingInput, input)
  requireChat(doc)
  const item: CustomerRating = {
    kind: 'customer',
    id: data.id ?? newId(),
    at: ctx.now,
    score: data.score,
    requestId: data.requestId ?? null,
    via: data.via,
  }
  return append(doc, item, ctx) as CustomerRating
}

/** [RAT4] Records the customer's comment on their rating `ratingId` (server only). */
export const recordRatingComment = (
  doc: Y.Doc,
  input: { readonly ratingId: string; readonly text: string; readonly id?: string },
  ctx: CommandContext,
): RatingComment => {
  requireServerSide(ctx, 'a rating comment')
  const data = parseInput(
    z.object({ ratingId: id, text: z.string().trim().min(1).max(MAX_RATING_COMMENT), id: id.optional() }),
    input,
  )
  requireChat(doc)
  const item: RatingComment = {
    kind: 'comment',
    id: data.id ?? newId(),
    at: ctx.now,
    ratingId: data.ratingId,
    text: data.text,
  }
  return append(doc, item, ctx) as RatingComment
}

export const RateCustomerInput = z.object({
  score,
  note: z.string().trim().max(MAX_RATING_COMMENT).optional(),
})

/** [RAT5] The operator rates the customer; a later rating of the same conversation replaces theirs (MET12). */
export const rateCustomer = (
  doc: Y.Doc,
  input: z.input<typeof RateCustomerInput>,
  ctx: CommandContext,
): OperatorRating => {
  if (ctx.actor.kind !== 'operator')
    throw new DomainError(ErrorCode.notOperator, 'only an operator rates a customer')
  const data = parseInput(RateCustomerInput, input)
  requireChat(doc)
  const item: OperatorRating = {
    kind: 'operator',
    id: newId(),
    at: ctx.now,
    by: ctx.actor.id,
    score: data.score,
    ...(data.note ? { note: data.note } : {}),
  }
  return append(doc, item, ctx) as OperatorRating
}

/** Items sorted by `at`, ties in list order: the same on every replica holding the same items (CNV1). */
const byTime = (items: readonly RatingItem[]): RatingItem[] => [...items].sort((a, b) => a.at - b.at)

/**
 * [RAT3] The request a customer's bare score answers at `now`: the latest request, when it is at most
 * RATING_REPLY_WINDOW_MS old and no score answered it yet; otherwise `null` (a digit is then just a message).
 */
export const openRatingRequest = (items: readonly RatingItem[], now: number): RatingRequest | null => {
  const sorted = byTime(items)
  let request: RatingRequest | null = null
  for (const item of sorted) if (item.kind === 'request' && item.at <= now) request = item
  if (!request || now - request.at > RATING_REPLY_WINDOW_MS) return null
  const answered = sorted.some((item) => item.kind === 'customer' && item.requestId === request.id)
  return answered ? null : request
}

/**
 * [RAT4] The rating the customer's next text comments on at `now`: their latest rating, when it is at most
 * RATING_COMMENT_WINDOW_MS old and has no comment yet; otherwise `null`.
 */
export const ratingAwaitingComment = (items: readonly RatingItem[], now: number): CustomerRating | null => {
  const sorted = byTime(items)
  let rating: CustomerRating | null = null
  for (const item of sorted) if (item.kind === 'customer' && item.at <= now) rating = item
  if (!rating || now - rating.at > RATING_COMMENT_WINDOW_MS) return null
  const commented = sorted.some((item) => item.kind === 'comment' && item.ratingId === rating.id)
  return commented ? null : rating
}

/**
 * [RAT3] A customer's text that is a bare score: one digit 1–5, or as many stars ("⭐⭐⭐⭐"), with spaces or a
 * full stop around it; `null` for anything else.
 */
export const scoreOfText = (text: string): number | null => {
  const trimmed = text.trim().replace(/[.!]+$/, '')
  if (/^[1-5]$/.test(trimmed)) return Number(trimmed)
  const stars = [...trimmed.replace(/\uFE0F/g, '')]
  if (stars.length >= RATING_MIN && stars.length <= RATING_MAX && stars.every((c) => c === '⭐' || c === '★'))
    return stars.length
  return null
}

/** A score the customer gave, with the latest comment on it [RAT2, RAT4]. */
export interface CustomerScore {
  readonly id: string
  readonly at: number
  readonly score: number
  readonly comment: string | null
  readonly via: RatingVia
  /** The request it answers, `null` when given unasked. */
  readonly requestId: string | null
}

/**
 * [RAT2] [RAT4] Every score the customer gave, by time (ties in list order), each with the latest comment on it:
 * the one reading the history, the reports (MET12) and the widget share.
 */
export const customerScores = (items: readonly RatingItem[]): CustomerScore[] => {
  const sorted = byTime(items)
  const comments = new Map<string, string>()
  for (const item of sorted) if (item.kind === 'comment') comments.set(item.ratingId, item.text)
  return sorted.flatMap((item) =>
    item.kind === 'customer'
      ? [
          {
            id: item.id,
            at: item.at,
            score: item.score,
            comment: comments.get(item.id) ?? null,
            via: item.via,
            requestId: item.requestId,
          },
        ]
      : [],
  )
}

/** What one conversation's ratings came to [MET12]. */
export interface EpisodeRatings {
  readonly ratingRequested: boolean
  readonly customerRating: {
    readonly score: number
    readonly comment: string | null
    readonly at: number
    readonly via: RatingVia
  } | null
  readonly operatorRating: {
    readonly score: number
    readonly note: string | null
    readonly by: string
    readonly at: number
  } | null
}

export const NO_RATINGS: EpisodeRatings = {
  ratingRequested: false,
  customerRating: null,
  operatorRating: null,
}

/**
 * [MET12] Ratings per episode, given the episodes' start times in ascending order. An item belongs to the last
 * episode that started at or before its `at` (a rating given after the close belongs to the conversation just
 * closed); a customer's score answering a request belongs to that request's episode, however late it came.
 * The latest score of each kind wins; a comment goes with the score it comments on.
 */
export const ratingsPerEpisode = (
  starts: readonly number[],
  items: readonly RatingItem[],
): EpisodeRatings[] => {
  const result = starts.map(
    () => ({ ...NO_RATINGS }) as { -readonly [K in keyof EpisodeRatings]: EpisodeRatings[K] },
  )
  if (starts.length === 0 || items.length === 0) return result
  const episodeAt = (at: number): number => {
    let found = -1
    for (let i = 0; i < starts.length && starts[i]! <= at; i++) found = i
    return found
  }
  const sorted = byTime(items)
  const requestEpisode = new Map<string, number>()
  for (const item of sorted) {
    if (item.kind === 'request') {
      const e = episodeAt(item.at)
      requestEpisode.set(item.id, e)
      if (e >= 0) result[e]!.ratingRequested = true
    } else if (item.kind === 'operator') {
      const e = episodeAt(item.at)
      if (e >= 0)
        result[e]!.operatorRating = { score: item.score, note: item.note ?? null, by: item.by, at: item.at }
    }
  }
  // The latest score wins, with its latest comment.
  for (const { requestId, score, comment, at, via } of customerScores(items)) {
    const e =
      requestId !== null && requestEpisode.has(requestId) ? requestEpisode.get(requestId)! : episodeAt(at)
    if (e >= 0) result[e]!.customerRating = { score, comment, at, via }
  }
  return result
}

/** [VAL] What an operator's client may write into the ratings list: only their own rating of the customer. */
export const ratingRules = {
  [ChatKey.ratings]: {
    insert(value: unknown, key: string | null, operatorId: string): string | null {
      if (key !== null) return 'ratings is a list'
      const parsed = RatingItemSchema.safeParse(value)
      if (!parsed.success) return 'rating does not match its schema'
      if (parsed.data.kind !== 'operator') return 'the customer’s ratings are the server’s'
      return parsed.data.by === operatorId ? null : 'a rating must be given as you'
    },
    delete: (): boolean => false,
  },
} as const
