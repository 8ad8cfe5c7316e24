/**
 * The demo's past week: conversations the demo operators took, answered and closed, some rated by the customer
 * and some by the operator, so the reports and the team view have something to show from the first minute. Written
 * through the model's commands with the times they "happened" (every metric is folded from recorded `at` stamps),
 * into chats of their own (`demo-past-…`), apart from the live customers'.
 */
import {
  chatDocName,
  closeChat,
  operatorContext,
  rateCustomer,
  recordCustomerRating,
  recordRatingComment,
  recordRatingRequest,
  sendOperatorMessage,
  serverContext,
  takeChat,
} from '../model'
import type { Services } from './services'

const CUSTOMERS = [
  { firstName: 'Ирина', lastName: 'Орлова' },
  { firstName: 'Виктор', lastName: 'Зайцев', phone: '+7 916 555-11-11' },
  { firstName: 'Анна', lastName: 'Белова', email: 'belova@example.com' },
  { firstName: 'Олег', lastName: 'Семёнов' },
  { firstName: 'Татьяна', lastName: 'Фролова', city: 'Самара' },
  { firstName: 'Максим', lastName: 'Егоров' },
] as const

const QUESTIONS = [
  'Где мой заказ?',
  'Можно оплатить картой при получении?',
  'Пришёл не тот цвет',
  'Есть размер M?',
]
const ANSWERS = [
  'Проверяю, минутку',
  'Да, конечно',
  'Оформим обмен, пришлите фото',
  'Сейчас уточню на складе',
]
const COMMENTS = ['Быстро помогли, спасибо!', 'Долго ждал ответа', 'Всё отлично']

const DAY = 86_400_000
const MINUTE = 60_000

/** A small seeded generator, so every demo starts with the same week. */
const random = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

const DEMO_ORIGIN = { kind: 'server', reason: 'demo' } as const

/** How many past conversations the demo writes. */
export const DEMO_PAST_CONVERSATIONS = 36

/**
 * Writes the past week once (when the workspace has no chats yet): each conversation a customer's question, a take,
 * one or two answers and a close, over the last 7 days before `now`; most asked for a rating.
 */
export const seedDemoHistory = async (services: Services, operatorIds: readonly string[]): Promise<void> => {
  const next = random(20261122)
  const between = (min: number, max: number): number => Math.round(min + next() * (max - min))
  const now = services.now()
  const channels = services.channels.list()
  for (let i = 0; i < DEMO_PAST_CONVERSATIONS; i++) {
    const channel = channels[i % channels.length]!
    const customer = CUSTOMERS[i % CUSTOMERS.length]!
    const start =
      now - DAY * 7 + Math.floor((i / DEMO_PAST_CONVERSATIONS) * DAY * 6.5) + between(0, 3) * 3600_000
    const { chatId } = await services.ingest({
      channelId: channel.id,
      externalChatId: `demo-past-${i}`,
      contact: customer,
      message: { text: QUESTIONS[i % QUESTIONS.length]!, at: start },
    })
    const operatorId = operatorIds[i % operatorIds.length]!
    const taken = start + between(1, 15) * MINUTE
    const answered = taken + between(10, 240) * 1000
    const closed = answered + between(5, 120) * MINUTE
    const score = [5, 5, 4, 5, 3, 4, 2, 5][i % 8]!
    await services.hub.transact(
      chatDocName(chatId),
      (doc) => {
        takeChat(doc, operatorContext(operatorId, taken))
        sendOperatorMessage(
          doc,
          { text: ANSWERS[i % ANSWERS.length]! },
          operatorContext(operatorId, answered),
        )
        closeChat(
          doc,
          // The request below is recorded as sent then; a close asking now would send a real one.
          { reason: i % 7 === 3 ? 'no_reply' : 'solved' },
          operatorContext(operatorId, closed),
        )
        if (i % 4 === 0) return
        const request = recordRatingRequest(
          doc,
          { messageId: `demo-ask-${i}` },
          serverContext('demo', closed + 1000),
        )
        if (i % 5 === 4) return
        const rated = closed + between(1, 30) * MINUTE
        const rating = recordCustomerRating(
          doc,
          { score, requestId: request.id, via: 'button' },
          serverContext('demo', rated),
        )
        if (i % 3 === 0)
          recordRatingComment(
            doc,
            { ratingId: rating.id, text: COMMENTS[i % COMMENTS.length]! },
            serverContext('demo', rated + MINUTE),
          )
        if (i % 6 === 1) rateCustomer(doc, { score: 4 }, operatorContext(operatorId, closed + 2 * MINUTE))
      },
      DEMO_ORIGIN,
    )
  }
}
