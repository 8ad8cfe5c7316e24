import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import { type ChatPresence, chatDocName, MessageType, type Presence, presenceRows } from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('sync server: presence', () => {
  let t: TestServer
  const clients: SyncClient[] = []

  beforeEach(async () => {
    t = await startTestServer()
  })

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await t.close()
  })

  const connect = (token: string): SyncClient => {
    const client = syncClient(t.wsUrl, token)
    clients.push(client)
    return client
  }

  const presence = (id: string, name: string, chatId: string): Presence => ({
    user: { id, name },
    viewing: chatId,
    typing: chatId,
  })

  it('[PRS2] relays an operator’s own presence and drops one that names another operator', async () => {
    const channel = await t.channel('Site')
    const { chatId } = await t.server.services.ingest({
      channelId: channel,
      externalChatId: 'visitor',
      contact: { firstName: 'Visitor' },
      message: { text: 'hello' },
    })
    const name = chatDocName(chatId)
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const ivan = await t.operator({ email: 'ivan@test.local', name: 'Иван' })

    // Ivan watches the chat and records every state that ever reaches him.
    const ivanDoc = new Y.Doc()
    const ivanAwareness = new Awareness(ivanDoc)
    ivanAwareness.setLocalState(presence(ivan.id, 'Иван', chatId))
    const seen: unknown[] = []
    ivanAwareness.on('change', () => {
      for (const [client, state] of ivanAwareness.getStates())
        if (client !== ivanDoc.clientID) seen.push(state)
    })
    const ivanClient = connect(ivan.token)
    ivanClient.open(name, ivanDoc, { awareness: ivanAwareness })
    await ivanClient.whenSynced()

    // Anna's client first claims to be Ivan typing, then says nothing of who it is, then tells the truth.
    const annaDoc = new Y.Doc()
    const annaAwareness = new Awareness(annaDoc)
    annaAwareness.setLocalState(presence(ivan.id, 'Иван', chatId))
    const annaClient = connect(anna.token)
    annaClient.open(name, annaDoc, { awareness: annaAwareness })
    await annaClient.whenSynced()
    annaAwareness.setLocalState({ typing: chatId })
    annaAwareness.setLocalState(presence(anna.id, 'Анна', chatId))

    // Frames on one socket are handled in order: once the honest state is in, the forged ones were dropped.
    await eventually(
      () => (ivanAwareness.getStates().get(annaDoc.clientID) as Presence | undefined)?.user.id === anna.id,
      'Anna’s own presence reaches Ivan',
    )
    expect(seen.length).toBeGreaterThan(0)
    for (const state of seen) expect(state).toMatchObject({ user: { id: anna.id, name: 'Анна' } })
    // Dropped, not closed: Anna's socket carried the honest state after the forged one.
    expect(annaClient.status).toBe('online')
    const serverStates = t.server.hub.open(name).awareness.getStates()
    expect(serverStates.get(annaDoc.clientID)).toMatchObject({ user: { id: anna.id } })

    // Leaving the chat removes her presence for the others.
    annaClient.destroy()
    await eventually(() => !ivanAwareness.getStates().has(annaDoc.clientID), 'Anna’s presence is removed')
    ivanAwareness.destroy()
    annaAwareness.destroy()
  })

  /** What the server keeps on disk: every update and snapshot row, to compare before and after. */
  const stored = () => ({
    updates: t.server.services.db.prepare('SELECT seq, doc FROM doc_updates ORDER BY seq').all(),
    snapshots: t.server.services.db.prepare('SELECT doc, seq FROM doc_snapshots ORDER BY doc').all(),
  })

  const indexDocOf = async (token: string): Promise<string> =>
    (await t.api<{ indexDoc: string }>('/api/me', { token })).body.indexDoc

  /** An operator's client on her inbox index doc, listening only (no state of hers), as the app does. */
  const listenToIndex = async (token: string) => {
    const name = await indexDocOf(token)
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    awareness.setLocalState(null)
    // Every row that ever reaches this client, to check what it never saw.
    const seen = new Set<string>()
    awareness.on('change', () => {
      for (const chatId of presenceRows(awareness.getStates().values()).keys()) seen.add(chatId)
    })
    const client = connect(token)
    client.open(name, doc, { awareness })
    await client.whenSynced()
    return {
      name,
      awareness,
      seen,
      row: (chatId: string) => presenceRows(awareness.getStates().values()).get(chatId),
    }
  }

  /** An operator in a chat, with presence, as the app's open chat pane. */
  const joinChat = async (token: string, operatorId: string, name: string, chatId: string) => {
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    awareness.setLocalState({
      user: { id: operatorId, name },
      viewing: chatId,
      typing: null,
    } satisfies Presence)
    const client = connect(token)
    client.open(chatDocName(chatId), doc, { awareness })
    await client.whenSynced()
    return { client, awareness }
  }

  const chatIn = async (channelId: string, externalChatId: string): Promise<string> =>
    (
      await t.server.services.ingest({
        channelId,
        externalChatId,
        contact: { firstName: externalChatId },
        message: { text: 'hello' },
      })
    ).chatId

  const same = (row: ChatPresence | undefined, expected: ChatPresence | undefined): boolean =>
    JSON.stringify(row) === JSON.stringify(expected)

  it('[PRS7] an operator who has not opened a chat sees on her index who views and types in it; another group does not; it clears; nothing is stored', async () => {
    const site = await t.channel('Site')
    const shop = await t.channel('Shop')
    const chatX = await chatIn(site, 'x-visitor')
    const chatY = await chatIn(shop, 'y-visitor')
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
    // Vera sees the Shop channel only: another index doc, without chat X.
    const vera = await t.operator({ email: 'vera@test.local', name: 'Вера', channels: [shop] })
    const dima = await t.operator({ email: 'dima@test.local', name: 'Дима' })

    const borisIndex = await listenToIndex(boris.token)
    const veraIndex = await listenToIndex(vera.token)
    expect(veraIndex.name).not.toBe(borisIndex.name)
    await t.server.hub.whenDurable()
    const before = stored()
    const indexStates = [borisIndex.name, veraIndex.name].map((name) =>
      Y.encodeStateAsUpdate(t.server.hub.open(name).doc),
    )

    // Anna opens chat X and types; Dima opens chat Y (which both groups see). Boris opened neither.
    const annaInX = await joinChat(anna.token, anna.id, 'Анна', chatX)
    await joinChat(dima.token, dima.id, 'Дима', chatY)
    await eventually(
      () => same(borisIndex.row(chatX), { viewing: [anna.id], typing: [] }),
      'Boris sees Anna viewing X',
    )
    annaInX.awareness.setLocalStateField('typing', chatX)
    await eventually(
      () => same(borisIndex.row(chatX), { viewing: [anna.id], typing: [anna.id] }),
      'Boris sees Anna typing in X',
    )
    await eventually(() => same(borisIndex.row(chatY), { viewing: [dima.id], typing: [] }), 'Boris sees Y')
    // Vera gets the summary of her own index (chat Y), and never anything of chat X.
    await eventually(() => same(veraIndex.row(chatY), { viewing: [dima.id], typing: [] }), 'Vera sees Y')

    // Anna stops typing, then leaves (her socket closes): the row clears.
    annaInX.awareness.setLocalStateField('typing', null)
    await eventually(
      () => same(borisIndex.row(chatX), { viewing: [anna.id], typing: [] }),
      'Anna no longer typing',
    )
    annaInX.client.destroy()
    await eventually(() => borisIndex.row(chatX) === undefined, 'Anna left chat X')
    expect(borisIndex.row(chatY)).toEqual({ viewing: [dima.id], typing: [] })
    expect(veraIndex.seen.has(chatY)).toBe(true)
    expect(veraIndex.seen.has(chatX)).toBe(false)

    // Presence never reached a doc or SQLite: the same rows on disk, the same index docs.
    await t.server.hub.whenDurable()
    expect(stored()).toEqual(before)
    expect(
      [borisIndex.name, veraIndex.name].map((name) => Y.encodeStateAsUpdate(t.server.hub.open(name).doc)),
    ).toEqual(indexStates)
  })

  it('[PRS2] a client can neither forge the server’s summary on an index doc nor replace another operator’s presence', async () => {
    const site = await t.channel('Site')
    const chatX = await chatIn(site, 'x-visitor')
    const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
    const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
    const annaIndex = await listenToIndex(anna.token)
    const annaInX = await joinChat(anna.token, anna.id, 'Анна', chatX)
    await eventually(() => annaIndex.row(chatX) !== undefined, 'the summary names Anna in X')
    const index = t.server.hub.open(annaIndex.name).awareness
    const serverClient = index.clientID
    const summary = JSON.stringify(index.getLocalState())

    // Boris, on a raw socket: frames `[doc name][awareness][count, client id, clock, state]`.
    const ws = new WebSocket(`${t.wsUrl}/sync?token=${boris.token}`)
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const sendAwareness = (docName: string, clientId: number, clock: number, state: unknown): void => {
      const update = encoding.createEncoder()
      encoding.writeVarUint(update, 1)
      encoding.writeVarUint(update, clientId)
      encoding.writeVarUint(update, clock)
      encoding.writeVarString(update, JSON.stringify(state))
      const frame = encoding.createEncoder()
      encoding.writeVarString(frame, docName)
      encoding.writeVarUint(frame, MessageType.awareness)
      encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
      ws.send(encoding.toUint8Array(frame))
    }
    const ghost = {
      user: { id: boris.id, name: 'Борис' },
      rows: { [chatX]: { viewing: ['ghost'], typing: ['ghost'] } },
    }
    // The server's own client id on the index doc, far ahead in clock; a state of his own under a fresh id
    // there; Anna's client id on the chat doc; and a removal of Anna's state.
    sendAwareness(annaIndex.name, serverClient, 1_000_000, ghost)
    sendAwareness(annaIndex.name, 4242, 1, ghost)
    sendAwareness(chatDocName(chatX), annaInX.awareness.clientID, 1_000_000, {
      user: { id: boris.id, name: 'Борис' },
      viewing: null,
      typing: null,
    })
    sendAwareness(chatDocName(chatX), annaInX.awareness.clientID, 1_000_001, null)
    // Then his honest presence in the chat: frames of one socket are handled in order.
    sendAwareness(chatDocName(chatX), 4243, 1, {
      user: { id: boris.id, name: 'Борис' },
      viewing: chatX,
      typing: null,
    })
    await eventually(
      () => same(annaIndex.row(chatX), { viewing: [anna.id, boris.id].sort(), typing: [] }),
      'Boris’s honest presence is summed up',
    )
    expect(ws.readyState).toBe(WebSocket.OPEN)
    expect(annaIndex.seen.size).toBe(1)
    expect(
      [...annaIndex.awareness.getStates().values()].some((state) => JSON.stringify(state).includes('ghost')),
    ).toBe(false)
    expect(index.getStates().has(4242)).toBe(false)
    expect(JSON.stringify(index.getLocalState())).not.toBe(summary)
    expect(index.getLocalState()).toEqual({
      rows: { [chatX]: { viewing: [anna.id, boris.id].sort(), typing: [] } },
    })
    const chatStates = t.server.hub.open(chatDocName(chatX)).awareness.getStates()
    expect(chatStates.get(annaInX.awareness.clientID)).toMatchObject({
      user: { id: anna.id },
      viewing: chatX,
    })
    ws.close()
  })
})
