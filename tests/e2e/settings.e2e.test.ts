/**
 * The admin's settings in a real browser against a real server (seed 000 «Настройки доступа», issue 5): each step
 * through the UI, then checked in the server's own state.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { assertE2eReady, logIn, newPage, until, withServerAndBrowser } from '../helpers/browser'
import { ADMIN } from '../helpers/server'

describe('e2e: the admin settings', () => {
  beforeAll(assertE2eReady)

  it('an admin creates a limited operator, a widget channel, a tag and a token; an operator sees no Settings', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const services = t.server.services
      const sales = await t.channel('Sales bot', 'telegram')
      await t.channel('Support site', 'widget')

      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, ADMIN.email, ADMIN.password)
      await page.getByText('Online', { exact: true }).waitFor()
      await page.getByRole('button', { name: 'Settings', exact: true }).click()
      const tabs = page.getByRole('tablist', { name: 'Settings sections' })
      await tabs.getByRole('tab', { name: 'Users', selected: true }).waitFor()

      // Users: a required field left blank is named in the form; then Olga, limited to the Sales bot.
      await page.getByRole('button', { name: 'Add user', exact: true }).click()
      const userForm = page.getByRole('dialog', { name: 'Add user' })
      await userForm.getByRole('button', { name: 'Create', exact: true }).click()
      await userForm.getByRole('alert').getByText('Fill in “Name”').waitFor()
      await userForm.getByLabel('Name', { exact: true }).fill('Olga')
      await userForm.getByLabel('Email', { exact: true }).fill('olga@test.local')
      await userForm.getByLabel('Password', { exact: true }).fill('olga-password-1')
      await userForm.getByRole('checkbox', { name: 'All channels' }).uncheck()
      await userForm.getByRole('checkbox', { name: /Sales bot/ }).check()
      await userForm.getByRole('button', { name: 'Create', exact: true }).click()
      await userForm.waitFor({ state: 'detached' })
      const olgaRow = page.getByRole('row', { name: 'Olga' })
      await olgaRow.getByText('Sales bot').waitFor()
      const olga = services.operators.list().find((op) => op.email === 'olga@test.local')
      expect(olga).toMatchObject({ name: 'Olga', role: 'operator', active: true, channels: [sales] })

      // Channels: a website widget, then its embed tag to copy.
      await tabs.getByRole('tab', { name: 'Channels' }).click()
      await page.getByRole('button', { name: 'Add channel', exact: true }).click()
      const channelForm = page.getByRole('dialog', { name: 'Add channel' })
      await channelForm.getByLabel('Kind').selectOption('widget')
      await channelForm.getByLabel('Name', { exact: true }).fill('Shop widget')
      await channelForm.getByLabel('Greeting').fill('Hello! How can we help?')
      await channelForm.getByRole('button', { name: 'Create', exact: true }).click()
      const created = page.getByRole('region', { name: 'Channel “Shop widget” created' })
      const embed = await created.getByLabel('Embed code').inputValue()
      const widget = services.channels.list().find((c) => c.name === 'Shop widget')
      expect(widget).toMatchObject({
        kind: 'widget',
        enabled: true,
        config: { greeting: 'Hello! How can we help?' },
      })
      expect(embed).toContain('<script')
      expect(embed).toContain(widget!.id)
      await page.getByRole('row', { name: 'Shop widget' }).waitFor()

      // Tags: one added; the same name again is refused, and the server's reason is shown.
      await tabs.getByRole('tab', { name: 'Tags' }).click()
      await page.getByLabel('Tag name').fill('VIP')
      await page.getByRole('button', { name: 'Add tag', exact: true }).click()
      await page.getByRole('list', { name: 'Tags' }).getByText('VIP').waitFor()
      expect(services.tags.list().map((tag) => tag.name)).toEqual(['VIP'])
      await page.getByLabel('Tag name').fill('vip')
      await page.getByRole('button', { name: 'Add tag', exact: true }).click()
      await page.getByRole('alert').getByText('Failed: that tag exists').waitFor()
      expect(services.tags.list()).toHaveLength(1)

      // Tokens: a read token, shown once, then revoked.
      await tabs.getByRole('tab', { name: 'API tokens' }).click()
      await page.getByLabel('Token name').fill('CRM export')
      await page.getByLabel('Scope').selectOption('read')
      await page.getByRole('button', { name: 'Create token', exact: true }).click()
      const shown = page.getByRole('region', { name: 'New token' })
      await shown.getByText('Copy the token now: it will not be shown again').waitFor()
      const token = await shown.getByLabel('New token').inputValue()
      expect(token).toMatch(/^sbt_/)
      expect(services.apiTokens.verify(token)).toMatchObject({
        name: 'CRM export',
        scope: 'read',
        channels: null,
      })
      await shown.getByRole('button', { name: 'Done', exact: true }).click()
      await shown.waitFor({ state: 'detached' })
      expect(await page.content()).not.toContain(token)
      await page.getByRole('row', { name: 'CRM export' }).getByRole('button', { name: 'Revoke' }).click()
      await page.getByRole('row', { name: 'CRM export' }).getByText('Revoked').waitFor()
      expect(services.apiTokens.verify(token)).toBeNull()

      // Audit: every step above, newest first, by the admin.
      await tabs.getByRole('tab', { name: 'Audit log' }).click()
      const audit = page.getByRole('table', { name: 'Audit log' })
      await audit.getByText('token.revoke').waitFor()
      const actions = services.audit.page(Number.MAX_SAFE_INTEGER, 100).map((e) => e.action)
      for (const action of [
        'operator.create',
        'channel.create',
        'tag.create',
        'token.create',
        'token.revoke',
      ]) {
        expect(actions).toContain(action)
        await audit.getByText(action, { exact: true }).first().waitFor()
      }
      const firstRow = audit.getByRole('row').nth(1)
      expect(await firstRow.textContent()).toContain('token.revoke')
      expect(await firstRow.textContent()).toContain('Admin')

      // A plain operator has no way into the settings.
      const other = await newPage(browser, 'en-US')
      await other.page.goto(t.url)
      await logIn(other.page, 'olga@test.local', 'olga-password-1')
      await other.page.getByText('Online', { exact: true }).waitFor()
      await other.page.getByRole('button', { name: 'All', exact: true }).waitFor()
      await until(
        async () => (await other.page.getByRole('button', { name: 'Settings' }).count()) === 0,
        'no Settings for an operator',
      )
      expect(await other.page.getByRole('tablist').count()).toBe(0)
    })
  })

  it('an admin edits an operator’s access and password, deactivates them, and rotates a channel’s secret', async () => {
    await withServerAndBrowser(async (t, browser) => {
      const services = t.server.services
      const vk = await t.channel('VK group', 'vk', {
        groupId: 7,
        accessToken: 'old-token',
        secret: 'old-secret',
        confirmationCode: 'abc123',
      })
      await t.api('/api/admin/tags', { token: t.adminToken, body: { name: 'Премиум' } })
      const olga = await t.operator({ email: 'olga@test.local', name: 'Olga' })

      const { page } = await newPage(browser, 'en-US')
      await page.goto(t.url)
      await logIn(page, ADMIN.email, ADMIN.password)
      await page.getByRole('button', { name: 'All', exact: true }).click()
      await page.getByRole('button', { name: 'Settings', exact: true }).click()

      // Olga: the tag filter «Премиум» and a new password; a too short one is refused by the server first.
      await page.getByRole('row', { name: 'Olga' }).getByRole('button', { name: 'Edit' }).click()
      const form = page.getByRole('dialog', { name: 'Edit user' })
      expect(await form.getByLabel('New password (blank: keep)').inputValue()).toBe('')
      await form.getByRole('checkbox', { name: 'Премиум' }).check()
      await form.getByLabel('New password (blank: keep)').fill('short')
      await form.getByRole('button', { name: 'Save', exact: true }).click()
      await form
        .getByRole('alert')
        .getByText(/^Failed: /)
        .waitFor()
      expect(services.operators.byId(olga.id)?.tags).toEqual([])
      await form.getByLabel('New password (blank: keep)').fill('olga-new-password')
      await form.getByRole('button', { name: 'Save', exact: true }).click()
      await form.waitFor({ state: 'detached' })
      expect(services.operators.byId(olga.id)?.tags).toEqual(['Премиум'])
      expect(
        (
          await t.api('/api/auth/login', {
            body: { email: 'olga@test.local', password: 'olga-new-password' },
          })
        ).status,
      ).toBe(200)

      const row = page.getByRole('row', { name: 'Olga' })
      await row.getByRole('button', { name: 'Deactivate' }).click()
      await row.getByText('Deactivated').waitFor()
      expect(services.operators.byId(olga.id)?.active).toBe(false)
      await row.getByRole('button', { name: 'Reactivate' }).click()
      await row.getByText('Active', { exact: true }).waitFor()
      expect(services.operators.byId(olga.id)?.active).toBe(true)

      // The channel: renamed, one secret replaced; secret inputs are password fields and start empty.
      await page.getByRole('tab', { name: 'Channels' }).click()
      await page.getByRole('row', { name: 'VK group' }).getByRole('button', { name: 'Edit' }).click()
      const edit = page.getByRole('dialog', { name: 'Edit channel' })
      const token = edit.getByLabel('Access token')
      expect(await token.getAttribute('type')).toBe('password')
      expect(await token.inputValue()).toBe('')
      expect(await edit.getByLabel('Secret key').inputValue()).toBe('')
      await edit.getByLabel('Name', { exact: true }).fill('VK community')
      await token.fill('new-token')
      await edit.getByRole('button', { name: 'Save', exact: true }).click()
      await edit.waitFor({ state: 'detached' })
      expect(services.channels.byId(vk)).toMatchObject({
        name: 'VK community',
        config: { accessToken: 'new-token', secret: 'old-secret' },
      })
      const channelRow = page.getByRole('row', { name: 'VK community' })
      await channelRow.getByRole('button', { name: 'Disable' }).click()
      await channelRow.getByText('Disabled').waitFor()
      expect(services.channels.byId(vk)?.enabled).toBe(false)
      expect(await page.content()).not.toContain('old-secret')

      // Back to the chats: the inbox kept its state (the folder picked before) underneath the settings.
      await page.getByRole('button', { name: 'Back to chats', exact: true }).click()
      await page.getByRole('button', { name: 'All', exact: true, pressed: true }).waitFor()
      expect(await page.getByRole('tablist').count()).toBe(0)
    })
  })
})
