/**
 * A real browser for the app's end-to-end tests: Debian's Chromium (`.ci/run` installs it; `CHROMIUM_PATH`
 * points elsewhere) driven by playwright-core, headless, with nothing that reaches outside this machine.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { APP_DIR, OPERATOR_PASSWORD, startTestServer, type TestServer } from './server'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Fails early and clearly when the app or the browser is missing, rather than with a timeout. */
export const assertE2eReady = (): void => {
  if (!existsSync(join(APP_DIR, 'index.html'))) {
    throw new Error(`the app is not built (${APP_DIR}): run \`npm run build\` first (npm test does)`)
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`)
  }
}

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 15_000 })

export interface BrowserPage {
  readonly context: BrowserContext
  readonly page: Page
}

/** A fresh context (its own localStorage and IndexedDB) and page; `locale` is what `navigator.language` says. */
export const newPage = async (browser: Browser, locale = 'ru-RU'): Promise<BrowserPage> => {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 860 } })
  const page = await context.newPage()
  page.setDefaultTimeout(8_000)
  return { context, page }
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export const until = async (
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 8_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Runs `body` with a fresh server and browser, and closes both however it ends. */
export const withServerAndBrowser = async (
  body: (t: TestServer, browser: Browser) => Promise<void>,
): Promise<void> => {
  const t = await startTestServer()
  let browser: Browser | null = null
  try {
    browser = await launchBrowser()
    await body(t, browser)
  } finally {
    await browser?.close()
    await t.close()
  }
}

/** Logs in through the login screen, in English. */
export const logIn = async (page: Page, email: string, password = OPERATOR_PASSWORD): Promise<void> => {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
}

/**
 * The page's y-indexeddb databases whose names start with `prefix`, each (by the rest of its name) with how many
 * updates it holds.
 */
export const storedDatabases = (page: Page, prefix: string): Promise<Record<string, number>> =>
  // No named function inside: the benches run under tsx, whose esbuild wraps named functions in a `__name` helper
  // the page does not have.
  page.evaluate(async (prefix) => {
    const names = (await indexedDB.databases()).flatMap((db) =>
      db.name?.startsWith(prefix) ? [db.name] : [],
    )
    const entries = await Promise.all(
      names.map(
        (name) =>
          new Promise<[string, number]>((resolve) => {
            const key = name.slice(prefix.length)
            const open = indexedDB.open(name)
            open.onerror = () => resolve([key, 0])
            open.onsuccess = () => {
              const db = open.result
              if (!db.objectStoreNames.contains('updates')) {
                db.close()
                resolve([key, 0])
                return
              }
              const req = db.transaction('updates').objectStore('updates').count()
              req.onsuccess = () => resolve([key, req.result])
              req.onerror = () => resolve([key, 0])
              req.transaction?.addEventListener('complete', () => db.close())
            }
          }),
      ),
    )
    return Object.fromEntries(entries)
  }, prefix)

/** How many updates y-indexeddb holds for the database whose name contains `part` (0 when there is none). */
export const storedUpdates = async (page: Page, part: string): Promise<number> => {
  const all = await storedDatabases(page, '')
  const name = Object.keys(all).find((n) => n.includes(part))
  return name === undefined ? 0 : (all[name] ?? 0)
}

/** Resolves once a service worker is active and controls the page, so a reload offline gets the app. */
export const controlledByServiceWorker = (page: Page): Promise<unknown> =>
  page.waitForFunction(
    async () => {
      const registration = await navigator.serviceWorker.ready
      return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null
    },
    undefined,
    { timeout: 20_000, polling: 200 },
  )
