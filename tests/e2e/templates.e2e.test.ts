/**
 * Templates and message labels in a real browser against a real server: an admin keeps the shared templates in
 * Settings «Templates» (seed 003) and operators get them in the directory doc [TPL2]; operators mark messages and
 * tag them from the message menu (seed 001), seen live by another operator, offline too, and checked in the
 * server's copy [MRK1, MTG1].
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  chatDocName,
  chatParts,
  directoryDocName,
  directoryParts,
  labelsOf,
  type Template,
} from '../../model'
import { assertE2eReady, logIn, newPage, withServerAndBrowser } from '../helpers/browser'
import { ADMIN, eventually } from '../helpers/server'

const openChat = async (page: Page, email: string, contact: string) => {
  await logIn(page, email)
  await page.getByText('Online', { exact: true }).waitFor()
  await page
    .getByRole('region', { name: 'Chats' })
    .getByRole('button', { name: new RegExp(contact) })
    .click()
  const chat = page.getByRole('region', { name: contact })
  const history = chat.getByRole('list', { name: 'Message history' })
  return { chat, row: (text: string) => history.getByRole('listitem').filter({ hasText: text }) }
}

describe('e2e: templates and message labels', () => {
  beforeAll(assertE2eReady)

  it('[TPL2] an admin adds, edits and deletes shared templates in Settings; operators get them in the directory', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, ADMIN.email, ADMIN.password)
      await page.getByText('Online', { exact: true }).waitFor()
      await page.getByRole('button', { name: 'Settings', exact: true }).click()
      await page
        .getByRole('tablist', { name: 'Settings sections' })
        .getByRole('tab', { name: 'Templates' })
        .click()
      await page.getByText('No templates yet').waitFor()

      // A blank text is named; then a greeting with a variable put in by its button.
      await page.getByLabel('Title', { exact: true }).fill('Greeting')
      await page.getByRole('button', { name: 'Add template', exact: true }).click()
      await page.getByRole('alert').getByText('Fill in “Text”').waitFor()
      await page.getByLabel('Folder', { exact: true }).fill('General')
      await page.getByLabel('Text', { exact: true }).fill('Hello, ! How can I help?')
      await page
        .getByLabel('Text', { exact: true })
        .evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(7, 7))
      await page
        .getByRole('group', { name: 'Insert a variable' })
        .getByRole('button', { name: '{{contact.firstName}}' })
        .click()
      await page.getByLabel('Text', { exact: true }).press('End')
      await page.getByLabel('Text', { exact: true }).pressSequentially(' {{operator.nmae}}')
      await page.getByText('Unknown variables stay as they are: operator.nmae').waitFor()
      await page.getByRole('button', { name: 'Add template', exact: true }).click()
      const list = page.getByRole('list', { name: 'Templates' })
      await list.getByText('Hello, {{contact.firstName}}! How can I help? {{operator.nmae}}').waitFor()
      expect(t.server.services.templates.list()).toEqual([
        {
          id: expect.any(String),
          title: 'Greeting',
          folder: 'General',
          text: 'Hello, {{contact.firstName}}! How can I help? {{operator.nmae}}',
        },
      ])

      // Edited: another title, out of its folder.
      await page.getByLabel('Title', { exact: true }).fill('Delivery')
      await page.getByLabel('Text', { exact: true }).fill('Your order is on its way, {{contact.name}}')
      await page.getByRole('button', { name: 'Add template', exact: true }).click()
      await list.getByText('Delivery').waitFor()
      await list.getByRole('button', { name: 'Edit template “Greeting”' }).click()
      await page.getByLabel('Title', { exact: true }).fill('Hello')
      await page.getByLabel('Folder', { exact: true }).fill('')
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await list.getByRole('button', { name: 'Edit template “Hello”' }).waitFor()
      expect(t.server.services.templates.list().find((x) => x.title === 'Hello')).not.toHaveProperty('folder')

      await list.getByRole('button', { name: 'Delete template “Delivery”' }).click()
      await list.getByText('Delivery').waitFor({ state: 'detached' })
      const published = () =>
        Object.values(
          directoryParts(t.server.hub.open(directoryDocName).doc).templates.toJSON(),
        ) as Template[]
      await eventually(() => published().length === 1, 'the directory holds the one left')
      expect(published()[0]).toMatchObject({
        title: 'Hello',
        text: expect.stringContaining('{{contact.firstName}}'),
      })
    })
  })

  it('[MRK1] [MTG1] operators mark and tag messages from the menu, seen live by another operator, offline too', async () => {
    await withServerAndBrowser(async (t, browser) => {
      for (const name of ['VIP', 'Complaint', 'Wholesale']) {
        await t.api('/api/admin/tags', { token: t.adminToken, body: { name } })
      }
      const bot = await t.channel('Shop bot', 'telegram')
      const { chatId, message } = await t.server.services.ingest({
        channelId: bot,
        externalChatId: 'anna',
        contact: { firstName: 'Anna' },
        message: { text: 'My parcel arrived broken', at: Date.now() - 60_000 },
      })
      await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
      await t.operator({ email: 'olga@test.local', name: 'Olga Smirnova' })
      const labels = () => labelsOf(t.server.hub.open(chatDocName(chatId)).doc, message.id)

      const ivanPage = await newPage(browser, 'en-US')
      await ivanPage.page.goto(t.url)
      const ivan = await openChat(ivanPage.page, 'ivan@test.local', 'Anna')
      const olgaPage = await newPage(browser, 'en-US')
      await olgaPage.page.goto(t.url)
      const olga = await openChat(olgaPage.page, 'olga@test.local', 'Anna')

      // Ivan: positive, from the message's menu.
      const ivanRow = ivan.row('My parcel arrived broken')
      await ivanRow.getByRole('button', { name: 'Message actions' }).click()
      await ivanRow.getByRole('menuitemradio', { name: 'Positive' }).click()
      await ivanRow.getByRole('img', { name: 'Positive: Ivan Petrov' }).waitFor()
      // Olga sees it live, and marks it negative herself; her menu shows her own mark checked.
      const olgaRow = olga.row('My parcel arrived broken')
      await olgaRow.getByRole('img', { name: 'Positive: Ivan Petrov' }).waitFor()
      await olgaRow.getByRole('button', { name: 'Message actions' }).click()
      expect(await olgaRow.getByRole('menuitemradio', { name: 'Neutral' }).getAttribute('aria-checked')).toBe(
        'true',
      )
      await olgaRow.getByRole('menuitemradio', { name: 'Negative' }).click()
      await ivanRow.getByRole('img', { name: 'Negative: Olga Smirnova' }).waitFor()
      await eventually(() => labels().marks.length === 2, 'both marks on the server')
      expect(
        labels()
          .marks.map((m) => m.mark)
          .sort(),
      ).toEqual(['negative', 'positive'])

      // Ivan tags it from the catalogue with «Update».
      await ivanRow.getByRole('button', { name: 'Message actions' }).click()
      await ivanRow.getByRole('menuitem', { name: 'Tags' }).click()
      const dialog = ivanPage.page.getByRole('dialog', { name: 'Message tags' })
      await dialog.getByRole('checkbox', { name: 'Complaint' }).check()
      await dialog.getByRole('checkbox', { name: 'VIP' }).check()
      await dialog.getByRole('button', { name: 'Update', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })
      await olgaRow.getByRole('list', { name: 'Message tags: Complaint, VIP' }).waitFor()
      await eventually(() => labels().tags.length === 2, 'the tags on the server')

      // Offline, Ivan clears his mark and swaps a tag; back online, the server and Olga have it.
      await ivanPage.context.setOffline(true)
      await ivanPage.page.getByText('Offline', { exact: true }).waitFor()
      await ivanRow.getByRole('button', { name: 'Message actions' }).click()
      await ivanRow.getByRole('menuitemradio', { name: 'Neutral' }).click()
      await ivanRow.getByRole('img', { name: 'Positive: Ivan Petrov' }).waitFor({ state: 'detached' })
      await ivanRow.getByRole('button', { name: 'Message actions' }).click()
      await ivanRow.getByRole('menuitem', { name: 'Tags' }).click()
      await dialog.getByRole('checkbox', { name: 'VIP' }).uncheck()
      await dialog.getByRole('checkbox', { name: 'Wholesale' }).check()
      await dialog.getByRole('button', { name: 'Update', exact: true }).click()
      expect(labels().tags.map((tag) => tag.tag)).toEqual(['Complaint', 'VIP'])
      await ivanPage.context.setOffline(false)
      await olgaRow.getByRole('list', { name: 'Message tags: Complaint, Wholesale' }).waitFor()
      await olgaRow.getByRole('img', { name: 'Positive: Ivan Petrov' }).waitFor({ state: 'detached' })
      await eventually(
        () =>
          labels()
            .tags.map((tag) => tag.tag)
            .join() === 'Complaint,Wholesale' && labels().marks.length === 1,
        'the offline changes on the server',
      )
      expect(labels().marks[0]).toMatchObject({ mark: 'negative' })
    })
  })

  it('[TPL1] in a chat, hovering a template shows it filled for this customer and a click puts it in the message box', async () => {
    await withServerAndBrowser(async (t, browser) => {
      await t.api('/api/admin/templates', {
        token: t.adminToken,
        body: {
          title: 'Greeting',
          folder: 'General',
          text: 'Hello, {{contact.firstName}}! I am {{operator.firstName}}.',
        },
      })
      await t.api('/api/admin/templates', { token: t.adminToken, body: { title: 'Bye', text: 'Goodbye!' } })
      const bot = await t.channel('Shop bot', 'telegram')
      const { chatId } = await t.server.services.ingest({
        channelId: bot,
        externalChatId: 'anna',
        contact: { firstName: 'Anna', lastName: 'Karenina' },
        // Past the 10-second rule: the chat is in Unassigned, the folder the app opens on.
        message: { text: 'Is my order ready?', at: Date.now() - 60_000 },
      })
      await t.operator({ email: 'ivan@test.local', name: 'Ivan Petrov' })
      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      const { chat } = await openChat(page, 'ivan@test.local', 'Anna')

      const box = chat.getByRole('textbox', { name: 'Message' })
      await box.fill('Hi. ')
      await chat.getByRole('button', { name: 'Templates', exact: true }).click()
      const picker = page.getByRole('dialog', { name: 'Templates' })
      await picker.getByRole('searchbox', { name: 'Search templates' }).fill('gree')
      await picker.getByText('Bye').waitFor({ state: 'detached' })
      const greeting = picker.getByRole('button', { name: /Greeting/ })
      await greeting.hover()
      await expect
        .poll(() => picker.getByRole('status', { name: 'What the customer will see' }).textContent())
        .toBe('Hello, Anna! I am Ivan.')
      await greeting.click()
      await picker.waitFor({ state: 'detached' })
      expect(await box.inputValue()).toBe('Hi. Hello, Anna! I am Ivan.')
      await box.press('Control+Enter')
      await eventually(
        () =>
          chatParts(t.server.hub.open(chatDocName(chatId)).doc)
            .messages.toArray()
            .some((m) => m.text === 'Hi. Hello, Anna! I am Ivan.'),
        'the answer from the template on the server',
      )
    })
  })
})
