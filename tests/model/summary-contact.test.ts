import { describe, expect, it } from 'vitest'
import { ChatSummarySchema, chatSummaryOf, ingestInboundMessage } from '../../model'
import { asChannel, CHAT, newChat, T0 } from '../helpers/model'

const facts = { id: CHAT.chatId, channelId: CHAT.channelId, contactId: CHAT.contactId }

describe('chatSummaryOf: the contact’s part', () => {
  it('[SRC1] carries the contact’s phone and email for the quick search, and leaves them out when none', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { text: 'hello' }, asChannel(T0 + 1))
    const contact = { name: 'Мария', tags: [], phone: '+7 (916) 555-01-01', email: 'maria@example.com' }
    const full = chatSummaryOf(doc, facts, contact, T0 + 2)
    expect(full).toMatchObject({ contactPhone: '+7 (916) 555-01-01', contactEmail: 'maria@example.com' })
    expect(ChatSummarySchema.parse(full)).toEqual(full)
    const bare = chatSummaryOf(doc, facts, { name: 'Пётр', tags: [], phone: '', email: undefined }, T0 + 2)
    expect('contactPhone' in bare).toBe(false)
    expect('contactEmail' in bare).toBe(false)
    // A summary written before these fields existed still reads.
    expect(ChatSummarySchema.safeParse(bare).success).toBe(true)
  })
})
