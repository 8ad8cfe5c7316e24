/**
 * Generated chats for the metrics' property tests (the model's `aggregate`, the server's reports store): messages,
 * history and ratings of the kinds the model records, at times the test picks, each chat folded by `chatMetrics`.
 */
import fc from 'fast-check'
import { type ChatMetrics, chatMetrics, type HistoryEvent, type Message, type RatingItem } from '../../model'

/** A record before its id is given: Omit over each member of a union. */
type Draft<T> = T extends unknown ? Omit<T, 'id'> : never

export interface ChatsOptions {
  /** When things happen. */
  readonly at: fc.Arbitrary<number>
  readonly operators: readonly [string, ...string[]]
  readonly channels: readonly [string, ...string[]]
  readonly maxChats: number
}

/** Customer (text or technical), operator, bot and internal messages. */
const messageOf = (at: fc.Arbitrary<number>, op: fc.Arbitrary<string>): fc.Arbitrary<Draft<Message>> =>
  fc.oneof(
    fc.record({ at, kind: fc.constantFrom('text' as const, 'technical' as const) }).map(
      ({ at, kind }): Draft<Message> => ({
        at,
        direction: 'in',
        kind,
        author: { kind: 'customer' },
        text: 'q',
      }),
    ),
    // Operators' answers and internal comments (which no metric counts, MET7).
    fc
      .record({ at, op, direction: fc.constantFrom('out' as const, 'internal' as const) })
      .map(
        ({ at, op, direction }): Draft<Message> => ({
          at,
          direction,
          kind: 'text',
          author: { kind: 'operator', id: op },
          text: direction === 'out' ? 'a' : 'c',
        }),
      ),
    at.map(
      (at): Draft<Message> => ({
        at,
        direction: 'out',
        kind: 'text',
        author: { kind: 'bot', name: 'b' },
        text: 'b',
      }),
    ),
  )

/** Assignments (some auto, some expecting another holder), closes by an operator or the server, reopens. */
const eventOf = (
  at: fc.Arbitrary<number>,
  op: fc.Arbitrary<string>,
  operators: readonly string[],
): fc.Arbitrary<Draft<HistoryEvent>> =>
  fc.oneof(
    fc.record({ at, op, from: fc.constantFrom(null, ...operators), auto: fc.boolean() }).map(
      ({ at, op, from, auto }): Draft<HistoryEvent> => ({
        at,
        actor: { kind: 'operator', id: op },
        type: 'assign',
        to: op,
        expectFrom: from,
        auto,
      }),
    ),
    fc
      .record({
        at,
        by: fc.constantFrom<string | null>(null, ...operators),
        reason: fc.constantFrom(undefined, 'solved' as const, 'no_reply' as const, 'other' as const),
      })
      .map(
        ({ at, by, reason }): Draft<HistoryEvent> => ({
          at,
          actor: by === null ? { kind: 'server' } : { kind: 'operator', id: by },
          type: 'close',
          ...(reason !== undefined && { reason }),
        }),
      ),
    at.map((at): Draft<HistoryEvent> => ({ at, actor: { kind: 'server' }, type: 'reopen' })),
  )

/** Rating requests, the customer's scores and the operators' ratings of the customer. */
const ratingOf = (at: fc.Arbitrary<number>, op: fc.Arbitrary<string>): fc.Arbitrary<Draft<RatingItem>> =>
  fc.oneof(
    at.map((at): Draft<RatingItem> => ({ kind: 'request', at, messageId: 'm' })),
    fc
      .record({ at, score: fc.integer({ min: 1, max: 5 }) })
      .map(
        ({ at, score }): Draft<RatingItem> => ({ kind: 'customer', at, score, requestId: null, via: 'text' }),
      ),
    fc
      .record({ at, op, score: fc.integer({ min: 1, max: 5 }) })
      .map(({ at, op, score }): Draft<RatingItem> => ({ kind: 'operator', at, by: op, score })),
  )

/** Up to `maxChats` chats `chat-0`, `chat-1`…, each in one of the channels. */
export const chatsArbitrary = (options: ChatsOptions): fc.Arbitrary<ChatMetrics[]> => {
  const { at, operators, channels } = options
  const op = fc.constantFrom(...operators)
  const chat = fc.record({
    channelId: fc.constantFrom(...channels),
    messages: fc.array(messageOf(at, op), { maxLength: 16 }),
    history: fc.array(eventOf(at, op, operators), { maxLength: 8 }),
    ratings: fc.array(ratingOf(at, op), { maxLength: 4 }),
  })
  return fc.array(chat, { maxLength: options.maxChats }).map((list) =>
    list.map((c, i) =>
      chatMetrics({
        chatId: `chat-${i}`,
        channelId: c.channelId,
        messages: c.messages.map((m, j) => ({ ...m, id: `m${j}` }) as Message),
        history: c.history.map((e, j) => ({ ...e, id: `e${j}` }) as HistoryEvent),
        ratings: c.ratings.map((r, j) => ({ ...r, id: `r${j}` }) as RatingItem),
      }),
    ),
  )
}

/** A period `from <= startAt < to` between two generated times, never empty. */
export const periodArbitrary = (at: fc.Arbitrary<number>): fc.Arbitrary<{ from: number; to: number }> =>
  fc.tuple(at, at).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) + 1 }))
