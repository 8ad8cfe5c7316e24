/**
 * Hocuspocus 3 as its users run it: `Hocuspocus` with its default debounce (store 2 s after the last change, at
 * most every 10 s) and a persistence extension equivalent to `@hocuspocus/extension-database` (not installed
 * here): `onLoadDocument` applies the stored state, `onStoreDocument` upserts `Y.encodeStateAsUpdate(doc)` into
 * SQLite, the schema and query of `@hocuspocus/extension-sqlite`, through better-sqlite3 with WAL and
 * synchronous=FULL.
 *
 * Served from our own http + ws server bound to 127.0.0.1 (Hocuspocus' `Server` binds every interface: it passes
 * `address`, which `listen` ignores), handing sockets to `hocuspocus.handleConnection` as `Server` does.
 *
 * Latency run: the message is written straight into the loaded document with the channel's origin, so Hocuspocus
 * broadcasts it at once and schedules its debounced store, as for any change. Durable run:
 * `DirectConnection.transact`, Hocuspocus' server-side write API, which resolves after `onStoreDocument`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type Extension, Hocuspocus } from '@hocuspocus/server'
import Database from 'better-sqlite3'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { appendBenchMessage, createBenchChat, docNameOf, durableChat, LATENCY_CHAT } from '../payload'
import { dataDir, runTarget } from './driver'

const schema = `CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))`
const selectQuery = `SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC`
const upsertQuery = `INSERT INTO "documents" ("name", "data") VALUES ($name, $data) ON CONFLICT(name) DO UPDATE SET data = $data`

await runTarget(async () => {
  const dir = dataDir('hocuspocus')
  const db = new Database(join(dir, 'hocuspocus.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(schema)
  const select = db.prepare<{ name: string }, { data: Buffer }>(selectQuery)
  const upsert = db.prepare<{ name: string; data: Buffer }>(upsertQuery)

  const persistence: Extension = {
    extensionName: 'BenchSQLite',
    async onLoadDocument({ documentName, document }) {
      const row = select.get({ name: documentName })
      if (row) Y.applyUpdate(document, new Uint8Array(row.data))
    },
    async onStoreDocument({ documentName, document }) {
      upsert.run({ name: documentName, data: Buffer.from(Y.encodeStateAsUpdate(document)) })
    },
  }
  const hocuspocus = new Hocuspocus({ quiet: true, extensions: [persistence] })

  const http = createServer((_, response) => response.writeHead(404).end())
  const wss = new WebSocketServer({ noServer: true })
  http.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => undefined)
      hocuspocus.handleConnection(ws, request)
    })
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = http.address() as AddressInfo

  const latencyDoc = docNameOf(LATENCY_CHAT)
  const latency = await hocuspocus.openDirectConnection(latencyDoc)
  await latency.transact((doc) => createBenchChat(doc, LATENCY_CHAT))
  const document = latency.document
  if (!document) throw new Error('Hocuspocus did not load the latency doc')

  const durable: Awaited<ReturnType<Hocuspocus['openDirectConnection']>>[] = []

  return {
    url: `ws://127.0.0.1:${port}`,
    docName: latencyDoc,
    protocol: 'hocuspocus',
    token: 'bench',
    durability:
      'latency run: stored 2 s after the last change (at most 10 s late), as Hocuspocus debounces; durable run: DirectConnection.transact resolves after onStoreDocument wrote the whole doc state (SQLite WAL, synchronous=FULL)',
    write: (text) => {
      appendBenchMessage(document, text)
      return undefined
    },
    durableWriter: async (run) => {
      const chatId = durableChat(run)
      const connection = await hocuspocus.openDirectConnection(docNameOf(chatId))
      durable.push(connection)
      await connection.transact((doc) => createBenchChat(doc, chatId))
      return (text) => connection.transact((doc) => appendBenchMessage(doc, text))
    },
    close: async () => {
      for (const connection of durable) await connection.disconnect()
      await latency.disconnect()
      hocuspocus.closeConnections()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
      db.close()
    },
  }
})
