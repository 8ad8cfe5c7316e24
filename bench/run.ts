/**
 * `npm run bench`: update-to-visible latency and durable ingest throughput of Switchboard's sync server against
 * Hocuspocus 3 and a bare `ws` broadcast, printed as a markdown report on stdout (progress goes to stderr).
 *
 * Each server runs in its own child process (bench/targets/<name>.ts) and writes updates server-side; the
 * clients run in forked worker processes (bench/clients.ts); this process only orchestrates, so neither the
 * clients nor the bookkeeping share an event loop with a server under test.
 *
 * Switchboard runs twice: as configured by default (SQLITE_SYNCHRONOUS=FULL, an fsync per group commit before any
 * peer sees the update) and with SQLITE_SYNCHRONOUS=NORMAL, so the report shows what the fsync costs.
 *
 * Options (environment): BENCH_SECONDS (8), BENCH_CLIENTS (50), BENCH_RATE (200 updates/s),
 * BENCH_WARMUP_SECONDS (1), BENCH_DURABLE_SECONDS (2, per durable run), BENCH_DURABLE_IN_FLIGHT (32),
 * BENCH_CLIENT_PROCS (2), BENCH_ROUNDS (2: the measured seconds are split into rounds run in mirrored target
 * order), BENCH_TARGETS (switchboard,switchboard-normal,hocuspocus,bare), BENCH_DATA_DIR (os.tmpdir()),
 * BENCH_CHILD_FLAGS.
 *
 * `npm run bench -- search` runs only the search benchmark (bench/search.ts, its options there).
 * `npm run bench -- reports` runs only the reports benchmark (bench/reports.ts, its options there).
 * `npm run bench -- app` runs only the operator app's benchmarks (bench/app/: the inbox's cold start with 10,000
 * chats from IndexedDB, a chat of 10,000 messages opened), `npm run bench -- sync` only the sync server's; with
 * neither, both run. App options (environment): BENCH_APP_CHATS (10000), BENCH_APP_MESSAGES (10000),
 * BENCH_APP_RUNS (7), BENCH_APP_DATA_DIR (a folder to seed once and reuse while the server's storage stays the
 * same; default: a temporary one), BENCH_APP_DIR (a built app to serve; default: the current sources, built into a
 * temporary folder).
 */
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import {
  type Child,
  errorMessage,
  killAllChildren,
  type LoopStats,
  sleep,
  spawnChild,
  type TargetCommand,
  type TargetName,
  type TargetReport,
  type WorkerCommand,
  type WorkerReport,
  withTimeout,
} from './ipc'
import { concatSamples, type LatencySummary, ms, percent, rate, ratio, summarize } from './stats'

const envInt = (name: string, fallback: number, min: number, max: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in ${min}..${max}, got '${raw}'`)
  }
  return value
}

const options = {
  seconds: envInt('BENCH_SECONDS', 8, 1, 300),
  clients: envInt('BENCH_CLIENTS', 50, 1, 1000),
  rate: envInt('BENCH_RATE', 200, 1, 10_000),
  warmupSeconds: envInt('BENCH_WARMUP_SECONDS', 1, 0, 60),
  durableSeconds: envInt('BENCH_DURABLE_SECONDS', 2, 1, 60),
  durableInFlight: envInt('BENCH_DURABLE_IN_FLIGHT', 32, 2, 1000),
  clientProcs: envInt('BENCH_CLIENT_PROCS', 2, 1, 8),
  rounds: envInt('BENCH_ROUNDS', 2, 1, 10),
}

/**
 * Which benchmarks run: `sync` (the sync server against the others), `webhooks` (messenger webhooks in, to an
 * operator), `app` (the operator app in a browser) and `search` (bench/search.ts: the server's search over 100,000
 * contacts and 1,000,000 messages, and the app's quick search in a browser) and `reports` (bench/reports.ts: the
 * reports over the episodes of 1,000,000 messages).
 */
const PARTS = ['sync', 'webhooks', 'app', 'search', 'reports'] as const
type Part = (typeof PARTS)[number]
const parts: readonly Part[] = (() => {
  const asked = process.argv.slice(2)
  for (const part of asked) {
    if (!PARTS.includes(part as Part))
      throw new Error(`unknown benchmark '${part}': use ${PARTS.join(' or ')}`)
  }
  return asked.length === 0 ? PARTS : (asked as Part[])
})()

const appOptions = {
  chats: envInt('BENCH_APP_CHATS', 10_000, 1, 100_000),
  bigMessages: envInt('BENCH_APP_MESSAGES', 10_000, 100, 100_000),
  runs: envInt('BENCH_APP_RUNS', 7, 1, 50),
  dataDir: process.env.BENCH_APP_DATA_DIR || null,
  appDir: process.env.BENCH_APP_DIR || null,
}

const ALL_TARGETS: readonly TargetName[] = ['switchboard', 'switchboard-normal', 'hocuspocus', 'bare']
const LABEL: Record<TargetName, string> = {
  switchboard: 'Switchboard',
  'switchboard-normal': 'Switchboard (synchronous=NORMAL)',
  hocuspocus: 'Hocuspocus 3',
  bare: 'bare ws broadcast',
}
/** The child each target runs: its file under bench/targets/ and the environment it gets on top of ours. */
const CHILD: Record<TargetName, { readonly file: string; readonly env: Record<string, string> }> = {
  switchboard: { file: 'switchboard', env: { BENCH_SQLITE_SYNCHRONOUS: 'FULL' } },
  'switchboard-normal': { file: 'switchboard', env: { BENCH_SQLITE_SYNCHRONOUS: 'NORMAL' } },
  hocuspocus: { file: 'hocuspocus', env: {} },
  bare: { file: 'bare', env: {} },
}
/** The Switchboard targets, whose rows the ratio table and the goal verdicts are about. */
const SWITCHBOARDS: readonly TargetName[] = ['switchboard', 'switchboard-normal']
const targets = (process.env.BENCH_TARGETS ?? ALL_TARGETS.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '')
  .map((name) => {
    if (!ALL_TARGETS.includes(name as TargetName)) throw new Error(`unknown target in BENCH_TARGETS: ${name}`)
    return name as TargetName
  })

interface CpuTicks {
  readonly busy: number
  readonly total: number
}

/** Machine-wide CPU tick counters from /proc/stat; `null` off Linux. */
const cpuTicks = (): CpuTicks | null => {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    const total = fields.reduce((sum, value) => sum + value, 0)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

/** CPU used by the whole machine between two readings, in % of one core (200 % = two cores busy). */
const machineCpu = (before: CpuTicks | null, after: CpuTicks | null): number | null =>
  before && after && after.total > before.total
    ? ((after.busy - before.busy) / (after.total - before.total)) * availableParallelism() * 100
    : null

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`)
}

interface Durable {
  readonly updatesPerSecond: number
  readonly updates: number
  readonly failed: number
}

interface Result {
  readonly target: TargetName
  readonly error: string | null
  readonly latency: LatencySummary | null
  readonly expectedSamples: number
  readonly durability: string | null
  readonly durableSerial: Durable | null
  readonly durablePipelined: Durable | null
  /** The worst of the target's segments. */
  readonly serverLoop: LoopStats | null
  /** Per client worker, the worst of the segments. */
  readonly clientLoops: LoopStats[]
  readonly senderLagMs: number
  readonly foreignCpu: number | null
  readonly failedWrites: number
  readonly clockSkewMs: number
  readonly unparsable: number
}

type TargetChild = Child<TargetCommand, TargetReport>
type WorkerChild = Child<WorkerCommand, WorkerReport>

/** A target whose server and clients are up, with what its segments measured so far. */
interface Live {
  readonly name: TargetName
  readonly target: TargetChild
  readonly workers: WorkerChild[]
  readonly ready: Extract<TargetReport, { type: 'ready' }>
  readonly clockSkewMs: number
  /** Measured updates written so far, over every segment. */
  measured: number
  readonly samples: Float64Array[]
  readonly serverLoops: LoopStats[]
  /** Per worker, one entry per segment. */
  readonly clientLoops: LoopStats[][]
  senderLagMs: number
  /** CPU the rest of the machine used during the segments (machine-wide minus server and clients), worst. */
  foreignCpu: number | null
  failedWrites: number
  unparsable: number
  error: string | null
  durableSerial: Durable | null
  durablePipelined: Durable | null
}

/** Clients per worker: as even as possible. */
const split = (total: number, parts: number): number[] =>
  Array.from(
    { length: Math.min(parts, total) },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  )

/** The worst of several meter readings (mean CPU). */
const worst = (loops: readonly LoopStats[]): LoopStats => ({
  p50: Math.max(...loops.map((l) => l.p50)),
  p99: Math.max(...loops.map((l) => l.p99)),
  max: Math.max(...loops.map((l) => l.max)),
  cpuPercent: loops.reduce((sum, l) => sum + l.cpuPercent, 0) / Math.max(1, loops.length),
})

const killAll = async (live: { target: TargetChild; workers: readonly WorkerChild[] }): Promise<void> => {
  await Promise.all(live.workers.map((worker) => worker.kill()))
  await live.target.kill()
}

/** Starts the target's server and connects its clients, all idle until a segment runs. */
const setUp = async (name: TargetName): Promise<Live> => {
  const target: TargetChild = spawnChild(
    `./targets/${CHILD[name].file}.ts`,
    `target ${name}`,
    CHILD[name].env,
  )
  const workers: WorkerChild[] = []
  try {
    log(`${LABEL[name]}: starting the server`)
    const ready = await target.next('ready', 60_000)
    const counts = split(options.clients, options.clientProcs)
    counts.forEach((_, index) => {
      workers.push(spawnChild('./clients.ts', `${name} client worker ${index + 1}`))
    })
    log(
      `${LABEL[name]}: connecting ${options.clients} clients in ${workers.length} worker(s) to ${ready.url}`,
    )
    const capacity = Math.ceil(options.rate * options.seconds * 1.1) + 100
    workers.forEach((worker, index) => {
      worker.send({
        type: 'connect',
        url: ready.url,
        docName: ready.docName,
        protocol: ready.protocol,
        token: ready.token,
        count: counts[index] ?? 0,
        capacity,
        timeoutMs: 30_000,
      })
    })
    const connected = await Promise.all(workers.map((worker) => worker.next('connected', 45_000)))
    return {
      name,
      target,
      workers,
      ready,
      clockSkewMs: Math.max(...connected.map((c) => Math.abs(c.clockOffset - ready.clockOffset))),
      measured: 0,
      samples: [],
      serverLoops: [],
      clientLoops: workers.map(() => []),
      senderLagMs: 0,
      foreignCpu: null,
      failedWrites: 0,
      unparsable: 0,
      error: null,
      durableSerial: null,
      durablePipelined: null,
    }
  } catch (error) {
    await killAll({ target, workers })
    throw error
  }
}

/** One latency segment: warm-up, then `seconds` of measured updates, then the clients' samples. */
const segment = async (live: Live, seconds: number): Promise<void> => {
  const { target, workers } = live
  for (const worker of workers) worker.send({ type: 'start' })
  await Promise.all(workers.map((worker) => worker.next('started', 10_000)))
  const ticks = cpuTicks()
  target.send({ type: 'latency', rate: options.rate, seconds, warmupSeconds: options.warmupSeconds })
  const done = await target.next('latency-done', (options.warmupSeconds + seconds) * 3000 + 30_000)
  const machine = machineCpu(ticks, cpuTicks())
  live.measured += done.measured
  for (const worker of workers) {
    worker.send({ type: 'collect', expectedPerClient: live.measured, drainMs: 5000 })
  }
  const collected = await Promise.all(workers.map((worker) => worker.next('results', 30_000)))
  for (const [index, c] of collected.entries()) {
    live.samples.push(c.samples)
    live.clientLoops[index]?.push(c.loop)
    live.unparsable += c.unparsable
  }
  live.serverLoops.push(done.loop)
  if (machine !== null) {
    const ours = done.loop.cpuPercent + collected.reduce((sum, c) => sum + c.loop.cpuPercent, 0)
    live.foreignCpu = Math.max(live.foreignCpu ?? 0, machine - ours)
  }
  live.senderLagMs = Math.max(live.senderLagMs, done.maxLagMs)
  live.failedWrites += done.failedWrites
}

const durableRun = async (target: TargetChild, inFlight: number): Promise<Durable> => {
  target.send({ type: 'durable', seconds: options.durableSeconds, inFlight, maxUpdates: 1_000_000 })
  const done = await target.next('durable-done', options.durableSeconds * 1000 + 60_000)
  return {
    updatesPerSecond: done.elapsedMs > 0 ? (done.updates / done.elapsedMs) * 1000 : Number.NaN,
    updates: done.updates,
    failed: done.failedWrites,
  }
}

/** Closes the clients, runs the durable-ingest runs with no client connected, stops the server. */
const finish = async (live: Live): Promise<void> => {
  const { name, target, workers } = live
  for (const worker of workers) worker.send({ type: 'close' })
  await Promise.all(workers.map((worker) => worker.next('closed', 10_000).catch(() => undefined)))
  await Promise.all(workers.map((worker) => worker.kill()))
  if (live.ready.durability !== null) {
    log(`${LABEL[name]}: durable ingest, 1 write in flight, ${options.durableSeconds} s`)
    live.durableSerial = await durableRun(target, 1)
    log(
      `${LABEL[name]}: durable ingest, ${options.durableInFlight} writes in flight, ${options.durableSeconds} s`,
    )
    live.durablePipelined = await durableRun(target, options.durableInFlight)
  }
  target.send({ type: 'stop' })
  await target.next('stopped', 15_000).catch(() => undefined)
}

const failedResult = (name: TargetName, error: string): Result => ({
  target: name,
  error,
  latency: null,
  expectedSamples: 0,
  durability: null,
  durableSerial: null,
  durablePipelined: null,
  serverLoop: null,
  clientLoops: [],
  senderLagMs: Number.NaN,
  foreignCpu: null,
  failedWrites: 0,
  clockSkewMs: Number.NaN,
  unparsable: 0,
})

const resultOf = (live: Live): Result => ({
  target: live.name,
  error: live.error,
  latency: live.error === null ? summarize(concatSamples(live.samples)) : null,
  expectedSamples: live.measured * options.clients,
  durability: live.ready.durability,
  durableSerial: live.durableSerial,
  durablePipelined: live.durablePipelined,
  serverLoop: live.serverLoops.length ? worst(live.serverLoops) : null,
  clientLoops: live.clientLoops.filter((loops) => loops.length > 0).map(worst),
  senderLagMs: live.senderLagMs,
  foreignCpu: live.foreignCpu,
  failedWrites: live.failedWrites,
  clockSkewMs: live.clockSkewMs,
  unparsable: live.unparsable,
})

/**
 * All targets are set up first and stay idle while another runs. The measured time is split into segments run
 * in a mirrored order (A B C D, D C B A, ...), so drifts of the machine's speed over the run hit every target
 * alike.
 */
const benchAll = async (): Promise<Result[]> => {
  const lives = new Map<TargetName, Live>()
  const failed = new Map<TargetName, string>()
  const fail = async (name: TargetName, error: unknown, live?: Live): Promise<void> => {
    const message = errorMessage(error)
    failed.set(name, message.split('\n')[0] ?? 'failed')
    log(`${LABEL[name]}: FAILED: ${message}`)
    if (live) {
      live.error = message.split('\n')[0] ?? 'failed'
      await killAll(live)
    }
  }
  try {
    for (const name of targets) {
      try {
        lives.set(name, await setUp(name))
      } catch (error) {
        await fail(name, error)
      }
    }
    const seconds = options.seconds / options.rounds
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? targets : [...targets].reverse()
      for (const name of order) {
        const live = lives.get(name)
        if (!live || live.error !== null) continue
        log(
          `${LABEL[name]}: segment ${round + 1}/${options.rounds}: ${options.warmupSeconds} s warm-up + ${seconds} s at ${options.rate} updates/s`,
        )
        try {
          await segment(live, seconds)
        } catch (error) {
          await fail(name, error, live)
        }
      }
    }
    for (const live of lives.values()) {
      if (live.error !== null) continue
      try {
        await finish(live)
      } catch (error) {
        await fail(live.name, error, live)
      }
    }
  } finally {
    for (const live of lives.values()) await killAll(live)
  }
  return targets.map((name) => {
    const live = lives.get(name)
    return live ? resultOf(live) : failedResult(name, failed.get(name) ?? 'failed')
  })
}

// ---------------------------------------------------------------------------------------------------------------
// The report

const delivered = (r: Result): number => r.latency?.count ?? 0
const complete = (r: Result | undefined): r is Result & { latency: LatencySummary } =>
  r !== undefined && r.error === null && r.latency !== null && r.latency.count > 0

const durableCell = (d: Durable | null, applies: boolean): string => {
  if (!applies) return '—'
  if (d === null) return 'not measured'
  return d.failed > 0 ? `${rate(d.updatesPerSecond)} (${d.failed} failed)` : rate(d.updatesPerSecond)
}

const loopCell = (loops: readonly LoopStats[]): string =>
  loops.length === 0
    ? '—'
    : loops.map((l) => `${percent(l.cpuPercent)} · ${ms(l.p99)} / ${ms(l.max)} ms`).join('; ')

const report = (results: readonly Result[], background: number | null): string => {
  const lines: string[] = []
  const byName = new Map(results.map((r) => [r.target, r]))
  lines.push(
    `## Sync latency and durable ingest (${options.clients} clients, ${options.rate} updates/s for ${options.seconds} s)`,
  )
  lines.push('')
  lines.push(
    `| target | p50 ms | p99 ms | max ms | samples (delivered / expected) | durable ingest, 1 in flight (updates/s) | durable ingest, ${options.durableInFlight} in flight (updates/s) |`,
  )
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    if (r.error !== null && r.latency === null) {
      lines.push(`| ${LABEL[r.target]} | — | — | — | failed: ${r.error.replaceAll('|', '\\|')} | — | — |`)
      continue
    }
    const l = r.latency
    const applies = r.target !== 'bare'
    lines.push(
      `| ${LABEL[r.target]} | ${ms(l?.p50 ?? Number.NaN)} | ${ms(l?.p99 ?? Number.NaN)} | ${ms(l?.max ?? Number.NaN)} | ${delivered(r).toLocaleString('en-US')} / ${r.expectedSamples.toLocaleString('en-US')} | ${durableCell(r.durableSerial, applies)} | ${durableCell(r.durablePipelined, applies)} |`,
    )
  }

  const hp = byName.get('hocuspocus')
  const bare = byName.get('bare')
  const quotient = (a: number | undefined, b: number | undefined): number =>
    a === undefined || b === undefined || b <= 0 ? Number.NaN : a / b
  const ratioCells = (r: Result | undefined, base: Result | undefined): string =>
    `${ratio(quotient(r?.latency?.p50, base?.latency?.p50))} | ${ratio(quotient(r?.latency?.p99, base?.latency?.p99))}`
  const switchboards = SWITCHBOARDS.filter((name) => byName.has(name))
  if (switchboards.length > 0) {
    lines.push('')
    lines.push(
      `| ratio | p50 ÷ ${LABEL.hocuspocus} | p99 ÷ ${LABEL.hocuspocus} | p50 ÷ ${LABEL.bare} | p99 ÷ ${LABEL.bare} |`,
    )
    lines.push('| --- | ---: | ---: | ---: | ---: |')
    for (const name of switchboards) {
      const r = byName.get(name)
      lines.push(`| ${LABEL[name]} | ${ratioCells(r, hp)} | ${ratioCells(r, bare)} |`)
    }
    lines.push('')
    lines.push('Below 1.00× Switchboard is faster.')
  }

  // Goals: judged only from complete measurements, with every update delivered to every client.
  const whole = (r: Result | undefined): boolean => complete(r) && delivered(r) === r.expectedSamples
  const verdict = (measured: boolean, met: boolean): string =>
    !measured ? 'not measured' : met ? 'met' : 'not met'
  const goals = (sb: Result | undefined): string => {
    const sbOk = whole(sb)
    const ahead =
      sbOk && whole(hp)
        ? verdict(true, sb!.latency!.p50 < hp!.latency!.p50 && sb!.latency!.p99 < hp!.latency!.p99)
        : verdict(complete(sb) && complete(hp), false)
    const within =
      sbOk && whole(bare)
        ? verdict(
            true,
            sb!.latency!.p50 <= 2 * bare!.latency!.p50 && sb!.latency!.p99 <= 2 * bare!.latency!.p99,
          )
        : verdict(complete(sb) && complete(bare), false)
    const under = verdict(complete(sb), sbOk && sb!.latency!.p99 < 50)
    return `ahead of Hocuspocus (lower p50 and p99): **${ahead}** · within 2× of the bare broadcast (p50 and p99): **${within}** · p99 under 50 ms: **${under}**`
  }
  const sb = byName.get('switchboard')
  lines.push('')
  lines.push(`**Goals** (Switchboard, synchronous=FULL, the default): ${goals(sb)}`)
  if (complete(sb) && !whole(sb))
    lines.push('(Switchboard did not deliver every update to every client: goals not met.)')
  const normal = byName.get('switchboard-normal')
  if (normal) {
    lines.push('')
    lines.push(
      `**Goals with synchronous=NORMAL** (no fsync before fan-out; survives a process crash, not a power cut; for comparison, not the default): ${goals(normal)}`,
    )
    if (complete(normal) && !whole(normal))
      lines.push(
        `(${LABEL['switchboard-normal']} did not deliver every update to every client: goals not met.)`,
      )
  }

  lines.push('')
  lines.push('### Durability behind the numbers')
  lines.push('')
  for (const r of results) {
    lines.push(`- ${LABEL[r.target]}: ${r.durability ?? 'none: updates live in memory only'}`)
  }

  lines.push('')
  lines.push('### Is the measurement sound?')
  lines.push('')
  lines.push(
    'Loop delay: how late a 10 ms timer fired; CPU in % of one core; the worst segment of each target.',
  )
  lines.push('')
  lines.push(
    '| target | sender behind schedule, max | server CPU · loop delay p99 / max | client worker(s) CPU · loop delay p99 / max | other processes’ CPU | clock skew server ↔ clients | failed writes |',
  )
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    lines.push(
      `| ${LABEL[r.target]} | ${ms(r.senderLagMs)} ms | ${r.serverLoop ? loopCell([r.serverLoop]) : '—'} | ${loopCell(r.clientLoops)} | ${r.foreignCpu === null ? '—' : percent(Math.max(0, r.foreignCpu))} | ${ms(r.clockSkewMs)} ms | ${r.failedWrites} |`,
    )
  }
  const cores = availableParallelism()
  const busyClients = results.some((r) => r.clientLoops.some((l) => l.cpuPercent > 80))
  const lateClients = results.some((r) => r.clientLoops.some((l) => l.p99 > 20))
  const foreign = Math.max(background ?? 0, ...results.map((r) => r.foreignCpu ?? 0))
  lines.push('')
  if (busyClients) {
    lines.push(
      `Warning: a client worker used more than 80 % of a core, so client-side queueing may inflate the latencies; try BENCH_CLIENT_PROCS=${options.clientProcs + 1} (the machine has ${cores} cores for the servers and the clients together).`,
    )
  } else if (lateClients) {
    lines.push(
      'Warning: the client workers used little CPU but their loop delay p99 exceeded 20 ms: they waited for a core, so the tail latencies above carry scheduling noise.',
    )
  } else {
    lines.push(
      'The client workers stayed below 80 % of a core with loop delay p99 ≤ 20 ms: the clients were not the bottleneck.',
    )
  }
  lines.push(
    foreign > 20
      ? `Warning: other processes used up to ${percent(foreign)} of a core before or during the run (the machine has ${cores}); they compete with the servers and clients, so the latencies above are inflated and noisy. Run it on an otherwise idle machine.`
      : `Other processes used at most ${percent(foreign)} of a core before and during the run (the machine has ${cores}).`,
  )
  const unparsable = results.filter((r) => r.unparsable > 0)
  for (const r of unparsable) {
    lines.push(`Warning: ${LABEL[r.target]}: ${r.unparsable} messages reached a client without a timestamp.`)
  }
  const skewed = results.some((r) => r.clockSkewMs > 0.5)
  if (skewed)
    lines.push('Warning: the processes’ clocks disagree by more than 0.5 ms; latencies carry that error.')

  lines.push('')
  lines.push('### What this measures')
  lines.push('')
  lines.push(
    `- Latency: each server, in its own process, writes ${options.rate} updates/s server-side into one chat doc for ${options.seconds} s measured, split into ${options.rounds} segment(s) run in mirrored target order (A B C D, D C B A, …) so that drifts in the machine's speed hit every target alike; each segment starts with ${options.warmupSeconds} s of unmeasured warm-up updates, and only one target writes at a time (the others sit idle). Every update is one inbound message made by the model's \`ingestInboundMessage\`, its text the send time (\`performance.timeOrigin + performance.now()\`). ${options.clients} clients in ${options.clientProcs} separate worker process(es) sync the doc over WebSocket on 127.0.0.1; a sample is the time from the send until the message is applied to a client's Y.Doc (its \`messages\` observer runs), one per update per client.`,
  )
  lines.push(
    '- Switchboard: `hub.transact` on the running sync server, clients on `/sync/<docName>` (y-websocket protocol) as the admin; once with SQLITE_SYNCHRONOUS=FULL (the default: each group commit is fsynced, surviving a power cut, before any peer gets its updates) and once with NORMAL (no fsync per commit: it survives a crash of the process, not of the machine). Hocuspocus 3: the update is written into the loaded document, clients speak its multiplexed protocol after a token message. Bare ws: a `ws` server re-sending each update’s bytes to every socket, the floor for any Yjs server. All targets use the same minimal y-protocols client.',
  )
  lines.push(
    `- Durable ingest: on a fresh chat doc, with no clients, updates written server-side and counted when the target says they are on disk: one at a time, then ${options.durableInFlight} outstanding, ${options.durableSeconds} s each. Switchboard commits groups of queued updates in one SQLite transaction; Hocuspocus stores the whole document state on every \`DirectConnection.transact\`, so its cost per write grows with the doc.`,
  )
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------------------------

const main = async (): Promise<number> => {
  const before = cpuTicks()
  await sleep(1000)
  const background = machineCpu(before, cpuTicks())
  if (background !== null && background > 20) {
    log(`warning: other processes already use ${Math.round(background)} % of a core: results will be noisy`)
  }
  let failed = false
  if (parts.includes('sync')) {
    const results = await benchAll()
    process.stdout.write(`${report(results, background)}\n`)
    failed ||= results.some((r) => r.error !== null)
  }
  if (parts.includes('webhooks')) {
    const { runWebhookBench, webhookReport } = await import('./webhooks')
    const result = await runWebhookBench(log)
    process.stdout.write(`\n${webhookReport(result)}\n`)
    failed ||= result.samples < result.expected
  }
  if (parts.includes('app')) {
    // Loaded only when asked for: it brings Vite, playwright and the whole server.
    const { benchApp } = await import('./app/measure')
    const { appReport } = await import('./app/report')
    const result = await benchApp(appOptions, log)
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}${appReport(result)}\n`)
    failed ||= result.series.some((s) => s.error !== null)
  }
  if (parts.includes('search')) {
    // Loaded only when asked for, like the app's: the app half brings Vite, playwright and the whole server.
    const { runSearchBench } = await import('./search')
    failed ||= !(await runSearchBench(log, (text) => process.stdout.write(`\n${text}\n`)))
  }
  if (parts.includes('reports')) {
    const { runReportsBench, reportsBenchReport } = await import('./reports')
    process.stdout.write(`\n${reportsBenchReport(await runReportsBench(log))}\n`)
  }
  return failed ? 1 : 0
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren()
    process.exit(130)
  })
}
process.on('exit', killAllChildren)

const budgetMs =
  (parts.includes('sync')
    ? targets.length *
      ((options.warmupSeconds * options.rounds + options.seconds) * 3000 +
        options.durableSeconds * 2 * 1000 +
        120_000 * options.rounds)
    : 0) +
  (parts.includes('webhooks') ? 120_000 : 0) +
  // The app: seeding (a minute or two), building, then 5 series of runs of a few seconds each.
  (parts.includes('app') ? 300_000 + appOptions.runs * 5 * 30_000 : 0) +
  // Search: seeding 1,000,000 messages (minutes on a busy machine), then the app's seed, build and runs.
  (parts.includes('search') ? 1_800_000 : 0) +
  // Reports: seeding 1,000,000 messages' episodes (under a minute), then 8 reports × 30 runs.
  (parts.includes('reports') ? 900_000 : 0) +
  60_000
withTimeout(main(), budgetMs, 'the whole bench')
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    log(`FAILED: ${errorMessage(error)}`)
    killAllChildren()
    process.exit(1)
  })
