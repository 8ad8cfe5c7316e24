import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { chatParts, type DeliveryState, ErrorCode, sendOperatorMessage, setDelivery } from '../../model'
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

  it('[DLV1] a retry may turn failed or unknown into sent; failed and unknown do not replace each other', () => {
    for (const bad of ['failed', 'unknown'] as const) {
      const { doc, id } = outgoing()
      expect(setDelivery(doc, { messageId: id, state: 'pending' }, asServer(T0 + 1))).toBe(true)
      expect(setDelivery(doc, { messageId: id, state: bad, error: 'timeout' }, asServer(T0 + 2))).toBe(true)
      expect(chatParts(doc).delivery.get(id)).toEqual({ state: bad, at: T0 + 2, error: 'timeout' })
      const other = bad === 'failed' ? 'unknown' : 'failed'
      expect(setDelivery(doc, { messageId: id, state: other }, asServer(T0 + 3))).toBe(false)
      expect(setDelivery(doc, { messageId: id, state: 'sent' }, asServer(T0 + 4))).toBe(true)
      expect(chatParts(doc).delivery.get(id)).toEqual({ state: 'sent', at: T0 + 4 })
    }
  })

  it('[DLV1] a failure reported after sent is ignored', () => {
    // Recorded as it is: WhatsApp reports `failed` after `sent` for undeliverable messages; see model/SPEC.md.
    const { doc, id } = outgoing()
    setDelivery(doc, { messageId: id, state: 'sent' }, asChannel(T0 + 1))
    expect(setDelivery(doc, { messageId: id, state: 'failed' }, asChannel(T0 + 2))).toBe(false)
    expect(stateOf(doc, id)).toBe('sent')
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
