/**
 * `npm run bench -- search`: how fast search answers.
 *
 * - The server: a real SQLite file (the server's own schema, `openDb`) holding `BENCH_SEARCH_CONTACTS` contacts
 *   (100,000) and `BENCH_SEARCH_MESSAGES` messages (1,000,000) over one chat per contact, indexed through the real
 *   `SearchIndex` (its `indexContact` and `indexMessages`, batched in transactions, as the server's group commit
 *   does); then queries by name, phone fragment (written with spaces), email and a word of a message text, each
 *   kind `BENCH_SEARCH_QUERIES` times (200) with different values: p50 and p99 of `SearchIndex.search` with the
 *   limit the `/api/search` route asks for (100). Goal: answers within 50 ms.
 * - The app (bench/search-app.ts): the local quick search in Chromium over 10,000 chats' summaries and the warm
 *   set's messages, time to the first results painted. Goal: within 30 ms.
 *
 * `npx tsx bench/search.ts` runs it alone; `BENCH_SEARCH_PARTS=server` or `app` runs one half.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { contactParts, type Message } from '../model'
import { SearchIndex } from '../sync-server/search'
import { openDb } from '../sync-server/storage/db'
import { fakeContact, fakeText, random, vocabulary } from './search-data'
import { type LatencySummary, ms, rate, summarize } from './stats'

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

export const searchOptions = {
  contacts: envInt('BENCH_SEARCH_CONTACTS', 100_000),
  messages: envInt('BENCH_SEARCH_MESSAGES', 1_000_000),
  queries: envInt('BENCH_SEARCH_QUERIES', 200),
  /** What `/api/search` asks the index for: its page (20) times 5, since access filters after the match. */
  limit: 100,
}

export const QUERY_KINDS = ['name', 'phone', 'email', 'word'] as const
export type QueryKind = (typeof QUERY_KINDS)[number]

export interface ServerSearchResult {
  readonly contacts: number
  readonly messages: number
  readonly seedSeconds: number
  readonly dbBytes: number
  readonly kinds: Record<QueryKind, { latency: LatencySummary; examples: string[]; found: number }>
}

const WORDS = 20_000

/** Seeds the index: contacts through `indexContact` (from a contact doc), messages through `indexMessages`. */
const seed = (index: SearchIndex, db: ReturnType<typeof openDb>, log: (s: string) => void): void => {
  const { contacts, messages } = searchOptions
  const started = performance.now()
  const perTransaction = 5_000
  // One doc rewritten per contact: what indexContact reads is the doc's content, and a Y.Doc each costs more
  // than the indexing itself.
  const doc = new Y.Doc()
  const parts = contactParts(doc)
  for (let first = 0; first < contacts; first += perTransaction) {
    db.transaction(() => {
      for (let i = first; i < Math.min(contacts, first + perTransaction); i++) {
        const c = fakeContact(i)
        doc.transact(() => {
          parts.profile.set('firstName', c.firstName)
          parts.profile.set('lastName', c.lastName)
          parts.profile.set('phone', c.phone)
          parts.profile.set('email', c.email)
          if (parts.notes.length > 0) parts.notes.delete(0, parts.notes.length)
          if (c.note) parts.notes.push([{ id: `n${i}`, at: 0, authorId: 'op', text: c.note }])
        })
        index.indexContact(`contact${i}`, doc)
      }
    })()
  }
  doc.destroy()
  log(
    `search: ${contacts.toLocaleString('en-US')} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const vocab = vocabulary(WORDS)
  const rnd = random(5)
  const t0 = Date.now() - 365 * 86_400_000
  const perChat = Math.max(1, Math.round(messages / contacts))
  let written = 0
  const batch: Message[] = []
  // One transaction, as the brief allows for the bench: the server indexes each group commit's messages alike.
  db.transaction(() => {
    for (let chat = 0; written < messages; chat = (chat + 1) % contacts) {
      batch.length = 0
      for (let k = 0; k < perChat && written < messages; k++, written++) {
        batch.push({
          id: `m${written}`,
          at: t0 + written * 30_000,
          direction: k % 2 === 0 ? 'in' : 'out',
          kind: 'text',
          author: k % 2 === 0 ? { kind: 'customer' } : { kind: 'operator', id: 'op' },
          text: fakeText(vocab, rnd),
        })
      }
      index.indexMessages(`chat${chat}`, batch)
    }
  })()
  log(
    `search: ${messages.toLocaleString('en-US')} messages indexed, ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
  )
}

/** The queries of each kind: what operators type, for contacts and words that exist. */
const queries = (kind: QueryKind, n: number): string[] => {
  const rnd = random(kind.length * 1_000 + 3)
  const vocab = vocabulary(WORDS)
  const out: string[] = []
  for (let q = 0; q < n; q++) {
    const i = Math.floor(rnd() * searchOptions.contacts)
    const c = fakeContact(i)
    if (kind === 'name') out.push(q % 2 === 0 ? `${c.lastName} ${c.firstName.slice(0, 3)}` : c.firstName)
    else if (kind === 'email') out.push(c.email)
    else if (kind === 'phone') {
      // Six to eight digits from the middle of the number, written with spaces as one would dictate them.
      const digits = c.phone.replace(/\D/g, '').slice(-10)
      const from = 1 + Math.floor(rnd() * 3)
      const part = digits.slice(from, from + 6 + Math.floor(rnd() * 3))
      out.push(`${part.slice(0, 3)} ${part.slice(3)}`)
    } else out.push(vocab.pick(rnd))
  }
  return out
}

/** A seeded dir kept for later runs (`BENCH_SEARCH_DIR`) says what it holds here. */
const SEED_FILE = 'bench-search.json'
const SEED_VERSION = 1

const seededAlready = (dir: string): boolean => {
  try {
    const info = JSON.parse(readFileSync(join(dir, SEED_FILE), 'utf8')) as Record<string, unknown>
    return (
      info.version === SEED_VERSION &&
      info.contacts === searchOptions.contacts &&
      info.messages === searchOptions.messages
    )
  } catch {
    return false
  }
}

export const runServerSearchBench = (log: (line: string) => void): ServerSearchResult => {
  const keep = process.env.BENCH_SEARCH_DIR || null
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'switchboard-bench-search-'))
  try {
    const reuse = keep !== null && seededAlready(dir)
    if (keep !== null && !reuse) rmSync(dir, { recursive: true, force: true })
    const db = openDb(dir, 'NORMAL')
    const index = new SearchIndex(db)
    let seedSeconds = Number.NaN
    if (reuse) log(`search: reusing the seeded database in ${dir}`)
    else {
      const started = performance.now()
      seed(index, db, log)
      seedSeconds = (performance.now() - started) / 1000
      db.pragma('wal_checkpoint(TRUNCATE)')
      writeFileSync(join(dir, SEED_FILE), JSON.stringify({ version: SEED_VERSION, ...searchOptions }))
    }
    const dbBytes = statSync(join(dir, 'switchboard.sqlite')).size
    const kinds = {} as ServerSearchResult['kinds']
    for (const kind of QUERY_KINDS) {
      const list = queries(kind, searchOptions.queries)
      // One unmeasured pass of a few: SQLite's page cache as on a server that has been answering a while.
      for (const q of list.slice(0, 10)) index.search(q, searchOptions.limit)
      const samples = new Float64Array(list.length)
      let found = 0
      list.forEach((q, i) => {
        const t = performance.now()
        const hits = index.search(q, searchOptions.limit)
        samples[i] = performance.now() - t
        if (hits.contacts.length + hits.messages.length > 0) found++
      })
      const latency = summarize(samples)
      const slowest = list
        .map((q, i) => ({ q, ms: samples[i]! }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map((x) => `${x.q} (${ms(x.ms)})`)
      kinds[kind] = { latency, examples: list.slice(0, 2), found }
      log(
        `search: ${kind}: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms, ${found}/${list.length} found; slowest ${slowest.join(', ')}`,
      )
    }
    db.close()
    return { contacts: searchOptions.contacts, messages: searchOptions.messages, seedSeconds, dbBytes, kinds }
  } finally {
    if (keep === null) rmSync(dir, { recursive: true, force: true })
  }
}

const KIND_LABEL: Record<QueryKind, string> = {
  name: 'name (last name and a first name’s start, or a first name)',
  phone: 'phone fragment, 6–8 digits written with a space',
  email: 'whole email',
  word: 'a word of a message text (drawn as often as it is used)',
}

export const serverSearchReport = (r: ServerSearchResult): string => {
  const worst = Math.max(...QUERY_KINDS.map((k) => r.kinds[k].latency.p99))
  return [
    `### Search on the server (${rate(r.contacts)} contacts, ${rate(r.messages)} messages, SQLite FTS5)`,
    '',
    '| query | p50 ms | p99 ms | max ms | found | example |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...QUERY_KINDS.map((k) => {
      const { latency, examples, found } = r.kinds[k]
      return `| ${KIND_LABEL[k]} | ${ms(latency.p50)} | ${ms(latency.p99)} | ${ms(latency.max)} | ${found} / ${latency.count} | \`${examples[0]}\` |`
    }),
    '',
    `${Number.isNaN(r.seedSeconds) ? 'Seeded earlier' : `Seeded in ${r.seedSeconds.toFixed(0)} s`}; the database is ${(r.dbBytes / 1024 / 1024).toFixed(0)} MB.`,
    `**Goal** answers within 50 ms (p99 of every kind): **${worst < 50 ? 'met' : 'not met'}**`,
    '',
  ].join('\n')
}

/** Both halves (or the one `BENCH_SEARCH_PARTS` names: `server`, `app`), each report printed when done; `false` when one failed. */
export const runSearchBench = async (
  log: (line: string) => void,
  print: (text: string) => void,
): Promise<boolean> => {
  const halves = (process.env.BENCH_SEARCH_PARTS ?? 'server,app').split(',').map((p) => p.trim())
  let ok = true
  if (halves.includes('server')) print(serverSearchReport(runServerSearchBench(log)))
  if (halves.includes('app')) {
    const { runAppSearchBench, appSearchReport } = await import('./search-app')
    const result = await runAppSearchBench(log)
    print(appSearchReport(result))
    ok = result.series.every((s) => s.error === null)
  }
  return ok
}

if (process.argv[1]?.endsWith('search.ts')) {
  const log = (line: string): void => void process.stderr.write(`${line}\n`)
  const ok = await runSearchBench(log, (text) => process.stdout.write(`${text}\n`))
  process.exit(ok ? 0 : 1)
}
