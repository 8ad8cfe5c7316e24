/** Satisfaction (issue 7 §3, seed 003): rating requests, the customer's score and comment, operators' ratings. */
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  aggregate,
  chatMetricsOf,
  chatParts,
  chatRatings,
  closeChat,
  ErrorCode,
  ingestInboundMessage,
  openRatingRequest,
  RATING_COMMENT_WINDOW_MS,
  RATING_REPLY_WINDOW_MS,
  type RatingItem,
  rateCustomer,
  ratingAwaitingComment,
  ratingsPerEpisode,
  recordCustomerRating,
  recordRatingComment,
  recordRatingRequest,
  scoreOfText,
  sendOperatorMessage,
  takeChat,
} from '../../model'
import {
  asChannel,
  asOperator,
  asServer,
  deliver,
  expectDomainError,
  judge,
  newChat,
  replicaOf,
  syncBoth,
  T0,
  updateOf,
} from '../helpers/model'

const s = (seconds: number): number => T0 + seconds * 1000

/** A customer writes at 1 s, op1 takes and answers, and closes asking for a rating at 60 s. */
const closedChat = (): Y.Doc => {
  const doc = newChat()
  ingestInboundMessage(doc, { text: 'Где мой заказ?', at: s(1) }, asChannel(s(1)))
  takeChat(doc, asOperator('op1', s(5)))
  sendOperatorMessage(doc, { text: 'Уже едет' }, asOperator('op1', s(20)))
  closeChat(doc, { reason: 'solved', askRating: true }, asOperator('op1', s(60)))
  return doc
}

const episodesOf = (doc: Y.Doc) => chatMetricsOf(doc)!.episodes

describe('rating commands', () => {
  it('[RAT1] a close may ask for the rating; the request is the server’s to record, once per message', () => {
    const doc = closedChat()
    const close = chatParts(doc).history.toArray().at(-1)!
    expect(close).toMatchObject({ type: 'close', askRating: true })
    expectDomainError(
      () => recordRatingRequest(doc, { messageId: 'ask-1' }, asOperator('op1', s(61))),
      ErrorCode.forbidden,
    )
    const request = recordRatingRequest(doc, { messageId: 'ask-1' }, asServer(s(61)))
    expect(chatRatings(doc).toArray()).toEqual([request])
    expect(request).toMatchObject({ kind: 'request', at: s(61), messageId: 'ask-1' })
  })

  it('[RAT2] the customer’s score is 1–5 and comes through a channel, never from an operator', () => {
    const doc = closedChat()
    expectDomainError(
      () => recordCustomerRating(doc, { score: 6, via: 'button' }, asChannel(s(70))),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => recordCustomerRating(doc, { score: 0, via: 'button' }, asChannel(s(70))),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => recordCustomerRating(doc, { score: 5, via: 'button' }, asOperator('op1', s(70))),
      ErrorCode.forbidden,
    )
    const rating = recordCustomerRating(doc, { score: 4, via: 'widget' }, asChannel(s(70)))
    expect(rating).toMatchObject({ kind: 'customer', score: 4, requestId: null, via: 'widget' })
  })

  it('[RAT3] a bare digit or stars answer the latest unanswered request of the last 24 hours', () => {
    expect(['5', ' 3. ', '1!', '⭐⭐⭐⭐', '★★'].map(scoreOfText)).toEqual([5, 3, 1, 4, 2])
    expect(['6', '0', '10', '5 stars', 'спасибо', '', '⭐⭐⭐⭐⭐⭐'].map(scoreOfText)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ])
    const doc = closedChat()
    expect(openRatingRequest(chatRatings(doc).toArray(), s(61))).toBeNull()
    const request = recordRatingRequest(doc, { messageId: 'ask-1' }, asServer(s(61)))
    const items = (): RatingItem[] => chatRatings(doc).toArray()
    expect(openRatingRequest(items(), s(62))).toEqual(request)
    expect(openRatingRequest(items(), s(61) + RATING_REPLY_WINDOW_MS)).toEqual(request)
    expect(openRatingRequest(items(), s(61) + RATING_REPLY_WINDOW_MS + 1)).toBeNull()
    recordCustomerRating(doc, { score: 5, requestId: request.id, via: 'text' }, asChannel(s(90)))
    // Answered: a second digit is just a message.
    expect(openRatingRequest(items(), s(91))).toBeNull()
  })

  it('[RAT4] the next text within 15 minutes comments on the score, once', () => {
    const doc = closedChat()
    const request = recordRatingRequest(doc, { messageId: 'ask-1' }, asServer(s(61)))
    const rating = recordCustomerRating(
      doc,
      { score: 2, requestId: request.id, via: 'button' },
      asChannel(s(90)),
    )
    const items = (): RatingItem[] => chatRatings(doc).toArray()
    expect(ratingAwaitingComment(items(), s(91))).toEqual(rating)
    expect(ratingAwaitingComment(items(), s(90) + RATING_COMMENT_WINDOW_MS + 1)).toBeNull()
    expectDomainError(
      () => recordRatingComment(doc, { ratingId: rating.id, text: '   ' }, asChannel(s(95))),
      ErrorCode.invalidInput,
    )
    recordRatingComment(doc, { ratingId: rating.id, text: ' Долго ждал ' }, asChannel(s(95)))
    expect(ratingAwaitingComment(items(), s(96))).toBeNull()
    expect(episodesOf(doc)[0]!.customerRating).toEqual({
      score: 2,
      comment: 'Долго ждал',
      at: s(90),
      via: 'button',
    })
  })

  it('[RAT5] an operator rates the customer as themselves; the server refuses a customer’s score or a forged rater', () => {
    const server = closedChat()
    const client = replicaOf(server)
    const own = updateOf(client, () =>
      rateCustomer(client, { score: 5, note: 'вежливый' }, asOperator('op1', s(70))),
    )
    expect(judge(server, own, 'op2')).toMatchObject({ ok: false })
    expect(deliver(server, own, 'op1', { now: s(70) })).toEqual({ ok: true })
    expect(episodesOf(server)[0]!.operatorRating).toEqual({
      score: 5,
      note: 'вежливый',
      by: 'op1',
      at: s(70),
    })

    const other = replicaOf(server)
    const forged = updateOf(other, () =>
      chatRatings(other).push([{ kind: 'operator', id: 'r-x', at: s(71), by: 'op1', score: 1 }]),
    )
    expect(judge(server, forged, 'op2')).toMatchObject({ ok: false, reason: expect.stringMatching(/as you/) })
    const another = replicaOf(server)
    const customer = updateOf(another, () =>
      chatRatings(another).push([
        { kind: 'customer', id: 'r-y', at: s(71), score: 5, requestId: null, via: 'widget' },
      ]),
    )
    expect(judge(server, customer, 'op2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/server/),
    })
    const third = replicaOf(server)
    const removal = updateOf(third, () => chatRatings(third).delete(0, 1))
    expect(judge(server, removal, 'op2')).toMatchObject({ ok: false })
    expectDomainError(() => rateCustomer(server, { score: 3 }, asServer(s(72))), ErrorCode.notOperator)
  })
})

describe('ratings in the metrics', () => {
  it('[MET12] a rating after the close belongs to the conversation just closed, even when the customer wrote again first', () => {
    const doc = closedChat()
    const request = recordRatingRequest(doc, { messageId: 'ask-1' }, asServer(s(61)))
    // The customer writes again (a second episode) and only then presses the button of the first request.
    ingestInboundMessage(doc, { text: 'И ещё вопрос', at: s(120) }, asChannel(s(120)))
    recordCustomerRating(doc, { score: 3, requestId: request.id, via: 'button' }, asChannel(s(130)))
    rateCustomer(doc, { score: 4 }, asOperator('op2', s(140)))
    const [first, second] = episodesOf(doc)
    expect(first).toMatchObject({
      ratingRequested: true,
      customerRating: { score: 3, comment: null, at: s(130), via: 'button' },
      operatorRating: null,
    })
    expect(second).toMatchObject({
      ratingRequested: false,
      customerRating: null,
      operatorRating: { score: 4, by: 'op2', note: null },
    })
  })

  it('[MET12] the latest score wins; an item before any conversation belongs to none', () => {
    const items: RatingItem[] = [
      { kind: 'operator', id: 'a', at: 5, by: 'op1', score: 2 },
      { kind: 'customer', id: 'b', at: 30, score: 1, requestId: null, via: 'widget' },
      { kind: 'customer', id: 'c', at: 20, score: 5, requestId: null, via: 'widget' },
      { kind: 'comment', id: 'd', at: 31, ratingId: 'b', text: 'плохо' },
    ]
    const [only] = ratingsPerEpisode([10], items)
    expect(only).toEqual({
      ratingRequested: false,
      customerRating: { score: 1, comment: 'плохо', at: 30, via: 'widget' },
      operatorRating: null,
    })
    expect(ratingsPerEpisode([], items)).toEqual([])
  })

  it('[MET12] a rating given offline merges late into the same episode on every replica', () => {
    const server = closedChat()
    const laptop = replicaOf(server)
    // The laptop goes offline; the operator rates the customer there, the customer writes again meanwhile.
    rateCustomer(laptop, { score: 1, note: 'грубил' }, asOperator('op1', s(70)))
    ingestInboundMessage(server, { text: 'Ау?', at: s(200) }, asChannel(s(200)))
    syncBoth(server, laptop)
    for (const doc of [server, laptop]) {
      const [first, second] = episodesOf(doc)
      expect(first!.operatorRating).toMatchObject({ score: 1, by: 'op1' })
      expect(second!.operatorRating).toBeNull()
    }
  })

  it('[MET13] per operator and per channel: requests, scores, average, CSAT (4–5), customers’ ratings', () => {
    const a = closedChat()
    const request = recordRatingRequest(a, { messageId: 'ask-1' }, asServer(s(61)))
    recordCustomerRating(a, { score: 5, requestId: request.id, via: 'button' }, asChannel(s(70)))
    rateCustomer(a, { score: 4 }, asOperator('op1', s(71)))
    const b = closedChat()
    recordRatingRequest(b, { messageId: 'ask-2' }, asServer(s(61)))
    recordCustomerRating(b, { score: 2, via: 'text' }, asChannel(s(80)))
    const c = closedChat()
    recordRatingRequest(c, { messageId: 'ask-3' }, asServer(s(61)))
    const metrics = [a, b, c].map((doc) => chatMetricsOf(doc)!)
    const expected = {
      satisfaction: { requested: 3, count: 2, average: 3.5, positive: 1, csat: 50 },
      customerRating: { count: 1, average: 4 },
    }
    expect(aggregate(metrics, { from: s(0), to: s(1000), by: 'operator' })).toMatchObject([
      { key: 'op1', ...expected },
    ])
    expect(aggregate(metrics, { from: s(0), to: s(1000), by: 'channel' })).toMatchObject([
      { key: 'tg-1', ...expected },
    ])
    const none = aggregate([chatMetricsOf(closedChat())!], { from: s(0), to: s(1000), by: 'channel' })
    expect(none[0]!.satisfaction).toEqual({ requested: 0, count: 0, average: null, positive: 0, csat: null })
    expect(none[0]!.customerRating).toEqual({ count: 0, average: null })
  })
})
