import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addInternalComment,
  chatParts,
  type DeliveryState,
  ErrorCode,
  ingestInboundMessage,
  sendBotMessage,
  sendOperatorMessage,
  setDelivery,
} from '../../model'
import {
  asChannel,
  asOperator,
  asServer,
  captureUpdates,
  expectDomainError,
  newChat,
  T0,
} from '../helpers/model'

const outgoing = (): { doc: Y.Doc; id: string } => {
  const doc = newChat()
  const { id } = sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0))
  return { doc, id }
}
const stateOf = (doc: Y.Doc, id: string): DeliveryState | undefined => chatParts(doc).delivery.get(id)?.state

describe('setDelivery', () => {
  it('[DLV1] moves forward through pending, sent, delivered, read, stamped with now', () => {
    const { doc, id } = outgoing()
    let at = T0
    for (const state of ['pending', 'sent', 'delivered', 'read'] as const) {
      if (state === 'pending') {
        // No record counts as pending: recording it again writes nothing.
        expect(setDelivery(doc, { messageId: id, state }, asChannel(++at))).toBe(false)
        expect(stateOf(doc, id)).toBeUndefined()
        continue
      }
      expect(setDelivery(doc, { messageId: id, state }, asChannel(++at))).toBe(true)
      expect(chatParts(doc).delivery.get(id)).toEqual({ state, at })
    }
  })

  it('[DLV1] never moves back: a late delivered does not undo read, and nothing is written', () => {
    const { doc, id } = outgoing()
    setDelivery(doc, { messageId: id, state: 'read' }, asChannel(T0 + 2))
    for (const state of ['pending', 'sent', 'delivered', 'failed', 'unknown', 'read'] as const) {
      const updates = captureUpdates(doc, () => {
        expect(setDelivery(doc, { messageId: id, state }, asChannel(T0 + 3))).toBe(false)
      })
      expect(updates).toEqual([])
    }
    expect(chatParts(doc).delivery.get(id)).toEqual({ state: 'read', at: T0 + 2 })
  })

  it('[DLV1] a late delivered after read is ignored; a delivered after sent is not', () => {
    const { doc, id } = outgoing()
    expect(setDelivery(doc, { messageId: id, state: 'sent' }, asChannel(T0 + 1))).toBe(true)
    expect(setDelivery(doc, { messageId: id, state: 'read' }, asChannel(T0 + 2))).toBe(true)
    expect(setDelivery(doc, { messageId: id, state: 'delivered' }, asChannel(T0 + 3))).toBe(false)
    expect(chatParts(doc).delivery.get(id)).toEqual({ state: 'read', at: T0 + 2 })
  })

  it('[DLV1] a failure reported after sent is recorded (WhatsApp reports undeliverable messages so)', () => {
    const { doc, id } = outgoing()
    setDelivery(doc, { messageId: id, state: 'sent' }, asChannel(T0 + 1))
    expect(
      setDelivery(doc, { messageId: id, state: 'failed', error: 'undeliverable' }, asChannel(T0 + 2)),
    ).toBe(true)
    expect(chatParts(doc).delivery.get(id)).toEqual({ state: 'failed', at: T0 + 2, error: 'undeliverable' })
  })

  it('[DLV1] a retry may turn failed or unknown back into pending or on into sent', () => {
    for (const bad of ['failed', 'unknown'] as const) {
      for (const next of ['pending', 'sent'] as const) {
        const { doc, id } = outgoing()
        expect(setDelivery(doc, { messageId: id, state: bad, error: 'timeout' }, asServer(T0 + 2))).toBe(true)
        expect(chatParts(doc).delivery.get(id)).toEqual({ state: bad, at: T0 + 2, error: 'timeout' })
        expect(setDelivery(doc, { messageId: id, state: next }, asServer(T0 + 4))).toBe(true)
        expect(chatParts(doc).delivery.get(id)).toEqual({ state: next, at: T0 + 4 })
      }
    }
  })

  it('[DLV1] unknown may turn out failed; failed does not become unknown', () => {
    const { doc, id } = outgoing()
    expect(setDelivery(doc, { messageId: id, state: 'unknown' }, asServer(T0 + 1))).toBe(true)
    expect(setDelivery(doc, { messageId: id, state: 'failed' }, asServer(T0 + 2))).toBe(true)
    expect(setDelivery(doc, { messageId: id, state: 'unknown' }, asServer(T0 + 3))).toBe(false)
    expect(stateOf(doc, id)).toBe('failed')
  })

  it('[DLV1] follows the transition table exactly, writing only what it allows', () => {
    const all: DeliveryState[] = ['pending', 'sent', 'delivered', 'read', 'failed', 'unknown']
    const allowed: Record<DeliveryState, DeliveryState[]> = {
      pending: ['sent', 'delivered', 'read', 'failed', 'unknown'],
      sent: ['delivered', 'read', 'failed'],
      delivered: ['read'],
      read: [],
      failed: ['pending', 'sent', 'delivered', 'read'],
      unknown: ['pending', 'sent', 'delivered', 'read', 'failed'],
    }
    for (const from of all) {
      for (const to of all) {
        const { doc, id } = outgoing()
        // A recorded pending is reached through a retry; every other state directly.
        for (const state of from === 'pending' ? (['unknown', 'pending'] as const) : [from]) {
          setDelivery(doc, { messageId: id, state }, asServer(T0 + 2))
        }
        expect(stateOf(doc, id), `reach ${from}`).toBe(from)
        const updates = captureUpdates(doc, () => {
          const changed = setDelivery(doc, { messageId: id, state: to }, asServer(T0 + 3))
          expect(changed, `${from} → ${to}`).toBe(allowed[from].includes(to))
        })
        expect(updates).toHaveLength(allowed[from].includes(to) ? 1 : 0)
        expect(stateOf(doc, id)).toBe(allowed[from].includes(to) ? to : from)
      }
    }
  })

  it('[DLV1] refuses an inbound message, a comment or an unknown id with not_found, writing nothing', () => {
    const { doc } = outgoing()
    ingestInboundMessage(doc, { id: 'in-1', text: 'hello' }, asChannel(T0 + 1))
    addInternalComment(doc, { id: 'n-1', text: 'note' }, asOperator('op1', T0 + 2))
    const updates = captureUpdates(doc, () => {
      for (const messageId of ['in-1', 'n-1', 'nope']) {
        expectDomainError(
          () => setDelivery(doc, { messageId, state: 'sent' }, asChannel()),
          ErrorCode.notFound,
        )
      }
    })
    expect(updates).toEqual([])
    expect(chatParts(doc).delivery.size).toBe(0)
  })

  it('[DLV1] a bot’s message is outgoing and gets a delivery state', () => {
    const doc = newChat()
    const { id } = sendBotMessage(doc, { text: 'hi', botName: 'greeter' }, asServer(T0))
    expect(setDelivery(doc, { messageId: id, state: 'sent' }, asServer(T0 + 1))).toBe(true)
  })

  it('[DLV1] refuses an operator with forbidden and bad input with invalid_input', () => {
    const { doc, id } = outgoing()
    expectDomainError(
      () => setDelivery(doc, { messageId: id, state: 'read' }, asOperator('op1')),
      ErrorCode.forbidden,
    )
    expectDomainError(
      () => setDelivery(doc, { messageId: id, state: 'lost' } as never, asChannel()),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => setDelivery(doc, { messageId: '', state: 'sent' }, asChannel()),
      ErrorCode.invalidInput,
    )
    expect(stateOf(doc, id)).toBeUndefined()
  })
})
