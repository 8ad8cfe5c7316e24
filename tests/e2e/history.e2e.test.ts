/**
 * A long history in a real browser: the open chat shows only its last page, with the image previewed, and each
 * scroll to the top brings the page before, until the first message.
 */
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertE2eReady, launchBrowser, logIn, newPage, until } from '../helpers/browser'
import { startTestServer } from '../helpers/server'

const COUNT = 180

describe('e2e: the history of a long chat', () => {
  beforeAll(assertE2eReady)

  it('shows the last page with its image first, and older pages as the operator scrolls up', async () => {
    const t = await startTestServer()
    let browser: Browser | null = null
    try {
      const channel = await t.channel('Support bot', 'telegram')
      await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
      const start = Date.now() - 60 * 60_000
      const ingest = (i: number, message: Parameters<typeof t.server.services.ingest>[0]['message']) =>
        t.server.services.ingest({
          channelId: channel,
          externalChatId: 'anna',
          contact: { firstName: 'Anna' },
          message: { at: start + i * 1_000, ...message },
        })
      for (let i = 1; i <= COUNT; i++) await ingest(i, { text: `message ${i}` })
      await ingest(COUNT + 1, {
        kind: 'image',
        media: { url: '/icon.svg', mime: 'image/svg+xml', name: 'photo.svg' },
      })

      browser = await launchBrowser()
      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'ivan@test.local')
      await page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Anna/ }).click()

      const chat = page.getByRole('region', { name: 'Anna' })
      const history = chat.getByRole('list', { name: 'Message history' })
      await chat.getByText('message 180', { exact: true }).waitFor()
      await chat.getByRole('img', { name: 'photo.svg' }).waitFor()
      expect(await chat.getByRole('img', { name: 'photo.svg' }).isVisible()).toBe(true)
      expect(await chat.getByText('message 100', { exact: true }).count()).toBe(0)
      expect(await history.getByRole('listitem').count()).toBe(50)

      const first = chat.getByText('message 1', { exact: true })
      let scrolls = 0
      while ((await first.count()) === 0 && scrolls < 4) {
        const before = await history.getByRole('listitem').count()
        // Scrolled to the top, the oldest line shown is the one on screen.
        const top = await history.evaluate((el) => {
          el.scrollTo({ top: 0 })
          return el.querySelector('.message-text')?.textContent ?? ''
        })
        scrolls++
        await until(
          async () => (await history.getByRole('listitem').count()) > before,
          'an older page',
          5_000,
        )
        // The older page went in above it, and it is still on screen.
        const inView = await history.evaluate((el, text) => {
          const row = [...el.querySelectorAll('.message-text')].find((n) => n.textContent === text)
          if (!row) return false
          const r = row.getBoundingClientRect()
          const box = el.getBoundingClientRect()
          return el.scrollTop > 0 && r.bottom > box.top && r.top < box.bottom
        }, top)
        expect(inView, `${top} stays in view`).toBe(true)
      }
      await first.waitFor({ state: 'attached', timeout: 1_000 })
      expect(scrolls).toBeLessThanOrEqual(4)
      expect(await history.getByRole('listitem').count()).toBe(COUNT + 1)
    } finally {
      await browser?.close()
      await t.close()
    }
  }, 40_000)
})
