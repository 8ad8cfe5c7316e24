/**
 * `npm run bench -- webhooks` (also part of the full run; `npx tsx bench/webhooks.ts` alone): messenger webhooks into a real Switchboard server in a
 * child process, the way Telegram delivers them (JSON updates with the secret-token header).
 *
 * - Inbound throughput: webhooks per second answered 200, each answer meaning the message is durable (the server
 *   answers only after the group commit), with BENCH_WEBHOOK_IN_FLIGHT requests in flight.
 * - Webhook to operator: from the POST until an operator's sync client (in this process, over the multiplexed
 *   socket like the app) has the message in the chat doc, at BENCH_WEBHOOK_RATE webhooks/s over
 *   BENCH_WEBHOOK_CHATS conversations; p50 and p99.
 *
 * Options (environment): BENCH_WEBHOOK_SECONDS (5), BENCH_WEBHOOK_IN_FLIGHT (32), BENCH_WEBHOOK_RATE (100),
 * BENCH_WEBHOOK_CHATS (50).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { type SocketLike, SyncClient } from '../app/sync/sync-client'
import { chatDocName, chatParts, messageOf } from '../model'
import { ms, rate, summarize } from './stats'

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

const options = {
  seconds: envInt('BENCH_WEBHOOK_SECONDS', 5),
  inFlight: envInt('BENCH_WEBHOOK_IN_FLIGHT', 32),
  rate: envInt('BENCH_WEBHOOK_RATE', 100),
  chats: envInt('BENCH_WEBHOOK_CHATS', 50),
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ADMIN = { email: 'admin@bench.local', password: 'bench-password-123' }
const SECRET = 'bench-webhook-secret'
const BOT_TOKEN = '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'

interface Server {
  readonly url: string
  readonly child: ChildProcess
}

const startServer = (dataDir: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const flags = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean)
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'sync-server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      const match = out.match(/running on http:\/\/localhost:(\d+)/)
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}`, child })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })

const api = async <T>(url: string, path: string, token: string | null, body?: unknown): Promise<T> => {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

let updateId = 1
let messageId = 1
/** A Telegram Update with a text message, as the Bot API posts it. */
const update = (chat: number, text: string) => ({
  update_id: updateId++,
  message: {
    message_id: messageId++,
    from: {
      id: chat,
      is_bot: false,
      first_name: 'Bench',
      last_name: `Customer ${chat}`,
      language_code: 'ru',
    },
    chat: { id: chat, first_name: 'Bench', last_name: `Customer ${chat}`, type: 'private' },
    date: Math.floor(Date.now() / 1000),
    text,
  },
})

export interface WebhookBenchResult {
  readonly throughput: number
  /** First messages per second: each also creates a contact and a chat. */
  readonly creations: number
  readonly latency: ReturnType<typeof summarize>
  readonly samples: number
  readonly expected: number
}

export const runWebhookBench = async (
  log: (line: string) => void = () => {},
): Promise<WebhookBenchResult> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-webhooks-'))
  const server = await startServer(dataDir)
  const clients: SyncClient[] = []
  try {
    const admin = await api<{ token: string }>(server.url, '/api/auth/login', null, ADMIN)
    const channel = await api<{ id: string }>(server.url, '/api/channels', admin.token, {
      kind: 'telegram',
      name: 'Bench bot',
      // Nothing is sent in this bench; the API address is a closed local port.
      config: { botToken: BOT_TOKEN, secretToken: SECRET, apiBaseUrl: 'http://127.0.0.1:9' },
    })
    const hook = `${server.url}/hooks/${channel.id}`
    const post = async (body: unknown): Promise<void> => {
      const res = await fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(body),
      })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`)
    }

    // Throughput: a closed loop of `inFlight` posters, each over its own 20 conversations, which exist already
    // (a customer's first message also creates the contact and the chat: measured apart, below).
    const conversation = (worker: number, i: number): number => 1_000_000 + worker * 1000 + (i % 20)
    log(`webhooks: creating ${options.inFlight * 20} conversations`)
    const createStart = performance.now()
    await Promise.all(
      Array.from({ length: options.inFlight }, async (_, worker) => {
        for (let i = 0; i < 20; i++) await post(update(conversation(worker, i), `first ${worker}/${i}`))
      }),
    )
    const creations = (options.inFlight * 20) / ((performance.now() - createStart) / 1000)
    log(`webhooks: throughput, ${options.inFlight} in flight, ${options.seconds} s`)
    let done = 0
    const until = performance.now() + options.seconds * 1000
    await Promise.all(
      Array.from({ length: options.inFlight }, async (_, worker) => {
        for (let i = 0; performance.now() < until; i++) {
          await post(update(conversation(worker, i), `throughput ${worker}/${i}`))
          done++
        }
      }),
    )
    const throughput = done / options.seconds

    // Latency: an operator watches `chats` conversations; webhooks arrive at a steady rate.
    log(`webhooks: webhook → operator, ${options.rate}/s over ${options.chats} chats, ${options.seconds} s`)
    const chatIds: number[] = Array.from({ length: options.chats }, (_, i) => 2_000_000 + i)
    for (const chat of chatIds) await post(update(chat, 'hello'))
    const operator = await api<{ id: string }>(server.url, '/api/operators', admin.token, {
      email: 'op@bench.local',
      name: 'Operator',
      password: 'operator-password-1',
      role: 'operator',
    })
    void operator
    const op = await api<{ token: string }>(server.url, '/api/auth/login', null, {
      email: 'op@bench.local',
      password: 'operator-password-1',
    })
    const list = await api<{ items: { id: string; contact: { name: string } }[] }>(
      server.url,
      `/api/chats?limit=200&q=${encodeURIComponent('Bench Customer 2')}`,
      op.token,
    )
    const client = new SyncClient({
      url: `${server.url.replace(/^http/, 'ws')}/sync`,
      token: op.token,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
    })
    clients.push(client)
    const sentAt = new Map<string, number>()
    const latencies: number[] = []
    const watched = list.items.filter((c) => c.contact.name.startsWith('Bench Customer 2'))
    if (watched.length !== options.chats) {
      throw new Error(`the operator found ${watched.length} of the ${options.chats} conversations to watch`)
    }
    for (const item of watched) {
      const handle = client.open(chatDocName(item.id))
      const { type } = chatParts(handle.doc).messages
      type.observe((event) => {
        const now = performance.now()
        for (const added of event.changes.added) {
          for (const raw of added.content.getContent()) {
            const m = messageOf(raw)
            const start = sentAt.get(m.text)
            if (start !== undefined) latencies.push(now - start)
          }
        }
      })
    }
    await client.whenSynced(30_000)
    const total = options.rate * options.seconds
    const interval = 1000 / options.rate
    const start = performance.now()
    const posts: Promise<void>[] = []
    for (let i = 0; i < total; i++) {
      const due = start + i * interval
      const wait = due - performance.now()
      if (wait > 1) await new Promise((r) => setTimeout(r, wait))
      const text = `latency ${i}`
      sentAt.set(text, performance.now())
      posts.push(post(update(chatIds[i % chatIds.length]!, text)))
    }
    await Promise.all(posts)
    const deadline = performance.now() + 10_000
    while (latencies.length < total && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    return {
      throughput,
      creations,
      latency: summarize(Float64Array.from(latencies).sort()),
      samples: latencies.length,
      expected: total,
    }
  } finally {
    for (const c of clients) c.destroy()
    server.child.kill('SIGTERM')
    await new Promise((r) => server.child.once('exit', r))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The report's section. */
export const webhookReport = (r: WebhookBenchResult): string =>
  [
    '### Messenger webhooks (Telegram updates into a server in a child process)',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| inbound throughput, ${options.inFlight} in flight (webhooks/s, each durable before its 200) | ${rate(r.throughput)} |`,
    `| new conversations, ${options.inFlight} in flight (first messages/s: contact, chat and message created) | ${rate(r.creations)} |`,
    `| webhook → operator's doc, p50 (${options.rate}/s over ${options.chats} chats) | ${ms(r.latency.p50)} |`,
    `| webhook → operator's doc, p99 | ${ms(r.latency.p99)} |`,
    `| samples (seen / sent) | ${r.samples.toLocaleString('en-US')} / ${r.expected.toLocaleString('en-US')} |`,
    '',
  ].join('\n')

if (process.argv[1]?.endsWith('webhooks.ts')) {
  const result = await runWebhookBench((line) => process.stderr.write(`${line}\n`))
  process.stdout.write(`${webhookReport(result)}\n`)
}
