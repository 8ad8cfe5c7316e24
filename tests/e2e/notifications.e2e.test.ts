/**
 * Mentions, sounds and hotkeys in a real browser against a real server (issue 6, seeds 003 and 004).
 *
 * How the tests see what a person would hear and see, test-side only (an init script, never the app's code):
 * - the tab's visibility: `document.visibilityState` / `document.hidden` are redefined to follow a flag that
 *   `__setHidden(true)` sets, which then fires `visibilitychange`, as the browser does when a tab goes to the
 *   background (a headless page is always "visible" otherwise);
 * - sounds: `AudioBufferSourceNode.prototype.start` is wrapped to record each sound's length (`__sounds`); the
 *   app plays every sound as one buffer source, and the three sounds differ in length (SOUND_SECONDS).
 */
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SOUND_SECONDS } from '../../app/features/notifications/sound'
import {
  addInternalComment,
  chatDocName,
  chatParts,
  isNotificationRead,
  notificationsDocName,
  operatorContext,
  readNotifications,
} from '../../model'
import { assertE2eReady, newPage, until, withServerAndBrowser } from '../helpers/browser'
import { eventually, OPERATOR_PASSWORD, syncClient, type TestServer } from '../helpers/server'

declare global {
  interface Window {
    __sounds: number[]
    __setHidden: (hidden: boolean) => void
  }
}

/** Test-side only: controllable visibility and a record of the sounds played (see the file's comment). */
const observeTab = (context: BrowserContext): Promise<unknown> =>
  context.addInitScript(() => {
    let hidden = false
    Object.defineProperty(Document.prototype, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    })
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden })
    window.__setHidden = (value: boolean) => {
      hidden = value
      document.dispatchEvent(new Event('visibilitychange'))
    }
    window.__sounds = []
    const start = AudioBufferSourceNode.prototype.start
    AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args) {
      window.__sounds.push(this.buffer?.duration ?? 0)
      return start.apply(this, args)
    }
  })

/** Logs in through the login screen, in Russian (the default), and waits for the list, online. */
const logIn = async (page: Page, t: TestServer, email: string) => {
  await page.goto(t.url)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Пароль').fill(OPERATOR_PASSWORD)
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await page.getByText('В сети', { exact: true }).waitFor()
  return page.getByRole('region', { name: 'Чаты' })
}

const sounds = (page: Page): Promise<number[]> => page.evaluate(() => window.__sounds)

describe('e2e: mentions, sounds and hotkeys', () => {
  beforeAll(assertE2eReady)

  it('[NTF2] Boris, logged out while Anna mentions him, logs in, sees the mention and lands on the comment', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Support bot', 'telegram')
      const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
      const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
      const petr = { channelId: channel, externalChatId: 'petr', contact: { firstName: 'Пётр' } }
      const { chatId } = await t.server.services.ingest({
        ...petr,
        message: { text: 'Где мой заказ?', at: Date.now() - 60_000 },
      })

      // Anna's client (a real sync client) comments and mentions Boris, who has never logged in.
      const annaClient = syncClient(t.wsUrl, anna.token)
      const chat = new Y.Doc()
      annaClient.open(chatDocName(chatId), chat)
      await annaClient.whenSynced()
      const comment = addInternalComment(
        chat,
        { text: 'Борис, проверь оплату этого заказа', mentions: [boris.id] },
        operatorContext(anna.id, Date.now() - 50_000),
      )
      await annaClient.whenSynced()
      annaClient.destroy()
      // Then the customer writes on: the comment is far above the history's first page.
      for (let i = 0; i < 60; i++)
        await t.server.services.ingest({
          ...petr,
          message: { text: `Ещё вопрос ${i}`, at: Date.now() - 40_000 + i },
        })

      const { page } = await newPage(browser, 'ru-RU')
      await logIn(page, t, 'boris@test.local')
      const bell = page.getByRole('button', { name: 'Упоминания, непрочитанных: 1' })
      await bell.click()
      const panel = page.getByRole('dialog', { name: 'Упоминания' })
      const item = panel.getByRole('button', { name: /Борис, проверь оплату этого заказа/ })
      await expect(item.textContent()).resolves.toMatch(/Анна.*Пётр/)
      await item.click()

      // The chat opens at the comment, which is on screen; the mention is read, here and on the server.
      const chatPane = page.getByRole('region', { name: 'Пётр' })
      const row = chatPane.locator(`[data-message-id="${comment.id}"]`)
      await until(
        () =>
          row
            .evaluate((el) => {
              const box = el.getBoundingClientRect()
              const view = el.closest('.timeline')!.getBoundingClientRect()
              return box.top >= view.top && box.bottom <= view.bottom
            })
            .catch(() => false),
        'the comment is scrolled into view',
      )
      await expect(row.textContent()).resolves.toContain('Борис, проверь оплату этого заказа')
      await page.getByRole('button', { name: 'Упоминания', exact: true }).waitFor()
      const [n] = readNotifications(t.server.hub.open(notificationsDocName(boris.id)).doc)
      await eventually(
        () => isNotificationRead(t.server.hub.open(notificationsDocName(boris.id)).doc, n!.id),
        'the read mark reached the server',
      )
      // «Отметить все прочитанными» has nothing left to mark.
      await page.getByRole('button', { name: 'Упоминания', exact: true }).click()
      await expect(
        panel.getByRole('button', { name: 'Отметить все прочитанными' }).isDisabled(),
      ).resolves.toBe(true)
    })
  }, 60_000)

  it('with both of Boris’ tabs hidden, a new Unassigned chat chimes once, in one tab; the title counts', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Support bot', 'telegram')
      await t.operator({ email: 'boris@test.local', name: 'Борис' })
      const write = (externalChatId: string, firstName: string, text: string) =>
        t.server.services.ingest({
          channelId: channel,
          externalChatId,
          contact: { firstName },
          // Stamped 20 s ago: in Unassigned at once [TEN1].
          message: { text, at: Date.now() - 20_000 },
        })
      await write('petr', 'Пётр', 'Где мой заказ?')

      const { context, page: first } = await newPage(browser, 'ru-RU')
      await observeTab(context)
      // The drawn favicon and the sounds need nothing the CSP refuses.
      const refused: string[] = []
      context.on('console', (m) => {
        if (m.text().includes('Content Security Policy')) refused.push(m.text())
      })
      const list = await logIn(first, t, 'boris@test.local')
      await list.getByRole('button', { name: /Пётр/ }).waitFor()
      // A second tab of the same browser profile: signed in already.
      const second = await context.newPage()
      await second.goto(t.url)
      await second.getByText('В сети', { exact: true }).waitFor()
      const tabs = [first, second]
      await until(async () => (await first.title()) === '(1) Switchboard', 'the title counts Пётр')
      expect(await first.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/png/)

      // While a tab is visible, a new chat comes in silently.
      await write('olga', 'Ольга', 'Здравствуйте')
      await until(async () => (await second.title()) === '(2) Switchboard', 'the title counts Ольга')
      expect([...(await sounds(first)), ...(await sounds(second))]).toEqual([])

      for (const tab of tabs) await tab.evaluate(() => window.__setHidden(true))
      await write('ivan', 'Иван', 'Добрый день')
      const all = async () => (await Promise.all(tabs.map(sounds))).flat()
      await until(async () => (await all()).length > 0, 'a sound plays')
      await until(async () => (await first.title()) === '(3) Switchboard', 'the title counts Иван')

      // Then Иван writes again in his chat, already in Unassigned: «new message», in the same tab.
      await write('ivan', 'Иван', 'Вы тут?')
      await until(async () => (await all()).length > 1, 'a second sound plays')
      const [a, b] = await Promise.all(tabs.map(sounds))
      const played = a!.length > 0 ? a! : b!
      expect(a!.length === 0 || b!.length === 0, 'only one tab plays').toBe(true)
      expect(played).toHaveLength(2)
      expect(played[0]).toBeCloseTo(SOUND_SECONDS['new-chat'], 2)
      expect(played[1]).toBeCloseTo(SOUND_SECONDS['new-message'], 2)
      expect(refused).toEqual([])
    })
  }, 60_000)

  it('Ctrl+Shift+↓/↑ move between chats, Shift+Enter marks read, Ctrl+/ opens the help', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Support bot', 'telegram')
      const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
      const chats = new Map<string, string>()
      for (const [i, name] of ['Пётр', 'Ольга', 'Иван'].entries()) {
        const { chatId } = await t.server.services.ingest({
          channelId: channel,
          externalChatId: name,
          contact: { firstName: name },
          message: { text: `Вопрос от ${name}`, at: Date.now() - 60_000 + i * 1_000 },
        })
        chats.set(name, chatId)
      }
      const { page } = await newPage(browser, 'ru-RU')
      const list = await logIn(page, t, 'boris@test.local')
      await list.getByRole('button', { name: /Пётр/ }).waitFor()

      // The newest first: Иван, Ольга, Пётр.
      const open = (name: string) =>
        page.getByRole('region', { name }).getByText(`Вопрос от ${name}`).waitFor()
      await page.keyboard.press('Control+Shift+ArrowDown')
      await open('Иван')
      await page.keyboard.press('Control+Shift+ArrowDown')
      await open('Ольга')
      // From the composer too.
      const composer = page.getByRole('region', { name: 'Ольга' }).getByRole('textbox', { name: 'Сообщение' })
      await composer.click()
      await page.keyboard.press('Control+Shift+ArrowDown')
      await open('Пётр')
      await page.keyboard.press('Control+Shift+ArrowUp')
      await open('Ольга')

      // Shift+Enter in the composer marks the chat read (a new read mark) and starts no new line.
      const serverDoc = () => t.server.hub.open(chatDocName(chats.get('Ольга')!)).doc
      await eventually(() => chatParts(serverDoc()).reads.has(boris.id), 'opening it read it', 8_000)
      const before = chatParts(serverDoc()).reads.get(boris.id)!.at
      await page.getByRole('region', { name: 'Ольга' }).getByRole('textbox', { name: 'Сообщение' }).click()
      await page.keyboard.type('Черновик')
      await page.keyboard.press('Shift+Enter')
      await eventually(
        () => (chatParts(serverDoc()).reads.get(boris.id)?.at ?? 0) > before,
        'Shift+Enter wrote a new read mark',
        8_000,
      )
      expect(
        await page
          .getByRole('region', { name: 'Ольга' })
          .getByRole('textbox', { name: 'Сообщение' })
          .inputValue(),
      ).toBe('Черновик')

      // The help: Ctrl+/ opens it with every hotkey, Escape closes it; the «?» button opens it too.
      await page.keyboard.press('Control+/')
      const help = page.getByRole('dialog', { name: 'Горячие клавиши' })
      await help.waitFor()
      const text = await help.textContent()
      for (const words of [
        'Отправить сообщение',
        'Отметить сообщения прочитанными в открытом чате',
        'Предыдущий чат в списке',
        'Следующий чат в списке',
        'Открыть полную карточку контакта',
        'Закрыть карточку контакта',
        'Отметить оператора в чате',
      ])
        expect(text).toContain(words)
      expect(text).toContain('Ctrl+Shift+S')
      expect(text).toContain('Ctrl+Shift+A')
      await page.keyboard.press('Escape')
      await help.waitFor({ state: 'hidden' })
      await page.getByRole('button', { name: 'Горячие клавиши' }).click()
      await help.waitFor()
    })
  }, 60_000)
})
