import { describe, expect, it } from 'vitest'
import {
  chatParts,
  ingestInboundMessage,
  recordCustomerReaction,
  recordInboundEdit,
  sendOperatorMessage,
} from '../../model'
import { asChannel, asOperator, diff, judge, newChat, replicaOf, T0 } from '../helpers/model'

describe('customer edits and reactions', () => {
  it('[EDT1] keeps the original and records the latest edit; a late older edit is ignored', () => {
    const doc = newChat()
    const { message } = ingestInboundMessage(doc, { id: 'tg:1:10', text: 'Привет' }, asChannel())
    expect(recordInboundEdit(doc, { messageId: message.id, text: 'Привет!' }, asChannel(T0 + 2_000))).toBe(
      true,
    )
    expect(recordInboundEdit(doc, { messageId: message.id, text: 'Прив' }, asChannel(T0 + 1_000))).toBe(false)
    expect(chatParts(doc).messages.get(0).text).toBe('Привет')
    expect(chatParts(doc).edits.get(message.id)).toEqual({ text: 'Привет!', at: T0 + 2_000 })
  })

  it('[EDT1] only a customer message can be edited, and only by a channel', () => {
    const doc = newChat()
    const out = sendOperatorMessage(doc, { text: 'Ответ' }, asOperator('op-1'))
    expect(recordInboundEdit(doc, { messageId: out.id, text: 'x' }, asChannel())).toBe(false)
    expect(recordInboundEdit(doc, { messageId: 'nope', text: 'x' }, asChannel())).toBe(false)
    expect(() => recordInboundEdit(doc, { messageId: out.id, text: 'x' }, asOperator('op-1'))).toThrow(
      /channels/,
    )
    expect(chatParts(doc).edits.size).toBe(0)
  })

  it('[RCT1] one reaction per message, removed with null; unknown ids write nothing', () => {
    const doc = newChat()
    const out = sendOperatorMessage(doc, { text: 'Ответ' }, asOperator('op-1'))
    expect(recordCustomerReaction(doc, { messageId: out.id, emoji: '👍' }, asChannel())).toBe(true)
    expect(recordCustomerReaction(doc, { messageId: out.id, emoji: '❤️' }, asChannel(T0 + 1))).toBe(true)
    expect(chatParts(doc).reactions.get(out.id)).toEqual({ emoji: '❤️', at: T0 + 1 })
    expect(recordCustomerReaction(doc, { messageId: out.id, emoji: null }, asChannel(T0 + 2))).toBe(true)
    expect(chatParts(doc).reactions.size).toBe(0)
    expect(recordCustomerReaction(doc, { messageId: 'nope', emoji: '👍' }, asChannel())).toBe(false)
    expect(() =>
      recordCustomerReaction(doc, { messageId: out.id, emoji: '👍' }, asOperator('op-1')),
    ).toThrow()
  })

  it('[EDT1] [RCT1] an operator’s client may not write edits or reactions', () => {
    const server = newChat()
    ingestInboundMessage(server, { id: 'tg:1:10', text: 'Привет' }, asChannel())
    const forge = (write: (client: ReturnType<typeof replicaOf>) => void) => {
      const client = replicaOf(server)
      write(client)
      return judge(server, diff(client, server), 'op-1')
    }
    expect(forge((c) => chatParts(c).edits.set('tg:1:10', { text: 'подделка', at: T0 }))).toMatchObject({
      ok: false,
    })
    expect(forge((c) => chatParts(c).reactions.set('tg:1:10', { emoji: '👎', at: T0 }))).toMatchObject({
      ok: false,
    })
  })
})
