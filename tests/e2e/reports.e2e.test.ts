/**
 * The Reports screen in a real browser against a real server holding a history with known numbers (written
 * through the server's doors, tests/helpers/reports.ts): the admin reads the table per operator and per channel,
 * the charts and the customers' feedback, downloads the CSV, keeps the numbers offline with a note; an operator
 * sees only their own row, in Russian too.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../model'
import { assertE2eReady, launchBrowser, logIn, until } from '../helpers/browser'
import { seedReportHistory, testClock } from '../helpers/reports'
import { ADMIN, startTestServer, type TestServer } from '../helpers/server'

/** The operators' own zone, not the machine's: the days of the report are theirs. */
const TZ = 'Europe/Moscow'

/** With `E2E_SCREENSHOTS` set (a folder), the screens as the test sees them, for a human to look at. */
const shot = async (page: Page, name: string): Promise<void> => {
  const dir = process.env.E2E_SCREENSHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, name), fullPage: true })
}

const openPage = async (browser: Browser, url: string, email: string, password?: string) => {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: TZ,
    viewport: { width: 1400, height: 900 },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(8_000)
  await page.goto(url)
  await logIn(page, email, password)
  await page.getByText('Online', { exact: true }).waitFor()
  await page.getByRole('button', { name: 'Reports', exact: true }).click()
  return { context, page, screen: page.getByRole('region', { name: 'Reports' }) }
}

/** The data cells of the table row whose header is `name` (the header cell itself left out). */
const cells = async (table: Locator, name: string | RegExp): Promise<string[]> => {
  const exact = typeof name === 'string'
  await table.getByRole('rowheader', { name, exact }).waitFor()
  // `has` is matched inside each row, so it starts from the page, not from the table.
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact }) })
  return (await row.getByRole('cell').allTextContents()).map((text) => text.trim())
}

describe('e2e: the reports screen', () => {
  beforeAll(assertE2eReady)

  it('an admin reads the known numbers per operator and per channel, the charts, the feedback, and the CSV; an operator only their own', async () => {
    const clock = testClock()
    const t: TestServer = await startTestServer({ now: clock.now })
    let browser: Browser | null = null
    try {
      // Four hours ago, whole seconds: the last conversation closes three hours later, all within the last 7 days.
      const base = Math.floor((Date.now() - 4 * 3_600_000) / 1000) * 1000
      await seedReportHistory(t, clock, base)
      const fromServer = async (by: 'operator' | 'channel') => {
        const from = base - 86_400_000
        const res = await t.api<Report>(`/api/reports?from=${from}&to=${Date.now() + 1}&by=${by}`, {
          token: t.adminToken,
        })
        return res.body
      }
      browser = await launchBrowser()

      const admin = await openPage(browser, t.url, ADMIN.email, ADMIN.password)
      const table = admin.screen.getByRole('table', { name: /^Numbers: / })
      // Whole seconds and minutes in words; an empty value is a dash.
      const annaRow = await cells(table, 'Anna')
      expect(annaRow).toEqual([
        '2',
        '1',
        '30 s',
        '1 min 20 s',
        '10 min',
        '10 min',
        '2',
        '1',
        '0',
        '0',
        '0',
        '1',
        '5.0',
        '100%',
        '—',
      ])
      expect(await cells(table, 'Boris')).toEqual([
        '2',
        '2',
        '2 h 5 min',
        '2 h 5 min',
        '5 min',
        '3 h',
        '1',
        '0',
        '1',
        '0',
        '1',
        '0',
        '—',
        '—',
        '—',
      ])
      // The totals count an episode two operators took once; their messages include the server's (rating request).
      const totals = (await fromServer('operator')).totals
      expect(await cells(table, 'Total')).toEqual([
        '3',
        '3',
        '1 min 20 s',
        '2 h 5 min',
        '10 min',
        '3 h',
        String(totals.messages),
        '1',
        '1',
        '0',
        '1',
        '1',
        '5.0',
        '100%',
        '—',
      ])

      // The charts, each named, with its numbers as a table for screen readers.
      const charts = admin.screen.getByRole('region', { name: 'Charts' })
      for (const name of [
        'Chats per day',
        'Taken and closed per operator',
        'Close reasons',
        'Customer ratings per day',
      ]) {
        await charts.getByRole('img', { name }).waitFor()
      }
      const daily = charts.getByRole('table', { name: 'Data of the chart “Chats per day”' })
      const started = await daily.locator('tbody tr td:nth-of-type(1)').allTextContents()
      // The seven local days; the four episodes (Alice's comment opened one) started on theirs.
      expect(started).toHaveLength(7)
      expect(started.reduce((n, text) => n + Number(text), 0)).toBe(4)
      const reasons = charts.getByRole('table', { name: 'Data of the chart “Close reasons”' })
      expect(
        await reasons
          .getByRole('row', { name: /^Solved/ })
          .getByRole('cell')
          .allTextContents(),
      ).toEqual(['1', '33%'])

      // The customers' feedback, newest first.
      const feedback = admin.screen.getByRole('region', { name: 'Customer feedback' })
      const item = feedback.getByRole('listitem').filter({ hasText: 'Alice' })
      await item.getByText('Very helpful, thank you!').waitFor()
      await item.getByRole('img', { name: 'Rated 5 of 5' }).waitFor()
      expect(await item.textContent()).toContain('Operators: Anna')
      await shot(admin.page, 'reports-admin-operators.png')

      // Per channel.
      await admin.screen.getByRole('radio', { name: 'By channel' }).check()
      const channels = await fromServer('channel')
      const messagesOf = (name: string) => String(channels.rows.find((r) => r.name === name)!.messages)
      expect(await cells(table, /Telegram shop/)).toEqual([
        '2',
        '2',
        '30 s',
        '1 min 20 s',
        '5 min',
        '10 min',
        messagesOf('Telegram shop'),
        '1',
        '0',
        '0',
        '1',
        '1',
        '5.0',
        '100%',
        '—',
      ])
      expect(await cells(table, /VK group/)).toEqual([
        '1',
        '1',
        '2 h 5 min',
        '2 h 5 min',
        '3 h',
        '3 h',
        messagesOf('VK group'),
        '0',
        '1',
        '0',
        '0',
        '0',
        '—',
        '—',
        '—',
      ])
      expect(await table.getByRole('rowheader', { name: 'Anna' }).count()).toBe(0)
      await charts.getByRole('img', { name: 'Taken and closed per channel' }).waitFor()
      await shot(admin.page, 'reports-admin-channels.png')

      // The CSV of what is on screen: per channel, header in English, BOM, CRLF, the totals last.
      const [download] = await Promise.all([
        admin.page.waitForEvent('download'),
        admin.screen.getByRole('button', { name: 'Export CSV', exact: true }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(
        /^switchboard-channel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
      )
      const bytes = readFileSync((await download.path())!)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const lines = bytes.subarray(3).toString('utf8').split('\r\n')
      expect(lines[0]).toMatch(/^Name,Taken,Closed,"First response, median \(s\)",/)
      expect(lines.slice(1)).toEqual([
        `Telegram shop,2,2,30.0,80.0,300.0,600.0,${messagesOf('Telegram shop')},1,0,0,1,1,5.00,100.0,`,
        `VK group,1,1,7500.0,7500.0,10800.0,10800.0,${messagesOf('VK group')},0,1,0,0,0,,,`,
        `Total,3,3,80.0,7500.0,600.0,10800.0,${channels.totals.messages},1,1,0,1,1,5.00,100.0,`,
        '',
      ])

      // Offline: the numbers stay, with a note saying they are the last ones loaded; no export.
      await admin.context.setOffline(true)
      await admin.screen.getByText(/^Offline: showing the numbers loaded /).waitFor()
      expect(await cells(table, /VK group/)).toHaveLength(15)
      expect(await admin.screen.getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true)
      await admin.context.setOffline(false)
      await until(
        async () => (await admin.screen.getByText(/^Offline:/).count()) === 0,
        'the note leaves once online',
      )

      // An operator: their own row, said so, with no operator picker and no comparison with nobody.
      const anna = await openPage(browser, t.url, 'anna@test.local')
      await anna.screen.getByText('Your numbers: Anna').waitFor()
      const own = anna.screen.getByRole('table', { name: /^Numbers: / })
      // The same numbers as the admin's row of her.
      expect(await cells(own, 'Anna')).toEqual(annaRow)
      expect(await own.getByRole('rowheader').count()).toBe(2) // Anna and the totals
      expect(await anna.screen.getByRole('combobox', { name: 'Operator' }).count()).toBe(0)
      await anna.screen.getByRole('img', { name: 'Chats per day' }).waitFor()
      expect(await anna.screen.getByRole('img', { name: 'Taken and closed per operator' }).count()).toBe(0)
      // In Russian, the same numbers in Russian words.
      await anna.page.getByLabel('Language').selectOption('ru')
      const ownRu = anna.page
        .getByRole('region', { name: 'Отчёты' })
        .getByRole('table', { name: /^Показатели: / })
      expect((await cells(ownRu, 'Anna')).slice(2, 6)).toEqual(['30 с', '1 мин 20 с', '10 мин', '10 мин'])
      await shot(anna.page, 'reports-operator-ru.png')
    } finally {
      await browser?.close()
      await t.close()
    }
  })
})
