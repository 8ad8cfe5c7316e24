/**
 * The settings' state and the admin HTTP client (`app/state/settings.ts`, `createAdminApi`) against a real server:
 * what the forms send, what they refuse before sending, and the server's refusals as the forms show them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  configOf,
  createRequest,
  createSettings,
  missingConfig,
  missingOperatorField,
  type SettingsState,
  valuesOf,
} from '../../app/state/settings'
import { ApiError, createAdminApi } from '../../app/sync'
import { startTestServer, type TestServer } from '../helpers/server'

describe('app: settings forms', () => {
  it('names the credentials a new channel lacks; a sandbox messenger channel and a widget need none', () => {
    expect(missingConfig('telegram', { botToken: '1:abc' }, false)).toEqual(['secretToken'])
    expect(missingConfig('vk', {}, false)).toEqual(['groupId', 'accessToken', 'secret', 'confirmationCode'])
    expect(missingConfig('whatsapp', {}, true)).toEqual([])
    expect(missingConfig('widget', {}, false)).toEqual([])
  })

  it('sends typed config with blank fields left out, so a blank secret keeps the stored one', () => {
    expect(
      configOf('vk', { groupId: ' 42 ', accessToken: 'tok', secret: '', confirmationCode: '  ' }),
    ).toEqual({
      groupId: 42,
      accessToken: 'tok',
    })
    expect(configOf('widget', { allowedOrigins: 'https://a.test, https://b.test\nhttps://c.test' })).toEqual({
      allowedOrigins: ['https://a.test', 'https://b.test', 'https://c.test'],
    })
    expect(configOf('telegram', { botToken: 'x' }, true)).toEqual({ sandbox: true })
  })

  it('fills the edit form from the stored settings and sends them back unchanged', () => {
    const stored = { title: 'Поддержка', allowedOrigins: ['https://a.test', 'https://b.test'] }
    const values = valuesOf(stored)
    expect(values).toEqual({ title: 'Поддержка', allowedOrigins: 'https://a.test, https://b.test' })
    expect(configOf('widget', values)).toEqual(stored)
    expect(configOf('vk', valuesOf({ groupId: 42, apiVersion: '5.199' }))).toEqual({ groupId: 42 })
  })

  it('asks for a password only for a new operator', () => {
    expect(missingOperatorField({ name: ' ', email: 'a@b.c', password: 'x' }, true)).toBe('name')
    expect(missingOperatorField({ name: 'A', email: '', password: 'x' }, true)).toBe('email')
    expect(missingOperatorField({ name: 'A', email: 'a@b.c', password: '' }, true)).toBe('password')
    expect(missingOperatorField({ name: 'A', email: 'a@b.c', password: '' }, false)).toBeNull()
  })
})

describe('app: settings against the server', () => {
  let t: TestServer
  let settings: SettingsState
  beforeEach(async () => {
    t = await startTestServer()
    settings = createSettings(createAdminApi(t.adminToken, t.url))
  })
  afterEach(() => t.close())

  it('creates and edits an operator with their access, and reloads the audit log after each change', async () => {
    const channel = await t.channel('Site')
    await settings.createTag({ name: 'Премиум', color: '#aa0000' })
    await settings.reload()
    const olga = await settings.createOperator({
      email: 'olga@test.local',
      name: 'Olga',
      password: 'olga-password-1',
      role: 'operator',
      channels: [channel],
      tags: ['Премиум'],
    })
    expect(settings.operators().map((op) => op.name)).toEqual(['Admin', 'Olga'])
    await settings.updateOperator(olga.id, { active: false, password: 'another-password' })
    const stored = t.server.services.operators.byId(olga.id)
    expect(stored).toMatchObject({ active: false, channels: [channel], tags: ['Премиум'] })
    expect(settings.operators().find((op) => op.id === olga.id)?.active).toBe(false)
    expect(settings.audit()[0]).toMatchObject({ action: 'operator.update', target: olga.id })
    expect(settings.audit()[0]?.details).toMatchObject({ password: '(changed)' })
  })

  it('rotates one credential of a channel and keeps the others, and disables it', async () => {
    const vk = await t.channel('VK group', 'vk', {
      groupId: 7,
      accessToken: 'old-token',
      secret: 'old-secret',
      confirmationCode: 'abc123',
    })
    await settings.reload()
    await settings.updateChannel(vk, {
      name: 'VK community',
      config: configOf('vk', { accessToken: 'new-token' }),
    })
    await settings.updateChannel(vk, { enabled: false })
    expect(t.server.services.channels.byId(vk)).toMatchObject({
      name: 'VK community',
      enabled: false,
      config: { groupId: 7, accessToken: 'new-token', secret: 'old-secret', confirmationCode: 'abc123' },
    })
    // The list the admin sees has no credentials in it.
    expect(JSON.stringify(settings.channels())).not.toContain('new-token')
    expect(settings.channels()).toEqual([{ id: vk, kind: 'vk', name: 'VK community', enabled: false }])
  })

  it('shows the server’s refusal in its words: a duplicate tag, a bad credential, a non-admin', async () => {
    await settings.createTag({ name: 'VIP' })
    const request = createRequest()
    expect(await request.run(() => settings.createTag({ name: 'vip' }))).toBeUndefined()
    expect(request.failure()).toEqual({ status: 409, message: 'that tag exists' })

    const refused = await settings
      .createChannel({ kind: 'telegram', name: 'Bot', config: { botToken: 'nope', secretToken: 's' } })
      .catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(ApiError)
    expect((refused as ApiError).status).toBe(400)
    expect(t.server.services.channels.list()).toEqual([])

    const op = await t.operator({ email: 'ivan@test.local' })
    const denied = await createAdminApi(op.token, t.url)
      .tokens()
      .catch((err: unknown) => err)
    expect(denied).toMatchObject({ status: 403, message: 'admins only' })
  })

  it('creates a token once, lists it without the secret, and revokes it', async () => {
    const token = await settings.createToken({ name: 'CRM', scope: 'send', channels: null })
    expect(t.server.services.apiTokens.verify(token)).toMatchObject({ name: 'CRM', scope: 'send' })
    expect(JSON.stringify(settings.tokens())).not.toContain(token)
    const id = settings.tokens()[0]!.id
    await settings.revokeToken(id)
    expect(t.server.services.apiTokens.verify(token)).toBeNull()
    expect(settings.tokens()[0]?.revokedAt).not.toBeNull()
    expect(settings.audit().map((e) => e.action)).toEqual(['token.revoke', 'token.create'])
  })
})
