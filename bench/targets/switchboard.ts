/**
 * Switchboard's sync server, started in-process here the way main.ts does, with its data in a temporary folder.
 * Writes go through `hub.transact`, whose promise resolves after the group commit to SQLite; peers get the update
 * only after that commit. Chats are registered like real inbound ones, so each message also runs the inbox
 * maintainer (chat summary row, index doc update), as it does in production. Clients sync over `/sync/<docName>`, y-websocket's protocol, as the admin.
 *
 * BENCH_SQLITE_SYNCHRONOUS (FULL, the default, or NORMAL) becomes the server's SQLITE_SYNCHRONOUS: bench/run.ts
 * runs this file once per mode (targets `switchboard` and `switchboard-normal`).
 */
import { startServer } from '../../sync-server'
import { parseConfig } from '../../sync-server/config'
import { withTimeout } from '../ipc'
import {
  appendBenchMessage,
  BENCH_CHANNEL,
  BENCH_CONTACT,
  createBenchChat,
  docNameOf,
  durableChat,
  LATENCY_CHAT,
} from '../payload'
import { dataDir, runTarget } from './driver'

const ADMIN_EMAIL = 'admin@bench.local'
const ADMIN_PASSWORD = 'bench-password-123'
const ORIGIN = { kind: 'server', reason: 'bench' } as const

await runTarget(async () => {
  const dir = dataDir('switchboard')
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    SQLITE_SYNCHRONOUS: process.env.BENCH_SQLITE_SYNCHRONOUS || 'FULL',
  })
  const server = await startServer({ config })
  const base = `127.0.0.1:${server.port}`

  const response = await withTimeout(
    fetch(`http://${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    }),
    10_000,
    'login',
  )
  if (!response.ok) throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`)
  const { token } = (await response.json()) as { token?: unknown }
  if (typeof token !== 'string') throw new Error('login answered without a token')

  /**
   * Creates a chat the way the server's inbound path does (sync-server/ingest.ts): the doc and, in the same
   * commit, its row in the chat registry. Access control and the inbox index know a chat only by that row.
   */
  const createChat = (chatId: string): Promise<void> => {
    const written = server.hub.transact(docNameOf(chatId), (doc) => createBenchChat(doc, chatId), ORIGIN)
    // Registered in the same group commit, as sync-server/ingest.ts does.
    server.services.chats.saveContact({ id: BENCH_CONTACT, name: 'Bench', tags: [] })
    server.services.chats.addChat({
      id: chatId,
      channelId: BENCH_CHANNEL,
      contactId: BENCH_CONTACT,
      externalId: null,
    })
    return written
  }

  const latencyDoc = docNameOf(LATENCY_CHAT)
  await createChat(LATENCY_CHAT)

  return {
    url: `ws://${base}/sync/${latencyDoc}`,
    docName: latencyDoc,
    protocol: 'y-websocket',
    token,
    durability: `hub.transact resolves after its group commit to SQLite (WAL, synchronous=${config.SQLITE_SYNCHRONOUS}${config.SQLITE_SYNCHRONOUS === 'NORMAL' ? ': survives a crash of the process, not a power cut' : ''}); clients get the update only after that commit, in both runs`,
    write: (text) => server.hub.transact(latencyDoc, (doc) => appendBenchMessage(doc, text), ORIGIN),
    durableWriter: async (run) => {
      const name = docNameOf(durableChat(run))
      await createChat(durableChat(run))
      return (text) => server.hub.transact(name, (doc) => appendBenchMessage(doc, text), ORIGIN)
    },
    close: async () => {
      await server.close()
    },
  }
})
