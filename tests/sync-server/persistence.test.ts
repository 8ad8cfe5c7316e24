import { rmSync } from 'node:fs'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  channelContext,
  chatDocName,
  chatParts,
  createChat,
  ingestInboundMessage,
  serverContext,
} from '../../model'
import { DocHub } from '../../sync-server'
import { type Db, openDb } from '../../sync-server/storage/db'
import { DocLog } from '../../sync-server/storage/doc-log'
import { tempDir } from '../helpers/server'

const silent = pino({ level: 'silent' })
const count = (db: Db, doc: string): number =>
  (db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc = ?').get(doc) as { n: number }).n

describe('persistence: the SQLite update log', () => {
  let dir: string
  let db: Db

  beforeEach(() => {
    dir = tempDir()
    db = openDb(dir)
  })

  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs in WAL mode with synchronous=FULL', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
  })

  it('reads back what it appended, and a compaction keeps the same state in one snapshot', () => {
    const log = new DocLog(db)
    const source = new Y.Doc()
    source.on('update', (u: Uint8Array) => log.append('d', u))
    for (let i = 0; i < 50; i++) source.getArray<number>('xs').push([i])
    const stored = log.read('d')
    expect(stored.logLength).toBe(50)
    const copy = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(copy, u)
    expect(copy.getArray('xs').toJSON()).toEqual(source.getArray('xs').toJSON())

    log.compact('d', Y.encodeStateAsUpdate(copy), stored.lastSeq, Date.now())
    expect(count(db, 'd')).toBe(0)
    source.getArray<number>('xs').push([50])
    const after = log.read('d')
    expect(after.updates.length).toBe(2)
    expect(after.logLength).toBe(1)
    const again = new Y.Doc()
    for (const u of after.updates) Y.applyUpdate(again, u)
    expect(again.getArray('xs').length).toBe(51)
  })

  it('a busy doc is compacted once it is quiet, or at once when its log reaches 10× COMPACT_EVERY', async () => {
    const hub = new DocHub({ log: new DocLog(db), logger: silent, idleMs: 60_000, compactEvery: 20 })
    const name = chatDocName('c1')
    const write = (i: number) =>
      hub.transact(name, (doc) => ingestInboundMessage(doc, { text: `m${i}` }, channelContext('ch', 2 + i)), {
        kind: 'channel',
        channelId: 'ch',
      })
    await hub.transact(
      name,
      (doc) => createChat(doc, { chatId: 'c1', channelId: 'ch', contactId: 'k' }, serverContext('test', 1)),
      { kind: 'server', reason: 'test' },
    )
    for (let i = 0; i < 24; i++) await write(i)
    expect(count(db, name)).toBe(25)
    await new Promise((r) => setTimeout(r, 1_200))
    expect(count(db, name)).toBe(0)
    for (let i = 24; i < 224; i++) await write(i)
    // 200 more entries: the hard limit of 10 × 20 compacts without waiting.
    expect(count(db, name)).toBeLessThan(200)
    const reloaded = new Y.Doc()
    for (const u of new DocLog(db).read(name).updates) Y.applyUpdate(reloaded, u)
    expect(chatParts(reloaded).messages.length).toBe(224)
    await hub.close()
  })

  it('the hub group-commits, unloads idle docs with a compaction and reloads them intact', async () => {
    const hub = new DocHub({ log: new DocLog(db), logger: silent, idleMs: 0, compactEvery: 20 })
    const name = chatDocName('c1')
    await hub.transact(
      name,
      (doc) => createChat(doc, { chatId: 'c1', channelId: 'ch', contactId: 'k' }, serverContext('test', 1)),
      { kind: 'server', reason: 'test' },
    )
    // 30 writes in one tick, committed together.
    const writes = Array.from({ length: 30 }, (_, i) =>
      hub.transact(name, (doc) => ingestInboundMessage(doc, { text: `m${i}` }, channelContext('ch', 2 + i)), {
        kind: 'channel',
        channelId: 'ch',
      }),
    )
    await Promise.all(writes)
    const before = Y.encodeStateAsUpdate(hub.open(name).doc)
    await new Promise((r) => setTimeout(r, 20))
    expect(hub.isLoaded(name)).toBe(false)
    // Unloading compacted the 31 entries into a snapshot.
    expect(count(db, name)).toBe(0)
    const reloaded = hub.open(name).doc
    expect(Y.encodeStateAsUpdate(reloaded)).toEqual(before)
    expect(chatParts(reloaded).messages.length).toBe(30)
    await hub.close()
  })
})
