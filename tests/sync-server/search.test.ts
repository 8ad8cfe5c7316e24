import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contactDocName, contactParts, serverContext } from '../../model'
import { ftsPasses, phoneDigits } from '../../sync-server/search'
import { startTestServer, type TestServer } from '../helpers/server'

interface Found {
  contacts: { id: string; name: string; chats: { id: string }[] }[]
  messages: { chatId: string; messageId: string; snippet: string; contactName: string }[]
}

describe('search', () => {
  let t: TestServer
  let shop: string
  let vk: string

  beforeEach(async () => {
    t = await startTestServer()
    shop = await t.channel('Магазин', 'telegram')
    vk = await t.channel('ВК', 'vk')
  })

  afterEach(async () => {
    await t.close()
  })

  const ingest = async (channelId: string, id: string, contact: Record<string, string>, text: string) =>
    t.server.services.ingest({ channelId, externalChatId: id, contact, message: { text } })
  const search = (token: string, q: string) =>
    t.api<Found>(`/api/search?q=${encodeURIComponent(q)}`, { token })

  it('finds messages by their words and contacts by name, phone in any formatting, email and notes; only what the operator may see', async () => {
    const maria = await ingest(
      shop,
      'm',
      { firstName: 'Мария', lastName: 'Иванова', phone: '+7 (916) 555-01-01', email: 'maria@example.com' },
      'Здравствуйте, где мой заказ?',
    )
    await ingest(vk, 'p', { firstName: 'Пётр' }, 'Заказ пришёл, спасибо')
    await t.server.hub.transact(
      contactDocName(maria.contactId),
      (doc) =>
        contactParts(doc).notes.push([
          { id: 'n1', at: Date.now(), authorId: 'op', text: 'Постоянный покупатель, VIP' },
        ]),
      serverContext('test', Date.now()).origin,
    )
    await t.server.hub.whenDurable()
    const anna = await t.operator({ email: 'anna@test.local' })
    const vera = await t.operator({ email: 'vera@test.local', channels: [vk] })

    const words = await search(anna.token, 'заказ')
    expect(words.status).toBe(200)
    expect(words.body.messages.map((m) => m.contactName).sort()).toEqual(['Мария Иванова', 'Пётр'])
    expect(words.body.messages.find((m) => m.contactName === 'Пётр')?.snippet).toContain('[Заказ]')
    // Vera works only in VK: Maria's chat is not hers, neither its messages nor its contact.
    const limited = await search(vera.token, 'заказ')
    expect(limited.body.messages.map((m) => m.contactName)).toEqual(['Пётр'])
    expect((await search(vera.token, 'Мария')).body.contacts).toEqual([])

    for (const q of ['Иванова', 'мари', '8 916 555 01 01', '9165550101', 'maria@example', 'постоянный vip']) {
      const found = await search(anna.token, q)
      expect(
        found.body.contacts.map((c) => c.id),
        q,
      ).toEqual([maria.contactId])
      expect(found.body.contacts[0]?.chats.map((c) => c.id)).toEqual([maria.chatId])
    }
    const empty = await t.api<{ code: string }>('/api/search?q=%20', { token: anna.token })
    expect(empty).toMatchObject({ status: 400, body: { code: 'invalid_input' } })
    // No FTS5 syntax from the user reaches SQLite.
    expect((await search(anna.token, 'заказ" OR "x* NEAR(')).status).toBe(200)
  })

  it('turns a query into quoted whole words, then prefixes, and a phone into its digits', () => {
    expect(ftsPasses('Где мой "заказ" в')).toEqual({
      exact: '"где" "мой" "заказ" "в"',
      prefix: '"где"* "мой"* "заказ"* "в"',
    })
    expect(ftsPasses('я')).toEqual({ exact: '"я"', prefix: null })
    expect(ftsPasses('  ')).toBeNull()
    expect(phoneDigits('+7 (916) 555-01-01')).toBe('79165550101')
  })
})
