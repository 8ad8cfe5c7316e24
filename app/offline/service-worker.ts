/**
 * The app shell's service worker: the app starts with no network. `build/service-worker.ts` compiles this file
 * into `dist/app/sw.js` and defines `SHELL`: the build's files and a version hashed from their contents, so a new
 * build is a new worker with a new cache.
 *
 * - install: precache the shell (`index.html`, the hashed assets, the manifest and icon), bypassing the HTTP cache;
 * - activate: drop the caches of older builds and take over the open pages;
 * - a page load (navigation): the network first, the cached `index.html` when the network fails, times out or
 *   answers 5xx (the app routes itself, so one page serves every path);
 * - a precached file: from the cache, the network only if it is missing;
 * - everything else (`/api`, `/sync`, `/hooks`, other origins, non-GET, files not in the shell) is not touched.
 *
 * A classic script with no imports: it runs as `sw.js` in browsers without module workers.
 */

declare const SHELL: { readonly version: string; readonly files: readonly string[] }

const sw = self as unknown as ServiceWorkerGlobalScope

const CACHE_PREFIX = 'switchboard-shell-'
const CACHE = `${CACHE_PREFIX}${SHELL.version}`
const INDEX = '/index.html'
const NEVER = /^\/(?:api|sync|hooks)(?:\/|$)/
/** A page load that waits longer than this for the server opens the cached shell instead. */
const NAVIGATION_TIMEOUT_MS = 4_000

const precached = new Set(SHELL.files)

const install = async (): Promise<void> => {
  const cache = await caches.open(CACHE)
  // `reload`: straight from the server, never a stale copy from the HTTP cache under a new version.
  await cache.addAll(SHELL.files.map((file) => new Request(file, { cache: 'reload' })))
  await sw.skipWaiting()
}

const activate = async (): Promise<void> => {
  const names = await caches.keys()
  await Promise.all(
    names
      .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)),
  )
  await sw.clients.claim()
}

const timeout = (ms: number): Promise<never> =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))

const cachedShell = (): Promise<Response | undefined> => caches.match(INDEX, { cacheName: CACHE })

const navigate = async (request: Request): Promise<Response> => {
  try {
    const response = await Promise.race([fetch(request), timeout(NAVIGATION_TIMEOUT_MS)])
    if (response.status < 500) return response
    return (await cachedShell()) ?? response
  } catch (err) {
    const shell = await cachedShell()
    if (shell) return shell
    throw err
  }
}

const cacheFirst = async (request: Request): Promise<Response> =>
  (await caches.match(request, { cacheName: CACHE })) ?? fetch(request)

sw.addEventListener('install', (event) => event.waitUntil(install()))

sw.addEventListener('activate', (event) => event.waitUntil(activate()))

sw.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== sw.location.origin || NEVER.test(url.pathname)) return
  if (request.mode === 'navigate') event.respondWith(navigate(request))
  else if (precached.has(url.pathname)) event.respondWith(cacheFirst(request))
})
