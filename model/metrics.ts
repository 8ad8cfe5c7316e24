/**
 * Team metrics (issue 7): response and resolution times, message counts and close reasons, folded from a chat's
 * recorded messages and history. Pure functions of plain arrays, so they are the same on every replica that holds
 * the same updates, and an answer written offline counts at the time it was written (its `at`), however late it
 * merged. Rule IDs (MET1…) refer to model/SPEC.md.
 */
import type * as Y from 'yjs'
import { foldHistory, isCustomerMessage } from './chat-state'
import { chatRatings, type EpisodeRatings, type RatingItem, ratingItems, ratingsPerEpisode } from './ratings'
import { type CloseReason, chatParts, type HistoryEvent, type Message, readChatMeta } from './schema'

/** Who wrote the first answer of an episode [MET3]. */
export type Responder =
  | { readonly kind: 'operator'; readonly id: string }
  | { readonly kind: 'bot'; readonly name: string }

/**
 * [MET1] One conversation: from the customer's first message after the chat was created or closed, to the close.
 * [MET12] With its ratings: whether the customer was asked, their score and comment, the operator's rating.
 */
export interface Episode extends EpisodeRatings {
  /** The first customer message's `at` [MET2]. */
  readonly startAt: number
  /** The `at` of the close that ended it, or `null` while it is not closed. */
  readonly closedAt: number | null
  /** [MET3] First customer message → first outgoing answer (operator or bot), or `null` if none was sent. */
  readonly firstResponseMs: number | null
  readonly firstResponder: Responder | null
  /** [MET4] Start → close, or `null` while open. */
  readonly resolutionMs: number | null
  /** [MET4] The operator who closed it, `null` for the server or a bot (or while open). */
  readonly closedBy: string | null
  readonly closeReason: CloseReason | null
  /** [MET5] Operators whose take, assignment, transfer or auto-claim applied in it, in time order, each once. */
  readonly operators: readonly string[]
  /** [MET6] Outgoing messages per operator id. */
  readonly messagesByOperator: Readonly<Record<string, number>>
  readonly botMessages: number
  /** Customer (non-technical inbound) messages. */
  readonly customerMessages: number
}

export interface ChatMetrics {
  readonly chatId: string
  readonly channelId: string
  readonly episodes: readonly Episode[]
}

export interface ChatRecord {
  readonly chatId: string
  readonly channelId: string
  readonly messages: readonly Message[]
  readonly history: readonly HistoryEvent[]
  /** [MET12] The chat's ratings list (model/ratings.ts); none when absent. */
  readonly ratings?: readonly RatingItem[]
}

type CloseEvent = Extract<HistoryEvent, { type: 'close' }>
type AssignEvent = Extract<HistoryEvent, { type: 'assign' }>

/** Sorted by `at`, ties kept in array order (Array.prototype.sort is stable). */
const byTime = <T extends { readonly at: number }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.at - b.at)

/**
 * [MET1] The episodes of one chat. Applied closes (the history fold decides which apply, the same on every
 * replica [CNV1]) cut the timeline, by their `at`, into intervals: (previous close, close]; the last one runs on.
 * Each interval holding a customer message is an episode; every message and applied assignment is counted in the
 * interval its `at` falls in.
 */
export const chatMetrics = (chat: ChatRecord): ChatMetrics => {
  const entries = foldHistory(chat.history).entries
  const closes = byTime(
    entries
      .filter((e) => e.outcome === 'applied' && e.event.type === 'close')
      .map((e) => e.event as CloseEvent),
  )
  const assigns = byTime(
    entries
      .filter((e) => e.outcome === 'applied' && e.event.type === 'assign')
      .map((e) => e.event as AssignEvent),
  )
  // [MET7] Internal comments never count; technical inbound messages neither start nor belong to an episode.
  const messages = byTime(chat.messages.filter((m) => m.direction === 'out' || isCustomerMessage(m)))
  const episodes: Omit<Episode, keyof EpisodeRatings>[] = []
  let mi = 0
  let ai = 0
  for (let ci = 0; ci <= closes.length; ci++) {
    const close = closes[ci] ?? null
    const inInterval = (at: number): boolean => close === null || at <= close.at
    let startAt: number | null = null
    let firstAnswer: Message | null = null
    let customerMessages = 0
    let botMessages = 0
    const messagesByOperator: Record<string, number> = {}
    for (; mi < messages.length && inInterval(messages[mi]!.at); mi++) {
      const m = messages[mi]!
      if (m.direction === 'in') {
        customerMessages++
        startAt ??= m.at
      } else {
        if (m.author.kind === 'operator') {
          messagesByOperator[m.author.id] = (messagesByOperator[m.author.id] ?? 0) + 1
        } else {
          botMessages++
        }
        // [MET3] An answer before the customer wrote (a greeting, a follow-up) is no response.
        if (startAt !== null && firstAnswer === null) firstAnswer = m
      }
    }
    const operators: string[] = []
    for (; ai < assigns.length && inInterval(assigns[ai]!.at); ai++) {
      const to = assigns[ai]!.to
      if (!operators.includes(to)) operators.push(to)
    }
    if (startAt === null) continue
    const author = firstAnswer?.author
    episodes.push({
      startAt,
      closedAt: close?.at ?? null,
      firstResponseMs: firstAnswer ? firstAnswer.at - startAt : null,
      firstResponder:
        author?.kind === 'operator'
          ? { kind: 'operator', id: author.id }
          : author?.kind === 'bot'
            ? { kind: 'bot', name: author.name }
            : null,
      resolutionMs: close ? close.at - startAt : null,
      closedBy: close?.actor.kind === 'operator' ? close.actor.id : null,
      closeReason: close?.reason ?? null,
      operators,
      messagesByOperator,
      botMessages,
      customerMessages,
    })
  }
  const ratings = ratingsPerEpisode(
    episodes.map((e) => e.startAt),
    chat.ratings ?? [],
  )
  return {
    chatId: chat.chatId,
    channelId: chat.channelId,
    episodes: episodes.map((e, i) => ({ ...e, ...ratings[i]! })),
  }
}

/** [MET1] `chatMetrics` of a chat doc; `null` for a doc without meta. */
export const chatMetricsOf = (doc: Y.Doc): ChatMetrics | null => {
  const meta = readChatMeta(doc)
  if (!meta) return null
  const parts = chatParts(doc)
  return chatMetrics({
    chatId: meta.chatId,
    channelId: meta.channelId,
    messages: parts.messages.view(),
    history: parts.history.toArray(),
    ratings: ratingItems(chatRatings(doc).toArray()),
  })
}

/**
 * [MET9] The nearest-rank percentile: the value at rank ⌈p·n⌉ of the sorted values (so it is a time that really
 * occurred; for an even count the median is the lower middle). `null` for no values.
 */
export const percentile = (sorted: readonly number[], p: number): number | null => {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1]!
}

export interface TimeStats {
  readonly count: number
  readonly median: number | null
  readonly p90: number | null
}

export const timeStats = (values: readonly number[]): TimeStats => {
  const sorted = [...values].sort((a, b) => a - b)
  return { count: sorted.length, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) }
}

export type CloseReasonCounts = Readonly<Record<CloseReason | 'none', number>>

export interface MetricsRow {
  /** The operator id or the channel id. */
  readonly key: string
  readonly taken: number
  readonly closed: number
  readonly firstResponse: TimeStats
  readonly resolution: TimeStats
  readonly messages: number
  readonly closeReasons: CloseReasonCounts
  /** [MET13] The customers' ratings: requests sent, scores received, their average, scores of 4–5 and their share. */
  readonly satisfaction: Satisfaction
  /** [MET13] The operators' ratings of the customers. */
  readonly customerRating: { readonly count: number; readonly average: number | null }
}

export interface Satisfaction {
  readonly requested: number
  readonly count: number
  readonly average: number | null
  readonly positive: number
  /** positive ÷ count × 100, `null` with no scores. */
  readonly csat: number | null
}

/** [MET13] A score of 4 or 5 is a satisfied customer (CSAT). */
export const POSITIVE_SCORE = 4

export interface AggregateOptions {
  /** [MET8] An episode belongs to the period when `from <= startAt < to`. */
  readonly from: number
  readonly to: number
  readonly by: 'operator' | 'channel'
}

interface Acc {
  taken: number
  closed: number
  firstResponse: number[]
  resolution: number[]
  messages: number
  closeReasons: Record<CloseReason | 'none', number>
  requested: number
  scores: number[]
  customerScores: number[]
}

const newAcc = (): Acc => ({
  taken: 0,
  closed: 0,
  firstResponse: [],
  resolution: [],
  messages: 0,
  closeReasons: { solved: 0, no_reply: 0, other: 0, none: 0 },
  requested: 0,
  scores: [],
  customerScores: [],
})

const average = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length

/** [MET13] One episode's ratings, into a row. */
const addRatings = (acc: Acc, e: Episode): void => {
  if (e.ratingRequested) acc.requested++
  if (e.customerRating) acc.scores.push(e.customerRating.score)
  if (e.operatorRating) acc.customerScores.push(e.operatorRating.score)
}

export const satisfactionOf = (requested: number, scores: readonly number[]): Satisfaction => {
  const positive = scores.filter((s) => s >= POSITIVE_SCORE).length
  return {
    requested,
    count: scores.length,
    average: average(scores),
    positive,
    csat: scores.length === 0 ? null : (positive / scores.length) * 100,
  }
}

/**
 * [MET8] Rows per operator or per channel over a period, sorted by key. Per operator [MET10]: taken = episodes
 * they took, closed = episodes they closed (with those episodes' resolution times and reasons), first response =
 * episodes they answered first, messages = what they sent. Per channel [MET11]: taken = episodes some operator
 * took, closed = closed episodes (by anyone), first response over every answered episode (bots included),
 * messages = operators' and bots' messages.
 */
export const aggregate = (chats: readonly ChatMetrics[], options: AggregateOptions): MetricsRow[] => {
  const rows = new Map<string, Acc>()
  const row = (key: string): Acc => {
    let acc = rows.get(key)
    if (!acc) {
      acc = newAcc()
      rows.set(key, acc)
    }
    return acc
  }
  const addClose = (acc: Acc, e: Episode): void => {
    acc.closed++
    if (e.resolutionMs !== null) acc.resolution.push(e.resolutionMs)
    acc.closeReasons[e.closeReason ?? 'none']++
  }
  for (const chat of chats) {
    for (const e of chat.episodes) {
      if (e.startAt < options.from || e.startAt >= options.to) continue
      if (options.by === 'channel') {
        const acc = row(chat.channelId)
        if (e.operators.length > 0) acc.taken++
        if (e.closedAt !== null) addClose(acc, e)
        if (e.firstResponseMs !== null) acc.firstResponse.push(e.firstResponseMs)
        for (const n of Object.values(e.messagesByOperator)) acc.messages += n
        acc.messages += e.botMessages
        addRatings(acc, e)
        continue
      }
      // [MET13] Ratings count for whoever took the conversation, or closed it when nobody took it.
      const raters = e.operators.length > 0 ? e.operators : e.closedBy !== null ? [e.closedBy] : []
      for (const id of raters) addRatings(row(id), e)
      for (const id of e.operators) row(id).taken++
      if (e.closedAt !== null && e.closedBy !== null) addClose(row(e.closedBy), e)
      if (e.firstResponder?.kind === 'operator' && e.firstResponseMs !== null) {
        row(e.firstResponder.id).firstResponse.push(e.firstResponseMs)
      }
      for (const [id, n] of Object.entries(e.messagesByOperator)) row(id).messages += n
    }
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, acc]) => ({
      key,
      taken: acc.taken,
      closed: acc.closed,
      firstResponse: timeStats(acc.firstResponse),
      resolution: timeStats(acc.resolution),
      messages: acc.messages,
      closeReasons: acc.closeReasons,
      satisfaction: satisfactionOf(acc.requested, acc.scores),
      customerRating: { count: acc.customerScores.length, average: average(acc.customerScores) },
    }))
}
