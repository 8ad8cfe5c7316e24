import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ChatKey, chatParts, ingestInboundMessage, sendOperatorMessage } from '../../model'
import { asChannel, asOperator, diff, judge, newChat, replicaOf, T0 } from '../helpers/model'

describe('the message list', () => {
  it('[MSG5] stores messages as JSON strings and reads them as the same objects, once parsed', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { id: 'in-1', text: 'Здравствуйте' }, asChannel())
    const out = sendOperatorMessage(doc, { text: 'Добрый день' }, asOperator('op1', T0 + 1))
    const raw = doc.getArray(ChatKey.messages).toArray()
    expect(raw.every((item) => typeof item === 'string')).toBe(true)
    const messages = chatParts(doc).messages
    expect(messages.toArray().map((m) => m.text)).toEqual(['Здравствуйте', 'Добрый день'])
    expect(messages.get(1)).toEqual(out)
    expect(messages.get(1)).toBe(messages.toArray()[1])
    expect([...messages].map((m) => m.id)).toEqual(['in-1', out.id])
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    expect(chatParts(replica).messages.toArray()).toEqual(messages.toArray())
  })

  it('[MSG5] reads a message an older client stored as an object, and validates it the same way', () => {
    const server = newChat()
    const legacy = {
      id: 'old-1',
      at: T0,
      direction: 'out',
      kind: 'text',
      author: { kind: 'operator', id: 'op1' },
      text: 'по-старому',
    }
    const client = replicaOf(server)
    chatParts(client).messages.type.push([legacy])
    expect(judge(server, diff(client, server), 'op1')).toEqual({ ok: true })
    expect(chatParts(client).messages.get(0)).toEqual(legacy)
    const forged = replicaOf(server)
    chatParts(forged).messages.type.push([
      { ...legacy, id: 'old-2', author: { kind: 'operator', id: 'op2' } },
    ])
    expect(judge(server, diff(forged, server), 'op1')).toMatchObject({ ok: false })
  })

  it('[MSG5] refuses a message item that is not JSON', () => {
    const server = newChat()
    const client = replicaOf(server)
    chatParts(client).messages.type.push(['{"id": "x", not json'])
    expect(judge(server, diff(client, server), 'op1')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/JSON/),
    })
  })

  it('[MSG5] the kept list follows appends, merges in the middle and writes inside a transaction', () => {
    const a = newChat()
    const b = replicaOf(a, 1)
    const c = replicaOf(a, 2)
    ingestInboundMessage(a, { id: 'm1', text: 'один' }, asChannel())
    expect(
      chatParts(a)
        .messages.toArray()
        .map((m) => m.id),
    ).toEqual(['m1'])
    // Inside one transaction: a read right after a write sees it.
    a.transact(() => {
      ingestInboundMessage(a, { id: 'm2', text: 'два' }, asChannel(T0 + 1))
      expect(
        chatParts(a)
          .messages.toArray()
          .map((m) => m.id),
      ).toEqual(['m1', 'm2'])
    })
    // Offline replicas append concurrently; merged, every replica reads what a fresh decode reads.
    sendOperatorMessage(b, { id: 'b1', text: 'от Б' }, asOperator('op1', T0 + 2))
    sendOperatorMessage(c, { id: 'c1', text: 'от В' }, asOperator('op2', T0 + 2))
    for (const doc of [a, b, c]) chatParts(doc).messages.toArray()
    for (const [from, to] of [
      [a, b],
      [b, c],
      [c, a],
      [a, b],
      [b, c],
    ] as const) {
      Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
    }
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(a))
    const order = chatParts(fresh)
      .messages.toArray()
      .map((m) => m.id)
    expect(order).toHaveLength(4)
    for (const doc of [a, b, c])
      expect(
        chatParts(doc)
          .messages.toArray()
          .map((m) => m.id),
      ).toEqual(order)
  })
})
