import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import { chatDocName, type Presence } from '../../model'
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
})
