/**
 * The warm set's keeper against a real server over one real socket: it opens the warm chats a few at a time,
 * with no presence, shares the warm doc with the screen, and closes chats that leave the set. (IndexedDB, and
 * eviction from it, are the browser test's: tests/e2e/warm-set.e2e.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLiveDoc, type SharedDoc, type SyncClient, WarmKeeper } from '../../app/sync'
import { chatDocName, chatParts, operatorContext, type Presence, serverContext, takeChat } from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

describe('app warm set keeper', () => {
  let t: TestServer
  let client: SyncClient | null = null
  let keeper: WarmKeeper | null = null

  beforeEach(async () => {
    t = await startTestServer()
  })

  afterEach(async () => {
    keeper?.destroy()
    client?.destroy()
    await t.close()
  })

  it('warms mine and the recent chats a few at a time, without presence, and shares each doc with the screen', async () => {
    const channel = await t.channel('Site')
    const op = await t.operator({ email: 'olga@test.local', name: 'Olga' })
    const started = Date.now()
    const ingest = async (i: number): Promise<string> =>
      (
        await t.server.services.ingest({
          channelId: channel,
          externalChatId: `v${i}`,
          contact: { firstName: `Visitor ${i}` },
          message: { text: `message ${i}`, at: started - 100_000 + i * 1_000 },
        })
      ).chatId
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push(await ingest(i))
    const mine = ids[0] as string
    const ctx = serverContext('test', Date.now())
    await t.server.hub.transact(
      chatDocName(mine),
      (doc) => takeChat(doc, operatorContext(op.id, Date.now())),
      ctx.origin,
    )
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: op.token })

    const c = syncClient(t.wsUrl, op.token)
    client = c
    const index = openLiveDoc({ client: c, name: me.body.indexDoc, storeName: null })
    const opened = new Map<string, SharedDoc>()
    let mostWaiting = 0
    const k = new WarmKeeper({
      client: c,
      index,
      operatorId: op.id,
      warm: true,
      settings: { recent: 5, spare: 0, concurrency: 2 },
      openDoc: (name) => {
        expect(opened.has(name), `${name} opened once`).toBe(false)
        const live = openLiveDoc({ client: c, name, storeName: null })
        opened.set(name, live)
        const waiting = [...opened.values()].filter((d) => !d.synced && !d.denied).length
        mostWaiting = Math.max(mostWaiting, waiting)
        return live
      },
    })
    keeper = k
    const recent = ids.slice(7).reverse()
    const serverPresence = (chatId: string) => [
      ...t.server.hub.open(chatDocName(chatId)).awareness.getStates().values(),
    ]
    const socketDocs = () => [...t.server.connections].flatMap((conn) => conn.openDocs)

    await eventually(
      () => k.heldChats().length === 6 && [...opened.values()].every((d) => d.synced),
      'six warm chats synced',
    )
    expect(new Set(k.heldChats())).toEqual(new Set([mine, ...recent]))
    expect(mostWaiting).toBeLessThanOrEqual(2)
    for (const id of [mine, ...recent]) {
      const doc = opened.get(chatDocName(id))?.doc
      expect(chatParts(doc!).messages.get(0)?.text).toBe(`message ${ids.indexOf(id)}`)
      expect(serverPresence(id), `no presence in warm chat ${id}`).toEqual([])
    }

    // On screen: the warm doc itself, now with our presence; off screen, the presence goes and the doc stays.
    const presence: Presence = {
      user: { id: op.id, name: 'Olga' },
      viewing: recent[0] as string,
      typing: null,
    }
    const view = k.open(recent[0] as string, presence)
    expect(view.doc).toBe(opened.get(chatDocName(recent[0] as string))?.doc)
    expect(opened.size).toBe(6)
    await eventually(() => serverPresence(recent[0] as string).length === 1, 'viewing is announced')
    expect(serverPresence(recent[0] as string)[0]).toMatchObject({ viewing: recent[0] })
    view.close()
    await eventually(() => serverPresence(recent[0] as string).length === 0, 'viewing is withdrawn')
    expect(k.heldChats()).toContain(recent[0])
    expect(socketDocs()).toContain(chatDocName(recent[0] as string))

    // Five newer chats push the old recent ones out of the set: they are closed on the socket; mine stays.
    const newer: string[] = []
    for (let i = 12; i < 17; i++) newer.push(await ingest(i))
    await eventually(
      () => new Set(k.heldChats()).size === 6 && newer.every((id) => k.heldChats().includes(id)),
      'the newer chats are warm instead',
    )
    expect(k.heldChats()).toContain(mine)
    await eventually(
      () => recent.every((id) => !socketDocs().includes(chatDocName(id))),
      'the chats that left the set are closed on the socket',
    )
  })
})
