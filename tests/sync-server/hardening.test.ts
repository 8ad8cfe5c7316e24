import { afterEach, describe, expect, it } from 'vitest'
import { chatDocName } from '../../model'
import { SESSION_COOKIE } from '../../sync-server/app'
import {
  eventually,
  OPERATOR_PASSWORD,
  startTestServer,
  syncClient,
  type TestServer,
} from '../helpers/server'

describe('hardening', () => {
  let t: TestServer
  let offset = 0

  afterEach(async () => {
    await t.close()
    offset = 0
  })

  const login = (email: string, password: string) =>
    t.api<{ code?: string; token?: string }>('/api/auth/login', { body: { email, password } })

  it('a login flood is slowed with 429 and a wait, and the window ends on its own', async () => {
    t = await startTestServer({ now: () => Date.now() + offset })
    await t.operator({ email: 'anna@test.local' })
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await login('anna@test.local', `guess-${i}`)).status)
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
    // Even the right password waits while the window lasts...
    const blocked = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@test.local', password: OPERATOR_PASSWORD }),
    })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await blocked.json()).toMatchObject({ code: 'too_many_requests' })
    // ...and not forever.
    offset += 16 * 60_000
    expect((await login('anna@test.local', OPERATOR_PASSWORD)).status).toBe(200)
  })

  it('refuses oversized bodies with 413 and keeps what was there', async () => {
    t = await startTestServer()
    const before = (await t.api<{ items: unknown[] }>('/api/operators', { token: t.adminToken })).body.items
      .length
    const huge = await t.api<{ code: string }>('/api/operators', {
      token: t.adminToken,
      body: { email: 'big@test.local', name: 'x'.repeat(2 * 1024 * 1024), password: 'password-123' },
    })
    expect(huge).toMatchObject({ status: 413, body: { code: 'too_large' } })
    expect(
      (await t.api<{ items: unknown[] }>('/api/operators', { token: t.adminToken })).body.items,
    ).toHaveLength(before)
  })

  it('a non-admin calling an admin route gets 403 and nothing changes', async () => {
    t = await startTestServer()
    const anna = await t.operator({ email: 'anna@test.local' })
    const res = await t.api<{ code: string }>('/api/channels', {
      token: anna.token,
      body: { kind: 'widget', name: 'Чужой сайт' },
    })
    expect(res).toMatchObject({ status: 403, body: { code: 'forbidden' } })
    expect(t.server.services.channels.list()).toHaveLength(0)
  })

  it('a cookie-authenticated write from another site is refused (CSRF); from our own pages it goes', async () => {
    t = await startTestServer()
    await t.operator({ email: 'anna@test.local' })
    const session = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@test.local', password: OPERATOR_PASSWORD }),
    })
    const cookie = session.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true)
    expect(session.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    expect(session.headers.get('set-cookie')).toMatch(/SameSite=Lax/i)
    const logout = (origin?: string) =>
      fetch(`${t.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie, ...(origin && { origin }) },
      })
    const forged = await logout('https://evil.example')
    expect(forged.status).toBe(403)
    expect((await fetch(`${t.url}/api/me`, { headers: { cookie } })).status).toBe(200)
    expect((await logout()).status).toBe(403)
    expect((await logout(t.url)).status).toBe(200)
    expect((await fetch(`${t.url}/api/me`, { headers: { cookie } })).status).toBe(401)
  })

  it('logs out everywhere: every session ends and open sockets close', async () => {
    t = await startTestServer()
    const anna = await t.operator({ email: 'anna@test.local' })
    const second = await t.login('anna@test.local', OPERATOR_PASSWORD)
    const client = syncClient(t.wsUrl, second)
    client.open(chatDocName('none'))
    await eventually(() => client.status === 'online', 'online')
    const statuses: string[] = []
    client.onStatus((s) => statuses.push(s))
    expect((await t.api('/api/auth/logout-all', { token: anna.token, body: {} })).status).toBe(200)
    expect((await t.api('/api/me', { token: second })).status).toBe(401)
    expect((await t.api('/api/me', { token: anna.token })).status).toBe(401)
    await eventually(() => client.status !== 'online', 'the socket is closed')
    expect(statuses[0]).not.toBe('online')
    client.destroy()
  })

  it('sends security headers: a CSP for the app, shareable resources for the widget', async () => {
    t = await startTestServer()
    const page = await fetch(`${t.url}/`)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain('connect-src')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const script = await fetch(`${t.url}/widget.js`)
    expect(script.headers.get('content-security-policy')).toBeNull()
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
  })
})
