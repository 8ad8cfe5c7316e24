import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer, tempDir } from '../helpers/server'

const INDEX = '<!doctype html><title>app</title>'

describe('sync server: the operator app at /', () => {
  let t: TestServer
  let appDir: string

  beforeAll(async () => {
    appDir = tempDir()
    mkdirSync(join(appDir, 'assets'))
    writeFileSync(join(appDir, 'index.html'), INDEX)
    writeFileSync(join(appDir, 'assets', 'index-abc123.js'), 'console.log(1)')
    writeFileSync(join(appDir, 'assets', 'index-abc123.css'), 'body{}')
    writeFileSync(join(appDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(appDir, 'manifest.webmanifest'), '{"name":"Switchboard"}')
    writeFileSync(join(appDir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    t = await startTestServer({ env: { APP_DIR: appDir } })
  })

  afterAll(async () => {
    await t.close()
    rmSync(appDir, { recursive: true, force: true })
  })

  const get = (path: string, method = 'GET') => fetch(t.url + path, { method })

  it('serves index.html at / and the built files with their content types', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(await page.text()).toBe(INDEX)
    const js = await get('/assets/index-abc123.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toContain('immutable')
    expect(await js.text()).toBe('console.log(1)')
    expect((await get('/assets/index-abc123.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    )
    const head = await get('/', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(INDEX.length))
  })

  it('serves the service worker revalidated on every load, and the manifest and icon with their types', async () => {
    const worker = await get('/sw.js')
    expect(worker.status).toBe(200)
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(worker.headers.get('cache-control')).toBe('no-cache')
    const manifest = await get('/manifest.webmanifest')
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json')
    expect(manifest.headers.get('cache-control')).toBe('no-cache')
    expect(await manifest.json()).toEqual({ name: 'Switchboard' })
    expect((await get('/icon.svg')).headers.get('content-type')).toBe('image/svg+xml')
  })

  it('answers an unknown page path with index.html (the app routes itself), a missing file with 404', async () => {
    for (const path of ['/inbox', '/chats/abc/history', '/index.html']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toBe(INDEX)
    }
    const missing = await get('/assets/gone-123.js')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'not_found' })
  })

  it('never shadows /api, /sync or /hooks, and never serves outside its folder', async () => {
    // Under /api the sign-in check answers first (401); elsewhere no route is a 404. JSON either way.
    for (const [path, status] of [
      ['/api/nope', 401],
      ['/api', 401],
      ['/sync', 404],
      ['/sync/chat:x', 404],
      ['/hooks/some-channel', 404],
    ] as const) {
      const res = await get(path)
      expect(res.status, path).toBe(status)
      expect(res.headers.get('content-type'), path).toContain('application/json')
    }
    expect((await get('/api/health')).status).toBe(200)
    expect((await get('/api/me')).status).toBe(401)
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd.txt', '/assets/%00.js']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
    }
    expect((await get('/', 'POST')).status).toBe(404)
  })

  it('says how to build the app when it is missing', async () => {
    const bare = await startTestServer({ env: { APP_DIR: join(appDir, 'missing') } })
    try {
      const res = await fetch(`${bare.url}/`)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({
        code: 'app_not_built',
        message: expect.stringContaining('npm run build'),
      })
      expect((await fetch(`${bare.url}/api/health`)).status).toBe(200)
    } finally {
      await bare.close()
    }
  })
})
