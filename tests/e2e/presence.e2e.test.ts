/**
 * Presence in a real browser [PRS1–PRS7]: two operators in two browser contexts (their own storage, their own
 * socket) open the same chat; one types, the other sees it within a second, and it goes away a few seconds after
 * the last keystroke. Nothing of it is written to the chat's doc. And on the list: an operator who has not opened
 * a chat sees on its row who views and types in it, from the server's summary.
 */
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chatDocName, chatParts } from '../../model'
import { assertE2eReady, launchBrowser, newPage, withServerAndBrowser } from '../helpers/browser'
import { eventually, OPERATOR_PASSWORD, startTestServer, type TestServer } from '../helpers/server'

/** Logs in through the login screen, in Russian (the default): the chat list, online. */
const openList = async (page: Page, t: TestServer, email: string) => {
  await page.goto(t.url)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Пароль').fill(OPERATOR_PASSWORD)
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await page.getByText('В сети', { exact: true }).waitFor()
  return page.getByRole('region', { name: 'Чаты' })
}

/** Logs in and opens the chat of `contact`. */
const openChat = async (page: Page, t: TestServer, email: string, contact: string) => {
  const list = await openList(page, t, email)
  await list.getByRole('button', { name: new RegExp(contact) }).click()
  const chat = page.getByRole('region', { name: contact })
  await chat.getByText('Где мой заказ?').waitFor()
  return { list, chat, composer: chat.getByRole('textbox', { name: 'Сообщение' }) }
}

describe('e2e: presence', () => {
  beforeAll(assertE2eReady)

  it('[PRS4] «Анна печатает…» reaches Ivan within a second, clears after she stops, and is never stored', async () => {
    const t = await startTestServer()
    let browser: Browser | null = null
    try {
      const channel = await t.channel('Support bot', 'telegram')
      const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
      const ivan = await t.operator({ email: 'ivan@test.local', name: 'Иван' })
      const { chatId } = await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'petr',
        contact: { firstName: 'Пётр' },
        message: { text: 'Где мой заказ?', at: Date.now() - 20_000 },
      })
      browser = await launchBrowser()
      const a = await openChat((await newPage(browser, 'ru-RU')).page, t, 'anna@test.local', 'Пётр')
      const b = await openChat((await newPage(browser, 'ru-RU')).page, t, 'ivan@test.local', 'Пётр')

      // Opening the chat writes each operator's read mark; once both are in, the doc must not change any more.
      const serverDoc = () => t.server.hub.open(chatDocName(chatId)).doc
      await eventually(
        () => chatParts(serverDoc()).reads.has(anna.id) && chatParts(serverDoc()).reads.has(ivan.id),
        'both read marks are on the server',
        8_000,
      )
      const before = Y.encodeStateAsUpdate(serverDoc())

      // Each sees the other viewing the chat on its list row.
      await b.list.getByRole('img', { name: 'Смотрит: Анна' }).waitFor()
      await a.list.getByRole('img', { name: 'Смотрит: Иван' }).waitFor()

      await a.composer.pressSequentially('Добрый день')
      await b.chat.getByText('Анна печатает…', { exact: true }).waitFor({ timeout: 1_000 })
      await a.chat.getByText('Вы печатаете…', { exact: true }).waitFor({ timeout: 1_000 })
      await b.list.getByText('Анна печатает…', { exact: true }).waitFor()

      // Both type: each sees «Вы» first, then the other.
      await b.composer.pressSequentially('Здравствуйте')
      await a.composer.press('!')
      await a.chat.getByText('Вы, Иван печатают…', { exact: true }).waitFor({ timeout: 1_000 })
      await b.chat.getByText('Вы, Анна печатают…', { exact: true }).waitFor({ timeout: 1_000 })

      // They stop: about three seconds after the last keystroke, nobody types.
      await b.chat
        .getByText('Вы, Анна печатают…', { exact: true })
        .waitFor({ state: 'hidden', timeout: 4_500 })
      await b.chat.getByText('Анна печатает…', { exact: true }).waitFor({ state: 'hidden', timeout: 1_000 })
      await a.chat.getByText(/печата/).waitFor({ state: 'hidden', timeout: 1_000 })
      await b.list.getByText('Анна печатает…', { exact: true }).waitFor({ state: 'hidden' })

      // Presence never touched the doc: the same state, still the one message; the drafts stayed drafts.
      expect(chatParts(serverDoc()).messages.length).toBe(1)
      expect(Buffer.from(Y.encodeStateAsUpdate(serverDoc())).equals(Buffer.from(before))).toBe(true)
      expect(await a.composer.inputValue()).toBe('Добрый день!')
    } finally {
      await browser?.close()
      await t.close()
    }
  }, 45_000)

  it('[PRS5] [PRS7] Ivan, on the list without chat X open, sees on X’s row that Анна views and types in it, and it clears', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Support bot', 'telegram')
      await t.operator({ email: 'anna@test.local', name: 'Анна' })
      await t.operator({ email: 'ivan@test.local', name: 'Иван' })
      for (const [externalChatId, firstName] of [
        ['petr', 'Пётр'],
        ['olga', 'Ольга'],
      ] as const) {
        await t.server.services.ingest({
          channelId: channel,
          externalChatId,
          contact: { firstName },
          message: { text: 'Где мой заказ?', at: Date.now() - 20_000 },
        })
      }
      // Ivan is on the list and opens Ольга's chat, not Пётр's.
      const ivanPage = (await newPage(browser, 'ru-RU')).page
      const ivanList = await openList(ivanPage, t, 'ivan@test.local')
      await ivanList.getByRole('button', { name: /Ольга/ }).click()
      const petrRow = ivanList.getByRole('button', { name: /Пётр/ })
      await petrRow.waitFor()

      const anna = await openChat((await newPage(browser, 'ru-RU')).page, t, 'anna@test.local', 'Пётр')
      await petrRow.getByRole('img', { name: 'Смотрит: Анна' }).waitFor()
      // …and Анна, likewise, sees Ivan on Ольга's row, a chat she has not opened either.
      await anna.list
        .getByRole('button', { name: /Ольга/ })
        .getByRole('img', { name: 'Смотрит: Иван' })
        .waitFor()

      await anna.composer.pressSequentially('Добрый день')
      await petrRow.getByText('Анна печатает…', { exact: true }).waitFor()
      // While she types she is shown typing, not also viewing; the other row says nothing of her.
      expect(await petrRow.getByRole('img', { name: 'Смотрит: Анна' }).count()).toBe(0)
      expect(await ivanList.getByRole('button', { name: /Ольга/ }).getByText(/Анна/).count()).toBe(0)

      // She clears her draft (sending would take the chat out of Ivan's Unassigned): typing ends at once, she
      // still views the chat; she closes the tab: the row is empty.
      await anna.composer.fill('')
      await petrRow.getByText('Анна печатает…', { exact: true }).waitFor({ state: 'hidden' })
      await petrRow.getByRole('img', { name: 'Смотрит: Анна' }).waitFor()
      await anna.chat.page().close()
      await petrRow.getByRole('img', { name: 'Смотрит: Анна' }).waitFor({ state: 'hidden' })
    })
  }, 45_000)
})
