/**
 * Handing a chat over in a real browser against a real server [ASG3] [CLS1]: an operator transfers a waiting chat
 * to a colleague with a comment, finds it again through the operator dropdown, and closes it with a reason.
 */
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatState } from '../../model'
import { assertE2eReady, launchBrowser, logIn, newPage } from '../helpers/browser'
import { eventually, startTestServer } from '../helpers/server'

describe('e2e: transfer and close', () => {
  beforeAll(assertE2eReady)

  it('[ASG3] [CLS1] transfers a waiting chat with a comment, filters by operator, closes it with a reason', async () => {
    const t = await startTestServer()
    let browser: Browser | null = null
    try {
      const channel = await t.channel('Support bot', 'telegram')
      await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
      const maria = await t.operator({ email: 'maria@test.local', name: 'Maria Sokolova' })
      const { chatId } = await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'anna',
        contact: { firstName: 'Anna', lastName: 'Smirnova' },
        message: { text: 'Where is my parcel?', at: Date.now() - 20_000 },
      })
      const serverState = () => chatState(t.server.hub.open(chatDocName(chatId)).doc).assignment

      browser = await launchBrowser()
      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'ivan@test.local')

      await page.getByRole('button', { name: 'Unassigned 1', exact: true }).waitFor()
      const list = page.getByRole('region', { name: 'Chats' })
      await list.getByRole('button', { name: /Anna Smirnova/ }).click()
      const chat = page.getByRole('region', { name: 'Anna Smirnova' })
      await chat.getByText('Where is my parcel?').waitFor()

      // Transfer: a labelled dialog with the other active operators and a comment.
      await chat.getByRole('button', { name: 'Transfer', exact: true }).click()
      const transfer = page.getByRole('dialog', { name: 'Transfer the chat' })
      await transfer.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'Maria Sokolova' })
      await transfer.getByRole('textbox', { name: 'Comment' }).fill('VIP customer')
      await transfer.getByRole('button', { name: 'Transfer', exact: true }).click()
      await transfer.waitFor({ state: 'detached' })

      await eventually(() => serverState().assigneeId === maria.id, 'the transfer is on the server', 8_000)
      const transferred = serverState()
      expect(transferred.status).toBe('in_work')
      expect(transferred.entries.at(-1)).toMatchObject({
        outcome: 'applied',
        event: { type: 'assign', to: maria.id, comment: 'VIP customer' },
      })
      await chat.getByText(/Assigned to Maria Sokolova by Ivan Petrov · «VIP customer»/).waitFor()

      // The operator dropdown: Maria's chats in All show it; Ivan's do not.
      await page.getByRole('button', { name: /^All( \d+)?$/ }).click()
      const operator = page.getByRole('combobox', { name: 'Operator' })
      await operator.selectOption({ label: 'Ivan Petrov' })
      await list.getByText('No chats in this folder').waitFor()
      await operator.selectOption({ label: 'Maria Sokolova' })
      await list.getByRole('button', { name: /Anna Smirnova/ }).waitFor()

      // Closing someone else's chat from All, with a reason.
      await chat.getByRole('button', { name: 'Close chat', exact: true }).click()
      const close = page.getByRole('dialog', { name: 'Close chat' })
      await close.getByRole('radio', { name: 'Customer not responding' }).check()
      await close.getByRole('button', { name: 'Close chat', exact: true }).click()
      await close.waitFor({ state: 'detached' })

      await eventually(() => serverState().status === 'closed', 'the close is on the server', 8_000)
      expect(serverState().closeReason).toBe('no_reply')
      await chat.getByText(/Closed by Ivan Petrov · Customer not responding/).waitFor()
    } finally {
      await browser?.close()
      await t.close()
    }
  }, 40_000)
})
