/**
 * The contact profile (issue 6, item 1) in two real browsers: Anna edits the phone and a custom field, adds a tag
 * and a note; Boris sees each change live; a refused value is said in words; a reload keeps everything; an edit
 * made offline syncs once the network is back. The profile also shows WhatsApp's reply window and the contact's
 * chats in every channel (a click switches), and Ctrl+Shift+S opens the full card, Esc closes it.
 */
import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  channelContext,
  chatDocName,
  contactDocName,
  createChat,
  ingestInboundMessage,
  newId,
  readContact,
} from '../../model'
import { assertE2eReady, logIn, newPage, until, withServerAndBrowser } from '../helpers/browser'
import { ADMIN, eventually, type TestServer } from '../helpers/server'

/** A second chat of the same contact in another channel (seed 003), registered as the server registers one. */
const addChatOfContact = async (t: TestServer, channelId: string, contactId: string, text: string) => {
  const chatId = newId()
  const ctx = channelContext(channelId, Date.now())
  t.server.services.chats.addChat({ id: chatId, channelId, contactId, externalId: `second-${chatId}` })
  await t.server.hub.transact(
    chatDocName(chatId),
    (doc) => {
      createChat(doc, { chatId, channelId, contactId }, ctx)
      ingestInboundMessage(doc, { text, at: Date.now() - 60_000 }, ctx)
    },
    ctx.origin,
  )
  return chatId
}

const profileOf = (page: Page): Locator => page.getByRole('complementary', { name: 'Contact profile' })

/** Opens Maria's WhatsApp chat from the All folder. */
const openMaria = async (page: Page): Promise<Locator> => {
  await page.getByRole('button', { name: /^All/ }).first().click()
  await page
    .getByRole('region', { name: 'Chats' })
    .getByRole('button', { name: /Maria Petrova.*Is my order ready/ })
    .click()
  const profile = profileOf(page)
  await profile.getByText('Maria Petrova').first().waitFor()
  return profile
}

const valueIs = (field: Locator, value: string, what: string) =>
  until(async () => (await field.inputValue()) === value, what)

describe('e2e: the contact profile', () => {
  beforeAll(assertE2eReady)

  it('edits live between two operators, says what is wrong, keeps it on reload, syncs an offline edit', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const admin = (path: string, body: unknown) => t.api(`/api/admin${path}`, { token: t.adminToken, body })
      expect(
        (
          await admin('/contact-fields', {
            key: 'plan',
            label: 'Plan',
            type: 'select',
            options: ['Basic', 'Gold'],
          })
        ).status,
      ).toBe(201)
      expect((await admin('/tags', { name: 'VIP', color: '#d4a017' })).status).toBe(201)
      const whatsapp = await t.channel('Shop WhatsApp', 'whatsapp')
      const telegram = await t.channel('Shop bot', 'telegram')
      await t.operator({ email: 'anna@test.local', name: 'Anna' })
      await t.operator({ email: 'boris@test.local', name: 'Boris' })
      const { contactId } = await t.server.services.ingest({
        channelId: whatsapp,
        externalChatId: '79001112233',
        contact: { firstName: 'Maria', lastName: 'Petrova', externalId: '79001112233' },
        message: { text: 'Is my order ready?', at: Date.now() - 30_000 },
      })
      await addChatOfContact(t, telegram, contactId, 'Hello from Telegram')

      const anna = await newPage(browser, 'en-US')
      const boris = await newPage(browser, 'en-US')
      await anna.page.goto(t.url)
      await logIn(anna.page, 'anna@test.local')
      await boris.page.goto(t.url)
      await logIn(boris.page, 'boris@test.local')
      const a = await openMaria(anna.page)
      const b = await openMaria(boris.page)

      // [WIN1] The WhatsApp chat's reply window counts down in the profile.
      await a.getByText(/Reply window: 2[34] h \d+ min/).waitFor()
      await a.getByText('79001112233').waitFor()

      // Anna edits; a bad email is refused in words and not saved.
      const phone = a.getByLabel('Phone')
      await phone.fill('+7 900 123-45-67')
      await phone.press('Enter')
      await a.getByLabel('Email').fill('maria.example.com')
      await a.getByLabel('Email').press('Enter')
      await a.getByRole('alert').getByText('Not saved: an email like name@example.com is needed').waitFor()
      await a.getByLabel('Plan').selectOption('Gold')
      await a.getByRole('combobox', { name: 'Add tag' }).selectOption('VIP')
      await a.getByRole('textbox', { name: 'New note' }).fill('Prefers calls after 6 pm')
      await a.getByRole('button', { name: 'Add note' }).click()
      await a.getByText('Prefers calls after 6 pm').waitFor()

      // Boris sees it all live, the note with its author; he cannot delete Anna's note.
      await valueIs(b.getByLabel('Phone'), '+7 900 123-45-67', 'Boris sees the phone')
      await valueIs(b.getByLabel('Plan'), 'Gold', 'Boris sees the custom field')
      await b.getByRole('button', { name: 'Remove tag VIP' }).waitFor()
      const note = b
        .getByRole('list', { name: 'Notes' })
        .getByRole('listitem')
        .filter({ hasText: 'Prefers calls' })
      await note.getByText('Anna').waitFor()
      expect(await note.getByRole('button', { name: 'Delete note' }).count()).toBe(0)
      expect(await b.getByLabel('Email').inputValue()).toBe('')

      const server = () => readContact(t.server.hub.open(contactDocName(contactId)).doc)
      await eventually(() => server().tags.includes('VIP'), 'the tag is on the server')
      expect(server().profile.phone).toBe('+7 900 123-45-67')
      expect(server().fields).toEqual({ plan: 'Gold' })
      expect(server().profile.email).toBeUndefined()

      // A reload keeps everything.
      await anna.page.reload()
      const again = await openMaria(anna.page)
      await valueIs(again.getByLabel('Phone'), '+7 900 123-45-67', 'the phone after a reload')
      await valueIs(again.getByLabel('Plan'), 'Gold', 'the field after a reload')
      await again.getByRole('button', { name: 'Remove tag VIP' }).waitFor()
      await again.getByText('Prefers calls after 6 pm').waitFor()

      // Offline: Anna's edit is kept and reaches the server and Boris once she is back.
      await anna.context.setOffline(true)
      await anna.page.getByText('Offline', { exact: true }).waitFor()
      const city = again.getByLabel('City')
      await city.fill('Kazan')
      await city.press('Enter')
      await again.getByRole('textbox', { name: 'New note' }).fill('Written offline')
      await again.getByRole('button', { name: 'Add note' }).click()
      await again.getByText('Written offline').waitFor()
      expect(server().profile.city).toBeUndefined()
      await anna.context.setOffline(false)
      // The socket retries with a backoff of at most 5 s.
      await anna.page.getByText('Online', { exact: true }).waitFor({ timeout: 12_000 })
      await valueIs(b.getByLabel('City'), 'Kazan', 'Boris sees the offline edit')
      await b.getByText('Written offline').waitFor()
      await eventually(() => server().profile.city === 'Kazan', 'the offline edit is on the server')

      // Anna deletes her own note; it is gone for Boris too.
      await again
        .getByRole('listitem')
        .filter({ hasText: 'Written offline' })
        .getByRole('button', { name: 'Delete note' })
        .click()
      await b.getByText('Written offline').waitFor({ state: 'detached' })

      // The contact's chats in both channels; a click switches to the Telegram one.
      const chats = again.getByRole('region', { name: 'Contact’s chats' })
      await chats.getByRole('button', { name: /Shop WhatsApp/ }).waitFor()
      await chats.getByRole('button', { name: /Shop bot/ }).click()
      await anna.page
        .getByRole('list', { name: 'Message history' })
        .getByText('Hello from Telegram')
        .waitFor()
      await until(
        async () =>
          (await chats.getByRole('button', { name: /Shop bot/ }).getAttribute('aria-current')) === 'true',
        'the Telegram chat is the current one',
      )
      expect(await again.getByText(/Reply window/).count()).toBe(0)

      // Ctrl+Shift+S opens the full card with every field; Esc closes it.
      await anna.page.keyboard.press('Control+Shift+S')
      const card = anna.page.getByRole('dialog', { name: 'Contact card' })
      await card.waitFor()
      await valueIs(card.getByLabel('Phone'), '+7 900 123-45-67', 'the card shows the phone')
      await card.getByText('Prefers calls after 6 pm').waitFor()
      await card
        .getByRole('region', { name: 'Contact’s chats' })
        .getByRole('button', { name: /Shop WhatsApp/ })
        .waitFor()
      await anna.page.keyboard.press('Escape')
      await card.waitFor({ state: 'detached' })
    })
  }, 120_000)

  it('an admin defines a field in «Contact fields»; an operator gets the right input for it at once', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const shop = await t.channel('Shop bot', 'telegram')
      await t.operator({ email: 'anna@test.local', name: 'Anna' })
      await t.server.services.ingest({
        channelId: shop,
        externalChatId: 'maria',
        contact: { firstName: 'Maria', lastName: 'Petrova' },
        message: { text: 'Is my order ready?', at: Date.now() - 30_000 },
      })
      const anna = await newPage(browser, 'en-US')
      await anna.page.goto(t.url)
      await logIn(anna.page, 'anna@test.local')
      const profile = await openMaria(anna.page)
      await profile.getByText('No fields: an admin adds them in Settings').waitFor()

      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, ADMIN.email, ADMIN.password)
      await page.getByRole('button', { name: 'Settings', exact: true }).click()
      await page
        .getByRole('tablist', { name: 'Settings sections' })
        .getByRole('tab', { name: 'Contact fields' })
        .click()
      const add = page.getByRole('button', { name: 'Add field', exact: true })
      await add.click()
      await page.getByRole('alert').getByText('Fill in “Key (latin letters, digits, _)”').waitFor()
      await page.getByLabel('Field name').fill('Orders')
      await page.getByLabel('Key (latin letters, digits, _)').fill('Orders count')
      await page.getByLabel('Field type').selectOption('number')
      await add.click()
      // The server's reason, in its words: the key's format.
      await page
        .getByRole('alert')
        .getByText(/lower-case latin letters/)
        .waitFor()
      await page.getByLabel('Key (latin letters, digits, _)').fill('orders')
      await add.click()
      await page.getByRole('row', { name: 'Orders' }).waitFor()
      expect(t.server.services.contactFields.list()).toEqual([
        { key: 'orders', label: 'Orders', type: 'number', options: [], order: 0 },
      ])

      // Anna's profile shows it without a reload, and checks what she types.
      const orders = profile.getByLabel('Orders')
      await orders.fill('twelve')
      await orders.press('Enter')
      await profile.getByRole('alert').getByText('Not saved: a number is needed, like 1500 or 12.5').waitFor()
      await orders.fill('1 500')
      await orders.press('Enter')
      await valueIs(orders, '1500', 'the number in its canonical form')
      expect(await profile.getByRole('alert').count()).toBe(0)

      // Renamed by the admin: Anna's label follows.
      await page.getByRole('button', { name: 'Edit field Orders' }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit field Orders' })
      await dialog.getByLabel('Field name').fill('Orders made')
      await dialog.getByRole('button', { name: 'Save', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })
      await valueIs(profile.getByLabel('Orders made'), '1500', 'the renamed field keeps its value')
      const audit = await t.api<{ items: { action: string }[] }>('/api/admin/audit', { token: t.adminToken })
      expect(audit.body.items.map((e) => e.action).slice(0, 2)).toEqual([
        'contact_field.update',
        'contact_field.create',
      ])
    })
  }, 90_000)
})
