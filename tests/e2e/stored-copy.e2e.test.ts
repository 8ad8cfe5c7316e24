/**
 * The docs' copies in IndexedDB (app/sync/stored-copy.ts): the copy is read without y-indexeddb's listener on the
 * doc, which is attached again once the copy is in. A reply written offline after such a load must be stored:
 * another offline reload still shows it, and it reaches the server once the network is back.
 */
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatParts } from '../../model'
import {
  assertE2eReady,
  controlledByServiceWorker,
  launchBrowser,
  logIn,
  newPage,
  storedUpdates,
  until,
} from '../helpers/browser'
import { eventually, startTestServer } from '../helpers/server'

describe('e2e: the stored copies of the docs', () => {
  beforeAll(assertE2eReady)

  it('stores a reply written offline after the chat was read from IndexedDB', async () => {
    const t = await startTestServer()
    let browser: Browser | null = null
    try {
      const channel = await t.channel('Shop', 'vk')
      await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const { chatId } = await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'boris',
        contact: { firstName: 'Boris', lastName: 'Orlov' },
        message: { text: 'Where is my parcel?', at: Date.now() - 20_000 },
      })
      browser = await launchBrowser()
      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      const card = page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Boris Orlov/ })
      const chat = page.getByRole('region', { name: 'Boris Orlov' })
      await card.click()
      await chat.getByText('Where is my parcel?').waitFor()
      await page.getByText('Online', { exact: true }).waitFor()
      await controlledByServiceWorker(page)
      const stored = `/${chatDocName(chatId)}`
      await until(async () => (await storedUpdates(page, stored)) > 0, 'the chat in IndexedDB')

      // Offline, the chat is read from IndexedDB only; the reply is written after that load.
      await context.setOffline(true)
      await page.reload()
      await card.click()
      await chat.getByText('Where is my parcel?').waitFor()
      const composer = chat.getByRole('textbox', { name: 'Message' })
      await composer.fill('Written offline')
      await composer.press('Control+Enter')
      await chat.getByText('Written offline').waitFor()

      // Nothing but IndexedDB can bring it back after this reload.
      await page.reload()
      await card.click()
      await chat.getByText('Written offline').waitFor({ timeout: 10_000 })
      expect(await page.getByText('Offline', { exact: true }).count()).toBe(1)

      await context.setOffline(false)
      const texts = () => chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.map((m) => m.text)
      // The socket retries with a backoff of at most 5 s.
      await eventually(() => texts().includes('Written offline'), 'the reply on the server', 15_000)
      expect(texts()).toEqual(['Where is my parcel?', 'Written offline'])
    } finally {
      await browser?.close()
      await t.close()
    }
  }, 90_000)
})
