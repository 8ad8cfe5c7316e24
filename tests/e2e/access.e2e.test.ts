/**
 * Access changes reach a connected operator's browser (issue 5): an admin takes channel A away from Vera while she
 * works; its chat leaves her list and its copy leaves her IndexedDB; given back, it returns and is stored again.
 * Also: the app runs under its Content-Security-Policy without a single violation.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName } from '../../model'
import {
  assertE2eReady,
  controlledByServiceWorker,
  logIn,
  newPage,
  storedUpdates,
  until,
  withServerAndBrowser,
} from '../helpers/browser'

describe('e2e: access changes live', () => {
  beforeAll(assertE2eReady)

  it('a revoked channel’s chat leaves the list and the offline copy at once; given back, it returns', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const shop = await t.channel('Shop', 'telegram')
      const vk = await t.channel('Community', 'vk')
      const vera = await t.operator({ email: 'vera@test.local', name: 'Vera', channels: [shop, vk] })
      const ingest = async (channelId: string, name: string, text: string) =>
        (
          await t.server.services.ingest({
            channelId,
            externalChatId: name,
            contact: { firstName: name },
            message: { text, at: Date.now() - 30_000 },
          })
        ).chatId
      const fromShop = await ingest(shop, 'Anna', 'Where is my order?')
      const fromVk = await ingest(vk, 'Boris', 'Do you deliver?')

      const { page } = await newPage(browser, 'en-US')
      const violations: string[] = []
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v))
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as unknown as { reportViolation(v: string): void }).reportViolation(
            `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
          ),
        )
      })
      await page.goto(t.url)
      await logIn(page, 'vera@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      await controlledByServiceWorker(page)
      const list = page.getByRole('region', { name: 'Chats' })
      await page.getByRole('button', { name: /^All/ }).first().click()
      await list.getByRole('button', { name: /Anna/ }).waitFor()
      await until(
        async () =>
          (await storedUpdates(page, chatDocName(fromShop))) > 0 &&
          (await storedUpdates(page, chatDocName(fromVk))) > 0,
        'both chats are stored for offline',
      )

      const patch = (channels: string[]) =>
        t.api(`/api/operators/${vera.id}`, { method: 'PATCH', token: t.adminToken, body: { channels } })
      expect((await patch([vk])).status).toBe(200)
      await list.getByRole('button', { name: /Anna/ }).waitFor({ state: 'detached', timeout: 3_000 })
      await until(
        async () => (await storedUpdates(page, chatDocName(fromShop))) === 0,
        'the revoked copy is gone',
        5_000,
      )
      expect(await storedUpdates(page, chatDocName(fromVk))).toBeGreaterThan(0)

      expect((await patch([shop, vk])).status).toBe(200)
      await list.getByRole('button', { name: /Anna/ }).waitFor({ timeout: 5_000 })
      await until(async () => (await storedUpdates(page, chatDocName(fromShop))) > 0, 'stored again', 8_000)
      expect(violations.join(' | ')).toBe('')
    })
  }, 60_000)
})
