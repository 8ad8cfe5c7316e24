/**
 * Filters and search in the chat list, in a real browser against a real server: the filters narrow the list,
 * show as chips and survive a reload (the folders' counters do not move); the quick search finds a chat by a phone
 * written another way, and a word of an older message comes from the server («On the server») and opens the chat
 * at that message; offline, the stored chats still answer and the server's part says it is unavailable.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  chatDocName,
  contactDocName,
  contactParts,
  ingestInboundMessage,
  operatorContext,
  sendBotMessage,
  serverContext,
  takeChat,
} from '../../model'
import {
  assertE2eReady,
  controlledByServiceWorker,
  logIn,
  newPage,
  storedDatabases,
  until,
  withServerAndBrowser,
} from '../helpers/browser'
import type { TestServer } from '../helpers/server'

/** With `E2E_SCREENSHOTS` set (a folder), the screens as the test sees them, for a human to look at. */
const shot = async (page: Page, name: string): Promise<void> => {
  const dir = process.env.E2E_SCREENSHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, name) })
}

const ingest = async (
  t: TestServer,
  channelId: string,
  name: string,
  text: string,
  agoMs: number,
  phone?: string,
) =>
  t.server.services.ingest({
    channelId,
    externalChatId: name,
    contact: { firstName: name, ...(phone && { phone }) },
    message: { text, at: Date.now() - agoMs },
  })

describe('e2e: filters and search in the chat list', () => {
  beforeAll(assertE2eReady)

  it('filters narrow the list as removable chips, keep the counters, and survive a reload', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const shop = await t.channel('Shop bot', 'telegram')
      const vk = await t.channel('VK group', 'vk')
      const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const anna = await ingest(t, shop, 'Anna', 'Where is my order?', 60_000)
      const boris = await ingest(t, vk, 'Boris', 'Do you ship abroad?', 50_000)
      const clara = await ingest(t, shop, 'Clara', 'Can I change the size?', 40_000)
      const origin = serverContext('test', Date.now()).origin
      await t.server.hub.transact(
        contactDocName(anna.contactId),
        (doc) => contactParts(doc).tags.set('VIP', true),
        origin,
      )
      // Boris got an answer (a bot's); Clara is Olga's, in work and still waiting.
      await t.server.hub.transact(
        chatDocName(boris.chatId),
        (doc) =>
          sendBotMessage(doc, { text: 'We do!', botName: 'Shop bot' }, serverContext('bot', Date.now())),
        origin,
      )
      await t.server.hub.transact(
        chatDocName(clara.chatId),
        (doc) => takeChat(doc, operatorContext(op.id, Date.now())),
        origin,
      )

      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      const list = page.getByRole('region', { name: 'Chats' })
      const card = (name: string) => list.getByRole('button', { name: new RegExp(name) })
      const allFolder = page.getByRole('button', { name: /^All( \d+)?$/ })
      await allFolder.click()
      for (const name of ['Anna', 'Boris', 'Clara']) await card(name).waitFor()
      const allCounter = await allFolder.textContent()

      await page.getByRole('button', { name: 'Filters', exact: true }).click()
      const panel = page.getByRole('region', { name: 'Chat filters' })
      await panel.getByRole('checkbox', { name: 'VIP' }).check()
      await card('Boris').waitFor({ state: 'detached' })
      expect(await card('Clara').count()).toBe(0)
      await card('Anna').waitFor()
      const chips = page.getByRole('list', { name: 'Active filters' })
      await chips.getByRole('button', { name: 'Remove filter “VIP”' }).waitFor()

      // Removing the chip gives the list back; then waiting for a reply in work: Clara alone.
      await chips.getByRole('button', { name: 'Remove filter “VIP”' }).click()
      await card('Boris').waitFor()
      await panel.getByRole('radio', { name: 'Waiting for reply' }).check()
      await card('Boris').waitFor({ state: 'detached' })
      await panel.getByRole('checkbox', { name: 'In work' }).check()
      await card('Anna').waitFor({ state: 'detached' })
      await card('Clara').waitFor()
      await panel.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Shop bot' })
      await card('Clara').waitFor()
      await shot(page, 'filters.png')
      expect(await allFolder.textContent()).toBe(allCounter)

      // A reload keeps them, for this operator: the same chips, the same list.
      await page.reload()
      await page.getByText('Online', { exact: true }).waitFor()
      await allFolder.click()
      await card('Clara').waitFor()
      expect(await card('Anna').count()).toBe(0)
      expect(await card('Boris').count()).toBe(0)
      for (const name of ['Shop bot', 'In work', 'Waiting for reply']) {
        await chips.getByRole('button', { name: `Remove filter “${name}”` }).waitFor()
      }
      // Unassigned has no status filter: its chip goes, the others stay.
      await page.getByRole('button', { name: /^Unassigned( \d+)?$/ }).click()
      await card('Anna').waitFor()
      expect(await chips.getByRole('button', { name: 'Remove filter “In work”' }).count()).toBe(0)

      await page.getByRole('button', { name: 'Reset', exact: true }).click()
      await chips.waitFor({ state: 'detached' })
      await allFolder.click()
      for (const name of ['Anna', 'Boris', 'Clara']) await card(name).waitFor()
    })
  }, 60_000)

  it('search finds a chat by a phone written differently, and an older message’s word on the server', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const shop = await t.channel('Shop bot', 'telegram')
      await t.operator({ email: 'olga@test.local', name: 'Olga' })
      await ingest(t, shop, 'Maria', 'Hello', 60_000, '+7 (916) 555-01-01')
      const boris = await ingest(t, shop, 'Boris', 'My coffeegrinder arrived broken', 50_000)
      // Newer messages: the word is in neither the preview nor (with no warm set) any stored chat.
      const older = boris.message.id
      await t.server.hub.transact(
        chatDocName(boris.chatId),
        (doc) => {
          for (let i = 1; i <= 60; i++) {
            const at = Date.now() - 40_000 + i * 100
            ingestInboundMessage(doc, { text: `Follow-up number ${i}`, at }, serverContext('test', at))
          }
        },
        serverContext('test', Date.now()).origin,
      )

      const { context, page } = await newPage(browser, 'en-US')
      // No warm set: only what is open is stored, so the older message can come from the server alone.
      await context.addInitScript(() =>
        localStorage.setItem('switchboard.warmSet', '{"recent": 0, "spare": 0, "concurrency": 1}'),
      )
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      const list = page.getByRole('region', { name: 'Chats' })
      const search = list.getByRole('searchbox', { name: 'Search' })

      await search.fill('8 916 555 01 01')
      await list.getByRole('button', { name: /Maria/ }).waitFor()
      expect(await list.getByRole('button', { name: /Boris/ }).count()).toBe(0)

      await search.fill('coffeegrinder')
      const server = list.getByRole('region', { name: 'On the server' })
      const hit = server.getByRole('button', { name: /Boris.*coffeegrinder/ })
      await hit.waitFor()
      await shot(page, 'search.png')
      expect(await list.getByRole('region', { name: 'Messages' }).count()).toBe(0)
      await hit.click()
      const chat = page.getByRole('region', { name: 'Boris' })
      const row = chat.locator(`[data-message-id="${older}"]`)
      await row.waitFor()
      await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true)
      await expect.poll(() => row.isVisible()).toBe(true)

      // Offline: the open chat (stored now) still answers at once; the server's part says it cannot.
      await context.setOffline(true)
      await page.getByText('Offline', { exact: true }).waitFor()
      await search.fill('')
      await search.fill('coffeegrinder')
      await list
        .getByRole('region', { name: 'Messages' })
        .getByRole('button', { name: /Boris.*coffeegrinder/ })
        .waitFor()
      await server.getByText('The server’s search is unavailable: no connection').waitFor()
      await context.setOffline(false)
    })
  }, 60_000)

  it('offline after a reload, the stored chats’ older messages are found, read from IndexedDB', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const shop = await t.channel('Shop bot', 'telegram')
      const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const names = ['Anna', 'Boris', 'Clara', 'Denis']
      for (const [i, name] of names.entries()) {
        const { chatId } = await ingest(
          t,
          shop,
          name,
          `Where is my parcel number ${i + 1}?`,
          60_000 - i * 1_000,
        )
        await t.server.hub.transact(
          chatDocName(chatId),
          (doc) => ingestInboundMessage(doc, { text: 'Any news?' }, serverContext('test', Date.now())),
          serverContext('test', Date.now()).origin,
        )
      }
      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      await controlledByServiceWorker(page)
      await until(
        async () =>
          Object.keys(await storedDatabases(page, `switchboard/${op.id}/chat:`)).length === names.length,
        'the four chats are stored',
      )
      // Offline after a reload, only one stored chat at a time is opened on the (absent) socket: the others are
      // read from IndexedDB by the search.
      await page.evaluate(() => localStorage.setItem('switchboard.warmSet', '{"concurrency": 1}'))
      await context.setOffline(true)
      await page.reload()
      await page.getByText('Offline', { exact: true }).waitFor({ timeout: 10_000 })
      const list = page.getByRole('region', { name: 'Chats' })
      await list.getByRole('searchbox', { name: 'Search' }).fill('parcel')
      const messages = list.getByRole('region', { name: 'Messages' })
      for (const name of names) {
        await messages.getByRole('button', { name: new RegExp(`${name}.*parcel number`) }).waitFor()
      }
      await list
        .getByRole('region', { name: 'On the server' })
        .getByText(/unavailable/)
        .waitFor()
      await context.setOffline(false)
    })
  }, 60_000)
})
