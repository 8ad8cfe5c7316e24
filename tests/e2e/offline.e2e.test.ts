/**
 * The app starts with no network: the service worker serves the shell from its cache, the operator stays signed
 * in from what localStorage kept, and the inbox renders from the IndexedDB copies of the index and directory.
 */
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  assertE2eReady,
  controlledByServiceWorker,
  launchBrowser,
  logIn,
  newPage,
  storedDatabases,
  until,
} from '../helpers/browser'
import { startTestServer } from '../helpers/server'

/** Resolves once the directory and index docs each have an update stored in IndexedDB (y-indexeddb's `updates`). */
const docsStored = (page: Page): Promise<unknown> =>
  until(async () => {
    const stored = await storedDatabases(page, 'switchboard/')
    const names = Object.keys(stored)
    return (
      names.length >= 2 &&
      names.some((n) => n.endsWith('/directory')) &&
      Object.values(stored).every((n) => n > 0)
    )
  }, 'the directory and the index are stored')

describe('e2e: the app offline', () => {
  beforeAll(assertE2eReady)

  it('loads with no network from the service worker and IndexedDB, then goes back online', async () => {
    const t = await startTestServer()
    let browser: Browser | null = null
    try {
      browser = await launchBrowser()
      const channel = await t.channel('Shop', 'vk')
      await t.operator({ email: 'olga@test.local', name: 'Olga' })
      await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'boris',
        contact: { firstName: 'Boris', lastName: 'Orlov' },
        message: { text: 'Where is my parcel?', at: Date.now() - 20_000 },
      })
      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      const card = page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Boris Orlov/ })
      await card.waitFor()
      await page.getByText('Online', { exact: true }).waitFor()
      await controlledByServiceWorker(page)
      await docsStored(page)

      await context.setOffline(true)
      const reloaded = await page.reload()
      expect(reloaded?.fromServiceWorker(), 'the page came from the service worker').toBe(true)
      await card.waitFor({ timeout: 10_000 })
      await page.getByText('Offline', { exact: true }).waitFor()
      await page.getByRole('button', { name: 'Unassigned 1', exact: true }).waitFor()
      expect(await page.getByRole('button', { name: 'Log in', exact: true }).count()).toBe(0)

      await context.setOffline(false)
      // The socket retries with a backoff of at most 5 s.
      await page.getByText('Online', { exact: true }).waitFor({ timeout: 12_000 })
      await card.waitFor()
    } finally {
      await browser?.close()
      await t.close()
    }
  }, 60_000)
})
