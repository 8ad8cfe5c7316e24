import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chatDocName, chatParts, contactDocName, contactParts } from '../../model'
import { startTestServer, type TestServer } from '../helpers/server'

describe('sync server: inbound messages', () => {
  let t: TestServer
  let channel: string

  beforeEach(async () => {
    t = await startTestServer()
    channel = await t.channel('Site')
  })

  afterEach(async () => {
    await t.close()
  })

  it('creates the contact and the chat of a new conversation, then appends to it', async () => {
    const services = t.server.services
    const first = await services.ingest({
      channelId: channel,
      externalChatId: 'tg-1',
      contact: { firstName: 'Ivan', lastName: 'Petrov', phone: '+7 900 000-00-00' },
      message: { text: 'Здравствуйте' },
    })
    const second = await services.ingest({
      channelId: channel,
      externalChatId: 'tg-1',
      contact: { firstName: 'Ignored' },
      message: { text: 'Есть кто?' },
    })
    expect(first.created).toBe(true)
    expect(second.created).toBe(false)
    expect(second.chatId).toBe(first.chatId)
    const chat = chatParts(t.server.hub.open(chatDocName(first.chatId)).doc)
    expect(chat.messages.toArray().map((m) => m.text)).toEqual(['Здравствуйте', 'Есть кто?'])
    expect(chat.meta.toJSON()).toMatchObject({ channelId: channel, contactId: first.contactId })
    const contact = contactParts(t.server.hub.open(contactDocName(first.contactId)).doc)
    expect(contact.profile.toJSON()).toEqual({
      firstName: 'Ivan',
      lastName: 'Petrov',
      phone: '+7 900 000-00-00',
    })
    expect(services.chats.contact(first.contactId)?.name).toBe('Ivan Petrov')
  })

  it('the same new conversation ingested twice at once makes one chat, and other writes are not disturbed', async () => {
    const services = t.server.services
    const results = await Promise.all([
      services.ingest({ channelId: channel, externalChatId: 'dup', contact: {}, message: { text: 'a' } }),
      services.ingest({ channelId: channel, externalChatId: 'dup', contact: {}, message: { text: 'b' } }),
      services.ingest({ channelId: channel, externalChatId: 'other', contact: {}, message: { text: 'c' } }),
    ])
    expect(results[0].chatId).toBe(results[1].chatId)
    expect(results[2].chatId).not.toBe(results[0].chatId)
    const texts = chatParts(t.server.hub.open(chatDocName(results[0].chatId)).doc)
      .messages.toArray()
      .map((m) => m.text)
    expect(texts).toEqual(['a', 'b'])
    expect(services.chats.allChats()).toHaveLength(2)
  })

  it('refuses a message for a channel that does not exist, and stores nothing', async () => {
    await expect(
      t.server.services.ingest({
        channelId: 'nope',
        externalChatId: 'x',
        contact: {},
        message: { text: 'a' },
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
    expect(t.server.services.chats.allChats()).toHaveLength(0)
  })
})
