/**
 * Satisfaction (issue 7 §3) in a real browser, end to end: an admin sets the rating request up in Settings; an
 * operator (in Russian) closes a website visitor's chat with «Попросить оценку», checked by the admin's default;
 * the visitor's widget shows the stars under the request, the visitor rates 4 with a comment and sees the score
 * and the thanks; the operator's history and header show it; the operator rates the customer, and changes that
 * rating offline. Each step is checked in the server's own doc too.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { chatDocName, chatMetricsOf, chatParts, chatRatings, ratingItems } from '../../model'
import { startTemplateFake, WA, whatsappConfig } from '../channels/whatsapp.fixture'
import { assertE2eReady, logIn, newPage, until, withServerAndBrowser } from '../helpers/browser'
import { ADMIN, eventually, OPERATOR_PASSWORD } from '../helpers/server'
import { startShop, widgetChannel, widgetTexts } from '../helpers/widget'

const REQUEST = 'Оцените, пожалуйста, наш разговор'
const THANKS = 'Спасибо за оценку!'

describe('e2e: satisfaction', () => {
  beforeAll(assertE2eReady)

  it('admin settings; a close asking for a rating; the visitor rates 4 with a comment; the operator sees it and rates the customer', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const channel = await widgetChannel(t)
      const shop = await startShop(channel.embed)
      try {
        const anna = await t.operator({ email: 'anna@test.local', name: 'Anna' })

        // The admin: «Satisfaction» in Settings. A blank text and a template without its language are named;
        // the server's refusal (a template name WhatsApp would not take) is shown in its words; then it saves.
        const { page: admin } = await newPage(browser, 'en-US')
        await admin.goto(t.url)
        await logIn(admin, ADMIN.email, ADMIN.password)
        await admin.getByRole('button', { name: 'Settings', exact: true }).click()
        await admin.getByRole('tab', { name: 'Satisfaction' }).click()
        const requestText = admin.getByLabel('Rating request text')
        await until(async () => (await requestText.inputValue()) !== '', 'the stored settings load')
        const askByDefault = admin.getByRole('checkbox', { name: 'Ask for a rating by default' })
        expect(await askByDefault.isChecked()).toBe(false)
        await askByDefault.check()
        await requestText.fill(' ')
        const save = admin.getByRole('button', { name: 'Save', exact: true })
        await save.click()
        await admin.getByRole('alert').getByText('Fill in “Rating request text”').waitFor()
        await requestText.fill(REQUEST)
        await admin.getByLabel('Thank-you text').fill(THANKS)
        await admin.getByLabel('Template name').fill('Оценка')
        await save.click()
        await admin.getByRole('alert').getByText('Fill in “Template language”').waitFor()
        await admin.getByLabel('Template language').fill('ru')
        await save.click()
        await admin
          .getByRole('alert')
          .getByText(
            'Failed: whatsappTemplate.name: a WhatsApp template name is lower-case letters, digits and _',
          )
          .waitFor()
        await admin.getByLabel('Template name').fill('csat_request')
        await save.click()
        await admin.getByText('Saved', { exact: true }).waitFor()
        const stored = await t.api('/api/admin/satisfaction', { token: t.adminToken })
        expect(stored.body).toEqual({
          askByDefault: true,
          requestText: REQUEST,
          thanksText: THANKS,
          whatsappTemplate: { name: 'csat_request', language: 'ru' },
        })

        // The visitor writes.
        const { page: customer } = await newPage(browser, 'ru-RU')
        await customer.goto(shop.url)
        await customer.getByRole('button', { name: 'Открыть чат' }).click()
        const panel = customer.getByRole('dialog', { name: 'Поддержка магазина' })
        await panel.getByRole('textbox', { name: 'Сообщение' }).fill('Где мой заказ?')
        await panel.getByRole('textbox', { name: 'Сообщение' }).press('Enter')
        await until(async () => (await widgetTexts(customer)).length === 1, 'the message is accepted')
        const chatId = t.server.services.chats.allChats()[0]!.id
        const serverDoc = () => t.server.hub.open(chatDocName(chatId)).doc

        // Anna, in Russian, takes the chat, answers and closes it: «Попросить оценку» is on by the default.
        const { context, page } = await newPage(browser, 'ru-RU')
        await page.goto(t.url)
        await page.getByLabel('Email').fill('anna@test.local')
        await page.getByLabel('Пароль').fill(OPERATOR_PASSWORD)
        await page.getByRole('button', { name: 'Войти', exact: true }).click()
        await page.getByText('В сети', { exact: true }).waitFor()
        await page.getByRole('button', { name: 'Все 1', exact: true }).click()
        await page
          .getByRole('region', { name: 'Чаты' })
          .getByRole('button', { name: /Где мой заказ/ })
          .click()
        const chat = page.getByRole('region', { name: 'Посетитель сайта' })
        await chat.getByRole('button', { name: 'Взять в работу', exact: true }).click()
        await chat.getByRole('textbox', { name: 'Сообщение' }).fill('Заказ уже в пути.')
        await chat.getByRole('textbox', { name: 'Сообщение' }).press('Control+Enter')
        await chat.getByRole('button', { name: 'Закрыть чат', exact: true }).click()
        const close = page.getByRole('dialog', { name: 'Закрыть чат' })
        const ask = close.getByRole('checkbox', { name: 'Попросить оценку' })
        expect(await ask.isChecked()).toBe(true)
        await close.getByRole('radio', { name: 'Вопрос решён' }).check()
        await close.getByRole('button', { name: 'Закрыть чат', exact: true }).click()

        // The server asks once, as a bot message marked as the request; Anna's history marks it too.
        await eventually(
          () =>
            chatParts(serverDoc())
              .messages.toArray()
              .some((m) => m.ask === 'rating'),
          'the server sent the rating request',
          10_000,
        )
        await chat.getByText(REQUEST).waitFor()
        await chat.locator('.message', { hasText: REQUEST }).getByText('запрос оценки').waitFor()
        await chat.getByText('Оценка запрошена, клиент ещё не ответил').waitFor()

        // The visitor sees the stars under the request, picks 4, comments and sends.
        const form = panel.getByRole('group', { name: 'Оцените разговор' })
        await form.waitFor()
        await form.getByRole('button', { name: 'Оценка 4 из 5' }).click()
        expect(await form.getByRole('button', { name: 'Оценка 4 из 5' }).getAttribute('aria-pressed')).toBe(
          'true',
        )
        await form.getByRole('textbox', { name: 'Комментарий (необязательно)' }).fill('Быстро ответили')
        await form.getByRole('button', { name: 'Отправить' }).click()
        await form.getByRole('img', { name: 'Оценка 4 из 5' }).waitFor()
        expect(await form.textContent()).toBe('Ваша оценка: ★★★★☆Быстро ответили')
        await panel.getByText(THANKS).waitFor()
        const scores = () =>
          ratingItems(chatRatings(serverDoc()).toArray()).filter((i) => i.kind === 'customer')
        expect(scores()).toMatchObject([{ score: 4, via: 'widget' }])

        // Anna's history shows the score with the comment, and the header the conversation's rating.
        const line = chat.getByRole('listitem').filter({ hasText: 'Клиент оценил:' })
        await line.getByRole('img', { name: 'Оценка 4 из 5' }).waitFor()
        expect(await line.textContent()).toMatch(/^Клиент оценил: ★★★★☆ · Быстро ответили · /)
        await chat.locator('.chat-ratings').getByText('Быстро ответили').waitFor()

        // Anna rates the customer: 5 stars and a note.
        await chat.getByRole('button', { name: 'Оценить клиента', exact: true }).click()
        const rate = page.getByRole('dialog', { name: 'Оценить клиента' })
        const stars = rate.getByRole('radiogroup', { name: 'Оценка' })
        expect(await stars.getByRole('radio').count()).toBe(5)
        await stars.getByRole('radio', { name: 'Оценка 5 из 5' }).check()
        await rate.getByLabel('Заметка (необязательно)').fill('Вежливый')
        await rate.getByRole('button', { name: 'Сохранить', exact: true }).click()
        const ownRating = chat.locator('.chat-ratings').getByText('Оценка клиента от оператора Anna:')
        await ownRating.getByRole('img', { name: 'Оценка 5 из 5' }).waitFor()
        await page.getByText('Ожидают синхронизации: 0').waitFor()

        // Offline she changes it to 3: the dialog starts from her rating; it syncs once she is back.
        await context.setOffline(true)
        await page.getByText('Нет сети', { exact: true }).waitFor()
        await chat.getByRole('button', { name: 'Оценить клиента', exact: true }).click()
        expect(await stars.getByRole('radio', { name: 'Оценка 5 из 5' }).isChecked()).toBe(true)
        expect(await rate.getByLabel('Заметка (необязательно)').inputValue()).toBe('Вежливый')
        await stars.getByRole('radio', { name: 'Оценка 5 из 5' }).focus()
        await page.keyboard.press('ArrowLeft')
        await page.keyboard.press('ArrowLeft')
        expect(await stars.getByRole('radio', { name: 'Оценка 3 из 5' }).isChecked()).toBe(true)
        await rate.getByRole('button', { name: 'Сохранить', exact: true }).click()
        await ownRating.getByRole('img', { name: 'Оценка 3 из 5' }).waitFor()
        await page.getByText(/Ожидают синхронизации: [1-9]/).waitFor()
        await context.setOffline(false)
        await page.getByText('Ожидают синхронизации: 0').waitFor({ timeout: 15_000 })
        await eventually(
          () => chatMetricsOf(serverDoc())?.episodes.at(-1)?.operatorRating?.score === 3,
          'the changed rating on the server',
        )
        const episode = chatMetricsOf(serverDoc())!.episodes.at(-1)!
        expect(episode.customerRating).toMatchObject({ score: 4, comment: 'Быстро ответили', via: 'widget' })
        expect(episode.operatorRating).toMatchObject({ score: 3, note: 'Вежливый', by: anna.id })

        // A reload of the widget shows the score given, not the form again.
        await customer.reload()
        await customer.getByRole('button', { name: 'Открыть чат' }).click()
        await form.getByRole('img', { name: 'Оценка 4 из 5' }).waitFor()
        expect(await form.getByRole('button', { name: 'Оценка 4 из 5' }).count()).toBe(0)
        expect(scores()).toHaveLength(1)
      } finally {
        await shop.close()
      }
    })
  }, 120_000)

  it('the admin picks the request’s WhatsApp template from the account’s approved ones', async () => {
    const fake = await startTemplateFake()
    try {
      await withServerAndBrowser(async (t, browser) => {
        const created = await t.api('/api/channels', {
          token: t.adminToken,
          body: {
            kind: 'whatsapp',
            name: 'WhatsApp',
            config: whatsappConfig(fake.url, { businessAccountId: WA.wabaId }),
          },
        })
        expect(created.status).toBe(201)
        const { page } = await newPage(browser, 'en-US')
        await page.goto(t.url)
        await logIn(page, ADMIN.email, ADMIN.password)
        await page.getByRole('button', { name: 'Settings', exact: true }).click()
        await page.getByRole('tab', { name: 'Satisfaction' }).click()
        const approved = page.getByLabel('Approved template')
        await approved.getByRole('option', { name: 'zakaz_gotov (ru)' }).waitFor({ state: 'attached' })
        await approved.selectOption({ label: 'zakaz_gotov (ru)' })
        expect(await page.getByLabel('Template name').inputValue()).toBe('zakaz_gotov')
        expect(await page.getByLabel('Template language').inputValue()).toBe('ru')
        await page.getByRole('button', { name: 'Save', exact: true }).click()
        await page.getByText('Saved', { exact: true }).waitFor()
        const stored = await t.api<{ whatsappTemplate: unknown }>('/api/admin/satisfaction', {
          token: t.adminToken,
        })
        expect(stored.body.whatsappTemplate).toEqual({ name: 'zakaz_gotov', language: 'ru' })
        // «None» takes it away again.
        await approved.selectOption({ label: 'None' })
        expect(await page.getByLabel('Template name').inputValue()).toBe('')
      })
    } finally {
      await fake.close()
    }
  }, 60_000)
})
