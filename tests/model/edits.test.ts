import { describe, expect, it } from 'vitest'
import {
  chatParts,
  ingestInboundMessage,
  recordCustomerReaction,
  recordInboundEdit,
  recordOutgoingEdit,
  recordRemoval,
  sendOperatorMessage,
} from '../../model'
import { asChannel, asOperator, asServer, diff, judge, newChat, replicaOf, T0 } from '../helpers/model'

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

  it('[EDT2] records an operator’s edit of their own answer; nobody else’s, nothing else, not by an operator', () => {
    const doc = newChat()
    const mine = sendOperatorMessage(doc, { text: 'Здраствуйте' }, asOperator('op-1'))
    recordOutgoingEdit(doc, { messageId: mine.id, by: 'op-1', text: 'Здравствуйте' }, asServer(T0 + 5))
    expect(chatParts(doc).edits.get(mine.id)).toEqual({ text: 'Здравствуйте', at: T0 + 5, by: 'op-1' })
    expect(() => recordOutgoingEdit(doc, { messageId: mine.id, by: 'op-2', text: 'x' }, asServer())).toThrow(
      /author/,
    )
    const { message } = ingestInboundMessage(doc, { id: 'in-1', text: 'Привет' }, asChannel())
    expect(() =>
      recordOutgoingEdit(doc, { messageId: message.id, by: 'op-1', text: 'x' }, asServer()),
    ).toThrow(/no such answer/)
    expect(() =>
      recordOutgoingEdit(doc, { messageId: mine.id, by: 'op-1', text: 'x' }, asOperator('op-1')),
    ).toThrow(/server/)
    expect(() =>
      recordOutgoingEdit(doc, { messageId: mine.id, by: 'op-1', text: '  ' }, asServer()),
    ).toThrow()
  })

  it('[EDT3] records a deletion for the customer; a deleted answer cannot be edited or deleted again', () => {
    const doc = newChat()
    const mine = sendOperatorMessage(doc, { text: 'Ой, не туда' }, asOperator('op-1'))
    recordRemoval(doc, { messageId: mine.id, by: 'op-1' }, asServer(T0 + 7))
    expect(chatParts(doc).removed.get(mine.id)).toEqual({ at: T0 + 7, by: 'op-1' })
    expect(
      chatParts(doc)
        .messages.toArray()
        .map((m) => m.id),
    ).toContain(mine.id)
    expect(() => recordRemoval(doc, { messageId: mine.id, by: 'op-1' }, asServer())).toThrow(/deleted/)
    expect(() => recordOutgoingEdit(doc, { messageId: mine.id, by: 'op-1', text: 'x' }, asServer())).toThrow(
      /deleted/,
    )
    const server = newChat()
    const forged = replicaOf(server)
    chatParts(forged).removed.set('x', { at: T0, by: 'op-1' })
    expect(judge(server, diff(forged, server), 'op-1')).toMatchObject({ ok: false })
  })
})
