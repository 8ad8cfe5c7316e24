/**
 * The team view in a real browser [TEAM1–TEAM5]: an admin watches «Команда» while an operator logs in, takes a
 * chat, is written to and answers, and closes his page; the Unassigned queue counts and ages live. Offline, the
 * admin's view says the online state is unknown. The operator has no entry to the view, and his transfer dialog
 * shows who is online.
 */
import type { Browser, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertE2eReady, launchBrowser, newPage } from '../helpers/browser'
import { ADMIN, OPERATOR_PASSWORD, startTestServer } from '../helpers/server'

/** Logs in through the login screen, in Russian (the default), and waits until the app is online. */
const logIn = async (page: Page, url: string, email: string, password: string): Promise<void> => {
  await page.goto(url)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Пароль').fill(password)
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await page.locator('header.topbar').getByText('В сети', { exact: true }).waitFor()
}

/** A row of the team table by its header (the queue's or an operator's name), and its cells by column. */
const rowOf = (team: Locator, name: string) => {
  const row = team.getByRole('row').filter({ has: team.page().getByRole('rowheader', { name, exact: true }) })
  const cell = (i: number) => row.getByRole('cell').nth(i)
  return { row, status: cell(0), chats: cell(1), waiting: cell(2), oldestWait: cell(3) }
}

/** Waits until a cell's text is `expected` (a string: exactly; a pattern: matching). */
const shows = (cell: Locator, expected: string | RegExp): Promise<void> =>
  expect
    .poll(() => cell.innerText(), { timeout: 8_000, interval: 100 })
    .toMatch(typeof expected === 'string' ? new RegExp(`^${expected}$`) : expected)

describe('e2e: the team view', () => {
  beforeAll(assertE2eReady)

  it('[TEAM2] [TEAM3] [TEAM4] [TEAM5] online, in work, waiting and the longest wait follow the operator live; the queue too', async () => {
    // A short grace, so that the closed page shows offline soon.
    const t = await startTestServer({ env: { ONLINE_GRACE_MS: '1000' } })
    let browser: Browser | null = null
    try {
      const channel = await t.channel('Support bot', 'telegram')
      await t.operator({ email: 'ivan@test.local', name: 'Иван' })
      await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'petr',
        contact: { firstName: 'Пётр' },
        message: { text: 'Где мой заказ?', at: Date.now() - 70_000 },
      })
      browser = await launchBrowser()

      // The admin opens the team view from the folders' panel.
      const admin = await newPage(browser, 'ru-RU')
      await logIn(admin.page, t.url, ADMIN.email, ADMIN.password)
      await admin.page.getByRole('button', { name: 'Команда', exact: true }).click()
      const team = admin.page.getByRole('region', { name: 'Команда' })
      const queue = rowOf(team, 'Неразобранные')
      const ivanRow = rowOf(team, 'Иван')
      const adminRow = rowOf(team, 'Admin')
      // The queue first, then the operators by name, the admin too (in the browser's Russian collation, Cyrillic
      // before Latin).
      await shows(queue.chats, '1')
      expect(await team.getByRole('rowheader').allInnerTexts()).toEqual(['Неразобранные', 'Иван', 'Admin'])
      await shows(queue.waiting, '1')
      await shows(queue.oldestWait, /^1 мин \d+ с$/)
      await shows(adminRow.status, 'В сети')
      await shows(ivanRow.status, 'Нет сети')
      await shows(ivanRow.chats, '0')

      // Ivan logs in: online. He has no entry to the team view.
      const ivan = await newPage(browser, 'ru-RU')
      await logIn(ivan.page, t.url, 'ivan@test.local', OPERATOR_PASSWORD)
      await shows(ivanRow.status, 'В сети')
      expect(await ivan.page.getByRole('button', { name: 'Команда', exact: true }).count()).toBe(0)

      // He takes Пётр's chat: it leaves the queue and is in work with him, waiting since the customer wrote.
      await ivan.page.getByRole('region', { name: 'Чаты' }).getByRole('button', { name: /Пётр/ }).click()
      const chat = ivan.page.getByRole('region', { name: 'Пётр' })
      await chat.getByRole('button', { name: 'Взять в работу', exact: true }).click()
      await shows(queue.chats, '0')
      await shows(queue.oldestWait, '—')
      await shows(ivanRow.chats, '1')
      await shows(ivanRow.waiting, '1')
      await shows(ivanRow.oldestWait, /^1 мин \d+ с$/)

      // He answers: nothing waits. The customer writes again: waiting, for seconds; he answers again.
      const composer = chat.getByRole('textbox', { name: 'Сообщение' })
      await composer.fill('Здравствуйте! Уже смотрю.')
      await chat.getByRole('button', { name: 'Отправить', exact: true }).click()
      await shows(ivanRow.waiting, '0')
      await shows(ivanRow.oldestWait, '—')
      await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'petr',
        contact: { firstName: 'Пётр' },
        message: { text: 'Спасибо, жду' },
      })
      await shows(ivanRow.waiting, '1')
      await shows(ivanRow.oldestWait, /^(< 1|\d+) с$/)
      await composer.fill('Заказ в пути')
      await chat.getByRole('button', { name: 'Отправить', exact: true }).click()
      await shows(ivanRow.waiting, '0')
      await shows(ivanRow.chats, '1')

      // His transfer dialog shows who is online: the admin, whose page is open.
      await chat.getByRole('button', { name: 'Передать', exact: true }).click()
      const dialog = ivan.page.getByRole('dialog', { name: 'Передать чат' })
      await dialog.getByText('В сети', { exact: true }).waitFor()
      expect(await dialog.getByRole('combobox', { name: 'Оператор' }).inputValue()).not.toBe('')
      await dialog.getByRole('button', { name: 'Отмена', exact: true }).click()

      // A chat whose customer wrote 9 s ago enters the queue when its 10 seconds pass, and the queue's longest
      // wait is the older one's.
      await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'olga',
        contact: { firstName: 'Ольга' },
        message: { text: 'Добрый день', at: Date.now() - 9_000 },
      })
      await shows(queue.chats, '1')
      await shows(queue.waiting, '1')
      await shows(queue.oldestWait, /^\d+ с$/)

      // Ivan's page closes: after the grace he is offline; his chat stays in work with him.
      await ivan.context.close()
      await shows(ivanRow.status, 'Нет сети')
      await shows(ivanRow.chats, '1')

      // A click on his row opens the inbox at his chats in work.
      await ivanRow.row.getByRole('rowheader').getByRole('button').click()
      const list = admin.page.getByRole('region', { name: 'Чаты' })
      await list.getByRole('button', { name: /Пётр/ }).waitFor()
      await admin.page.getByRole('button', { name: 'Убрать фильтр «Иван»' }).waitFor()
      expect(await list.getByRole('button', { name: /Ольга/ }).count()).toBe(0)

      // Offline, the admin's view says who is online is unknown and keeps the last numbers.
      await admin.page.getByRole('button', { name: 'Команда', exact: true }).click()
      await shows(adminRow.status, 'В сети')
      await admin.context.setOffline(true)
      await team
        .getByText(/^Нет связи с .*: кто в сети, неизвестно; цифры — на момент последней синхронизации$/)
        .waitFor()
      await shows(adminRow.status, 'Неизвестно')
      await shows(ivanRow.status, 'Неизвестно')
      await shows(ivanRow.chats, '1')
      await shows(queue.chats, '1')
      await admin.context.setOffline(false)
      // The socket retries with a backoff of at most 5 s.
      await expect.poll(() => adminRow.status.innerText(), { timeout: 12_000, interval: 200 }).toBe('В сети')
    } finally {
      await browser?.close()
      await t.close()
    }
  }, 90_000)
})
