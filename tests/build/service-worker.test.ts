/**
 * The service worker's build step: which files the shell precaches and when its version changes; and the real
 * build (`vite build` runs before the tests in `npm test`) checked against what is on disk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SERVICE_WORKER_FILE, shellOf } from '../../build/service-worker'
import { APP_DIR } from '../helpers/server'

const FILES = [
  { name: 'index.html', content: '<!doctype html>' },
  { name: 'assets/index-abc.js', content: 'console.log(1)' },
  { name: 'assets/index-abc.js.map', content: '{}' },
  { name: 'assets/index-def.css', content: new TextEncoder().encode('body{}') },
  { name: 'manifest.webmanifest', content: '{}' },
  { name: SERVICE_WORKER_FILE, content: 'old worker' },
]

describe('service worker build: the shell', () => {
  it('precaches every built file under the base, sorted, but no source map and not the worker itself', () => {
    expect(shellOf(FILES, 'worker').files).toEqual([
      '/assets/index-abc.js',
      '/assets/index-def.css',
      '/index.html',
      '/manifest.webmanifest',
    ])
    expect(shellOf(FILES, 'worker', '/app/').files[0]).toBe('/app/assets/index-abc.js')
  })

  it('has a new version when any precached byte or the worker changes, the same one otherwise', () => {
    const { version } = shellOf(FILES, 'worker')
    expect(version).toMatch(/^[0-9a-f]{16}$/)
    expect(shellOf([...FILES].reverse(), 'worker').version).toBe(version)
    expect(shellOf(FILES, 'worker 2').version).not.toBe(version)
    const changed = FILES.map((f) => (f.name === 'index.html' ? { ...f, content: '<!doctype html> ' } : f))
    expect(shellOf(changed, 'worker').version).not.toBe(version)
    const mapOnly = FILES.map((f) => (f.name.endsWith('.map') ? { ...f, content: '{"v":2}' } : f))
    expect(shellOf(mapOnly, 'worker').version).toBe(version)
  })
})

describe('service worker build: dist/app', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [relative(APP_DIR, join(dir, e.name)).split(sep).join('/')],
    )

  it('sw.js precaches exactly the built files (index.html, the hashed assets, manifest, icon)', () => {
    const path = join(APP_DIR, SERVICE_WORKER_FILE)
    if (!existsSync(path)) throw new Error(`no ${path}: run \`npm run build\` first (npm test does)`)
    const worker = readFileSync(path, 'utf8')
    const files = JSON.parse(/"?files"?:\s*(\[[^\]]*\])/.exec(worker)?.[1] ?? 'null') as string[] | null
    const onDisk = walk(APP_DIR)
      .filter((name) => !name.endsWith('.map') && name !== SERVICE_WORKER_FILE)
      .map((name) => `/${name}`)
      .sort()
    expect(files).toEqual(onDisk)
    expect(onDisk).toEqual(
      expect.arrayContaining([
        '/index.html',
        '/manifest.webmanifest',
        '/icon.svg',
        expect.stringMatching(/^\/assets\/.+\.js$/),
      ]),
    )
    const html = readFileSync(join(APP_DIR, 'index.html'), 'utf8')
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"')
  })
})
