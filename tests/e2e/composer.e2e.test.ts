/**
 * The composer in a real browser against a real server, answering a Telegram customer through a local fake of the
 * Bot API (so what reaches the customer is what the fake got): an emoji picked by search and by keyboard; a picture
 * picked, previewed, sent with the text as its caption, shown in the history, stored and sent as a photo; a file
 * dropped on the chat, previewed and removed before sending; a file picked offline waits and uploads once online;
 * a reply shows its quote and goes out as a reply; a draft survives a chat switch and a reload, and Send clears
 * it; an internal comment with an @mention (typed, and by Ctrl+Shift+A) is stored with the mention, shown as a
 * comment, and never reaches the customer.
 */
import { readdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, type Message } from '../../model'
import { BOT_TOKEN, telegramConfig } from '../channels/telegram.fixture'
import { assertE2eReady, logIn, newPage, until, withServerAndBrowser } from '../helpers/browser'
import { startTelegramFake } from '../helpers/fakes/telegram'
import { eventually, type TestServer } from '../helpers/server'

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

const serverMessages = (t: TestServer, chatId: string): Message[] =>
  chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.toArray()

const serverMessage = async (
  t: TestServer,
  chatId: string,
  match: (m: Message) => boolean,
): Promise<Message> => {
  await eventually(() => serverMessages(t, chatId).some(match), 'the message on the server', 8_000)
  return serverMessages(t, chatId).find(match)!
}

const pickFile = async (
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> => {
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Attach file' }).click()
  await (await chooser).setFiles(file)
}

describe('e2e: the composer', () => {
  beforeAll(assertE2eReady)

  it('emoji, a picture sent with its caption, a dropped file removed, a reply, drafts, and a comment with a mention', async () => {
    const fake = await startTelegramFake({ token: BOT_TOKEN })
    try {
      await withServerAndBrowser(async (t, browser) => {
        const created = await t.api<{ id: string }>('/api/channels', {
          token: t.adminToken,
          body: { kind: 'telegram', name: 'Shop bot', config: telegramConfig(fake.url) },
        })
        const channelId = created.body.id
        const anna = await t.operator({ email: 'anna@test.local', name: 'Anna Smirnova' })
        const ivan = await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
        const { chatId } = await t.server.services.ingest({
          channelId,
          externalChatId: '1111111',
          contact: { firstName: 'Maria' },
          message: { id: 'tg:1111111:55', text: 'Where is my order?', at: Date.now() - 60_000 },
          providerMessageId: '55',
        })
        await t.server.services.ingest({
          channelId,
          externalChatId: '2222222',
          contact: { firstName: 'Boris' },
          message: { text: 'Do you deliver on Sundays?', at: Date.now() - 50_000 },
        })

        const { context, page } = await newPage(browser, 'en-US')
        await page.goto(t.url)
        await logIn(page, 'anna@test.local')
        await page.getByText('Online', { exact: true }).waitFor()
        const list = page.getByRole('region', { name: 'Chats' })
        // In «All»: answering claims a chat, which then leaves Unassigned (where the app opens).
        const open = async (name: string): Promise<void> => {
          await page.getByRole('button', { name: /^All \d/ }).click()
          await list.getByRole('button', { name: new RegExp(name) }).click()
        }
        await open('Maria')
        const chat = page.getByRole('region', { name: 'Maria' })
        const history = chat.getByRole('list', { name: 'Message history' })
        const row = (text: string) => history.getByRole('listitem').filter({ hasText: text })
        const composer = chat.getByRole('textbox', { name: 'Message' })
        const send = chat.getByRole('button', { name: 'Send', exact: true })
        await chat.getByText('Where is my order?').waitFor()

        // Emoji: found by a word and clicked, then by the keyboard (↓ into the grid, Enter), at the caret.
        await composer.fill('Here it is ')
        await chat.getByRole('button', { name: 'Emoji' }).click()
        const picker = chat.getByRole('dialog', { name: 'Emoji' })
        await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs up')
        await picker.getByRole('button', { name: 'thumbs up' }).click()
        await picker.waitFor({ state: 'detached' })
        expect(await composer.inputValue()).toBe('Here it is 👍')
        await chat.getByRole('button', { name: 'Emoji' }).click()
        await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('red heart')
        await page.keyboard.press('ArrowDown')
        await page.keyboard.press('Enter')
        expect(await composer.inputValue()).toBe('Here it is 👍❤️')
        // The emoji used last come first next time.
        await chat.getByRole('button', { name: 'Emoji' }).click()
        const recent = picker.getByRole('group', { name: 'Recent' }).getByRole('button')
        expect(await recent.evaluateAll((buttons) => buttons.map((b) => b.textContent))).toEqual(['❤️', '👍'])
        await page.keyboard.press('Escape')
        await picker.waitFor({ state: 'detached' })

        // A picture picked: previewed while it uploads, then sent with the text as its caption.
        await pickFile(page, { name: 'parcel.png', mimeType: 'image/png', buffer: PNG })
        const attachments = chat.getByRole('list', { name: 'Attachments' })
        await attachments.getByRole('img', { name: 'parcel.png' }).waitFor()
        await until(async () => await send.isEnabled(), 'the picture is uploaded')
        await send.click()
        await row('Here it is 👍❤️').getByRole('img', { name: 'parcel.png' }).waitFor()
        await attachments.waitFor({ state: 'detached' })
        expect(await composer.inputValue()).toBe('')
        const photo = await serverMessage(t, chatId, (m) => m.kind === 'image')
        expect(photo).toMatchObject({ direction: 'out', text: 'Here it is 👍❤️', author: { id: anna.id } })
        expect(photo.media).toMatchObject({ mime: 'image/png', name: 'parcel.png', size: PNG.length })
        const stored = t.server.services.media.get(photo.media!.url.split('/').pop()!)
        expect(stored).toMatchObject({ chatId, state: 'stored', size: PNG.length })
        expect(Buffer.from(await t.server.services.media.read(stored!))).toEqual(PNG)
        await eventually(
          () => fake.sent.some((s) => s.method === 'sendPhoto'),
          'the photo reached Telegram',
          8_000,
        )
        const sentPhoto = fake.sent.find((s) => s.method === 'sendPhoto')!
        expect(sentPhoto.text).toBe('Here it is 👍❤️')
        expect(Buffer.from(sentPhoto.file!.bytes)).toEqual(PNG)

        // A file dropped on the chat: its name and size shown, and removed before sending.
        const dropped = await page.evaluateHandle(() => {
          const data = new DataTransfer()
          data.items.add(new File(['%PDF-1.4 invoice'], 'invoice.pdf', { type: 'application/pdf' }))
          return data
        })
        await chat.dispatchEvent('dragover', { dataTransfer: dropped })
        await chat.dispatchEvent('drop', { dataTransfer: dropped })
        const invoice = attachments.getByRole('listitem').filter({ hasText: 'invoice.pdf' })
        await invoice.getByText('16 bytes').waitFor()
        await invoice.getByRole('button', { name: 'Remove invoice.pdf' }).click()
        await attachments.waitFor({ state: 'detached' })
        expect(await send.isDisabled()).toBe(true)

        // Offline, a picked file waits, and Send says why it is disabled; back online it uploads.
        await context.setOffline(true)
        await page.getByText('Offline', { exact: true }).waitFor()
        await pickFile(page, { name: 'label.png', mimeType: 'image/png', buffer: PNG })
        await attachments.getByText('Uploads when the network is back').waitFor()
        await chat.getByText('The files upload when the network is back: then they can be sent.').waitFor()
        expect(await send.isDisabled()).toBe(true)
        expect(await send.getAttribute('aria-describedby')).not.toBeNull()
        await context.setOffline(false)
        await page.getByText('Online', { exact: true }).waitFor({ timeout: 12_000 })
        await until(async () => await send.isEnabled(), 'the waiting file is uploaded once online', 12_000)
        await attachments.getByRole('button', { name: 'Remove label.png' }).click()
        // The two files taken off were uploaded: the server deletes them, and keeps the one sent.
        const mediaDir = t.server.services.media.dir
        await eventually(() => readdirSync(mediaDir).length === 1, 'the files taken off are deleted', 8_000)
        expect(readdirSync(mediaDir)).toEqual([stored!.id])

        // Reply: the quote above the composer, then above the answer in the history; a click on it goes there.
        await row('Where is my order?').getByRole('button', { name: 'Message actions' }).click()
        // By the keyboard: the menu opens with the focus on its first item, «Reply».
        await chat.getByRole('menuitem', { name: 'Reply' }).press('Enter')
        await chat.getByText('Replying to Maria').waitFor()
        await composer.fill('It ships today')
        await composer.press('Control+Enter')
        const answer = row('It ships today')
        const quote = answer.getByRole('button', { name: /Where is my order\?/ })
        await quote.waitFor()
        await chat.getByText('Replying to Maria').waitFor({ state: 'detached' })
        const reply = await serverMessage(t, chatId, (m) => m.text === 'It ships today')
        expect(reply.replyTo).toBe('tg:1111111:55')
        await eventually(
          () => fake.sent.some((s) => s.text === 'It ships today'),
          'the reply reached Telegram',
          8_000,
        )
        expect(fake.sent.find((s) => s.text === 'It ships today')?.replyParameters?.message_id).toBe(55)
        await quote.click()
        await until(
          async () =>
            (await page.evaluate(() => document.activeElement?.getAttribute('data-message-id'))) ===
            'tg:1111111:55',
          'the quoted message has the focus',
        )

        // A draft: kept when switching chats and across a reload, per chat; Send clears it.
        await composer.fill('About your refund: ')
        await open('Boris')
        const boris = page.getByRole('region', { name: 'Boris' })
        await boris.getByText('Do you deliver on Sundays?').waitFor()
        expect(await boris.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('')
        await open('Maria')
        expect(await composer.inputValue()).toBe('About your refund: ')
        await page.reload()
        await page.getByText('Online', { exact: true }).waitFor()
        await open('Maria')
        expect(await composer.inputValue()).toBe('About your refund: ')
        await composer.fill('About your refund: it is on its way')
        await composer.press('Control+Enter')
        await row('About your refund: it is on its way').waitFor()
        await page.reload()
        await page.getByText('Online', { exact: true }).waitFor()
        await open('Maria')
        await row('About your refund: it is on its way').waitFor()
        expect(await composer.inputValue()).toBe('')
        expect(
          await page.evaluate(() =>
            Object.keys(localStorage).filter((k) => k.startsWith('switchboard.draft')),
          ),
        ).toEqual([])

        // A comment: typing @ offers operators (not oneself), ↓ and Enter pick; Ctrl+Enter stores it.
        await chat.getByRole('button', { name: 'Comment', exact: true }).click()
        const commentBox = chat.getByRole('textbox', { name: 'Comment' })
        await commentBox.pressSequentially('Please check the stock @Iv')
        const mentionList = chat.getByRole('listbox', { name: 'Mention an operator' })
        await mentionList.getByRole('option', { name: 'Ivan Petrov' }).waitFor()
        expect(await mentionList.getByRole('option', { name: 'Anna Smirnova' }).count()).toBe(0)
        await commentBox.press('Enter')
        expect(await commentBox.inputValue()).toBe('Please check the stock @Ivan Petrov ')
        await mentionList.waitFor({ state: 'detached' })
        await commentBox.pressSequentially('thanks')
        await commentBox.press('Control+Enter')
        const comment = row('Please check the stock @Ivan Petrov thanks')
        await comment.getByText('· Comment').waitFor()
        await comment.getByText('Mentioned: Ivan Petrov').waitFor()
        expect(await comment.getAttribute('class')).toContain('message-internal')
        const stored1 = await serverMessage(t, chatId, (m) => m.direction === 'internal')
        expect(stored1).toMatchObject({
          text: 'Please check the stock @Ivan Petrov thanks',
          mentions: [ivan.id],
        })

        // Ctrl+Shift+A from an answer: a comment, `@` at the caret, the list open; Escape closes the list.
        await chat.getByRole('button', { name: 'Comment', exact: true }).click()
        await composer.click()
        await composer.press('Control+Shift+A')
        expect(await commentBox.inputValue()).toBe('@')
        await mentionList.getByRole('option', { name: 'Ivan Petrov' }).waitFor()
        await commentBox.press('Escape')
        await mentionList.waitFor({ state: 'detached' })
        await commentBox.fill('')

        // The customer never gets the comment: an answer written after it reaches Telegram (the outbox keeps each
        // chat's order), and the comment is not there, nor in the outbox.
        await chat.getByRole('button', { name: 'Comment', exact: true }).click()
        await composer.fill('Anything else?')
        await composer.press('Control+Enter')
        await eventually(
          () => fake.sent.some((s) => s.text === 'Anything else?'),
          'the next answer reached Telegram',
          8_000,
        )
        expect(fake.sent.filter((s) => s.text.includes('Please check'))).toEqual([])
        expect(t.server.services.outbox.byMessage(chatId, stored1.id)).toBeFalsy()
        expect(fake.sent.map((s) => s.text)).toEqual([
          'Here it is 👍❤️',
          'It ships today',
          'About your refund: it is on its way',
          'Anything else?',
        ])
      })
    } finally {
      await fake.close()
    }
  })
})
