/**
 * Mentions reach people [NTF1–NTF5], against a real server: comments written by real sync clients (live, and
 * offline then synced), notifications read back from each operator's own doc, over sockets and after a restart.
 */
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import {
  addInternalComment,
  chatDocName,
  isNotificationRead,
  markNotificationsRead,
  type Notification,
  notificationsDocName,
  notificationsParts,
  operatorContext,
  readNotifications,
} from '../../model'
import { eventually, startTestServer, syncClient, type TestServer, tempDir } from '../helpers/server'

interface Team {
  readonly t: TestServer
  readonly chatId: string
  readonly anna: { id: string; token: string }
  readonly boris: { id: string; token: string }
  /** Works in another channel only: may not see the chat. */
  readonly vera: { id: string; token: string }
}

const team = async (t: TestServer): Promise<Team> => {
  const channel = await t.channel('Support bot', 'telegram')
  const other = await t.channel('Other bot', 'telegram')
  const anna = await t.operator({ email: 'anna@test.local', name: 'Анна' })
  const boris = await t.operator({ email: 'boris@test.local', name: 'Борис' })
  const vera = await t.operator({ email: 'vera@test.local', name: 'Вера', channels: [other] })
  const { chatId } = await t.server.services.ingest({
    channelId: channel,
    externalChatId: 'petr',
    contact: { firstName: 'Пётр' },
    message: { text: 'Где мой заказ?' },
  })
  return { t, chatId, anna, boris, vera }
}

/** What the server holds in an operator's notifications doc. */
const notificationsOf = (t: TestServer, operatorId: string): Notification[] =>
  readNotifications(t.server.hub.open(notificationsDocName(operatorId)).doc)

describe('mentions notify the mentioned operator', () => {
  const clients: SyncClient[] = []
  let server: TestServer | null = null
  const client = (token: string): SyncClient => {
    const c = syncClient(server!.wsUrl, token)
    clients.push(c)
    return c
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server?.close()
    server = null
  })

  it('[NTF2] a comment from a live client notifies Boris once, pushed to his open socket, with a link to the chat', async () => {
    server = await startTestServer()
    const { t, chatId, anna, boris } = await team(server)
    const inbox = new Y.Doc()
    client(boris.token).open(notificationsDocName(boris.id), inbox)

    const annaClient = client(anna.token)
    const chat = new Y.Doc()
    annaClient.open(chatDocName(chatId), chat)
    await annaClient.whenSynced()
    const comment = addInternalComment(
      chat,
      { text: '@Борис посмотри заказ', mentions: [boris.id, boris.id] },
      operatorContext(anna.id, Date.now()),
    )
    await annaClient.whenSynced()

    await eventually(() => readNotifications(inbox).length === 1, 'the notification reaches Boris’ socket')
    expect(readNotifications(inbox)[0]).toMatchObject({
      kind: 'mention',
      chatId,
      messageId: comment.id,
      authorId: anna.id,
      text: '@Борис посмотри заказ',
      at: comment.at,
    })
    // Syncing the same chat again, from another replica holding the comment, records nothing more.
    const again = client(anna.token)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(chat))
    again.open(chatDocName(chatId), replica)
    await again.whenSynced()
    await t.server.hub.whenDurable()
    expect(notificationsOf(t, boris.id)).toHaveLength(1)
  })

  it('[NTF2] a comment written offline notifies Boris when its client syncs, hours later', async () => {
    server = await startTestServer()
    const { t, chatId, anna, boris } = await team(server)
    const first = client(anna.token)
    const chat = new Y.Doc()
    first.open(chatDocName(chatId), chat)
    await first.whenSynced()
    first.destroy()

    // Offline: the comment stays in Anna's copy; the server knows nothing of it.
    const comment = addInternalComment(
      chat,
      { text: 'позвони клиенту', mentions: [boris.id] },
      operatorContext(anna.id, Date.now()),
    )
    await new Promise((r) => setTimeout(r, 50))
    expect(notificationsOf(t, boris.id)).toEqual([])

    const back = client(anna.token)
    back.open(chatDocName(chatId), chat)
    await back.whenSynced()
    await eventually(() => notificationsOf(t, boris.id).length === 1, 'the offline comment notifies on sync')
    expect(notificationsOf(t, boris.id)[0]?.messageId).toBe(comment.id)

    // Boris, who was not connected when it happened, gets it when he connects.
    const inbox = new Y.Doc()
    const borisClient = client(boris.token)
    borisClient.open(notificationsDocName(boris.id), inbox)
    await borisClient.whenSynced()
    expect(readNotifications(inbox).map((n) => n.messageId)).toEqual([comment.id])
  })

  it('[NTF1] [NTF2] mentioning oneself, or an operator who may not see the chat, notifies nobody', async () => {
    server = await startTestServer()
    const { t, chatId, anna, boris, vera } = await team(server)
    const annaClient = client(anna.token)
    const chat = new Y.Doc()
    annaClient.open(chatDocName(chatId), chat)
    await annaClient.whenSynced()
    addInternalComment(
      chat,
      { text: 'заметка себе', mentions: [anna.id] },
      operatorContext(anna.id, Date.now()),
    )
    addInternalComment(
      chat,
      { text: 'Вера, глянь', mentions: [vera.id] },
      operatorContext(anna.id, Date.now()),
    )
    // And one that does notify, so there is something to wait for.
    addInternalComment(
      chat,
      { text: 'Борис, глянь', mentions: [boris.id] },
      operatorContext(anna.id, Date.now()),
    )
    await annaClient.whenSynced()
    await eventually(() => notificationsOf(t, boris.id).length === 1, 'Boris is notified')
    expect(notificationsOf(t, anna.id)).toEqual([])
    expect(notificationsOf(t, vera.id)).toEqual([])
  })

  it('[NTF4] only Boris may open his notifications: Anna and the admin are denied; he may only mark them read', async () => {
    server = await startTestServer()
    const { t, chatId, anna, boris } = await team(server)
    await t.server.hub.transact(
      chatDocName(chatId),
      (doc) =>
        addInternalComment(
          doc,
          { text: 'глянь', mentions: [boris.id] },
          operatorContext(anna.id, Date.now()),
        ),
      { kind: 'operator', operatorId: anna.id },
    )
    await eventually(() => notificationsOf(t, boris.id).length === 1, 'Boris is notified')

    for (const token of [anna.token, t.adminToken]) {
      const snoop = new Y.Doc()
      let denied = false
      const c = client(token)
      c.open(notificationsDocName(boris.id), snoop, {
        events: {
          denied: () => {
            denied = true
          },
        },
      })
      await eventually(() => denied, 'denied')
      await c.whenSynced()
      expect(readNotifications(snoop)).toEqual([])
    }

    const inbox = new Y.Doc()
    let reset = false
    const borisClient = client(boris.token)
    const handle = borisClient.open(notificationsDocName(boris.id), inbox, {
      events: {
        reset: () => {
          reset = true
        },
      },
    })
    await borisClient.whenSynced()
    markNotificationsRead(handle.doc, 'all', operatorContext(boris.id, Date.now()))
    await borisClient.whenSynced()
    const [n] = notificationsOf(t, boris.id)
    expect(isNotificationRead(t.server.hub.open(notificationsDocName(boris.id)).doc, n!.id)).toBe(true)
    expect(reset).toBe(false)
    // Writing a notification of his own is refused, and his copy is reset to the server's.
    notificationsParts(handle.doc).items.push([{ ...n!, id: 'forged', messageId: 'forged' }])
    await eventually(() => reset, 'the forged notification is refused')
    expect(notificationsOf(t, boris.id)).toHaveLength(1)
  })

  it('[NTF2] notifications survive a restart, and the comment does not notify again', async () => {
    const dataDir = tempDir()
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }))
    server = await startTestServer({ dataDir })
    const { chatId, anna, boris } = await team(server)
    const annaClient = client(anna.token)
    const chat = new Y.Doc()
    annaClient.open(chatDocName(chatId), chat)
    await annaClient.whenSynced()
    addInternalComment(
      chat,
      { text: 'до перезапуска', mentions: [boris.id] },
      operatorContext(anna.id, Date.now()),
    )
    await annaClient.whenSynced()
    await eventually(() => notificationsOf(server!, boris.id).length === 1, 'Boris is notified')
    annaClient.destroy()
    await server.close({ keepData: true })

    server = await startTestServer({ dataDir })
    expect(notificationsOf(server, boris.id).map((n) => n.text)).toEqual(['до перезапуска'])
    // Anna's client comes back with the same copy: nothing new for the server, nothing new for Boris.
    const back = client(anna.token)
    back.open(chatDocName(chatId), chat)
    await back.whenSynced()
    await server.server.hub.whenDurable()
    expect(notificationsOf(server, boris.id)).toHaveLength(1)
  })
})
