/**
 * Serves the built operator app (`npm run build` writes it to `dist/app`) at `/`: its files with their content
 * types, and `index.html` for any other page path, so the app's own routes survive a reload. Never answers under
 * `/api`, `/sync` or `/hooks`; a missing file that looks like one (`/assets/x.js`) is a 404, not the page.
 * Only the hashed assets may be cached as they are; everything else, the service worker `sw.js` above all, is
 * checked with the server on each use, so a new build reaches the browser on its next load.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'
import { getMimeType } from 'hono/utils/mime'

const RESERVED = /^\/(?:api|sync|hooks)(?:\/|$)/

/** Vite names everything under `assets/` by its content hash: cacheable forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** `index.html`, `sw.js`, the manifest, the icon: cached, but revalidated each time. */
const REVALIDATE = 'no-cache'

/** Spelled out for the files the browser is strict about (the manifest, the installed icon). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
}

const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file)] ?? getMimeType(file) ?? 'application/octet-stream'

const isFile = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

const decodePath = (path: string): string | null => {
  try {
    const decoded = decodeURIComponent(path)
    return decoded.includes('\0') ? null : decoded
  } catch {
    return null
  }
}

const send = async (c: Context, file: string, cacheControl: string): Promise<Response> => {
  c.header('Content-Type', contentTypeOf(file))
  c.header('Cache-Control', cacheControl)
  c.header('X-Content-Type-Options', 'nosniff')
  if (c.req.method === 'HEAD') {
    c.header('Content-Length', String((await stat(file)).size))
    return c.body(null, 200)
  }
  return c.body(await readFile(file), 200)
}

export const serveApp = (appDir: string): MiddlewareHandler => {
  const root = resolve(appDir)
  const indexHtml = join(root, 'index.html')
  return async (c, next) => {
    const method = c.req.method
    if ((method !== 'GET' && method !== 'HEAD') || RESERVED.test(c.req.path)) return next()
    const path = decodePath(c.req.path)
    if (path === null) return next()
    const file = resolve(root, `.${path}`)
    if (file !== root && !file.startsWith(root + sep)) return next()
    if (file !== root && (await isFile(file))) {
      return send(c, file, path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE)
    }
    if (extname(path) !== '') return next()
    if (!(await isFile(indexHtml))) {
      return c.json(
        {
          code: 'app_not_built',
          message:
            'The operator app is not built: run `npm run build` (npm start does it when it is missing).',
        },
        503,
      )
    }
    return send(c, indexHtml, REVALIDATE)
  }
}
