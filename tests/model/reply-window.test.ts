import { describe, expect, it } from 'vitest'
import {
  chatParts,
  hasReplyWindow,
  ingestInboundMessage,
  REPLY_WINDOW_MS,
  replyWindowEndsAt,
  replyWindowOpen,
  sendOperatorMessage,
} from '../../model'
import { asChannel, asOperator, newChat, T0 } from '../helpers/model'

const HOUR = 3_600_000

describe('WhatsApp’s reply window', () => {
  it('[WIN1] is 24 hours, and only WhatsApp chats have one', () => {
    expect(REPLY_WINDOW_MS).toBe(24 * HOUR)
    expect(hasReplyWindow('whatsapp')).toBe(true)
    expect(hasReplyWindow('telegram')).toBe(false)
    expect(hasReplyWindow('vk')).toBe(false)
    expect(hasReplyWindow('widget')).toBe(false)
  })

  it('[WIN1] ends 24 h after the customer’s last message; answers and button clicks do not move it', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { id: 'wa:1', text: 'Здравствуйте', at: T0 }, asChannel(T0))
    ingestInboundMessage(
      doc,
      { id: 'wa:2', text: 'Есть вопрос', at: T0 + 2 * HOUR },
      asChannel(T0 + 2 * HOUR),
    )
    sendOperatorMessage(doc, { text: 'Слушаю' }, asOperator('op-1', T0 + 3 * HOUR))
    ingestInboundMessage(
      doc,
      { id: 'wa:3', kind: 'technical', text: 'button: yes', at: T0 + 4 * HOUR },
      asChannel(T0 + 4 * HOUR),
    )
    const endsAt = replyWindowEndsAt(chatParts(doc).messages.toArray())
    expect(endsAt).toBe(T0 + 2 * HOUR + REPLY_WINDOW_MS)
    expect(replyWindowOpen(endsAt, T0 + 25 * HOUR)).toBe(true)
    expect(replyWindowOpen(endsAt, T0 + 26 * HOUR - 1)).toBe(true)
    expect(replyWindowOpen(endsAt, T0 + 26 * HOUR)).toBe(false)
  })

  it('[WIN1] goes by the latest time, not by the array order (providers report late)', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { id: 'wa:2', text: 'второе', at: T0 + HOUR }, asChannel(T0 + HOUR))
    // Delivered late by the provider: stored after, but written before.
    ingestInboundMessage(doc, { id: 'wa:1', text: 'первое', at: T0 }, asChannel(T0 + HOUR + 5))
    expect(replyWindowEndsAt(chatParts(doc).messages.toArray())).toBe(T0 + HOUR + REPLY_WINDOW_MS)
  })

  it('[WIN1] a chat the customer never wrote in has no window: free text is never open', () => {
    const doc = newChat()
    sendOperatorMessage(doc, { text: 'Здравствуйте!' }, asOperator('op-1'))
    ingestInboundMessage(doc, { id: 'wa:1', kind: 'technical', text: '/start' }, asChannel())
    const endsAt = replyWindowEndsAt(chatParts(doc).messages.toArray())
    expect(endsAt).toBeNull()
    expect(replyWindowOpen(endsAt, T0)).toBe(false)
  })
})
