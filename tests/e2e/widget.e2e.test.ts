/**
 * The website widget and the operator app together, in a real browser: a customer on a shop's page (another
 * origin) writes through the widget; two operators see the chat; one takes it and answers; the answer and her
 * typing reach the widget. Then the operator goes offline, answers and closes; back online, the customer gets the
 * answer exactly once and the other operator sees the chat closed.
 */
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, chatState } from '../../model'
import { assertE2eReady, logIn, newPage, until, withServerAndBrowser } from '../helpers/browser'
import { eventually, type TestServer } from '../helpers/server'
import { startShop, widgetChannel, widgetTexts } from '../helpers/widget'

const operatorPage = async (browser: Browser, t: TestServer, email: string) => {
  const { context, page } = await newPage(browser, 'en-US')
  await page.goto(t.url)
  await logIn(page, email)
  await page.getByText('Online', { exact: true }).waitFor()
  return { context, page }
}

describe('e2e: the website widget', () => {
  beforeAll(assertE2eReady)

  it('a customer writes; two operators see it in Unassigned; one takes it; her answer and typing reach the widget', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await widgetChannel(t)
      const shop = await startShop(channel.embed)
      try {
        await t.operator({ email: 'anna@test.local', name: 'Anna' })
        await t.operator({ email: 'ivan@test.local', name: 'Ivan' })
        const anna = await operatorPage(browser, t, 'anna@test.local')
        const ivan = await operatorPage(browser, t, 'ivan@test.local')

        const { page: customer } = await newPage(browser, 'ru-RU')
        await customer.goto(shop.url)
        await customer.getByRole('button', { name: 'Открыть чат' }).click()
        const panel = customer.getByRole('dialog', { name: 'Поддержка магазина' })
        await panel.getByRole('textbox', { name: 'Сообщение' }).fill('Здравствуйте, где мой заказ?')
        await panel.getByRole('button', { name: 'Отправить' }).click()
        await until(
          async () => (await widgetTexts(customer)).join('|') === 'Здравствуйте, где мой заказ?',
          'the customer’s own message, once, accepted',
        )

        // Nobody reacts for 10 s: the chat enters Unassigned for both operators [TEN1].
        for (const { page } of [anna, ivan]) {
          await page.getByRole('button', { name: 'Unassigned 1', exact: true }).waitFor({ timeout: 20_000 })
        }
        const annaList = anna.page.getByRole('region', { name: 'Chats' })
        await annaList.getByRole('button', { name: /Здравствуйте, где мой заказ\?/ }).click()
        const chat = anna.page.getByRole('region', { name: 'Website visitor' })
        await chat.getByRole('button', { name: 'Take', exact: true }).click()
        await anna.page.getByRole('button', { name: 'Mine 1', exact: true }).waitFor()
        for (const { page } of [anna, ivan]) {
          await page.getByRole('button', { name: 'Unassigned', exact: true }).waitFor()
        }

        // Anna types: the customer sees it; then her answer arrives, once.
        const composer = chat.getByRole('textbox', { name: 'Message' })
        await composer.pressSequentially('Добрый день')
        await customer.getByText('Anna печатает…').waitFor()
        await composer.fill('Добрый день! Заказ уже в пути.')
        await composer.press('Control+Enter')
        await until(
          async () =>
            (await widgetTexts(customer)).join('|') ===
            'Здравствуйте, где мой заказ?|AnnaДобрый день! Заказ уже в пути.',
          'the answer in the widget, once',
        )
        await until(async () => !(await customer.getByText('Anna печатает…').isVisible()), 'typing clears')

        // A reload keeps the conversation.
        await customer.reload()
        await customer.getByRole('button', { name: 'Открыть чат' }).click()
        await until(async () => (await widgetTexts(customer)).length === 2, 'the conversation after a reload')
        expect(await widgetTexts(customer)).toEqual([
          'Здравствуйте, где мой заказ?',
          'AnnaДобрый день! Заказ уже в пути.',
        ])
      } finally {
        await shop.close()
      }
    })
  }, 90_000)

  it('an operator answers and closes offline; back online the customer gets the answer exactly once, the other operator sees it closed', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await widgetChannel(t)
      const shop = await startShop(channel.embed)
      try {
        const annaOp = await t.operator({ email: 'anna@test.local', name: 'Anna' })
        await t.operator({ email: 'ivan@test.local', name: 'Ivan' })
        const { page: customer } = await newPage(browser, 'ru-RU')
        await customer.goto(shop.url)
        await customer.getByRole('button', { name: 'Открыть чат' }).click()
        await customer.getByRole('textbox', { name: 'Сообщение' }).fill('Можно вернуть чайник?')
        await customer.getByRole('textbox', { name: 'Сообщение' }).press('Enter')
        await until(async () => (await widgetTexts(customer)).length === 1, 'the message is accepted')
        const chatId = t.server.services.chats.allChats()[0]!.id

        const anna = await operatorPage(browser, t, 'anna@test.local')
        const ivan = await operatorPage(browser, t, 'ivan@test.local')
        for (const { page } of [anna, ivan]) {
          await page.getByRole('button', { name: 'All 1', exact: true }).click()
          await page
            .getByRole('region', { name: 'Chats' })
            .getByRole('button', { name: /вернуть чайник/ })
            .click()
        }
        const annaChat = anna.page.getByRole('region', { name: 'Website visitor' })
        await annaChat.getByText('Можно вернуть чайник?').waitFor()
        await anna.page.getByText('Waiting to sync: 0').waitFor()

        // Offline: she reads the cached chat, answers and closes it.
        await anna.context.setOffline(true)
        await anna.page.getByText('Offline', { exact: true }).waitFor()
        await annaChat.getByRole('textbox', { name: 'Message' }).fill('Да, в течение 14 дней.')
        await annaChat.getByRole('button', { name: 'Send', exact: true }).click()
        await annaChat.getByRole('button', { name: 'Close chat', exact: true }).click()
        const close = anna.page.getByRole('dialog', { name: 'Close chat' })
        await close.getByRole('radio', { name: 'Solved' }).check()
        await close.getByRole('button', { name: 'Close chat', exact: true }).click()
        await anna.page.getByText(/Waiting to sync: [1-9]/).waitFor()
        expect(await widgetTexts(customer)).toEqual(['Можно вернуть чайник?'])
        const serverDoc = () => t.server.hub.open(chatDocName(chatId)).doc
        expect(chatState(serverDoc()).assignment.status).not.toBe('closed')

        // Back online: everything syncs once.
        await anna.context.setOffline(false)
        await anna.page.getByText('Waiting to sync: 0').waitFor({ timeout: 15_000 })
        await until(
          async () => (await widgetTexts(customer)).length === 2,
          'the answer reaches the widget',
          15_000,
        )
        const ivanChat = ivan.page.getByRole('region', { name: 'Website visitor' })
        await ivanChat.getByText(/Closed by Anna/).waitFor({ timeout: 15_000 })
        await eventually(() => chatState(serverDoc()).assignment.status === 'closed', 'closed on the server')

        // Still exactly once, after a moment for any duplicate to show up, and after a reload.
        await new Promise((r) => setTimeout(r, 1_000))
        expect(await widgetTexts(customer)).toEqual(['Можно вернуть чайник?', 'AnnaДа, в течение 14 дней.'])
        await customer.reload()
        await customer.getByRole('button', { name: 'Открыть чат' }).click()
        await until(async () => (await widgetTexts(customer)).length === 2, 'the conversation after a reload')
        expect(await widgetTexts(customer)).toEqual(['Можно вернуть чайник?', 'AnnaДа, в течение 14 дней.'])
        const answers = chatParts(serverDoc())
          .messages.toArray()
          .filter((m) => m.direction === 'out')
        expect(answers.map((m) => [m.text, m.author])).toEqual([
          ['Да, в течение 14 дней.', { kind: 'operator', id: annaOp.id }],
        ])
        await eventually(
          () => chatParts(serverDoc()).delivery.get(answers[0]!.id)?.state === 'read',
          'the customer read the answer',
        )
      } finally {
        await shop.close()
      }
    })
  }, 90_000)
})
