import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  chatDocName,
  chatParts,
  directoryDocName,
  directoryParts,
  indexChats,
  markRead,
  operatorContext,
  sendOperatorMessage,
  takeChat,
} from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('sync server: the multiplexed socket', () => {
  let t: TestServer
  let channel: string

  beforeEach(async () => {
    t = await startTestServer()
    channel = await t.channel('Site')
  })

  afterEach(async () => {
    await t.close()
  })

  const newChat = async (visitor: string, text = 'hello'): Promise<string> =>
    (
      await t.server.services.ingest({
        channelId: channel,
        externalChatId: visitor,
        contact: { firstName: visitor },
        message: { text },
      })
    ).chatId

  it('syncs 200 docs over one socket, both ways', async () => {
    const ids: string[] = []
    for (let i = 0; i < 200; i++) ids.push(await newChat(`v${i}`, `message ${i}`))
    const op = await t.operator({ email: 'op@test.local' })
    const client = syncClient(t.wsUrl, op.token)
    try {
      const handles = ids.map((id) => client.open(chatDocName(id)))
      await client.whenSynced()
      handles.forEach((h, i) => {
        expect(
          chatParts(h.doc)
            .messages.toArray()
            .map((m) => m.text),
        ).toEqual([`message ${i}`])
      })
      // Every doc written from the client comes back durable: the server holds all 200 replies.
      handles.forEach((h, i) => {
        sendOperatorMessage(h.doc, { text: `reply ${i}` }, operatorContext(op.id, Date.now()))
      })
      expect(client.pending).toBe(200)
      await client.whenSynced()
      expect(client.pending).toBe(0)
      ids.forEach((id, i) => {
        const doc = t.server.hub.open(chatDocName(id)).doc
        expect(
          chatParts(doc)
            .messages.toArray()
            .map((m) => m.text),
        ).toEqual([`message ${i}`, `reply ${i}`])
      })
    } finally {
      client.destroy()
    }
  })

  it('one operator’s changes reach another live, and the chat’s summary follows in the index', async () => {
    const chatId = await newChat('anna')
    const a = await t.operator({ email: 'a@test.local', name: 'A' })
    const b = await t.operator({ email: 'b@test.local', name: 'B' })
    const ca = syncClient(t.wsUrl, a.token)
    const cb = syncClient(t.wsUrl, b.token)
    try {
      const me = await t.api<{ indexDoc: string }>('/api/me', { token: b.token })
      const da = ca.open(chatDocName(chatId))
      const db = cb.open(chatDocName(chatId))
      const index = cb.open(me.body.indexDoc)
      await Promise.all([ca.whenSynced(), cb.whenSynced()])
      expect(indexChats(index.doc).get(chatId)?.assigneeId).toBeNull()
      takeChat(da.doc, operatorContext(a.id, Date.now()))
      await eventually(
        () => indexChats(index.doc).get(chatId)?.assigneeId === a.id,
        'B sees in the index that A took the chat',
      )
      expect(indexChats(index.doc).get(chatId)?.status).toBe('in_work')
      sendOperatorMessage(da.doc, { text: 'on it' }, operatorContext(a.id, Date.now()))
      await eventually(() => chatParts(db.doc).messages.length === 2, 'B sees A’s reply')
    } finally {
      ca.destroy()
      cb.destroy()
    }
  })

  it('a doc the operator may not see is denied with no byte of it; an unknown doc name too', async () => {
    const other = await t.channel('Other')
    const hidden = (
      await t.server.services.ingest({
        channelId: other,
        externalChatId: 'x',
        contact: { firstName: 'Hidden' },
        message: { text: 'secret' },
      })
    ).chatId
    const op = await t.operator({ email: 'op@test.local', channels: [channel] })
    const client = syncClient(t.wsUrl, op.token)
    const reasons: string[] = []
    try {
      const handle = client.open(chatDocName(hidden), new Y.Doc(), {
        events: { denied: (r) => reasons.push(r) },
      })
      client.open('nonsense', new Y.Doc(), { events: { denied: (r) => reasons.push(r) } })
      client.open('index:someone-elses', new Y.Doc(), { events: { denied: (r) => reasons.push(r) } })
      await eventually(() => reasons.length === 3, 'three denials')
      expect(chatParts(handle.doc).messages.length).toBe(0)
      expect(reasons).toEqual(['forbidden', 'forbidden', 'forbidden'])
      // Told once: the socket stays up and the denials are not repeated.
      await new Promise((r) => setTimeout(r, 300))
      expect(reasons.length).toBe(3)
      expect(client.status).toBe('online')
    } finally {
      client.destroy()
    }
  })

  it('an update deleting a message is refused and the client resyncs to the server’s copy', async () => {
    const chatId = await newChat('anna', 'keep me')
    const op = await t.operator({ email: 'op@test.local' })
    const client = syncClient(t.wsUrl, op.token)
    const resets: string[] = []
    try {
      const handle = client.open(chatDocName(chatId), new Y.Doc(), {
        events: { reset: (_doc, reason) => resets.push(reason) },
      })
      await client.whenSynced()
      const before = handle.doc
      chatParts(before).messages.delete(0)
      await eventually(() => resets.length === 1, 'the server refuses the deletion')
      expect(resets[0]).toMatch(/messages/)
      await eventually(() => handle.synced, 'the client resyncs')
      expect(handle.doc).not.toBe(before)
      expect(
        chatParts(handle.doc)
          .messages.toArray()
          .map((m) => m.text),
      ).toEqual(['keep me'])
      // The server never took the deletion.
      expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.length).toBe(1)
      // The fresh doc keeps working: a valid write goes through and is acknowledged.
      markRead(handle.doc, operatorContext(op.id, Date.now()))
      await client.whenSynced()
      expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).reads.get(op.id)).toBeDefined()
    } finally {
      client.destroy()
    }
  })

  it('writes to server-only parts are refused: delivery state, another operator’s message, the directory', async () => {
    const chatId = await newChat('anna')
    const op = await t.operator({ email: 'op@test.local' })
    const client = syncClient(t.wsUrl, op.token)
    const resets: string[] = []
    try {
      const chat = client.open(chatDocName(chatId), new Y.Doc(), {
        events: { reset: (_d, r) => resets.push(r) },
      })
      const dir = client.open(directoryDocName)
      await client.whenSynced()
      expect(dir.scope).toBe('readonly')
      expect(directoryParts(dir.doc).operators.size).toBe(2)

      chatParts(chat.doc).delivery.set('m1', { state: 'read', at: 1 })
      await eventually(() => resets.length === 1, 'delivery write refused')
      await eventually(() => chat.synced, 'resynced after the first refusal')
      sendOperatorMessage(chat.doc, { text: 'as someone else' }, operatorContext('somebody-else', Date.now()))
      await eventually(() => resets.length === 2, 'forged authorship refused')
      expect(resets[1]).toMatch(/authored as you/)
      await eventually(() => chat.synced, 'resynced after the second refusal')
      const server = chatParts(t.server.hub.open(chatDocName(chatId)).doc)
      expect(server.delivery.size).toBe(0)
      expect(server.messages.length).toBe(1)

      // A read-only doc: the client does not even send; the server's copy is untouched either way.
      directoryParts(dir.doc).tags.set('vip', { name: 'vip' })
      await new Promise((r) => setTimeout(r, 100))
      expect(directoryParts(t.server.hub.open(directoryDocName).doc).tags.size).toBe(0)
    } finally {
      client.destroy()
    }
  })

  it('[VAL6] nobody may write under a Yjs client id another operator wrote under, and the owners are kept on disk', async () => {
    const chatId = await newChat('anna')
    const a = await t.operator({ email: 'a@test.local' })
    const b = await t.operator({ email: 'b@test.local' })
    const ca = syncClient(t.wsUrl, a.token)
    const handleA = ca.open(chatDocName(chatId))
    await ca.whenSynced()
    sendOperatorMessage(handleA.doc, { text: 'from A' }, operatorContext(a.id, Date.now()))
    await ca.whenSynced()
    const stolenClientId = handleA.doc.clientID
    ca.destroy()

    const cb = syncClient(t.wsUrl, b.token)
    const resets: string[] = []
    try {
      const handleB = cb.open(chatDocName(chatId), new Y.Doc(), {
        events: { reset: (_d, r) => resets.push(r) },
      })
      await cb.whenSynced()
      // A hostile client borrows A's client id after syncing (Yjs itself re-rolls an id it sees in use while
      // syncing, so an honest client never does this).
      handleB.doc.clientID = stolenClientId
      sendOperatorMessage(handleB.doc, { text: 'as B under A’s id' }, operatorContext(b.id, Date.now()))
      await eventually(() => resets.length === 1, 'the server refuses the borrowed client id')
      expect(resets[0]).toMatch(/client id/)
      // After the reset B writes under a fresh client id, which is accepted.
      await eventually(() => handleB.synced, 'resynced')
      sendOperatorMessage(handleB.doc, { text: 'from B' }, operatorContext(b.id, Date.now()))
      await cb.whenSynced()
    } finally {
      cb.destroy()
    }
    const texts = chatParts(t.server.hub.open(chatDocName(chatId)).doc)
      .messages.toArray()
      .map((m) => m.text)
    expect(texts).toEqual(['hello', 'from A', 'from B'])
    expect(t.server.services.db.prepare('SELECT count(*) AS n FROM doc_clients').get()).toEqual({ n: 2 })
  })

  it('changes made while offline are counted, then sent and acknowledged on reconnect', async () => {
    const chatId = await newChat('anna')
    const op = await t.operator({ email: 'op@test.local' })
    const client = syncClient(t.wsUrl, op.token)
    try {
      const handle = client.open(chatDocName(chatId))
      await client.whenSynced()
      // Cut the socket from the server side: the client goes offline and reconnects by itself.
      for (const conn of t.server.connections) conn.close(1012, 'restart')
      await eventually(() => client.status !== 'online', 'client sees the drop')
      sendOperatorMessage(handle.doc, { text: 'offline 1' }, operatorContext(op.id, Date.now()))
      sendOperatorMessage(handle.doc, { text: 'offline 2' }, operatorContext(op.id, Date.now()))
      expect(client.pending).toBeGreaterThanOrEqual(2)
      await client.whenSynced()
      expect(client.status).toBe('online')
      const texts = chatParts(t.server.hub.open(chatDocName(chatId)).doc)
        .messages.toArray()
        .map((m) => m.text)
      expect(texts).toEqual(['hello', 'offline 1', 'offline 2'])
    } finally {
      client.destroy()
    }
  })
})
