/** The app benchmarks' part of the report: one table of the measured moments, with their goals, as markdown. */
import { availableParallelism, loadavg } from 'node:os'
import { ms, percentile } from '../stats'
import type { AppBenchResult, Series, SeriesName } from './measure'

const ROWS: Record<SeriesName, { readonly label: string; readonly goalMs: number | null }> = {
  coldOffline: { label: 'Inbox cold start, offline (service worker + IndexedDB)', goalMs: 300 },
  coldOnline: { label: 'Inbox cold start, online', goalMs: 300 },
  chatStored: { label: 'Open the long chat, stored (first open after a reload)', goalMs: 100 },
  chatReopen: { label: 'Open the long chat again in the same tab', goalMs: 100 },
  chatServer: { label: 'Open the long chat, not stored yet (from the server)', goalMs: null },
}

const sorted = (samples: readonly number[]): Float64Array => Float64Array.from(samples).sort()

const p50 = (samples: readonly number[]): number => percentile(sorted(samples), 50)

const verdict = (s: Series, goalMs: number | null): string => {
  if (goalMs === null) return '—'
  if (s.error !== null || s.samples.length === 0) return 'not measured'
  return p50(s.samples) < goalMs ? '**met**' : '**not met**'
}

const row = (s: Series): string => {
  const { label, goalMs } = ROWS[s.name]
  if (s.error !== null && s.samples.length === 0) {
    return `| ${label} | — | — | — | ${goalMs === null ? '—' : `< ${goalMs}`} | failed: ${s.error.replaceAll('|', '\\|')} |`
  }
  const values = sorted(s.samples)
  const under =
    goalMs === null ? '' : ` (${s.samples.filter((v) => v < goalMs).length}/${s.samples.length} runs under)`
  const failed = s.error === null ? '' : `; then failed: ${s.error.replaceAll('|', '\\|')}`
  return `| ${label} | ${ms(percentile(values, 50))} | ${ms(values[values.length - 1] ?? Number.NaN)} | ${s.samples.length} | ${goalMs === null ? '—' : `< ${goalMs}`} | ${verdict(s, goalMs)}${under}${failed} |`
}

export const appReport = (result: AppBenchResult): string => {
  const { options, seed, expected, series } = result
  const lines: string[] = []
  lines.push(
    `## The operator app (${seed.chats.toLocaleString('en-US')} chats in the inbox, a chat of ${seed.bigMessages.toLocaleString('en-US')} messages)`,
  )
  lines.push('')
  lines.push('| moment | p50 ms | max ms | runs | goal ms | goal (p50) |')
  lines.push('| --- | ---: | ---: | ---: | ---: | --- |')
  for (const s of series) lines.push(row(s))
  const shell = series.find((s) => s.name === 'coldOffline')?.shell ?? []
  lines.push('')
  if (shell.length > 0) {
    lines.push(
      `Of the offline cold start, the page and the app's code took ${ms(p50(shell))} ms (p50, to DOMContentLoaded); the rest is reading the index from IndexedDB into its Y.Doc and rendering.`,
    )
    lines.push('')
  }
  lines.push('### What this measures')
  lines.push('')
  lines.push(
    `- Workspace: ${seed.chats.toLocaleString('en-US')} chats over two weeks, each with a contact and one to three messages, in every status (waiting in Unassigned, answered by a bot, taken, in work, returned, closed), assigned to three operators; and one chat of ${seed.bigMessages.toLocaleString('en-US')} messages. Written through the server's own doors (\`services.ingest\`, the model's commands through \`hub.transact\`)${result.seededSeconds === null ? ' (seeded by an earlier run)' : ` in ${result.seededSeconds.toFixed(0)} s`}. The operator's index holds ${expected.total.toLocaleString('en-US')} chats, ${expected.rows.toLocaleString('en-US')} of them in Unassigned.`,
  )
  lines.push(
    `- The built app in Chromium (headless, playwright-core, a 1400×860 window) against the real server on 127.0.0.1 (SQLite, synchronous=FULL). Times are the browser's own: the app's User Timing marks, made after the frame that shows the moment is painted (app/ui/paint-mark.ts). ${options.runs} runs each, after an unmeasured one.`,
  )
  lines.push(
    `- Cold start: a reload, from the navigation start to \`switchboard:inbox-ready\`, the first rows of the list painted; each run checks the mark carried all ${expected.rows.toLocaleString('en-US')} Unassigned rows and the counters Unassigned ${expected.counts.unassigned}, Mine ${expected.counts.mine}, All ${expected.counts.all}. Offline: the browser has no network, the page comes from the service worker and the data from IndexedDB only. Online: the same with the server reachable.`,
  )
  lines.push(
    "- Chat open: from the click on the long chat's card (the click event's time) to `switchboard:chat-ready`, its last 50 lines painted (checked by the mark). Stored: the first open after a reload, the doc in IndexedDB. Again: another chat opened in between, in the same tab. Not stored: its IndexedDB database deleted first, so it comes from the server.",
  )
  const load = loadavg()[0] ?? Number.NaN
  lines.push(
    `- Machine: ${availableParallelism()} cores; load average ${load.toFixed(1)} at the end of the run (other processes compete with the browser and the server).`,
  )
  return lines.join('\n')
}
