/**
 * Satisfaction on the server's side of the model (issue 7 §3): the admin's settings as the directory doc publishes
 * them, when a close's rating request is due and what form it takes, and the commands that write a request, a
 * customer's answer through a button or the widget, and a customer's typed score or comment. Rule IDs (RAT6…)
 * refer to model/SPEC.md; RAT1–RAT5 are in model/ratings.ts.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { foldHistory } from './chat-state'
import { findMessage, type InboundMessageInput, ingestInboundMessage, parseInput } from './commands'
import { DomainError, ErrorCode } from './errors'
import type { CommandContext } from './origins'
import {
  chatRatings,
  MAX_RATING_COMMENT,
  openRatingRequest,
  RATING_MAX,
  RATING_MIN,
  type RatingRequest,
  ratingAwaitingComment,
  ratingItems,
  recordCustomerRating,
  recordRatingComment,
  recordRatingRequest,
  scoreOfText,
} from './ratings'
import { hasReplyWindow, replyWindowEndsAt } from './reply-window'
import {
  type ChannelKind,
  chatParts,
  DirectoryKey,
  type HistoryEvent,
  type Message,
  MessageSchema,
  readChatMeta,
} from './schema'
import { type TemplateRef, TemplateRefSchema } from './templates'

// ---------------------------------------------------------------------------------------------------------------
// Settings [RAT8]

const settingText = z.string().trim().min(1).max(1000)

export const SatisfactionTemplateSchema = z.object({
  name: TemplateRefSchema.shape.name,
  language: TemplateRefSchema.shape.language,
})
export type SatisfactionTemplate = z.infer<typeof SatisfactionTemplateSchema>

/** [RAT8] What an admin sets: nothing in it is secret, so the directory doc carries it to every operator. */
export const SatisfactionSettingsSchema = z.object({
  /** «Попросить оценку» starts checked in the close dialog. */
  askByDefault: z.boolean(),
  /** What the customer is asked in their channel. */
  requestText: settingText,
  /** What they are answered after their score. */
  thanksText: settingText,
  /** [RAT6] The approved WhatsApp template (5 quick-reply buttons, 1…5) for a chat outside the 24-hour window. */
  whatsappTemplate: SatisfactionTemplateSchema.nullable(),
})
export type SatisfactionSettings = z.infer<typeof SatisfactionSettingsSchema>

export const DEFAULT_SATISFACTION_SETTINGS: SatisfactionSettings = {
  askByDefault: false,
  requestText: 'Пожалуйста, оцените, как мы вам помогли: от 1 до 5 ⭐',
  thanksText: 'Спасибо за оценку! Если хотите, напишите пару слов — что нам сделать лучше',
  whatsappTemplate: null,
}

/** The key of the settings in the directory's `satisfaction` map. */
const SETTINGS_KEY = 'settings'

/** [RAT8] The directory doc's satisfaction map (server-written, read-only to operators). */
export const satisfactionMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(DirectoryKey.satisfaction)

/** [RAT8] The settings as the directory holds them; `null` while none were published (or they do not parse). */
export const readSatisfactionSettings = (doc: Y.Doc): SatisfactionSettings | null => {
  const parsed = SatisfactionSettingsSchema.safeParse(satisfactionMap(doc).get(SETTINGS_KEY))
  return parsed.success ? parsed.data : null
}

/** [RAT8] Publishes the settings into a directory doc; writes nothing when they are the same already. */
export const writeSatisfactionSettings = (
  doc: Y.Doc,
  settings: SatisfactionSettings,
  ctx: CommandContext,
): boolean => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'the directory is the server’s')
  const data = parseInput(SatisfactionSettingsSchema, settings)
  const map = satisfactionMap(doc)
  if (JSON.stringify(map.get(SETTINGS_KEY)) === JSON.stringify(data)) return false
  doc.transact(() => map.set(SETTINGS_KEY, data), ctx.origin)
  return true
}

// ---------------------------------------------------------------------------------------------------------------
// The request [RAT6]

/** [RAT6] A close asks for the rating only while it is this recent. */
export const RATING_REQUEST_MAX_AGE_MS = 24 * 3600_000
/**
 * [RAT6] A WhatsApp request goes as free text only while the reply window stays open at least this long: the
 * outbox may send it a little later (a queue, a retry), and a send refused for the window would be lost.
 */
export const RATING_WINDOW_MARGIN_MS = 10 * 60_000
/** Who the request and the thanks are written as. */
export const RATING_BOT_NAME = 'Switchboard'

type CloseEvent = Extract<HistoryEvent, { type: 'close' }>

/**
 * [RAT6] The close whose rating request is due at `now`: the chat's latest applied close, when it asked for the
 * rating, the chat is still closed, and the close is at most RATING_REQUEST_MAX_AGE_MS old; `null` otherwise.
 * Whether a request was made for it already is the caller's to check (`hasRatingRequest`).
 */
export const ratingRequestDue = (history: readonly HistoryEvent[], now: number): CloseEvent | null => {
  const state = foldHistory(history)
  if (state.status !== 'closed') return null
  let close: CloseEvent | null = null
  for (const entry of state.entries)
    if (entry.event.type === 'close' && entry.outcome === 'applied') close = entry.event
  if (close?.askRating !== true || now - close.at > RATING_REQUEST_MAX_AGE_MS) return null
  return close
}

/** [RAT6] Whether the chat holds a request made with the message `messageId`, or a message under that id. */
export const hasRatingRequest = (doc: Y.Doc, messageId: string): boolean =>
  findMessage(doc, messageId) !== null ||
  ratingItems(chatRatings(doc).toArray()).some((i) => i.kind === 'request' && i.messageId === messageId)

/**
 * [RAT6] How the request goes in a chat of this kind at `now`: as free text (`template: null`), as the admin's
 * WhatsApp template outside the reply window (or too near its end), or not at all (`null`: outside the window
 * with no template, WhatsApp would refuse it).
 */
export const ratingRequestForm = (
  kind: ChannelKind,
  messages: readonly Message[],
  now: number,
  template: SatisfactionTemplate | null,
): { readonly template: TemplateRef | null } | null => {
  if (!hasReplyWindow(kind)) return { template: null }
  const endsAt = replyWindowEndsAt(messages)
  if (endsAt !== null && now + RATING_WINDOW_MARGIN_MS < endsAt) return { template: null }
  return template ? { template: { ...template, params: [] } } : null
}

const messageId = z.string().min(1).max(64)

export const RatingRequestInput = z.object({
  messageId,
  text: z.string().trim().min(1).max(1000),
  template: TemplateRefSchema.optional(),
})
export type RatingRequestInput = z.input<typeof RatingRequestInput>

/**
 * [RAT6] Asks the customer: an outgoing bot message marked `ask: 'rating'` and the `request` item naming it, in
 * one transaction (server only). Running it again with the same message id writes nothing and returns `null`.
 */
export const requestRating = (
  doc: Y.Doc,
  input: RatingRequestInput,
  ctx: CommandContext,
): { readonly message: Message; readonly request: RatingRequest } | null => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'a rating request is the server’s')
  const data = parseInput(RatingRequestInput, input)
  if (readChatMeta(doc) === null) throw new DomainError(ErrorCode.chatMissing, 'the chat does not exist')
  if (hasRatingRequest(doc, data.messageId)) return null
  const message = parseInput(MessageSchema, {
    id: data.messageId,
    at: ctx.now,
    direction: 'out',
    kind: 'text',
    author: { kind: 'bot', name: RATING_BOT_NAME },
    text: data.text,
    ask: 'rating',
    ...(data.template && { template: data.template }),
  })
  const request = doc.transact(() => {
    chatParts(doc).messages.push([message])
    return recordRatingRequest(doc, { messageId: message.id }, ctx)
  }, ctx.origin)
  return { message, request }
}

// ---------------------------------------------------------------------------------------------------------------
// Answers [RAT7]

/** [RAT7] The thanks' message id: one per request, so it goes once however often the customer rates. */
export const ratingThanksId = (requestMessageId: string): string => `${requestMessageId.slice(0, 57)}-thanks`

/** [RAT7] The technical line a button or widget score leaves in the history (TEC1). */
export const ratingLine = (score: number): string => `⭐ ${score}`

/** What to answer after a first score, or `null` for none (the server decides: no text, a closed window). */
export interface RatingThanks {
  readonly text: string
}

/** Asked only when a thanks is due, so the common path reads no settings and walks no messages. */
export type ThanksFor = () => RatingThanks | null

const thank = (
  doc: Y.Doc,
  request: RatingRequest,
  alreadyAnswered: boolean,
  thanksFor: ThanksFor,
  ctx: CommandContext,
): Message | null => {
  if (alreadyAnswered) return null
  const id = ratingThanksId(request.messageId)
  const thanks = findMessage(doc, id) ? null : thanksFor()
  if (thanks === null) return null
  const message = parseInput(MessageSchema, {
    id,
    at: ctx.now,
    direction: 'out',
    kind: 'text',
    author: { kind: 'bot', name: RATING_BOT_NAME },
    text: thanks.text,
  })
  chatParts(doc).messages.push([message])
  return message
}

export const RatingAnswerInput = z.object({
  /** The request's outgoing message, as the button or the widget names it. */
  requestMessageId: messageId,
  score: z.number().int().min(RATING_MIN).max(RATING_MAX),
  via: z.enum(['button', 'widget']),
  /** The technical line's id, derived from the provider's event id: a webhook delivered twice records once. */
  lineId: messageId,
  /** The provider's time of the press; `ctx.now` when absent. */
  at: z.number().int().nonnegative().optional(),
  /** [RAT4] The widget's comment, typed in its rating form. */
  comment: z.string().trim().min(1).max(MAX_RATING_COMMENT).optional(),
})
export type RatingAnswerInput = z.input<typeof RatingAnswerInput>

export type RatingAnswerResult =
  | { readonly outcome: 'recorded'; readonly thanks: Message | null }
  /** The same press (line id) was recorded before. */
  | { readonly outcome: 'duplicate' }
  /** No request of this chat was made with that message: nothing is written. */
  | { readonly outcome: 'unknown_request' }

/**
 * [RAT7] The customer's score through a button or the widget (channels and the server only): a technical line
 * «⭐ n» (TEC1), the score for the request it names (a later one replaces it, MET12), the widget's comment, and,
 * after the first score for that request, the thanks; all in one transaction.
 */
export const recordRatingAnswer = (
  doc: Y.Doc,
  input: RatingAnswerInput,
  thanks: ThanksFor,
  ctx: CommandContext,
): RatingAnswerResult => {
  if (ctx.actor.kind === 'operator')
    throw new DomainError(ErrorCode.forbidden, 'the customer’s score comes through a channel')
  const data = parseInput(RatingAnswerInput, input)
  if (readChatMeta(doc) === null) throw new DomainError(ErrorCode.chatMissing, 'the chat does not exist')
  if (findMessage(doc, data.lineId)) return { outcome: 'duplicate' }
  const items = ratingItems(chatRatings(doc).toArray())
  const request = items.find(
    (i): i is RatingRequest => i.kind === 'request' && i.messageId === data.requestMessageId,
  )
  if (!request) return { outcome: 'unknown_request' }
  const answered = items.some((i) => i.kind === 'customer' && i.requestId === request.id)
  const sent = doc.transact(() => {
    ingestInboundMessage(
      doc,
      {
        id: data.lineId,
        kind: 'technical',
        text: ratingLine(data.score),
        ...(data.at !== undefined && { at: data.at }),
      },
      ctx,
    )
    const rating = recordCustomerRating(doc, { score: data.score, requestId: request.id, via: data.via }, ctx)
    if (data.comment !== undefined) recordRatingComment(doc, { ratingId: rating.id, text: data.comment }, ctx)
    return thank(doc, request, answered, thanks, ctx)
  }, ctx.origin)
  return { outcome: 'recorded', thanks: sent }
}

/** What a typed message did to the ratings [RAT3, RAT4]. */
export type TypedRating = 'score' | 'comment' | null

/**
 * [RAT3] [RAT4] A customer's message, with what it means for the ratings, in one transaction: a bare score
 * answering the open request is kept as a technical line and recorded (via `text`, thanked like a button); the
 * next text after a score is ingested as usual and recorded as its comment. A message delivered again (same id)
 * writes nothing, like any inbound message (MSG4).
 */
export const ingestCustomerMessage = (
  doc: Y.Doc,
  input: InboundMessageInput,
  thanks: ThanksFor,
  ctx: CommandContext,
): { message: Message; reopened: boolean; rating: TypedRating } => {
  const plain = (): { message: Message; reopened: boolean; rating: TypedRating } => ({
    ...ingestInboundMessage(doc, input, ctx),
    rating: null,
  })
  const text = input.text ?? ''
  const isText = (input.kind ?? 'text') === 'text' && input.media === undefined && text.trim() !== ''
  // Most chats have no ratings at all: their messages cost nothing more than before.
  if (!isText || chatRatings(doc).length === 0) return plain()
  if (input.id !== undefined && findMessage(doc, input.id)) return plain()
  const items = ratingItems(chatRatings(doc).toArray())
  const score = scoreOfText(text)
  const request = score === null ? null : openRatingRequest(items, ctx.now)
  if (score !== null && request !== null) {
    const result = doc.transact(() => {
      const ingested = ingestInboundMessage(doc, { ...input, kind: 'technical' }, ctx)
      recordCustomerRating(doc, { score, requestId: request.id, via: 'text' }, ctx)
      // `openRatingRequest` holds only for an unanswered request: this is its first score.
      thank(doc, request, false, thanks, ctx)
      return ingested
    }, ctx.origin)
    return { ...result, rating: 'score' }
  }
  const rated = ratingAwaitingComment(items, ctx.now)
  if (rated === null) return plain()
  const result = doc.transact(() => {
    const ingested = ingestInboundMessage(doc, input, ctx)
    recordRatingComment(doc, { ratingId: rated.id, text: text.trim().slice(0, MAX_RATING_COMMENT) }, ctx)
    return ingested
  }, ctx.origin)
  return { ...result, rating: 'comment' }
}
