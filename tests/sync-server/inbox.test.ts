import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  channelContext,
  chatDocName,
  closeChat,
  contactDocName,
  contactParts,
  type IndexChats,
  indexChats,
  indexDocName,
  REACTION_WINDOW_MS,
  sendBotMessage,
  serverContext,
} from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('sync server: inbox index docs and the 10-second rule', () => {
  let t: TestServer
  let now: number
  let siteA: string
  let siteB: string

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 22, 9, 0, 0)
    t = await startTestServer({ now: () => now })
    siteA = await t.channel('Site A')
    siteB = await t.channel('Site B')
  })

  afterEach(async () => {
    await t.close()
  })

  const ingest = async (channelId: string, visitor: string, text = 'hello') =>
    t.server.services.ingest({
      channelId,
      externalChatId: visitor,
      contact: { firstName: visitor },
      message: { text },
    })

  const summaryFor = (groupOf: { token: string }) => async (chatId: string) => {
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: groupOf.token })
    return indexChats(t.server.hub.open(me.body.indexDoc).doc).get(chatId)
  }

  it('[TEN1] a customer message with no reaction puts the chat in Unassigned after 10 seconds', async () => {
    const { chatId } = await ingest(siteA, 'anna')
    const summary = summaryFor({ token: t.adminToken })
    expect(await summary(chatId)).toMatchObject({
      status: 'open',
      assigneeId: null,
      waiting: true,
      unassignedAt: now + REACTION_WINDOW_MS,
      unassigned: false,
      contactName: 'anna',
      lastMessage: { text: 'hello', direction: 'in' },
    })
    now += REACTION_WINDOW_MS - 1
    t.server.services.inbox.sweep()
    expect((await summary(chatId))?.unassigned).toBe(false)
    now += 1
    t.server.services.inbox.sweep()
    await t.server.hub.whenDurable()
    expect((await summary(chatId))?.unassigned).toBe(true)
  })

  it('[TEN2] a bot reply within 10 seconds keeps the chat out of Unassigned', async () => {
    const { chatId } = await ingest(siteA, 'anna')
    now += 3_000
    await t.server.hub.transact(
      chatDocName(chatId),
      (doc) =>
        sendBotMessage(
          doc,
          { text: 'Hi! An operator will answer soon.', botName: 'greeter' },
          channelContext(siteA, now),
        ),
      channelContext(siteA, now).origin,
    )
    now += REACTION_WINDOW_MS
    t.server.services.inbox.sweep()
    const s = await summaryFor({ token: t.adminToken })(chatId)
    expect(s).toMatchObject({ unassignedAt: null, unassigned: false, waiting: false })
  })

  it('[IDX1] a closed chat leaves the index once its last message is older than INDEX_CLOSED_DAYS', async () => {
    const { chatId } = await ingest(siteA, 'anna')
    await t.server.hub.transact(
      chatDocName(chatId),
      (doc) => closeChat(doc, {}, serverContext('test', now)),
      serverContext('test', now).origin,
    )
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: t.adminToken })
    const summary = async (id: string) => indexChats(t.server.hub.open(me.body.indexDoc).doc).get(id)
    expect((await summary(chatId))?.status).toBe('closed')
    now += 29 * 86_400_000
    t.server.services.inbox.refreshGroups()
    await t.server.hub.whenDurable()
    expect(await summary(chatId)).toBeDefined()
    now += 2 * 86_400_000
    t.server.services.inbox.refreshGroups()
    await t.server.hub.whenDurable()
    expect(await summary(chatId)).toBeUndefined()
    // The customer writes again: the chat reopens and is back in the index.
    await ingest(siteA, 'anna', 'me again')
    expect((await summary(chatId))?.status).toBe('open')
  })

  it('[ACC2] [ACC4] operators get one index doc per access rule set, holding only the chats they may see', async () => {
    const a = await ingest(siteA, 'anna')
    const b = await ingest(siteB, 'boris')
    const onlyA = await t.operator({ email: 'a@test.local', channels: [siteA] })
    const alsoOnlyA = await t.operator({ email: 'a2@test.local', channels: [siteA] })
    const meA = await t.api<{ indexDoc: string }>('/api/me', { token: onlyA.token })
    const meA2 = await t.api<{ indexDoc: string }>('/api/me', { token: alsoOnlyA.token })
    const meAdmin = await t.api<{ indexDoc: string }>('/api/me', { token: t.adminToken })
    expect(meA.body.indexDoc).toBe(meA2.body.indexDoc)
    expect(meA.body.indexDoc).not.toBe(meAdmin.body.indexDoc)

    const client = syncClient(t.wsUrl, onlyA.token)
    try {
      const index = client.open(meA.body.indexDoc)
      const adminIndex = client.open(meAdmin.body.indexDoc, new Y.Doc())
      await eventually(() => index.synced && adminIndex.scope === null, 'index synced')
      expect([...indexChats(index.doc).keys()]).toEqual([a.chatId])
      expect(indexChats(adminIndex.doc).size).toBe(0)
      // A new chat of B never reaches her; one of A does, live.
      await ingest(siteB, 'boris-2')
      const a2 = await ingest(siteA, 'anna-2')
      await eventually(() => indexChats(index.doc).has(a2.chatId), 'new chat of A arrives')
      expect(indexChats(index.doc).has(b.chatId)).toBe(false)
      expect(indexChats(index.doc).size).toBe(2)
    } finally {
      client.destroy()
    }
    const adminView = indexChats(t.server.hub.open(meAdmin.body.indexDoc).doc)
    expect(adminView.size).toBe(4)
  })

  it('[ACC3] a tag filter follows the contact’s tags live: tagging brings the chat in, untagging takes it out', async () => {
    const a = await ingest(siteA, 'anna')
    const vipOnly = await t.operator({ email: 'vip@test.local', tags: ['Премиум'] })
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: vipOnly.token })
    const view = (): IndexChats => indexChats(t.server.hub.open(me.body.indexDoc).doc)
    expect(view().size).toBe(0)

    const admin = syncClient(t.wsUrl, t.adminToken)
    try {
      const contact = admin.open(contactDocName(a.contactId))
      await admin.whenSynced()
      contactParts(contact.doc).tags.set('Премиум', true)
      await admin.whenSynced()
      await eventually(() => view().has(a.chatId), 'tagged chat enters the VIP index')
      expect(view().get(a.chatId)?.contactTags).toEqual(['Премиум'])
      contactParts(contact.doc).tags.delete('Премиум')
      await admin.whenSynced()
      await eventually(() => !view().has(a.chatId), 'untagged chat leaves the VIP index')
    } finally {
      admin.destroy()
    }
    expect(indexDocName('x')).toBe('index:x')
  })
})
