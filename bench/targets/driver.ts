/**
 * The part every target child shares: it starts the server, reports where it listens, and on the parent's command
 * writes paced updates (latency run) or as many durable updates as it can (durable-ingest run).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  clockOffset,
  errorMessage,
  hrNow,
  loopMeter,
  reportToParent,
  serveParent,
  sleep,
  type TargetCommand,
  type TargetReport,
  type WireProtocol,
  withTimeout,
} from '../ipc'
import { WARMUP_PREFIX } from '../payload'

/** A fresh data folder (under BENCH_DATA_DIR or the OS's temp folder), removed when the process exits. */
export const dataDir = (name: string): string => {
  const dir = mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), `bench-${name}-`))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export interface Target {
  readonly url: string
  readonly docName: string
  readonly protocol: WireProtocol
  readonly token: string
  readonly durability: string | null
  /** One server-side write into the latency doc; a returned promise is tracked, never awaited in line. */
  write(text: string): undefined | Promise<unknown>
  /** A durable writer into a fresh chat doc (`run` numbers the doc), or `null` when the target has none. */
  durableWriter(run: number): Promise<((text: string) => Promise<unknown>) | null>
  close(): Promise<void>
}

const latencyRun = async (
  target: Target,
  command: Extract<TargetCommand, { type: 'latency' }>,
): Promise<TargetReport> => {
  const interval = 1000 / command.rate
  const warmup = Math.round(command.rate * command.warmupSeconds)
  const total = warmup + Math.round(command.rate * command.seconds)
  const hardDeadline = performance.now() + (command.warmupSeconds + command.seconds) * 3000 + 10_000
  let pending = 0
  let failed = 0
  let maxLag = 0
  let measured = 0
  let meter: ReturnType<typeof loopMeter> | null = null
  const start = performance.now()
  for (let i = 0; i < total && performance.now() < hardDeadline; ) {
    const due = start + i * interval
    const now = performance.now()
    if (now < due) {
      await sleep(due - now)
      continue
    }
    if (i === warmup) meter = loopMeter()
    if (i >= warmup) maxLag = Math.max(maxLag, now - due)
    const sentAt = hrNow()
    const text = i < warmup ? `${WARMUP_PREFIX}${sentAt}` : String(sentAt)
    try {
      const result = target.write(text)
      if (result) {
        pending += 1
        result.then(
          () => {
            pending -= 1
          },
          () => {
            pending -= 1
            failed += 1
          },
        )
      }
      if (i >= warmup) measured += 1
    } catch (error) {
      failed += 1
      if (failed === 1) console.error(`write failed: ${errorMessage(error)}`)
    }
    i += 1
  }
  const loop = (meter ?? loopMeter()).stop()
  const pendingAtEnd = pending
  for (let waited = 0; pending > 0 && waited < 10_000; waited += 10) await sleep(10)
  return {
    type: 'latency-done',
    measured,
    warmup,
    maxLagMs: maxLag,
    loop,
    pendingAtEnd,
    failedWrites: failed,
  }
}

let durableRuns = 0

const durableRun = async (
  target: Target,
  command: Extract<TargetCommand, { type: 'durable' }>,
): Promise<TargetReport> => {
  durableRuns += 1
  const write = await target.durableWriter(durableRuns)
  if (!write)
    return { type: 'durable-done', updates: 0, elapsedMs: 0, inFlight: command.inFlight, failedWrites: 0 }
  let done = 0
  let failed = 0
  let issued = 0
  let active = 0
  const start = performance.now()
  const end = start + command.seconds * 1000
  await withTimeout(
    new Promise<void>((resolve) => {
      const pump = (): void => {
        while (active < command.inFlight && issued < command.maxUpdates && performance.now() < end) {
          issued += 1
          active += 1
          const text = String(hrNow())
          ;(async () => write(text))()
            .then(
              () => {
                done += 1
              },
              (error: unknown) => {
                failed += 1
                if (failed === 1) console.error(`durable write failed: ${errorMessage(error)}`)
              },
            )
            .finally(() => {
              active -= 1
              if (active === 0 && (issued >= command.maxUpdates || performance.now() >= end)) resolve()
              else pump()
            })
        }
      }
      pump()
    }),
    command.seconds * 1000 + 30_000,
    'durable writes to settle',
  )
  return {
    type: 'durable-done',
    updates: done,
    elapsedMs: performance.now() - start,
    inFlight: command.inFlight,
    failedWrites: failed,
  }
}

/** The body of a target child: `start` brings the server up on 127.0.0.1, port 0. */
export const runTarget = async (start: () => Promise<Target>): Promise<void> => {
  let target: Target | null = null
  const stop = async (): Promise<void> => {
    const current = target
    target = null
    if (current) await withTimeout(current.close(), 5000, 'server close').catch(() => undefined)
  }
  serveParent<TargetCommand, TargetReport>(async (command) => {
    if (!target) throw new Error('the server is not running')
    switch (command.type) {
      case 'latency':
        return latencyRun(target, command)
      case 'durable':
        return durableRun(target, command)
      case 'stop':
        await stop()
        setTimeout(() => process.exit(0), 50)
        return { type: 'stopped' }
    }
  }, stop)
  try {
    target = await start()
    const ready: TargetReport = {
      type: 'ready',
      url: target.url,
      docName: target.docName,
      protocol: target.protocol,
      token: target.token,
      clockOffset: clockOffset(),
      durability: target.durability,
    }
    reportToParent(ready)
  } catch (error) {
    reportToParent({ type: 'error', message: errorMessage(error) } satisfies TargetReport)
    setTimeout(() => process.exit(1), 50)
  }
}
