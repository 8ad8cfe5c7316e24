/**
 * A session that ends on the server (deactivation, "log out everywhere") ends in the browser too: the refused
 * reconnection is checked against the API, and the app returns to the login screen instead of retrying forever.
 */
import { describe, expect, it } from 'vitest'
import { assertE2eReady, launchBrowser, logIn, newPage } from '../helpers/browser'
import { startTestServer } from '../helpers/server'

describe('e2e: a session ended on the server', () => {
  it('brings the operator back to the login screen', async () => {
    assertE2eReady()
    const t = await startTestServer()
    const browser = await launchBrowser()
    try {
      const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, 'olga@test.local')
      await page.getByText('Online', { exact: true }).waitFor()

      // The server ends every session of hers and drops her socket.
      t.server.services.sessions.revokeAll(op.id)
      for (const conn of t.server.connections) conn.close(1012, 'restart')

      await page.getByRole('button', { name: 'Log in', exact: true }).waitFor({ timeout: 10_000 })
      expect(await page.getByLabel('Email').isVisible()).toBe(true)
    } finally {
      await browser.close()
      await t.close()
    }
  })
})
