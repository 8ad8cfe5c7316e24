/**
 * `npm run bench -- search`, the app's half: the quick search in a real Chromium over the operator's inbox of
 * `BENCH_APP_CHATS` (10,000) chats' summaries and the warm set's messages (the 200 chats with the latest activity
 * and hers, held in memory and stored in IndexedDB), against a real server holding the app benchmark's seeded
 * workspace (bench/app/seed.ts). A sample is the browser's own time from the input event of a typed query to the
 * app's `switchboard:search-ready` mark, made once the frame showing the matching chats and the stored messages
 * found is painted. Goal: the first results within 30 ms.
 *
 * Options (environment): BENCH_APP_CHATS (10000), BENCH_APP_RUNS (7), BENCH_APP_DATA_DIR (a folder to seed once
 * and reuse), BENCH_APP_DIR (a built app; default: the current sources built into a temporary folder).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { type RunningServer, startServer } from '../sync-server'
import { launchBrowser, logIn, newPage, until } from '../tests/helpers/browser'
import { BENCH_OPERATOR, BENCH_PASSWORD, readSeed, seedConfig, seedWorkspace } from './app/seed'
import { type LatencySummary, ms, summarize } from './stats'

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

const options = {
  chats: envInt('BENCH_APP_CHATS', 10_000),
  runs: envInt('BENCH_APP_RUNS', 7),
  dataDir: process.env.BENCH_APP_DATA_DIR || null,
  appDir: process.env.BENCH_APP_DIR || null,
}

/** The app benchmark's seed with its smallest long chat: the search does not need one. */
const BIG_MESSAGES = 100
const SEARCH_READY = 'switchboard:search-ready'
/** The warm set the bench waits for before measuring: the 200 recent chats at least. */
const WARM_CHATS = 200

/** What an operator types: a contact (last name and number), a word of the questions, a word of the answers. */
export const APP_QUERIES = [
  { kind: 'name', label: 'contact name (“Sokolova 77”)', text: 'Sokolova 77' },
  { kind: 'ask', label: 'a word of the customers’ messages (“pickup”)', text: 'pickup' },
  { kind: 'reply', label: 'a word of the answers (“warehouse”)', text: 'warehouse' },
] as const

export interface AppSearchSeries {
  readonly label: string
  readonly latency: LatencySummary | null
  /** Chats listed and stored messages found, as the mark reported them (the last run). */
  readonly rows: number
  readonly messages: number
  readonly error: string | null
}

export interface AppSearchResult {
  readonly chats: number
  readonly warmChats: number
  readonly series: AppSearchSeries[]
}

const repo = fileURLToPath(new URL('..', import.meta.url))

/** Every page records the time of each input event, as the page saw it. */
const recordInputs = async (context: BrowserContext): Promise<void> => {
  await context.addInitScript(() => {
    addEventListener(
      'input',
      (event) => {
        ;(globalThis as { benchInputAt?: number }).benchInputAt = event.timeStamp
      },
      true,
    )
  })
}

interface SearchMark {
  readonly startTime: number
  readonly inputAt: number
  readonly rows: number
  readonly messages: number
}

/** Waits for the search mark of `query` (lower-cased, as the app marks it), with the time of the last input. */
const waitForSearch = (page: Page, query: string): Promise<SearchMark> =>
  page.evaluate(
    ({ name, query }) =>
      new Promise<SearchMark>((resolve, reject) => {
        const observer = new PerformanceObserver(() => {
          for (const entry of performance.getEntriesByName(name, 'mark') as PerformanceMark[]) {
            const detail = (entry.detail ?? {}) as { query?: string; rows?: number; messages?: number }
            if (detail.query !== query) continue
            observer.disconnect()
            clearTimeout(timer)
            resolve({
              startTime: entry.startTime,
              inputAt: (globalThis as { benchInputAt?: number }).benchInputAt ?? Number.NaN,
              rows: detail.rows ?? 0,
              messages: detail.messages ?? 0,
            })
            return
          }
        })
        const timer = setTimeout(() => {
          observer.disconnect()
          reject(new Error(`no ${name} mark for “${query}” within 10 s`))
        }, 10_000)
        observer.observe({ type: 'mark', buffered: true })
      }),
    { name: SEARCH_READY, query },
  )

const measureQuery = async (
  page: Page,
  query: (typeof APP_QUERIES)[number],
  runs: number,
  log: (s: string) => void,
): Promise<AppSearchSeries> => {
  const search = page.getByRole('region', { name: 'Chats' }).getByRole('searchbox', { name: 'Search' })
  const samples: number[] = []
  let last: SearchMark | null = null
  try {
    for (let i = 0; i < runs; i++) {
      await search.fill('')
      await page.evaluate((name) => performance.clearMarks(name), SEARCH_READY)
      // A quiet page before each query: the previous one's rendering is over.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))))
      await search.fill(query.text)
      last = await waitForSearch(page, query.text.toLocaleLowerCase())
      if (last.rows + last.messages === 0) throw new Error(`“${query.text}” found nothing`)
      samples.push(last.startTime - last.inputAt)
    }
    log(`search (app): ${query.kind}: ${samples.map((v) => v.toFixed(1)).join(', ')} ms`)
    return {
      label: query.label,
      latency: summarize(Float64Array.from(samples)),
      rows: last?.rows ?? 0,
      messages: last?.messages ?? 0,
      error: null,
    }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed'
    log(`search (app): ${query.kind}: FAILED: ${message}`)
    return { label: query.label, latency: null, rows: 0, messages: 0, error: message }
  }
}

export const runAppSearchBench = async (log: (line: string) => void): Promise<AppSearchResult> => {
  const temp = mkdtempSync(join(tmpdir(), 'switchboard-bench-search-app-'))
  const dataDir = options.dataDir ?? join(temp, 'data')
  let server: RunningServer | null = null
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null
  try {
    if (readSeed(dataDir, options.chats, BIG_MESSAGES))
      log(`search (app): reusing the workspace in ${dataDir}`)
    else {
      log(`search (app): seeding ${options.chats} chats into ${dataDir}`)
      await seedWorkspace(dataDir, { chats: options.chats, bigMessages: BIG_MESSAGES, log })
    }
    let appDir = options.appDir
    if (appDir === null) {
      appDir = join(temp, 'app')
      log(`search (app): building the app into ${appDir}`)
      await build({
        configFile: join(repo, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: appDir, emptyOutDir: true },
      })
    }
    server = await startServer({ config: seedConfig(dataDir, { APP_DIR: appDir }) })
    const operatorId = server.services.operators.credentials(BENCH_OPERATOR.email)?.operator.id
    if (!operatorId) throw new Error('the seeded workspace has no bench operator')
    browser = await launchBrowser()
    const { context, page } = await newPage(browser, 'en-US')
    await recordInputs(context)
    page.on('pageerror', (error) => log(`search (app): the page threw: ${error.message}`))
    await page.goto(server.url)
    await logIn(page, BENCH_OPERATOR.email, BENCH_PASSWORD)
    await page.getByText('Online', { exact: true }).waitFor({ timeout: 60_000 })
    let warmChats = 0
    await until(
      async () => {
        warmChats = await page.evaluate(
          async (prefix) => (await indexedDB.databases()).filter((db) => db.name?.startsWith(prefix)).length,
          `switchboard/${operatorId}/chat:`,
        )
        return warmChats >= WARM_CHATS
      },
      `the warm set (${WARM_CHATS} chats) in IndexedDB`,
      180_000,
    )
    // Then a quiet page: while the warm set still syncs, its bookkeeping takes the main thread in bursts.
    await page.getByText('Waiting to sync: 0', { exact: true }).waitFor({ timeout: 60_000 })
    let still = 0
    let before = warmChats
    while (still < 3) {
      await new Promise((r) => setTimeout(r, 2_000))
      warmChats = await page.evaluate(
        async (prefix) => (await indexedDB.databases()).filter((db) => db.name?.startsWith(prefix)).length,
        `switchboard/${operatorId}/chat:`,
      )
      still = warmChats === before ? still + 1 : 0
      before = warmChats
    }
    log(`search (app): ${warmChats} chats stored and held by the warm set; measuring`)
    const series: AppSearchSeries[] = []
    for (const query of APP_QUERIES) series.push(await measureQuery(page, query, options.runs, log))
    return { chats: options.chats, warmChats, series }
  } finally {
    await browser?.close()
    await server?.close()
    rmSync(temp, { recursive: true, force: true })
  }
}

export const appSearchReport = (r: AppSearchResult): string => {
  const measured = r.series.filter((s) => s.latency !== null)
  const met = measured.length === r.series.length && measured.every((s) => s.latency!.p50 < 30)
  return [
    `### Quick search in the app (Chromium; ${r.chats.toLocaleString('en-US')} chats in the index, ${r.warmChats} stored chats’ messages)`,
    '',
    '| query | p50 ms | max ms | runs | chats listed | stored messages found |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.series.map((s) =>
      s.latency === null
        ? `| ${s.label} | — | — | 0 | — | failed: ${s.error ?? ''} |`
        : `| ${s.label} | ${ms(s.latency.p50)} | ${ms(s.latency.max)} | ${s.latency.count} | ${s.rows} | ${s.messages} |`,
    ),
    '',
    `From the input event to the first results painted. **Goal** within 30 ms (p50 of each query): **${met ? 'met' : 'not met'}**`,
    '',
  ].join('\n')
}
