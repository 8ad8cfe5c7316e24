/**
 * `npm run screenshots`: the README's pictures of the main screens, in Russian and English, taken in a real
 * browser from the demo workspace. Run after `npm run build`.
 */
import { mkdirSync } from 'node:fs'
import { pino } from 'pino'
import { DEMO_PASSWORD, startDemo } from '../../sync-server/demo'
import { assertE2eReady, launchBrowser, newPage } from '../helpers/browser'
import { startTestServer } from '../helpers/server'

const OUT = new URL('../../docs/screenshots/', import.meta.url)

const main = async (): Promise<void> => {
  assertE2eReady()
  mkdirSync(OUT, { recursive: true })
  const t = await startTestServer({ env: { DEMO: 'true' } })
  const stop = await startDemo(t.server.services, pino({ level: 'silent' }))
  const browser = await launchBrowser()
  try {
    const { page } = await newPage(browser, 'ru-RU')
    await page.goto(t.url)
    await page.screenshot({ path: new URL('login-ru.png', OUT).pathname })
    await page.getByLabel('Email').fill('anna@demo.local')
    await page.getByLabel('Пароль').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Войти', exact: true }).click()
    await page.getByText('В сети', { exact: true }).waitFor()
    // Let the 10-second rule put the demo's chats into Unassigned.
    await page.waitForTimeout(11_000)
    const list = page.getByRole('region', { name: 'Чаты' })
    await list.getByRole('list', { name: 'Чаты' }).getByRole('button').first().click()
    await page.getByRole('button', { name: 'Взять в работу', exact: true }).click()
    const composer = page.getByRole('textbox', { name: 'Сообщение' })
    await composer.fill('Добрый день! Сейчас проверю ваш заказ.')
    await composer.press('Control+Enter')
    await page.getByRole('button', { name: /^Все( \d+)?$/ }).click()
    await page.waitForTimeout(500)
    await page.screenshot({ path: new URL('inbox-ru.png', OUT).pathname })
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en')
    await page.waitForTimeout(300)
    await page.screenshot({ path: new URL('inbox-en.png', OUT).pathname })

    // A customer on the demo shop's page writes through the widget; Anna answers from the app.
    const { page: shop } = await newPage(browser, 'ru-RU')
    await shop.goto(`${t.url}/demo`)
    await shop.getByRole('button', { name: 'Открыть чат' }).click()
    const widget = shop.getByRole('dialog', { name: 'Поддержка магазина' })
    await widget.getByRole('textbox', { name: 'Сообщение' }).fill('Здравствуйте! Есть ли чайник на 2 литра?')
    await widget.getByRole('button', { name: 'Отправить' }).click()
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru')
    await page.getByRole('button', { name: /^Все( \d+)?$/ }).click()
    await list.getByRole('button', { name: /чайник на 2 литра/ }).click()
    await composer.fill('Добрый день! Да, есть: «Заварник» на 2 л, 1 190 ₽.')
    await composer.press('Control+Enter')
    await widget.getByText('Заварник').waitFor()
    await shop.waitForTimeout(300)
    await shop.screenshot({ path: new URL('widget-ru.png', OUT).pathname })
  } finally {
    stop()
    await browser.close()
    await t.close()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
