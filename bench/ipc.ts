/**
 * What the bench's processes say to each other over their IPC channels, and the little helpers all of them share:
 * the cross-process clock, event-loop and CPU meters, forking a child with a deadline on every wait.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

/** How a client frames its messages: y-websocket's `[type][payload]` or Hocuspocus' `[docName][type][payload]`. */
export type WireProtocol = 'y-websocket' | 'hocuspocus'

/** The bench's targets; `switchboard-normal` is Switchboard's target file run with `SQLITE_SYNCHRONOUS=NORMAL`. */
export type TargetName = 'switchboard' | 'switchboard-normal' | 'hocuspocus' | 'bare'

export interface LoopStats {
  /** Event-loop delay percentiles in ms: how late a 10 ms timer fired (`monitorEventLoopDelay`). */
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** CPU time (user + system) used while measuring, as a share of one core, in percent. */
  readonly cpuPercent: number
}

// ---------------------------------------------------------------------------------------------------------------
// Parent ⇄ target (server child)

export type TargetCommand =
  /** Write `rate` updates/s server-side: `warmupSeconds` of warm-up updates, then `seconds` of measured ones. */
  | {
      readonly type: 'latency'
      readonly rate: number
      readonly seconds: number
      readonly warmupSeconds: number
    }
  /** Write as fast as durability allows, keeping `inFlight` writes outstanding, for `seconds` (or `maxUpdates`). */
  | {
      readonly type: 'durable'
      readonly seconds: number
      readonly inFlight: number
      readonly maxUpdates: number
    }
  | { readonly type: 'stop' }

export type TargetReport =
  | {
      readonly type: 'ready'
      readonly url: string
      readonly docName: string
      readonly protocol: WireProtocol
      readonly token: string
      readonly clockOffset: number
      /** What a durable write means on this target, for the report; `null`: durable ingest does not apply. */
      readonly durability: string | null
    }
  | {
      readonly type: 'latency-done'
      /** Measured (non-warm-up) updates written. */
      readonly measured: number
      readonly warmup: number
      /** How far the sender fell behind its schedule at worst, in ms. */
      readonly maxLagMs: number
      readonly loop: LoopStats
      /** Writes whose promise had not settled yet when the schedule ended (Switchboard only). */
      readonly pendingAtEnd: number
      readonly failedWrites: number
    }
  | {
      readonly type: 'durable-done'
      readonly updates: number
      readonly elapsedMs: number
      readonly inFlight: number
      readonly failedWrites: number
    }
  | { readonly type: 'stopped' }
  | { readonly type: 'error'; readonly message: string }

// ---------------------------------------------------------------------------------------------------------------
// Parent ⇄ client worker

export type WorkerCommand =
  | {
      readonly type: 'connect'
      readonly url: string
      readonly docName: string
      readonly protocol: WireProtocol
      readonly token: string
      readonly count: number
      /** Samples to make room for per client. */
      readonly capacity: number
      readonly timeoutMs: number
    }
  | { readonly type: 'start' }
  /** Waits (up to `drainMs`) until every client has seen `expectedPerClient` measured messages in all. */
  | { readonly type: 'collect'; readonly expectedPerClient: number; readonly drainMs: number }
  | { readonly type: 'close' }

export type WorkerReport =
  | { readonly type: 'connected'; readonly ms: number; readonly clockOffset: number }
  | { readonly type: 'started' }
  | {
      readonly type: 'results'
      /** Latency samples in ms, one per (measured update, client), taken since the previous `collect`. */
      readonly samples: Float64Array
      /** Measured updates seen per client, in all. */
      readonly perClient: number[]
      readonly loop: LoopStats
      /** Messages whose text did not hold a timestamp (warm-up ones excluded). */
      readonly unparsable: number
    }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly message: string }

// ---------------------------------------------------------------------------------------------------------------

/**
 * Milliseconds since the epoch on a high-resolution clock. `timeOrigin` is taken from the wall clock when each
 * process starts, so values agree across processes on one machine; `clockOffset` lets the parent check that.
 */
export const hrNow = (): number => performance.timeOrigin + performance.now()

/**
 * This process's `hrNow()` minus the wall clock, estimated at the instants `Date.now()` ticks (so to a few µs).
 * Two processes' offsets differ by the skew between their `hrNow()` clocks.
 */
export const clockOffset = (): number => {
  const offsets: number[] = []
  for (let round = 0; round < 7; round += 1) {
    const start = Date.now()
    const deadline = performance.now() + 5
    let wall = start
    let hr = hrNow()
    while (wall === start && performance.now() < deadline) {
      hr = hrNow()
      wall = Date.now()
    }
    offsets.push(hr - wall)
  }
  offsets.sort((a, b) => a - b)
  return offsets[Math.floor(offsets.length / 2)] ?? 0
}

/** Event-loop delay and CPU use between `start()` and `stop()`. */
export const loopMeter = (): { stop: () => LoopStats } => {
  const resolution = 10
  const histogram = monitorEventLoopDelay({ resolution })
  histogram.enable()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  return {
    stop: () => {
      histogram.disable()
      const cpu = process.cpuUsage(cpu0)
      const wall = performance.now() - t0
      // The histogram holds whole timer intervals: the delay is what exceeds the sampling period.
      const delay = (ns: number): number => Math.max(0, ns / 1e6 - resolution)
      return {
        p50: delay(histogram.percentile(50)),
        p99: delay(histogram.percentile(99)),
        max: delay(histogram.max),
        cpuPercent: wall > 0 ? ((cpu.user + cpu.system) / 1000 / wall) * 100 : 0,
      }
    },
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Rejects after `ms` with a message naming what was awaited. */
export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error)

/** The repo root: children run with it as their working directory, so `--import tsx` resolves. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/** A child process running a bench TypeScript file through tsx, with typed, deadline-bound messaging. */
export interface Child<Command, Report extends { type: string }> {
  readonly process: ChildProcess
  send(command: Command): void
  /** The next report of the given type; rejects on an `error` report, the child's exit or the deadline. */
  next<T extends Report['type']>(type: T, timeoutMs: number): Promise<Extract<Report, { type: T }>>
  /** Asks nothing: kills the child (SIGKILL after `graceMs` if it has not exited). */
  kill(graceMs?: number): Promise<void>
}

const live = new Set<ChildProcess>()

/** Kills every child still running; the parent calls it on exit and on signals. */
export const killAllChildren = (): void => {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

export const spawnChild = <Command, Report extends { type: string }>(
  file: string,
  label: string,
  env: Record<string, string> = {},
): Child<Command, Report> => {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    cwd: repoRoot,
    // BENCH_CHILD_FLAGS: extra node flags for every child, e.g. `--trace-gc` when hunting pauses.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean)],
    serialization: 'advanced',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  live.add(child)
  const inbox: Report[] = []
  const waiters = new Set<() => void>()
  let exited: string | null = null
  const wake = (): void => {
    for (const waiter of [...waiters]) waiter()
  }
  child.on('message', (message) => {
    inbox.push(message as Report)
    wake()
  })
  child.on('exit', (code, signal) => {
    live.delete(child)
    exited = `${label} exited (code ${code}, signal ${signal})`
    wake()
  })
  child.on('error', (error) => {
    exited = `${label}: ${error.message}`
    wake()
  })
  return {
    process: child,
    send: (command) => {
      if (child.connected) child.send(command as object)
    },
    next: (type, timeoutMs) =>
      withTimeout(
        new Promise((resolve, reject) => {
          const check = (): void => {
            const index = inbox.findIndex((report) => report.type === type || report.type === 'error')
            if (index >= 0) {
              const [report] = inbox.splice(index, 1)
              waiters.delete(check)
              if (report && report.type === 'error') {
                reject(new Error(`${label}: ${(report as unknown as { message: string }).message}`))
              } else {
                resolve(report as Extract<Report, { type: typeof type }>)
              }
              return
            }
            if (exited !== null) {
              waiters.delete(check)
              reject(new Error(exited))
            }
          }
          waiters.add(check)
          check()
        }),
        timeoutMs,
        `${label} to report '${type}'`,
      ),
    kill: async (graceMs = 3000) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await withTimeout(gone, graceMs + 2000, `${label} to exit`).catch(() => undefined)
      clearTimeout(timer)
    },
  }
}

/**
 * For a child: handle the parent's commands one at a time, report through IPC, and die with the parent.
 * `handle` returns the report to send back.
 */
export const serveParent = <Command extends { type: string }, Report>(
  handle: (command: Command) => Promise<Report>,
  onStop: () => Promise<void>,
): void => {
  const send = (report: Report | { type: 'error'; message: string }): void => {
    if (process.connected) process.send?.(report)
  }
  let queue = Promise.resolve()
  process.on('message', (message) => {
    queue = queue.then(async () => {
      try {
        send(await handle(message as Command))
      } catch (error) {
        send({ type: 'error', message: errorMessage(error) })
      }
    })
  })
  const bail = (): void => {
    void withTimeout(onStop(), 3000, 'shutdown')
      .catch(() => undefined)
      .finally(() => process.exit(0))
  }
  process.on('disconnect', bail)
  process.on('SIGTERM', bail)
}

export const reportToParent = (report: unknown): void => {
  if (process.connected) process.send?.(report as object)
}
