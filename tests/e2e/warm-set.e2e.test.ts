/**
 * The warm set in a real browser: chats the operator never opened (hers, and the most recent ones) are synced
 * into IndexedDB in the background, so with no network she opens one, reads it and replies, and the reply reaches
 * the server once she is back online; chats that fall out of the set beyond the spare ones are deleted from
 * IndexedDB, least recently used first.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, chatState, operatorContext, serverContext, takeChat } from '../../model'
import {
  assertE2eReady,
  controlledByServiceWorker,
  logIn,
  newPage,
  storedDatabases,
  storedUpdates,
  until,
  withServerAndBrowser,
} from '../helpers/browser'
import { eventually, type TestServer } from '../helpers/server'

/** The chats stored in the page's IndexedDB for this operator, each with how many updates it holds. */
const storedChats = (page: Page, operatorId: string): Promise<Record<string, number>> =>
  storedDatabases(page, `switchboard/${operatorId}/chat:`)

const ingest = async (t: TestServer, channelId: string, name: string, text: string, agoMs: number) =>
  (
    await t.server.services.ingest({
      channelId,
      externalChatId: name,
      contact: { firstName: name },
      message: { text, at: Date.now() - agoMs },
    })
  ).chatId

describe('e2e: the warm set of chats', () => {
  beforeAll(assertE2eReady)

  it('a chat she never opened is read and answered offline, and the reply reaches the server once', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Shop', 'telegram')
      const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const hers = await ingest(t, channel, 'Anna', 'Anna asks about a refund', 60_000)
      await t.server.hub.transact(
        chatDocName(hers),
        (doc) => takeChat(doc, operatorContext(op.id, Date.now())),
        serverContext('test', Date.now()).origin,
      )
      const boris = await ingest(t, channel, 'Boris', 'Where is my parcel?', 40_000)
      const vera = await ingest(t, channel, 'Vera', 'Do you ship abroad?', 30_000)
      const gleb = await ingest(t, channel, 'Gleb', 'Thanks, got it', 20_000)
      const never = [hers, boris, vera, gleb]

      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      await controlledByServiceWorker(page)
      await until(async () => {
        const stored = await storedChats(page, op.id)
        return never.every((id) => (stored[id] ?? 0) > 0)
      }, 'the four chats she never opened are stored')

      await context.setOffline(true)
      await page.reload()
      await page.getByText('Offline', { exact: true }).waitFor({ timeout: 10_000 })
      await page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Boris/ }).click()
      const chat = page.getByRole('region', { name: 'Boris' })
      await chat.getByText('Where is my parcel?').waitFor()
      await chat.getByRole('textbox', { name: 'Message' }).fill('It left the warehouse today')
      await chat.getByRole('button', { name: 'Send', exact: true }).click()
      await chat.getByText('It left the warehouse today').waitFor()
      await page.getByText('Waiting to sync: 1').waitFor()
      const serverDoc = () => t.server.hub.open(chatDocName(boris)).doc
      expect(chatParts(serverDoc()).messages.length).toBe(1)

      await context.setOffline(false)
      // The socket retries with a backoff of at most 5 s.
      await page.getByText('Online', { exact: true }).waitFor({ timeout: 12_000 })
      await page.getByText('Waiting to sync: 0').waitFor()
      await eventually(() => chatParts(serverDoc()).messages.length === 2, 'the reply is on the server')
      const replies = chatParts(serverDoc())
        .messages.toArray()
        .filter((m) => m.text === 'It left the warehouse today')
      expect(replies).toHaveLength(1)
      expect(replies[0]).toMatchObject({ direction: 'out', author: { kind: 'operator', id: op.id } })
    })
  }, 60_000)

  it('deletes from IndexedDB the chats that left the set beyond the spare ones, least recently used first', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Site', 'widget')
      const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const a = await ingest(t, channel, 'Anna', 'first', 50_000)
      const b = await ingest(t, channel, 'Boris', 'second', 40_000)
      const c = await ingest(t, channel, 'Vera', 'third', 30_000)

      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      // The two most recent chats are warm, one more may stay stored.
      await page.evaluate(() =>
        localStorage.setItem('switchboard.warmSet', JSON.stringify({ recent: 2, spare: 1 })),
      )
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      const stored = () => storedChats(page, op.id)
      await until(async () => {
        const s = await stored()
        return (s[b] ?? 0) > 0 && (s[c] ?? 0) > 0
      }, 'the two recent chats are stored')
      expect(Object.keys(await stored())).not.toContain(a)

      // A newer chat: Boris leaves the set and stays stored as the one spare.
      const d = await ingest(t, channel, 'Gleb', 'fourth', 20_000)
      await until(async () => ((await stored())[d] ?? 0) > 0, 'the newer chat is stored')
      expect(Object.keys(await stored()).sort()).toEqual([b, c, d].sort())

      // Another: Vera leaves too; Boris, out of the set longer, is the least recently used and goes.
      const e = await ingest(t, channel, 'Dina', 'fifth', 10_000)
      await until(async () => {
        const s = await stored()
        return (s[e] ?? 0) > 0 && !(b in s)
      }, 'the newest is stored and the least recently used is gone')
      expect(Object.keys(await stored()).sort()).toEqual([c, d, e].sort())
    })
  }, 60_000)

  it('a change made offline in a chat outside the set reaches the server after a reload, unopened', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Shop', 'vk')
      await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const anna = await ingest(t, channel, 'Anna', 'Never mind, solved', 50_000)
      const boris = await ingest(t, channel, 'Boris', 'Hello?', 20_000)

      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      // Only the most recent chat (Boris) is warm: Anna's is kept for its unsynced change alone.
      await page.evaluate(() =>
        localStorage.setItem('switchboard.warmSet', JSON.stringify({ recent: 1, spare: 5 })),
      )
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      await controlledByServiceWorker(page)
      const list = page.getByRole('region', { name: 'Chats' })
      await list.getByRole('button', { name: /Anna/ }).click()
      const chat = page.getByRole('region', { name: 'Anna' })
      await chat.getByText('Never mind, solved').waitFor()
      // Boris's chat is warm: stored here before the network goes.
      await until(async () => (await storedUpdates(page, chatDocName(boris))) > 0, 'Boris’s chat is stored')

      await context.setOffline(true)
      await page.getByText('Offline', { exact: true }).waitFor()
      await chat.getByRole('button', { name: 'Close chat', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: 'Close chat' })
      await dialog.getByRole('button', { name: 'Close chat', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })
      await page.getByText('Waiting to sync: 1').waitFor()
      // Another chat on screen, then a reload: Anna's chat is open nowhere.
      await list.getByRole('button', { name: /Boris/ }).click()
      await page.getByRole('region', { name: 'Boris' }).getByText('Hello?').waitFor()
      await page.reload()
      await page.getByText('Offline', { exact: true }).waitFor({ timeout: 10_000 })
      const serverState = () => chatState(t.server.hub.open(chatDocName(anna)).doc).assignment
      expect(serverState().status).toBe('open')

      await context.setOffline(false)
      await page.getByText('Online', { exact: true }).waitFor({ timeout: 12_000 })
      await eventually(() => serverState().status === 'closed', 'the offline close is on the server', 8_000)
      expect(await page.getByRole('region', { name: 'Anna' }).count()).toBe(0)
    })
  }, 60_000)
})
