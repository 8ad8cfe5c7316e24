/** Satisfaction's server-side rules in model/: when a close's request is due, the request, answers, settings. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  chatMetricsOf,
  chatParts,
  chatRatings,
  chatState,
  closeChat,
  DEFAULT_SATISFACTION_SETTINGS,
  ErrorCode,
  ingestCustomerMessage,
  ingestInboundMessage,
  MessageSchema,
  RATING_REQUEST_MAX_AGE_MS,
  RATING_WINDOW_MARGIN_MS,
  type RatingItem,
  REPLY_WINDOW_MS,
  ratingItems,
  ratingRequestDue,
  ratingRequestForm,
  ratingThanksId,
  readSatisfactionSettings,
  recordRatingAnswer,
  requestRating,
  satisfactionMap,
  sendOperatorMessage,
  takeChat,
  writeSatisfactionSettings,
} from '../../model'
import {
  asChannel,
  asOperator,
  asServer,
  captureUpdates,
  expectDomainError,
  judge,
  messagesOf,
  newChat,
  replicaOf,
  syncBoth,
  T0,
  updateOf,
} from '../helpers/model'

const s = (seconds: number): number => T0 + seconds * 1000
const THANKS = () => ({ text: 'Спасибо!' })
const NO_THANKS = () => null

/** A customer writes at 1 s, op1 answers and closes at `closeAt`, asking for the rating. */
const closedAsking = (closeAt = s(60)): Y.Doc => {
  const doc = newChat()
  ingestInboundMessage(doc, { text: 'Где мой заказ?', at: s(1) }, asChannel(s(1)))
  sendOperatorMessage(doc, { text: 'Уже едет' }, asOperator('op1', s(20)))
  closeChat(doc, { reason: 'solved', askRating: true }, asOperator('op1', closeAt))
  return doc
}

const history = (doc: Y.Doc) => chatParts(doc).history.toArray()
const items = (doc: Y.Doc): RatingItem[] => ratingItems(chatRatings(doc).toArray())
const episodes = (doc: Y.Doc) => chatMetricsOf(doc)!.episodes

/** A closed chat that asked, with its request made at 61 s. */
const requested = () => {
  const doc = closedAsking()
  const made = requestRating(doc, { messageId: 'csat-1', text: 'Оцените нас' }, asServer(s(61)))!
  return { doc, ...made }
}

describe('[RAT6] when the request is due', () => {
  it('[RAT6] the latest applied close that asked, the chat still closed, at most 24 hours old', () => {
    const doc = closedAsking()
    const close = history(doc).at(-1)!
    expect(ratingRequestDue(history(doc), s(61))).toEqual(close)
    expect(ratingRequestDue(history(doc), s(60) + RATING_REQUEST_MAX_AGE_MS)).toEqual(close)
    expect(ratingRequestDue(history(doc), s(60) + RATING_REQUEST_MAX_AGE_MS + 1)).toBeNull()

    // The customer wrote again: the chat is open, nothing is asked.
    ingestInboundMessage(doc, { text: 'Ещё вопрос', at: s(70) }, asChannel(s(70)))
    expect(ratingRequestDue(history(doc), s(71))).toBeNull()
    // A later close that did not ask is the latest: the earlier one's request is not due any more.
    closeChat(doc, { reason: 'solved' }, asOperator('op1', s(80)))
    expect(ratingRequestDue(history(doc), s(81))).toBeNull()
  })

  it('[RAT6] a close that asked but merged onto a chat closed already is unchanged: nothing is due', () => {
    const server = newChat()
    ingestInboundMessage(server, { text: 'Здравствуйте', at: s(1) }, asChannel(s(1)))
    takeChat(server, asOperator('op1', s(2)))
    // A higher client id puts the laptop's concurrent close after the server's in the merged array.
    const laptop = replicaOf(server, server.clientID + 1)
    // Offline, op1 closes asking; meanwhile op2 closes without asking, first in the merged order.
    closeChat(server, { reason: 'solved' }, asOperator('op2', s(30)))
    closeChat(laptop, { reason: 'solved', askRating: true }, asOperator('op1', s(40)))
    syncBoth(server, laptop)
    const entries = chatState(server).assignment.entries
    expect(entries.filter((e) => e.event.type === 'close').map((e) => e.outcome)).toEqual([
      'applied',
      'unchanged',
    ])
    expect(ratingRequestDue(history(server), s(41))).toBeNull()
  })

  it('[RAT6] a close that asked, written offline and merged late, is due at merge time', () => {
    const server = newChat()
    ingestInboundMessage(server, { text: 'Здравствуйте', at: s(1) }, asChannel(s(1)))
    takeChat(server, asOperator('op1', s(2)))
    const laptop = replicaOf(server)
    closeChat(laptop, { askRating: true }, asOperator('op1', s(30)))
    expect(ratingRequestDue(history(server), s(3600))).toBeNull()
    syncBoth(server, laptop)
    expect(ratingRequestDue(history(server), s(3600))).toMatchObject({ type: 'close', askRating: true })
  })

  it('[RAT6] the form: free text, or the WhatsApp template outside (or near the end of) the reply window', () => {
    const doc = closedAsking()
    const messages = messagesOf(doc)
    const template = { name: 'csat_request', language: 'ru' }
    expect(ratingRequestForm('telegram', messages, s(61), null)).toEqual({ template: null })
    expect(ratingRequestForm('widget', messages, s(1) + 2 * REPLY_WINDOW_MS, null)).toEqual({
      template: null,
    })
    expect(ratingRequestForm('whatsapp', messages, s(61), template)).toEqual({ template: null })
    const nearEnd = s(1) + REPLY_WINDOW_MS - RATING_WINDOW_MARGIN_MS
    expect(ratingRequestForm('whatsapp', messages, nearEnd, template)).toEqual({
      template: { ...template, params: [] },
    })
    expect(ratingRequestForm('whatsapp', messages, s(1) + REPLY_WINDOW_MS, null)).toBeNull()
  })
})

describe('[RAT6] the request', () => {
  it('[RAT6] one transaction: a bot message marked as a rating request and the request naming it; once per id', () => {
    const doc = closedAsking()
    const updates = captureUpdates(doc, () => {
      const made = requestRating(doc, { messageId: 'csat-1', text: 'Оцените нас' }, asServer(s(61)))
      expect(made?.request).toMatchObject({ kind: 'request', messageId: 'csat-1', at: s(61) })
    })
    expect(updates).toHaveLength(1)
    const message = messagesOf(doc).at(-1)!
    expect(MessageSchema.parse(message)).toEqual(message)
    expect(message).toMatchObject({
      id: 'csat-1',
      direction: 'out',
      author: { kind: 'bot' },
      text: 'Оцените нас',
      ask: 'rating',
    })
    // A retry, or the same close seen again after a restart or a second merge: nothing more.
    expect(requestRating(doc, { messageId: 'csat-1', text: 'Оцените нас' }, asServer(s(62)))).toBeNull()
    expect(items(doc).filter((i) => i.kind === 'request')).toHaveLength(1)
    // The bot's message leaves the chat closed.
    expect(chatState(doc).assignment.status).toBe('closed')
  })

  it('[RAT6] only the server asks, and only in an existing chat; a template rides along', () => {
    const doc = closedAsking()
    expectDomainError(
      () => requestRating(doc, { messageId: 'csat-1', text: 'x' }, asOperator('op1', s(61))),
      ErrorCode.forbidden,
    )
    expectDomainError(
      () => requestRating(new Y.Doc(), { messageId: 'csat-1', text: 'x' }, asServer(s(61))),
      ErrorCode.chatMissing,
    )
    const template = { name: 'csat_request', language: 'ru', params: [] }
    requestRating(doc, { messageId: 'csat-2', text: 'Оцените нас', template }, asServer(s(61)))
    expect(messagesOf(doc).at(-1)).toMatchObject({ ask: 'rating', template })
  })

  it('[RAT6] an operator cannot write the server’s request item from a client', () => {
    const server = closedAsking()
    const client = replicaOf(server)
    const forged = updateOf(client, () =>
      chatRatings(client).push([{ kind: 'request', id: 'r-1', at: s(61), messageId: 'csat-1' }]),
    )
    expect(judge(server, forged, 'op1')).toMatchObject({ ok: false })
  })
})

describe('[RAT7] answers through a button or the widget', () => {
  it('[RAT7] a technical line, the score for the request, and the thanks once', () => {
    const { doc, request } = requested()
    const first = recordRatingAnswer(
      doc,
      { requestMessageId: 'csat-1', score: 4, via: 'button', lineId: 'tg:1:cb:a', at: s(70) },
      THANKS,
      asChannel(s(70)),
    )
    expect(first).toMatchObject({ outcome: 'recorded', thanks: { id: ratingThanksId('csat-1') } })
    const line = messagesOf(doc).find((m) => m.id === 'tg:1:cb:a')
    expect(line).toMatchObject({ direction: 'in', kind: 'technical', text: '⭐ 4', at: s(70) })
    expect(items(doc).filter((i) => i.kind === 'customer')).toEqual([
      expect.objectContaining({ score: 4, requestId: request.id, via: 'button' }),
    ])
    expect(messagesOf(doc).at(-1)).toMatchObject({
      direction: 'out',
      text: 'Спасибо!',
      author: { kind: 'bot' },
    })
    // TEC1: the press neither reopens the chat nor waits for a reply.
    expect(chatState(doc).assignment.status).toBe('closed')

    // The same webhook again: nothing.
    const again = recordRatingAnswer(
      doc,
      { requestMessageId: 'csat-1', score: 4, via: 'button', lineId: 'tg:1:cb:a' },
      THANKS,
      asChannel(s(71)),
    )
    expect(again).toEqual({ outcome: 'duplicate' })
    // Another press changes the score (the latest wins) with no second thanks.
    const changed = recordRatingAnswer(
      doc,
      { requestMessageId: 'csat-1', score: 2, via: 'button', lineId: 'tg:1:cb:b' },
      THANKS,
      asChannel(s(72)),
    )
    expect(changed).toEqual({ outcome: 'recorded', thanks: null })
    expect(messagesOf(doc).filter((m) => m.text === 'Спасибо!')).toHaveLength(1)
    expect(episodes(doc).at(-1)?.customerRating).toMatchObject({ score: 2, via: 'button' })
  })

  it('[RAT7] a press naming no request of the chat records nothing; an operator cannot record one', () => {
    const { doc } = requested()
    const before = Y.encodeStateVector(doc)
    expect(
      recordRatingAnswer(
        doc,
        { requestMessageId: 'csat-other', score: 5, via: 'button', lineId: 'x-1' },
        THANKS,
        asChannel(s(70)),
      ),
    ).toEqual({ outcome: 'unknown_request' })
    expect(Y.encodeStateVector(doc)).toEqual(before)
    expectDomainError(
      () =>
        recordRatingAnswer(
          doc,
          { requestMessageId: 'csat-1', score: 5, via: 'button', lineId: 'x-2' },
          THANKS,
          asOperator('op1', s(70)),
        ),
      ErrorCode.forbidden,
    )
  })

  it('[RAT7] the widget’s comment goes with its score; no thanks when the server has none to send', () => {
    const { doc } = requested()
    const result = recordRatingAnswer(
      doc,
      { requestMessageId: 'csat-1', score: 5, via: 'widget', lineId: 'w:rate:1', comment: ' Быстро! ' },
      NO_THANKS,
      asChannel(s(70)),
    )
    expect(result).toEqual({ outcome: 'recorded', thanks: null })
    expect(episodes(doc).at(-1)?.customerRating).toMatchObject({
      score: 5,
      comment: 'Быстро!',
      via: 'widget',
    })
  })
})

describe('[RAT3] [RAT4] typed scores and comments', () => {
  it('[RAT3] a bare score answering the open request is a technical line, recorded and thanked, once', () => {
    const { doc, request } = requested()
    const typed = { id: 'tg:1:50', text: '5', at: s(80) }
    const result = ingestCustomerMessage(doc, typed, THANKS, asChannel(s(80)))
    expect(result).toMatchObject({
      rating: 'score',
      reopened: false,
      message: { kind: 'technical', text: '5' },
    })
    expect(items(doc).filter((i) => i.kind === 'customer')).toEqual([
      expect.objectContaining({ score: 5, requestId: request.id, via: 'text' }),
    ])
    expect(messagesOf(doc).filter((m) => m.id === ratingThanksId('csat-1'))).toHaveLength(1)
    expect(chatState(doc).assignment.status).toBe('closed')
    // Delivered twice: one message, one rating.
    const before = Y.encodeStateVector(doc)
    expect(ingestCustomerMessage(doc, typed, THANKS, asChannel(s(81)))).toMatchObject({ rating: null })
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })

  it('[RAT4] the next text is the comment and the customer’s message, reopening the chat', () => {
    const { doc } = requested()
    ingestCustomerMessage(doc, { id: 'm-1', text: '⭐⭐', at: s(80) }, THANKS, asChannel(s(80)))
    const comment = ingestCustomerMessage(
      doc,
      { id: 'm-2', text: 'Долго ждал ответа', at: s(90) },
      THANKS,
      asChannel(s(90)),
    )
    expect(comment).toMatchObject({ rating: 'comment', reopened: true, message: { kind: 'text' } })
    expect(episodes(doc)[0]?.customerRating).toMatchObject({ score: 2, comment: 'Долго ждал ответа' })
    // Once: the text after that is only a message.
    const next = ingestCustomerMessage(doc, { id: 'm-3', text: 'Алло?', at: s(95) }, THANKS, asChannel(s(95)))
    expect(next.rating).toBeNull()
  })

  it('[RAT3] without an open request a digit is an ordinary message', () => {
    const doc = closedAsking()
    const result = ingestCustomerMessage(doc, { id: 'm-1', text: '5', at: s(80) }, THANKS, asChannel(s(80)))
    expect(result).toMatchObject({ rating: null, reopened: true, message: { kind: 'text' } })
    expect(items(doc)).toEqual([])
  })
})

describe('[RAT8] the settings in the directory', () => {
  it('[RAT8] the server publishes them, operators read them, an unchanged save writes nothing', () => {
    const directory = new Y.Doc()
    expect(readSatisfactionSettings(directory)).toBeNull()
    const settings = { ...DEFAULT_SATISFACTION_SETTINGS, askByDefault: true }
    expect(writeSatisfactionSettings(directory, settings, asServer())).toBe(true)
    expect(readSatisfactionSettings(replicaOf(directory))).toEqual(settings)
    expect(writeSatisfactionSettings(directory, settings, asServer())).toBe(false)
    expectDomainError(
      () => writeSatisfactionSettings(directory, settings, asOperator('op1')),
      ErrorCode.forbidden,
    )
    expectDomainError(
      () => writeSatisfactionSettings(directory, { ...settings, requestText: '  ' }, asServer()),
      ErrorCode.invalidInput,
    )
  })

  it('[RAT8] an operator’s client cannot change them', () => {
    const server = new Y.Doc()
    writeSatisfactionSettings(server, DEFAULT_SATISFACTION_SETTINGS, asServer())
    const client = replicaOf(server)
    const update = updateOf(client, () =>
      satisfactionMap(client).set('settings', { ...DEFAULT_SATISFACTION_SETTINGS, askByDefault: true }),
    )
    expect(judge(server, update, 'op1', { ref: { kind: 'directory' } })).toMatchObject({ ok: false })
  })
})
