/**
 * Satisfaction in the operator app (issue 7 §3): the customer's scores as history lines, the current
 * conversation's ratings, the operator's own rating as the form starts, and the admin's settings form.
 */
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { chatActions } from '../../app/state/actions'
import { timeline } from '../../app/state/chat'
import { currentRatings, ownRatingOf, starsOf } from '../../app/state/ratings'
import {
  EMPTY_SATISFACTION_FORM,
  formOf,
  problemOf,
  settingsOf,
  templateChoices,
} from '../../app/state/satisfaction-settings'
import type { LiveDoc } from '../../app/sync'
import {
  chatMetricsOf,
  chatParts,
  chatRatings,
  chatState,
  closeChat,
  customerScores,
  ingestInboundMessage,
  type RatingItem,
  rateCustomer,
  ratingItems,
  ratingLine,
  readChatMeta,
  recordCustomerRating,
  recordRatingAnswer,
  recordRatingComment,
  requestRating,
  takeChat,
} from '../../model'
import { asChannel, asOperator, asServer, newChat, T0 } from '../helpers/model'

const s = (seconds: number): number => T0 + seconds * 1000

/** A customer writes, op1 takes the chat and closes it asking for a rating; the server asks. */
const closedAndAsked = (): Y.Doc => {
  const doc = newChat()
  ingestInboundMessage(doc, { text: 'Где мой заказ?', at: s(1) }, asChannel(s(1)))
  takeChat(doc, asOperator('op1', s(5)))
  closeChat(doc, { askRating: true }, asOperator('op1', s(60)))
  requestRating(doc, { messageId: 'ask-1', text: 'Оцените нас' }, asServer(s(61)))
  return doc
}

const snapshotOf = (doc: Y.Doc) => ({
  meta: readChatMeta(doc),
  messages: chatParts(doc).messages.toArray(),
  state: chatState(doc),
  readMark: undefined,
  ratings: ratingItems(chatRatings(doc).toArray()),
})

const requestOf = (doc: Y.Doc) => ratingItems(chatRatings(doc).toArray()).find((i) => i.kind === 'request')!

describe('app: ratings in the chat', () => {
  it('shows a score as five stars, filled up to it', () => {
    expect(starsOf(4)).toBe('★★★★☆')
    expect(starsOf(1)).toBe('★☆☆☆☆')
    expect(starsOf(5)).toBe('★★★★★')
  })

  it('[RAT2] [RAT4] each customer score is a history line with its latest comment; requests and operators’ ratings are not', () => {
    const items: RatingItem[] = [
      { kind: 'request', id: 'q1', at: s(61), messageId: 'ask-1' },
      { kind: 'customer', id: 'r2', at: s(200), score: 2, requestId: null, via: 'widget' },
      { kind: 'customer', id: 'r1', at: s(100), score: 4, requestId: 'q1', via: 'button' },
      { kind: 'comment', id: 'c1', at: s(110), ratingId: 'r1', text: 'Быстро' },
      { kind: 'comment', id: 'c2', at: s(120), ratingId: 'r1', text: 'Быстро и вежливо' },
      { kind: 'operator', id: 'o1', at: s(130), by: 'op1', score: 3 },
    ]
    expect(customerScores(items)).toEqual([
      { id: 'r1', at: s(100), score: 4, comment: 'Быстро и вежливо', via: 'button', requestId: 'q1' },
      { id: 'r2', at: s(200), score: 2, comment: null, via: 'widget', requestId: null },
    ])
  })

  it('[RAT6] [RAT2] the timeline holds the request as a message marked ask: rating, and the score after it', () => {
    const doc = closedAndAsked()
    recordCustomerRating(doc, { score: 4, requestId: requestOf(doc).id, via: 'widget' }, asServer(s(90)))
    const items = timeline(snapshotOf(doc))
    const kinds = items.map((i) =>
      i.kind === 'message' ? `message:${i.message.ask ?? i.message.text}` : i.kind,
    )
    expect(kinds).toEqual(['message:Где мой заказ?', 'event', 'event', 'message:rating', 'rating'])
    const last = items.at(-1)!
    expect(last.kind === 'rating' && last.rating.score).toBe(4)
  })

  it('[RAT7] a score button’s technical line «⭐ n» is not shown beside the score’s own line; other buttons are', () => {
    const doc = closedAndAsked()
    const request = requestOf(doc)
    recordRatingAnswer(
      doc,
      { requestMessageId: request.messageId, score: 4, lineId: 'press-1', via: 'button' },
      () => null,
      asChannel(s(90)),
    )
    ingestInboundMessage(doc, { id: 'press-2', kind: 'technical', text: '🔘 Меню' }, asChannel(s(95)))
    expect(
      chatParts(doc)
        .messages.toArray()
        .map((m) => m.text),
    ).toContain(ratingLine(4))
    const items = timeline(snapshotOf(doc))
    const kinds = items.map((i) =>
      i.kind === 'message' ? `message:${i.message.ask ?? i.message.text}` : i.kind,
    )
    expect(kinds).toEqual([
      'message:Где мой заказ?',
      'event',
      'event',
      'message:rating',
      'rating',
      'message:🔘 Меню',
    ])
  })

  it('[MET12] the current conversation’s ratings: asked, then the score and comment, then the operator’s', () => {
    const doc = closedAndAsked()
    expect(currentRatings(chatMetricsOf(doc))).toEqual({
      ratingRequested: true,
      customerRating: null,
      operatorRating: null,
    })
    const rating = recordCustomerRating(
      doc,
      { score: 5, requestId: requestOf(doc).id, via: 'text' },
      asServer(s(90)),
    )
    recordRatingComment(doc, { ratingId: rating.id, text: 'Спасибо' }, asServer(s(95)))
    rateCustomer(doc, { score: 3, note: 'вежливый' }, asOperator('op1', s(100)))
    const current = currentRatings(chatMetricsOf(doc))
    expect(current?.customerRating).toMatchObject({ score: 5, comment: 'Спасибо' })
    expect(current?.operatorRating).toMatchObject({ score: 3, note: 'вежливый', by: 'op1' })
  })

  it('[MET12] a chat with no customer message has no conversation to rate', () => {
    expect(currentRatings(chatMetricsOf(newChat()))).toBeNull()
    expect(currentRatings(null)).toBeNull()
  })

  it('[RAT5] the rating form starts from the operator’s own rating, not a colleague’s; a later one replaces it', () => {
    const doc = closedAndAsked()
    rateCustomer(doc, { score: 2 }, asOperator('op1', s(100)))
    expect(ownRatingOf(currentRatings(chatMetricsOf(doc)), 'op1')).toEqual({ score: 2, note: '' })
    expect(ownRatingOf(currentRatings(chatMetricsOf(doc)), 'op2')).toEqual({ score: null, note: '' })
    rateCustomer(doc, { score: 4, note: 'постоянный клиент' }, asOperator('op1', s(120)))
    expect(ownRatingOf(currentRatings(chatMetricsOf(doc)), 'op1')).toEqual({
      score: 4,
      note: 'постоянный клиент',
    })
  })

  it('[RAT1] closing from the app carries «Попросить оценку» only when checked', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { text: 'Привет', at: s(1) }, asChannel(s(1)))
    // The actions need only the live doc's Y.Doc.
    const live = { doc } as unknown as LiveDoc
    chatActions(live, 'op1').close('solved', true)
    chatActions(live, 'op1').close(undefined, false)
    const closes = chatParts(doc)
      .history.toArray()
      .filter((e) => e.type === 'close')
    expect(closes[0]).toMatchObject({ type: 'close', reason: 'solved', askRating: true })
    expect(closes[1]).not.toHaveProperty('askRating')
  })
})

describe('app: the admin’s satisfaction settings form', () => {
  const settings = {
    askByDefault: true,
    requestText: 'Оцените нас',
    thanksText: 'Спасибо!',
    whatsappTemplate: { name: 'csat_request', language: 'ru' },
  }

  it('[RAT8] settings become the form and back, trimmed; a blank template pair is no template', () => {
    expect(settingsOf(formOf(settings))).toEqual(settings)
    expect(
      settingsOf({
        ...formOf(settings),
        requestText: '  Оцените  ',
        templateName: ' ',
        templateLanguage: '',
      }),
    ).toEqual({ ...settings, requestText: 'Оцените', whatsappTemplate: null })
  })

  it('[RAT8] both texts are needed, and a template needs its name and its language', () => {
    expect(problemOf(formOf(settings))).toBeNull()
    expect(problemOf(EMPTY_SATISFACTION_FORM)).toBe('csatRequestText')
    expect(problemOf({ ...formOf(settings), thanksText: ' ' })).toBe('csatThanksText')
    expect(problemOf({ ...formOf(settings), templateLanguage: '' })).toBe('csatTemplateLanguage')
    expect(problemOf({ ...formOf(settings), templateName: '' })).toBe('csatTemplateName')
    expect(problemOf({ ...formOf(settings), templateName: '', templateLanguage: '' })).toBeNull()
  })

  it('offers each approved template once, by name, leaving out those that cannot be sent', () => {
    const t = (name: string, language: string, unsupported: string | null = null) => ({
      name,
      language,
      unsupported,
    })
    expect(
      templateChoices([
        [t('csat', 'ru'), t('promo', 'ru', 'a media header')],
        [t('csat', 'ru'), t('csat', 'en'), t('a_hello', 'ru')],
      ]),
    ).toEqual([
      { name: 'a_hello', language: 'ru' },
      { name: 'csat', language: 'en' },
      { name: 'csat', language: 'ru' },
    ])
  })
})
