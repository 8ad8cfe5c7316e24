/**
 * [TEAM4] [TEAM5] The online state on the directory doc's awareness, over real sockets: several tabs count once,
 * the grace rides over a reconnect, it ends after the grace, nobody can forge it, and nothing is stored.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import { chatDocName, directoryDocName, onlineOperators } from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('sync server: who is online', () => {
  let t: TestServer
  const clients: SyncClient[] = []

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await t.close()
  })

  const connect = (token: string): SyncClient => {
    const client = syncClient(t.wsUrl, token)
    clients.push(client)
    return client
  }

  /** Closes a client's socket and waits until the server has seen it go. */
  const leave = async (client: SyncClient): Promise<void> => {
    const before = t.server.connections.size
    client.destroy()
    await eventually(() => t.server.connections.size < before, 'the server saw the socket close')
  }

  /** A client on the directory doc, listening (no state of its own), as the app's team view and transfer dialog. */
  const listen = async (token: string) => {
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    awareness.setLocalState(null)
    // Every online state that ever reached this client, to check what never happened.
    const seen: Array<ReadonlyMap<string, number>> = []
    const online = (): ReadonlyMap<string, number> =>
      onlineOperators(awareness.getStates().values()) ?? new Map()
    awareness.on('change', () => seen.push(online()))
    const client = connect(token)
    client.open(directoryDocName, doc, { awareness })
    await client.whenSynced()
    return { online, seen }
  }

  const stored = () =>
    t.server.services.db
      .prepare(
        `SELECT (SELECT count(*) FROM doc_updates WHERE doc = ?) AS updates,
                (SELECT count(*) FROM doc_snapshots WHERE doc = ?) AS snapshots`,
      )
      .get(directoryDocName, directoryDocName)

  it('[TEAM4] [TEAM5] two tabs count once, the last one closing ends it after the grace; nothing is stored', async () => {
    // Docs unload as soon as nobody has them open: the directory gets the state again each time it loads.
    t = await startTestServer({ env: { ONLINE_GRACE_MS: '300', DOC_IDLE_MS: '0' } })
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
    await eventually(() => !t.server.hub.isLoaded(directoryDocName), 'the directory is unloaded')
    const admin = await listen(t.adminToken)
    const adminId = t.server.services.operators.list().find((op) => op.role === 'admin')!.id
    await eventually(() => admin.online().has(adminId), 'the admin sees herself online')
    const storedBefore = stored()

    const tabA = connect(anna.token)
    const tabB = connect(anna.token)
    await eventually(() => admin.online().has(anna.id), 'Anna is online')
    const since = admin.online().get(anna.id)!
    await eventually(() => tabA.status === 'online' && tabB.status === 'online', 'both tabs are connected')
    await leave(tabA)

    // Boris comes and goes after Anna's first tab closed: once his grace has run out, hers would have too, had
    // the closed tab taken her offline.
    const borisTab = connect(boris.token)
    await eventually(() => admin.online().has(boris.id), 'Boris is online')
    await leave(borisTab)
    await eventually(() => !admin.online().has(boris.id), 'Boris is offline after the grace')
    expect(admin.online().get(anna.id)).toBe(since)
    expect(
      admin.seen.every((online) => online.get(anna.id) === undefined || online.get(anna.id) === since),
    ).toBe(true)

    await leave(tabB)
    await eventually(() => !admin.online().has(anna.id), 'Anna is offline after her last tab closed')
    expect(admin.online().has(adminId)).toBe(true)
    // Presence only: the directory doc's stored rows are what they were.
    expect(stored()).toEqual(storedBefore)
  })

  it('[TEAM5] a reconnect within the grace keeps the time she came online and never shows her offline', async () => {
    // Long enough for a reconnect on a busy machine, short enough to see a stale grace timer fire.
    t = await startTestServer({ env: { ONLINE_GRACE_MS: '3000' } })
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const admin = await listen(t.adminToken)
    const first = connect(anna.token)
    await eventually(() => admin.online().has(anna.id), 'Anna is online')
    const since = admin.online().get(anna.id)!
    await eventually(() => first.status === 'online', 'her tab is connected')
    await leave(first)
    const again = connect(anna.token)
    await eventually(() => again.status === 'online', 'her tab reconnected')
    // Boris comes and goes after her reconnect: once his grace ran out, her first socket's would have too, had the
    // reconnect not cancelled it.
    const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
    const borisTab = connect(boris.token)
    await eventually(() => admin.online().has(boris.id), 'Boris is online')
    await leave(borisTab)
    await eventually(() => !admin.online().has(boris.id), 'Boris is offline after the grace', 10_000)
    expect(admin.online().get(anna.id)).toBe(since)
    const seenAfterAnna = admin.seen.slice(admin.seen.findIndex((online) => online.has(anna.id)))
    expect(seenAfterAnna.every((online) => online.get(anna.id) === since)).toBe(true)
  })

  it('[TEAM4] an operator cannot forge the online state: the directory is read-only to her, her states are dropped', async () => {
    t = await startTestServer({ env: { ONLINE_GRACE_MS: '300' } })
    const site = await t.channel('Site')
    const { chatId } = await t.server.services.ingest({
      channelId: site,
      externalChatId: 'visitor',
      contact: { firstName: 'Visitor' },
      message: { text: 'hello' },
    })
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const admin = await listen(t.adminToken)

    const forged = new Awareness(new Y.Doc())
    forged.setLocalState({ online: { mallory: 1 } })
    const client = connect(anna.token)
    client.open(directoryDocName, new Y.Doc(), { awareness: forged })
    forged.setLocalState({ user: { id: anna.id, name: 'Анна' }, online: { mallory: 2 } })
    // Frames on one socket are handled in order: once the chat synced, the forged states were handled.
    client.open(chatDocName(chatId))
    await client.whenSynced()
    await eventually(() => admin.online().has(anna.id), 'Anna is online')

    const states = t.server.hub.open(directoryDocName).awareness.getStates()
    expect([...states.keys()]).toEqual([t.server.hub.open(directoryDocName).awareness.clientID])
    expect(admin.seen.some((online) => online.has('mallory'))).toBe(false)
    forged.destroy()
  })
})
