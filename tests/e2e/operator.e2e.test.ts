/**
 * The operator app in a real browser (Chromium via playwright-core) against a real server on a free port,
 * serving the built app: log in, find the waiting chat in Unassigned, take it, answer it.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, chatState } from '../../model'
import { assertE2eReady, logIn, newPage, withServerAndBrowser } from '../helpers/browser'
import { eventually } from '../helpers/server'

describe('e2e: the operator app', () => {
  beforeAll(assertE2eReady)

  it('an operator logs in, takes the waiting chat from Unassigned and answers it', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Support bot', 'telegram')
      const op = await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
      // Stamped 20 s ago: nobody reacted within 10 s, so the chat is in Unassigned already [TEN1].
      const { chatId } = await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'anna',
        contact: { firstName: 'Anna', lastName: 'Smirnova' },
        message: { text: 'Hello, my order is late', at: Date.now() - 20_000 },
      })

      const { page } = await newPage(browser, 'ru-RU')
      await page.goto(t.url)
      // The first start follows the browser's language: Russian here. Then the operator switches to English.
      await page.getByRole('button', { name: 'Войти', exact: true }).waitFor()
      await page.getByRole('combobox', { name: 'Язык' }).selectOption('en')
      await logIn(page, 'ivan@test.local')

      // Unassigned, with one chat waiting for a reply.
      await page.getByRole('button', { name: 'Unassigned 1', exact: true }).waitFor()
      await page.getByText('Online', { exact: true }).waitFor()
      const list = page.getByRole('region', { name: 'Chats' })
      const card = list.getByRole('button', { name: /Anna Smirnova/ })
      // The quick search filters the list as she types, and gives it back when cleared.
      const search = list.getByRole('searchbox', { name: 'Search' })
      await search.fill('nobody like that')
      await card.waitFor({ state: 'detached' })
      await search.fill('smirnova')
      await card.waitFor()
      await search.fill('')
      await card.click()

      const chat = page.getByRole('region', { name: 'Anna Smirnova' })
      await chat.getByText('Hello, my order is late').waitFor()
      await chat.getByRole('button', { name: 'Take', exact: true }).click()

      // It leaves Unassigned and shows in Mine, still waiting for a reply.
      await card.waitFor({ state: 'detached' })
      await page.getByRole('button', { name: 'Unassigned', exact: true }).waitFor()
      await page.getByRole('button', { name: 'Mine 1', exact: true }).click()
      await list.getByRole('button', { name: /Anna Smirnova/ }).waitFor()
      await chat.getByText('Taken by Ivan Petrov').waitFor()

      const composer = chat.getByRole('textbox', { name: 'Message' })
      await composer.fill('Hi Anna, checking it now')
      await composer.press('Control+Enter')
      await chat.getByText('Hi Anna, checking it now').waitFor()
      await page.getByRole('button', { name: 'Mine', exact: true }).waitFor()
      await page.getByText('Waiting to sync: 0').waitFor()

      const serverDoc = () => t.server.hub.open(chatDocName(chatId)).doc
      await eventually(
        () => chatParts(serverDoc()).messages.length === 2,
        'the reply is on the server',
        8_000,
      )
      const reply = chatParts(serverDoc()).messages.get(1)
      expect(reply).toMatchObject({
        text: 'Hi Anna, checking it now',
        direction: 'out',
        author: { kind: 'operator', id: op.id },
      })
      const { assignment } = chatState(serverDoc())
      expect(assignment.status).toBe('in_work')
      expect(assignment.assigneeId).toBe(op.id)

      const shots = process.env.E2E_SCREENSHOTS
      if (shots) {
        mkdirSync(shots, { recursive: true })
        await page.screenshot({ path: join(shots, 'inbox.png') })
      }
    })
  }, 40_000)

  it('a wrong password is answered with a readable error, on the login screen', async () => {
    await withServerAndBrowser(async (t, browser) => {
      await t.operator({ email: 'ivan@test.local' })
      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'ivan@test.local', 'not-the-password')
      await page.getByRole('alert').getByText('Wrong email or password').waitFor()
      expect(await page.getByRole('button', { name: 'Log in', exact: true }).isVisible()).toBe(true)
    })
  }, 20_000)

  it('keeps working offline: a reply made offline waits to sync, then reaches the server', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await t.channel('Shop', 'whatsapp')
      const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const { chatId } = await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'boris',
        contact: { firstName: 'Boris' },
        message: { text: 'Is anyone there?', at: Date.now() - 20_000 },
      })
      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      await page.getByRole('button', { name: 'Unassigned 1', exact: true }).waitFor()
      // A reload keeps the operator signed in.
      await page.reload()
      await page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Boris/ }).click()
      const chat = page.getByRole('region', { name: 'Boris' })
      await chat.getByText('Is anyone there?').waitFor()
      await page.getByText('Waiting to sync: 0').waitFor()

      await context.setOffline(true)
      await page.getByText('Offline', { exact: true }).waitFor()
      await chat.getByRole('textbox', { name: 'Message' }).fill('Yes, Olga here')
      await chat.getByRole('button', { name: 'Send', exact: true }).click()
      await chat.getByText('Yes, Olga here').waitFor()
      await page.getByText('Waiting to sync: 1').waitFor()
      const serverDoc = () => t.server.hub.open(chatDocName(chatId)).doc
      expect(chatParts(serverDoc()).messages.length).toBe(1)

      await context.setOffline(false)
      await page.getByText('Online', { exact: true }).waitFor()
      await page.getByText('Waiting to sync: 0').waitFor()
      await eventually(
        () => chatParts(serverDoc()).messages.length === 2,
        'the offline reply is on the server',
      )
      expect(chatParts(serverDoc()).messages.get(1)).toMatchObject({
        text: 'Yes, Olga here',
        author: { kind: 'operator', id: op.id },
      })
      expect(chatState(serverDoc()).assignment.assigneeId).toBe(op.id)
    })
  }, 30_000)
})
