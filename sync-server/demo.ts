/**
 * `npm run demo`: a workspace with operators, one channel of every kind and simulated customers writing, so a
 * newcomer sees the product alive within a minute. Customers write through the same ingestion door the bridges
 * use.
 */
import type { ChannelKind } from '../model'
import { seedDemoHistory } from './demo-history'
import type { Logger } from './logger'
import type { Services } from './services'

export const DEMO_PASSWORD = 'demo-password'

const OPERATORS = [
  { email: 'anna@demo.local', name: 'Анна Смирнова' },
  { email: 'ivan@demo.local', name: 'Иван Петров' },
] as const

const CHANNELS: ReadonlyArray<{ kind: ChannelKind; name: string }> = [
  { kind: 'telegram', name: 'Telegram-бот' },
  { kind: 'whatsapp', name: 'WhatsApp' },
  { kind: 'vk', name: 'Сообщество VK' },
  { kind: 'widget', name: 'Чат на сайте' },
]

const CUSTOMERS = [
  { firstName: 'Мария', lastName: 'Иванова', phone: '+7 916 555-01-01' },
  { firstName: 'Алексей', lastName: 'Кузнецов', phone: '+7 903 555-02-02' },
  { firstName: 'Ольга', lastName: 'Соколова', email: 'olga@example.com' },
  { firstName: 'Дмитрий', lastName: 'Попов' },
  { firstName: 'Екатерина', lastName: 'Лебедева', city: 'Казань' },
  { firstName: 'Сергей', lastName: 'Новиков', phone: '+7 925 555-06-06' },
  { firstName: 'Наталья', lastName: 'Морозова' },
  { firstName: 'Павел', lastName: 'Волков', email: 'pavel@example.com' },
] as const

const PHRASES = [
  'Здравствуйте! Где мой заказ?',
  'Подскажите, пожалуйста, сроки доставки в Казань',
  'Можно поменять размер?',
  'Спасибо, всё получил 👍',
  'Оплата не проходит, что делать?',
  'А у вас есть самовывоз?',
  'Хочу вернуть товар',
  'Когда будет скидка?',
]

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!

/** Seeds the workspace once and starts the simulated customers; returns a stop function. */
export const startDemo = async (services: Services, logger: Logger): Promise<() => void> => {
  for (const op of OPERATORS) {
    if (!services.operators.credentials(op.email)) {
      await services.operators.create({ ...op, password: DEMO_PASSWORD, role: 'operator' })
    }
  }
  const existing = new Set(services.channels.list().map((c) => c.kind))
  for (const channel of CHANNELS) {
    if (!existing.has(channel.kind)) {
      // Sandbox channels: no provider behind them; answers are marked delivered.
      services.channels.create({
        ...channel,
        config:
          channel.kind === 'widget'
            ? { title: 'Поддержка магазина', greeting: 'Здравствуйте! Чем можем помочь?' }
            : { sandbox: true },
      })
    }
  }
  await services.accessChanged()
  const channels = services.channels.list()

  const write = async (index: number): Promise<void> => {
    const customer = CUSTOMERS[index % CUSTOMERS.length]!
    const channel = channels[index % channels.length]!
    const technical = Math.random() < 0.1
    await services.ingest({
      channelId: channel.id,
      externalChatId: `demo-${index % CUSTOMERS.length}`,
      contact: customer,
      message: technical ? { kind: 'technical', text: '/start' } : { text: pick(PHRASES) },
    })
  }
  if (services.chats.allChats().length === 0) {
    const operatorIds = OPERATORS.flatMap((op) => services.operators.credentials(op.email)?.operator.id ?? [])
    await seedDemoHistory(services, operatorIds)
    for (let i = 0; i < CUSTOMERS.length; i++) await write(i)
  }
  let timer: NodeJS.Timeout | null = null
  const next = (): void => {
    timer = setTimeout(
      () => {
        write(Math.floor(Math.random() * CUSTOMERS.length)).then(next, (err: unknown) => {
          logger.warn({ err }, 'demo customer could not write')
          next()
        })
      },
      4_000 + Math.random() * 8_000,
    )
    timer.unref()
  }
  next()
  return () => {
    if (timer) clearTimeout(timer)
  }
}

/** `/demo` in the demo: a shop's page with the widget on it, as a customer would see it. */
export const demoShopPage = (channelId: string | null): string => `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Демо-магазин · Switchboard</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 760px; margin: 40px auto; padding: 0 20px; color: #1f2328; }
  .goods { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 16px; }
  .goods div { border: 1px solid #d0d7de; border-radius: 8px; padding: 16px; }
</style>
</head>
<body>
<h1>Демо-магазин</h1>
<p>Это страница чужого сайта с виджетом Switchboard. Напишите в чат справа внизу, а в соседней вкладке ответьте
из приложения оператора (<a href="/" target="_blank">открыть</a>, anna@demo.local / ${DEMO_PASSWORD}).</p>
<div class="goods"><div>Чайник — 2 490 ₽</div><div>Кружка — 390 ₽</div><div>Заварник — 1 190 ₽</div></div>
${
  channelId
    ? `<script type="module" src="/widget.js?channel=${encodeURIComponent(channelId)}"></script>`
    : '<p><strong>No widget channel: start with <code>npm run demo</code>.</strong></p>'
}
</body>
</html>
`
