/**
 * Access at every door (issue 5): REST, search, the sync socket (chat and contact docs), the inbox index docs (and so
 * the list-row presence published on them), media files and mentions (issue 6: what reaches her notifications doc)
 * all let an operator reach exactly the chats her rules allow, and nobody else may open her notifications; a change
 * of her rules, or of a contact's tags, takes effect on her open socket at once.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SyncClient } from '../../app/sync'
import {
  addInternalComment,
  canSeeChat,
  chatDocName,
  contactDocName,
  contactParts,
  indexChats,
  newId,
  notificationsDocName,
  operatorContext,
  readNotifications,
  serverContext,
} from '../../model'
import { eventually, startTestServer, syncClient, type TestServer } from '../helpers/server'

const TAGS = ['Премиум', 'Опт'] as const

interface World {
  readonly t: TestServer
  readonly channels: string[]
  readonly chats: { id: string; contactId: string; channelId: string; tags: string[]; mediaId: string }[]
}

const tagContact = (t: TestServer, contactId: string, tags: readonly string[]) =>
  t.server.hub.transact(
    contactDocName(contactId),
    (doc) => {
      const map = contactParts(doc).tags
      for (const tag of [...map.keys()]) if (!tags.includes(tag)) map.delete(tag)
      for (const tag of tags) map.set(tag, true)
    },
    serverContext('test', Date.now()).origin,
  )

/** A workspace: channels, and chats in them whose contacts carry some tags, each with a stored file. */
const buildWorld = async (
  channelCount: number,
  chatSpecs: { channel: number; tags: string[] }[],
): Promise<World> => {
  const t = await startTestServer()
  const channels: string[] = []
  for (let i = 0; i < channelCount; i++) channels.push(await t.channel(`Канал ${i}`, 'telegram'))
  const chats: World['chats'] = []
  for (const [i, spec] of chatSpecs.entries()) {
    const channelId = channels[spec.channel % channelCount]!
    const r = await t.server.services.ingest({
      channelId,
      externalChatId: `c${i}`,
      contact: { firstName: `Клиент ${i}` },
      message: { text: `Сообщение ${i}` },
    })
    await tagContact(t, r.contactId, spec.tags)
    const mediaId = t.server.services.media.register(channelId, r.chatId, {
      ref: `f${i}`,
      mime: 'text/plain',
    })
    const row = t.server.services.media.get(mediaId)!
    await t.server.services.media.save(row, new TextEncoder().encode(`file ${i}`), 'text/plain')
    chats.push({ id: r.chatId, contactId: r.contactId, channelId, tags: spec.tags, mediaId })
  }
  await t.server.hub.whenDurable()
  await eventually(
    () =>
      chats.every(
        (c) =>
          JSON.stringify(t.server.services.chats.chat(c.id)?.summary?.contactTags ?? null) ===
          JSON.stringify([...c.tags].sort()),
      ),
    'summaries carry the tags',
  )
  return { t, channels, chats }
}

/** What each door lets `token` reach, as sets of chat ids. */
const reachable = async (world: World, operatorId: string, token: string) => {
  const { t, chats } = world
  const op = t.server.services.operators.byId(operatorId)!
  const rest = new Set(
    (await t.api<{ items: { id: string }[] }>('/api/chats?limit=200', { token })).body.items.map((c) => c.id),
  )
  const sync = new Set(
    chats.filter((c) => t.server.services.access.scope(op, chatDocName(c.id)) !== null).map((c) => c.id),
  )
  const contacts = new Set(
    chats
      .filter((c) => t.server.services.access.scope(op, contactDocName(c.contactId)) !== null)
      .map((c) => c.id),
  )
  const me = await t.api<{ indexDoc: string }>('/api/me', { token })
  const index = new Set(indexChats(t.server.hub.open(me.body.indexDoc).doc).keys())
  const media = new Set<string>()
  for (const c of chats) {
    const res = await fetch(`${t.url}/api/media/${c.mediaId}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    if (res.status === 200) media.add(c.id)
    await res.arrayBuffer()
  }
  // Every chat's message says «Сообщение <n>»: search reaches exactly the chats it may show.
  const found = await t.api<{ messages: { chatId: string }[] }>('/api/search?q=Сообщение&limit=100', {
    token,
  })
  const search = new Set(found.body.messages.map((m) => m.chatId))
  // [NTF2] The admin mentions her in a comment in every chat: she is notified of exactly the chats she may see.
  const admin = t.server.services.operators.list().find((o) => o.role === 'admin')!
  const comments = new Set<string>()
  for (const c of chats) {
    const id = newId()
    comments.add(id)
    await t.server.hub.transact(
      chatDocName(c.id),
      (doc) =>
        addInternalComment(
          doc,
          { id, text: '@', mentions: [operatorId] },
          operatorContext(admin.id, Date.now()),
        ),
      { kind: 'operator', operatorId: admin.id },
    )
  }
  const mentions = new Set(
    readNotifications(t.server.hub.open(notificationsDocName(operatorId)).doc)
      .filter((n) => comments.has(n.messageId))
      .map((n) => n.chatId),
  )
  return { rest, sync, contacts, index, media, search, mentions }
}

describe('access at every door', () => {
  let world: World | null = null
  const clients: SyncClient[] = []

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await world?.t.close()
    world = null
  })

  it('property: for random rules and chats, every door reaches exactly the chats the rules allow', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ channel: fc.nat(2), tags: fc.subarray([...TAGS]) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(
          fc.record({
            channels: fc.option(fc.subarray([0, 1, 2]), { nil: null }),
            tags: fc.subarray([...TAGS]),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (chatSpecs, rules) => {
          const w = await buildWorld(3, chatSpecs)
          try {
            const operators = w.t.server.services.operators
            for (const [i, rule] of rules.entries()) {
              const channels = rule.channels === null ? null : rule.channels.map((n) => w.channels[n]!)
              const op = await w.t.operator({ email: `op${i}@test.local`, channels, tags: rule.tags })
              // [NTF4] Her notifications doc is hers alone: no other operator, the admin included, may open it.
              for (const other of operators.list()) {
                const scope = w.t.server.services.access.scope(other, notificationsDocName(op.id))
                expect(scope !== null, `${other.email} on ${op.id}'s notifications`).toBe(other.id === op.id)
              }
              const allowed = new Set(
                w.chats
                  .filter((c) =>
                    canSeeChat(
                      { operatorId: op.id, role: 'operator', channels, tags: rule.tags },
                      { channelId: c.channelId, contactTags: c.tags },
                    ),
                  )
                  .map((c) => c.id),
              )
              const doors = await reachable(w, op.id, op.token)
              for (const [door, ids] of Object.entries(doors)) {
                expect([...ids].sort(), `${door} for ${JSON.stringify(rule)}`).toEqual([...allowed].sort())
              }
            }
          } finally {
            await w.t.close()
          }
        },
      ),
      { numRuns: 8 },
    )
  }, 120_000)

  it('an admin takes channel A away from a connected operator: her socket loses its chats at once; re-adding brings them back', async () => {
    world = await buildWorld(2, [
      { channel: 0, tags: [] },
      { channel: 1, tags: [] },
    ])
    const { t, channels, chats } = world
    const vera = await t.operator({ email: 'vera@test.local', channels: [channels[0]!, channels[1]!] })
    const client = syncClient(t.wsUrl, vera.token)
    clients.push(client)
    const events: string[] = []
    const docs = chats.map((c) => {
      const doc = new Y.Doc()
      client.open(chatDocName(c.id), doc, {
        events: {
          granted: () => events.push(`granted ${c.channelId === channels[0] ? 'A' : 'B'}`),
          denied: () => events.push(`denied ${c.channelId === channels[0] ? 'A' : 'B'}`),
        },
      })
      return doc
    })
    await client.whenSynced()
    expect(docs.every((d) => d.getArray('messages').length === 1)).toBe(true)

    const patch = (chans: string[]) =>
      t.api(`/api/operators/${vera.id}`, { method: 'PATCH', token: t.adminToken, body: { channels: chans } })
    expect((await patch([channels[1]!])).status).toBe(200)
    await eventually(() => events.includes('denied A'), 'channel A revoked on the open socket', 1_000)
    expect(events).not.toContain('denied B')
    // The index doc she holds drops the chat as well.
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: vera.token })
    expect([...indexChats(t.server.hub.open(me.body.indexDoc).doc).keys()]).toEqual([chats[1]!.id])

    expect((await patch([channels[0]!, channels[1]!])).status).toBe(200)
    const { rest } = await reachable(world, vera.id, vera.token)
    expect(rest.size).toBe(2)
  })

  it('a tag-limited operator loses a chat live when its contact loses the tag', async () => {
    world = await buildWorld(1, [{ channel: 0, tags: ['Премиум'] }])
    const { t, chats } = world
    const vera = await t.operator({ email: 'vera@test.local', tags: ['Премиум'] })
    const client = syncClient(t.wsUrl, vera.token)
    clients.push(client)
    let denied = false
    const onDenied = (): void => {
      denied = true
    }
    client.open(chatDocName(chats[0]!.id), new Y.Doc(), { events: { denied: onDenied } })
    await client.whenSynced()
    expect(denied).toBe(false)
    await tagContact(t, chats[0]!.contactId, [])
    await eventually(() => denied, 'revoked when the tag went', 2_000)
    expect((await reachable(world, vera.id, vera.token)).rest.size).toBe(0)
  })
})
