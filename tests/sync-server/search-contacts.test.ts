/**
 * The contact's side of search on the server: the index summaries carry the phone and email [SRC1] (kept across a
 * restart), and a contact edited is found by what it says now, not by what it said before.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { contactDocName, contactParts, indexChats, serverContext } from '../../model'
import { eventually, startTestServer, type TestServer } from '../helpers/server'

interface Found {
  contacts: { id: string }[]
  messages: { chatId: string }[]
}

describe('search: contacts', () => {
  let t: TestServer | null = null

  afterEach(async () => {
    await t?.close()
    t = null
  })

  it('[SRC1] the summaries carry the contact’s phone and email, follow their edits, and keep them across a restart', async () => {
    let server = await startTestServer()
    t = server
    const shop = await server.channel('Магазин', 'telegram')
    const { chatId, contactId } = await server.server.services.ingest({
      channelId: shop,
      externalChatId: 'm',
      contact: { firstName: 'Мария', phone: '+7 (916) 555-01-01', email: 'maria@example.com' },
      message: { text: 'Здравствуйте' },
    })
    const me = await server.api<{ indexDoc: string }>('/api/me', { token: server.adminToken })
    const summary = () => indexChats(server.server.hub.open(me.body.indexDoc).doc).get(chatId)
    const search = async (q: string) =>
      (await server.api<Found>(`/api/search?q=${encodeURIComponent(q)}`, { token: server.adminToken })).body
    await eventually(() => summary()?.contactPhone === '+7 (916) 555-01-01', 'the phone in the summary')
    expect(summary()?.contactEmail).toBe('maria@example.com')
    expect((await search('8 916 555 01 01')).contacts.map((c) => c.id)).toEqual([contactId])

    // An operator changes the phone: the summary and the search follow; the old number finds nobody.
    await server.server.hub.transact(
      contactDocName(contactId),
      (doc) => contactParts(doc).profile.set('phone', '8 (903) 111-22-33'),
      serverContext('test', Date.now()).origin,
    )
    await server.server.hub.whenDurable()
    await eventually(() => summary()?.contactPhone === '8 (903) 111-22-33', 'the new phone in the summary')
    expect((await search('903 111')).contacts.map((c) => c.id)).toEqual([contactId])
    expect((await search('916 555')).contacts).toEqual([])
    expect((await search('maria@example.com')).contacts.map((c) => c.id)).toEqual([contactId])

    // After a restart, a new message recomputes the summary from the stored contact: the phone stays.
    const dataDir = server.dataDir
    await server.close({ keepData: true })
    server = await startTestServer({ dataDir })
    t = server
    await server.server.services.ingest({
      channelId: shop,
      externalChatId: 'm',
      contact: { firstName: 'Мария' },
      message: { text: 'Ещё вопрос' },
    })
    const again = await server.api<{ indexDoc: string }>('/api/me', { token: server.adminToken })
    const restarted = () => indexChats(server.server.hub.open(again.body.indexDoc).doc).get(chatId)
    await eventually(() => restarted()?.lastMessage?.text === 'Ещё вопрос', 'the new message in the summary')
    expect(restarted()).toMatchObject({
      contactPhone: '8 (903) 111-22-33',
      contactEmail: 'maria@example.com',
    })
    expect((await search('903 111')).contacts.map((c) => c.id)).toEqual([contactId])
  })
})
