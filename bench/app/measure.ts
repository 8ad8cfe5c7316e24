/**
 * `npm run bench -- app`: the operator app in a real Chromium against a real server holding the seeded workspace
 * (bench/app/seed.ts). Measures, several times each, in the browser's own clock:
 *
 * - the inbox's cold start: a reload, from the navigation start to the first rows painted with every summary
 *   loaded (the app's `switchboard:inbox-ready` mark); offline, so only the service worker and IndexedDB serve
 *   the page, and online;
 * - a chat of `bigMessages` messages opened: from the click on its card to its last lines painted
 *   (`switchboard:chat-ready`); its doc in IndexedDB (first open after a reload, and reopened in the same tab), and
 *   not stored yet (from the server).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { build } from 'vite'
import { chatDocName, Folder, indexChats, indexDocName, inFolder, waitingCount } from '../../model'
import { type RunningServer, startServer } from '../../sync-server'
import {
  controlledByServiceWorker,
  launchBrowser,
  logIn,
  newPage,
  storedUpdates,
  until,
} from '../../tests/helpers/browser'
import {
  CHAT_READY,
  clearMarks,
  deleteStored,
  domContentLoaded,
  INBOX_READY,
  lastClickAt,
  type Mark,
  recordClicks,
  waitForMark,
} from './page'
import { BENCH_OPERATOR, BENCH_PASSWORD, readSeed, type SeedInfo, seedConfig, seedWorkspace } from './seed'

export interface AppBenchOptions {
  readonly chats: number
  readonly bigMessages: number
  readonly runs: number
  /** A data dir to seed once and reuse; `null`: a temporary one, removed afterwards. */
  readonly dataDir: string | null
  /** A built app to serve; `null`: build the current sources into a temporary folder. */
  readonly appDir: string | null
}

export type SeriesName = 'coldOffline' | 'coldOnline' | 'chatStored' | 'chatReopen' | 'chatServer'

export interface Series {
  readonly name: SeriesName
  /** Milliseconds per run. */
  readonly samples: number[]
  /** When the page had run the app's code (DOMContentLoaded), per run: cold starts only. */
  readonly shell: number[]
  error: string | null
}

export interface AppBenchResult {
  readonly options: AppBenchOptions
  readonly seed: SeedInfo
  readonly seededSeconds: number | null
  readonly series: Series[]
  /** What the app showed, as checked against the server's index: rows and counters. */
  readonly expected: Expected
}

export interface Expected {
  readonly rows: number
  readonly counts: Readonly<Record<Folder, number>>
  readonly total: number
}

const repo = fileURLToPath(new URL('../..', import.meta.url))

const buildApp = async (outDir: string): Promise<void> => {
  await build({
    configFile: join(repo, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

/** What the operator's index holds now: the Unassigned rows and the three counters the app must show. */
const expectedOf = (server: RunningServer): Expected => {
  const operator = server.services.operators.credentials(BENCH_OPERATOR.email)?.operator
  if (!operator) throw new Error('the seeded workspace has no bench operator')
  const index = server.hub.open(indexDocName(server.services.access.groupKey(operator)))
  const summaries = [...indexChats(index.doc).values()]
  const now = Date.now()
  return {
    rows: summaries.filter((s) => inFolder(s, Folder.unassigned, operator.id, now)).length,
    counts: {
      unassigned: waitingCount(summaries, Folder.unassigned, operator.id, now),
      mine: waitingCount(summaries, Folder.mine, operator.id, now),
      all: waitingCount(summaries, Folder.all, operator.id, now),
    },
    total: summaries.length,
  }
}

/** A cold start's mark must carry the whole index: the Unassigned rows and every counter. */
const checkInbox = (mark: Mark, expected: Expected): void => {
  const counts = mark.detail.counts as Record<string, number> | undefined
  const ok =
    mark.detail.rows === expected.rows &&
    counts?.unassigned === expected.counts.unassigned &&
    counts?.mine === expected.counts.mine &&
    counts?.all === expected.counts.all
  if (!ok) {
    throw new Error(
      `the inbox was marked ready with ${JSON.stringify(mark.detail)}, expected rows ${expected.rows} and counts ${JSON.stringify(expected.counts)}`,
    )
  }
}

/** A chat open's mark must carry its last page of lines (Timeline's HISTORY_PAGE, 50) out of all of them. */
const checkChat = (mark: Mark, seed: SeedInfo): void => {
  const { lines, total } = mark.detail as { lines?: number; total?: number }
  if (lines !== 50 || total === undefined || total < seed.bigMessages) {
    throw new Error(
      `the chat was marked ready with ${JSON.stringify(mark.detail)}, expected its last 50 lines`,
    )
  }
}

interface Ctx {
  readonly page: Page
  readonly url: string
  readonly seed: SeedInfo
  readonly expected: Expected
  readonly log: (line: string) => void
}

const card = (page: Page, name: RegExp) =>
  page.getByRole('region', { name: 'Chats' }).locator('.chat-row .card').filter({ hasText: name }).first()
const bigCard = (page: Page) => card(page, /Big Chat/)
const otherCard = (page: Page) =>
  page
    .getByRole('region', { name: 'Chats' })
    .locator('.chat-row .card')
    .filter({ hasNotText: /Big Chat/ })
    .first()

/** Reloads and waits for the inbox; returns the mark (checked) and when the app's code had run. */
const coldStart = async (c: Ctx): Promise<{ ms: number; shell: number }> => {
  await c.page.reload({ waitUntil: 'load' })
  const mark = await waitForMark(c.page, INBOX_READY, null)
  checkInbox(mark, c.expected)
  return { ms: mark.startTime, shell: await domContentLoaded(c.page) }
}

/** Clicks the big chat's card and waits for its last lines; the time from the click the page saw. */
const openBig = async (c: Ctx): Promise<number> => {
  await clearMarks(c.page, CHAT_READY)
  await bigCard(c.page).click()
  const mark = await waitForMark(c.page, CHAT_READY, c.seed.bigChatId)
  const clickAt = await lastClickAt(c.page)
  if (clickAt === null) throw new Error('the page saw no click')
  checkChat(mark, c.seed)
  return mark.startTime - clickAt
}

/** Another chat on screen, so the big one's pane is closed (its doc may stay open for the warm set). */
const openOther = async (c: Ctx): Promise<void> => {
  await clearMarks(c.page, CHAT_READY)
  await otherCard(c.page).click()
  await waitForMark(c.page, CHAT_READY, null)
}

const measure = async (
  series: Series,
  runs: number,
  c: Ctx,
  run: () => Promise<number | { ms: number; shell: number }>,
) => {
  try {
    for (let i = 0; i < runs; i++) {
      const result = await run()
      series.samples.push(typeof result === 'number' ? result : result.ms)
      if (typeof result !== 'number') series.shell.push(result.shell)
    }
    c.log(`${series.name}: ${series.samples.map((ms) => ms.toFixed(0)).join(', ')} ms`)
  } catch (error) {
    series.error = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed'
    c.log(`${series.name}: FAILED: ${series.error}`)
  }
}

/** Logs in, opens the big chat once, and waits until the index and the big chat are in IndexedDB. */
const prepare = async (c: Ctx): Promise<void> => {
  const { page } = c
  await page.goto(c.url)
  await logIn(page, BENCH_OPERATOR.email, BENCH_PASSWORD)
  await bigCard(page).waitFor({ timeout: 60_000 })
  await page.getByText('Online', { exact: true }).waitFor({ timeout: 30_000 })
  await controlledByServiceWorker(page)
  await until(async () => (await storedUpdates(page, '/index:')) > 0, 'the index doc in IndexedDB', 60_000)
  await openBig(c)
  await page
    .getByRole('list', { name: 'Message history' })
    .getByText(c.seed.bigLastText, { exact: true })
    .waitFor()
  const bigSuffix = `/${chatDocName(c.seed.bigChatId)}`
  await until(async () => (await storedUpdates(page, bigSuffix)) > 0, 'the big chat in IndexedDB', 60_000)
}

export const benchApp = async (
  options: AppBenchOptions,
  log: (line: string) => void,
): Promise<AppBenchResult> => {
  const temp = mkdtempSync(join(tmpdir(), 'switchboard-bench-app-'))
  const dataDir = options.dataDir ?? join(temp, 'data')
  let server: RunningServer | null = null
  let browser: Browser | null = null
  try {
    let seed = readSeed(dataDir, options.chats, options.bigMessages)
    let seededSeconds: number | null = null
    if (seed) log(`app: reusing the seeded workspace in ${dataDir}`)
    else {
      log(`app: seeding ${options.chats} chats and one of ${options.bigMessages} messages into ${dataDir}`)
      const started = Date.now()
      seed = await seedWorkspace(dataDir, { chats: options.chats, bigMessages: options.bigMessages, log })
      seededSeconds = (Date.now() - started) / 1000
    }
    let appDir = options.appDir
    if (appDir === null) {
      appDir = join(temp, 'app')
      log(`app: building the app into ${appDir}`)
      await buildApp(appDir)
    }
    server = await startServer({ config: seedConfig(dataDir, { APP_DIR: appDir }) })
    const expected = expectedOf(server)
    log(
      `app: ${expected.total} chats in the index, ${expected.rows} in Unassigned; Chromium on ${server.url}`,
    )
    browser = await launchBrowser()
    const { context, page } = await newPage(browser, 'en-US')
    await recordClicks(context)
    const c: Ctx = { page, url: server.url, seed, expected, log }
    await prepare(c)

    const series = (name: SeriesName): Series => ({ name, samples: [], shell: [], error: null })
    const all = {
      coldOffline: series('coldOffline'),
      coldOnline: series('coldOnline'),
      chatStored: series('chatStored'),
      chatReopen: series('chatReopen'),
      chatServer: series('chatServer'),
    }
    // One unmeasured reload each way first: the caches of the browser (and of the OS) are as after a day's use.
    await context.setOffline(true)
    await coldStart(c)
    await measure(all.coldOffline, options.runs, c, () => coldStart(c))
    await context.setOffline(false)
    await coldStart(c)
    await measure(all.coldOnline, options.runs, c, () => coldStart(c))

    await measure(all.chatStored, options.runs, c, async () => {
      await coldStart(c)
      return openBig(c)
    })
    await measure(all.chatReopen, options.runs, c, async () => {
      await openOther(c)
      return openBig(c)
    })
    const bigSuffix = `/${chatDocName(seed.bigChatId)}`
    await measure(all.chatServer, options.runs, c, async () => {
      // From a page of the origin where the app does not run, so nothing holds the database open.
      await page.goto(`${server!.url}/api/health`)
      if ((await deleteStored(page, bigSuffix)) !== 1) throw new Error('the big chat was not stored')
      await page.goto(server!.url)
      await waitForMark(page, INBOX_READY, null)
      return openBig(c)
    })
    return { options, seed, seededSeconds, series: Object.values(all), expected }
  } finally {
    await browser?.close()
    await server?.close()
    // The temporary folder holds the built app, and the data unless a data dir to reuse was given.
    rmSync(temp, { recursive: true, force: true })
  }
}
