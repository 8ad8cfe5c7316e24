/**
 * The messenger side of the open chat in a real browser against a real server: an answer's delivery mark, a failed
 * answer sent again, an answer edited and deleted for the customer through its menu, the customer's reaction, and
 * WhatsApp's reply window (counting down, then closed with Send disabled). The channels are sandboxes (answers are
 * delivered without a provider); one answer is held back by pointing the channel at a port where nothing listens.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  channelContext,
  chatDocName,
  chatParts,
  type Message,
  recordCustomerReaction,
  setDelivery,
} from '../../model'
import { closedPort } from '../channels/bridge-contract'
import { telegramConfig } from '../channels/telegram.fixture'
import { assertE2eReady, logIn, newPage, withServerAndBrowser } from '../helpers/browser'
import { eventually, type TestServer } from '../helpers/server'

const HOUR = 3_600_000
const BLOCKED = 'Forbidden: bot was blocked by the user'

/** The server's copy of the chat: its answer with this text, once it is there. */
const serverAnswer = async (t: TestServer, chatId: string, text: string): Promise<Message> => {
  const find = () =>
    chatParts(t.server.hub.open(chatDocName(chatId)).doc)
      .messages.toArray()
      .find((m) => m.direction === 'out' && m.text === text)
  await eventually(() => find() !== undefined, `«${text}» on the server`, 8_000)
  return find()!
}

const answer = async (page: Page, chatName: string, text: string): Promise<void> => {
  const composer = page.getByRole('region', { name: chatName }).getByRole('textbox', { name: 'Message' })
  await composer.fill(text)
  await composer.press('Control+Enter')
}

describe('e2e: messenger marks and actions on messages', () => {
  beforeAll(assertE2eReady)

  it('delivery marks, send again, edit, delete, a reaction, and WhatsApp’s reply window', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const telegram = await t.channel('Bot', 'telegram')
      const whatsapp = await t.channel('Shop WhatsApp', 'whatsapp')
      await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
      const { chatId } = await t.server.services.ingest({
        channelId: telegram,
        externalChatId: 'anna',
        contact: { firstName: 'Anna' },
        message: { text: 'Where is my order?', at: Date.now() - 20_000 },
      })
      await t.server.services.ingest({
        channelId: whatsapp,
        externalChatId: '79990000001',
        contact: { firstName: 'Boris' },
        message: { text: 'Is it in stock?', at: Date.now() - 25 * HOUR },
      })
      await t.server.services.ingest({
        channelId: whatsapp,
        externalChatId: '79990000002',
        contact: { firstName: 'Carol' },
        message: { text: 'Can I pick it up today?', at: Date.now() - 48 * 60_000 },
      })

      const { context, page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'ivan@test.local')
      await page.getByText('Online', { exact: true }).waitFor()
      const list = page.getByRole('region', { name: 'Chats' })
      await list.getByRole('button', { name: /Anna/ }).click()
      const chat = page.getByRole('region', { name: 'Anna' })
      const history = chat.getByRole('list', { name: 'Message history' })
      const row = (text: string) => history.getByRole('listitem').filter({ hasText: text })

      // A customer's message has no delivery mark; a sandbox answer is delivered.
      await chat.getByText('Where is my order?').waitFor()
      expect(await row('Where is my order?').getByRole('img').count()).toBe(0)
      await answer(page, 'Anna', 'Hi Anna, checking')
      await row('Hi Anna, checking').getByRole('img', { name: 'Delivered' }).waitFor()
      const first = await serverAnswer(t, chatId, 'Hi Anna, checking')
      expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).delivery.get(first.id)?.state).toBe(
        'delivered',
      )

      // The next answer cannot reach the messenger (nothing listens there): it waits, marked as sending...
      const port = await closedPort()
      t.server.services.channels.setConfig(telegram, telegramConfig(`http://127.0.0.1:${port}`))
      await answer(page, 'Anna', 'It ships tomorrow')
      await row('It ships tomorrow').getByRole('img', { name: 'Sending' }).waitFor()
      const second = await serverAnswer(t, chatId, 'It ships tomorrow')
      const { outbox } = t.server.services
      await eventually(
        () =>
          outbox.byMessage(chatId, second.id)?.state === 'queued' &&
          outbox.byMessage(chatId, second.id)!.attempts >= 1,
        'a first attempt failed and waits for its retry',
        8_000,
      )
      // ...until the messenger refuses it for good. The retry is a second or more away: this tick wins the row.
      outbox.update(outbox.byMessage(chatId, second.id)!, { state: 'failed', error: BLOCKED }, Date.now())
      const refusing = channelContext(telegram, Date.now())
      const failed = await t.server.hub.transact(
        chatDocName(chatId),
        (doc) => setDelivery(doc, { messageId: second.id, state: 'failed', error: BLOCKED }, refusing),
        refusing.origin,
      )
      expect(failed).toBe(true)
      t.server.services.channels.setConfig(telegram, { sandbox: true })

      // The operator sees why, and sends it again (the customer unblocked the bot): now it is delivered. Sending
      // again needs the server: offline, the button is disabled.
      await row('It ships tomorrow').getByRole('img', { name: 'Failed' }).waitFor()
      await row('It ships tomorrow').getByText(`Failed: ${BLOCKED}`).waitFor()
      const sendAgain = row('It ships tomorrow').getByRole('button', { name: 'Send again' })
      await context.setOffline(true)
      await page.getByText('Offline', { exact: true }).waitFor()
      expect(await sendAgain.isDisabled()).toBe(true)
      await context.setOffline(false)
      await page.getByText('Online', { exact: true }).waitFor({ timeout: 12_000 })
      await sendAgain.click()
      await row('It ships tomorrow').getByRole('img', { name: 'Delivered' }).waitFor()
      expect(await row('It ships tomorrow').getByRole('button', { name: 'Send again' }).count()).toBe(0)
      expect(outbox.byMessage(chatId, second.id)?.state).toBe('sent')

      // Edit the first answer through its menu; Enter saves. The messenger is unreachable at first: the server's
      // refusal is said in the row and the editor stays open. Once it is back, Enter again: the server records the
      // edit and the row says «edited».
      await row('Hi Anna, checking').getByRole('button', { name: 'Message actions' }).click()
      await chat.getByRole('menuitem', { name: 'Edit' }).click()
      const editor = chat.getByRole('textbox', { name: 'New text of the message' })
      await editor.fill('Hi Anna, checked: it is packed')
      t.server.services.channels.setConfig(telegram, telegramConfig(`http://127.0.0.1:${port}`))
      await editor.press('Enter')
      await chat
        .getByRole('alert')
        .getByText(/^Failed: the messenger refused the edit: /)
        .waitFor()
      expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).edits.has(first.id)).toBe(false)
      t.server.services.channels.setConfig(telegram, { sandbox: true })
      await editor.press('Enter')
      await row('Hi Anna, checked: it is packed').getByText('edited', { exact: true }).waitFor()
      await eventually(
        () =>
          chatParts(t.server.hub.open(chatDocName(chatId)).doc).edits.get(first.id)?.text ===
          'Hi Anna, checked: it is packed',
        'the edit is on the server',
      )
      expect(
        await row('Hi Anna, checked: it is packed').getByText('Original: Hi Anna, checking').count(),
      ).toBe(1)
      expect(await chat.getByRole('alert').count()).toBe(0)

      // The customer reacts to the second answer in Telegram.
      const reacting = channelContext(telegram, Date.now())
      await t.server.hub.transact(
        chatDocName(chatId),
        (doc) => recordCustomerReaction(doc, { messageId: second.id, emoji: '👍' }, reacting),
        reacting.origin,
      )
      await row('It ships tomorrow').getByRole('img', { name: 'Customer reaction: 👍' }).waitFor()

      // Delete the second answer for the customer: after a confirmation, it shows struck through.
      await row('It ships tomorrow').getByRole('button', { name: 'Message actions' }).click()
      await chat.getByRole('menuitem', { name: 'Delete for the customer' }).click()
      const confirm = page.getByRole('dialog', { name: 'Delete the message for the customer?' })
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
      await row('It ships tomorrow').getByText('deleted for the customer').waitFor()
      expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).removed.has(second.id)).toBe(true)
      // Nothing is left to change in the messenger (the menu stays for what needs no messenger, e.g. Reply).
      await row('It ships tomorrow').getByRole('button', { name: 'Message actions' }).click()
      await chat.getByRole('menuitem', { name: 'Reply' }).waitFor()
      expect(await chat.getByRole('menuitem', { name: /^(Edit|Delete for the customer)$/ }).count()).toBe(0)
      await page.keyboard.press('Escape')

      // WhatsApp: 48 minutes after the customer wrote, the window has 23 h 12 min left; Telegram has none.
      expect(await chat.getByText(/^Reply window/).count()).toBe(0)
      await list.getByRole('button', { name: /Carol/ }).click()
      const carol = page.getByRole('region', { name: 'Carol' })
      await carol.getByText('Reply window: 23 h 12 min', { exact: true }).waitFor()
      await carol.getByRole('textbox', { name: 'Message' }).fill('Yes, until 8 pm')
      expect(await carol.getByRole('button', { name: 'Send', exact: true }).isEnabled()).toBe(true)

      // 25 hours after: closed; free text cannot go, and Send says why.
      await list.getByRole('button', { name: /Boris/ }).click()
      const boris = page.getByRole('region', { name: 'Boris' })
      await boris.getByText(/^Reply window closed/).waitFor()
      await boris.getByRole('textbox', { name: 'Message' }).fill('Yes, we have it')
      const send = boris.getByRole('button', { name: 'Send', exact: true })
      expect(await send.isDisabled()).toBe(true)
      expect(await send.getAttribute('title')).toMatch(/only a template/)
      await boris.getByRole('textbox', { name: 'Message' }).press('Control+Enter')
      expect(await boris.getByText('Yes, we have it', { exact: true }).count()).toBe(0)
    })
  }, 60_000)
})
