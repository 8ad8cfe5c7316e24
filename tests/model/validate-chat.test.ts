/**
 * validateClientUpdate on chat docs, with real Yjs updates: a server doc and a client doc synced through
 * encodeStateAsUpdate/applyUpdate; the client writes (through a command, or by hand as a hostile client would)
 * and the server judges the update it receives.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addInternalComment,
  chatParts,
  closeChat,
  type HistoryEvent,
  ingestInboundMessage,
  type Message,
  markRead,
  markUnread,
  returnToUnassigned,
  sendOperatorMessage,
  takeChat,
  transferChat,
  type Verdict,
  validateClientUpdate,
} from '../../model'
import {
  asChannel,
  asOperator,
  CHAT_REF,
  captureUpdates,
  diff,
  messagesOf,
  newChat,
  replicaOf,
  T0,
  updateOf,
} from '../helpers/model'

/** A server doc with a customer's message, and op1's client synced with it. */
const setup = (): { server: Y.Doc; client: Y.Doc } => {
  const server = newChat(T0)
  ingestInboundMessage(server, { id: 'in-1', text: 'hello' }, asChannel(T0 + 1))
  return { server, client: replicaOf(server) }
}
const judge = (server: Y.Doc, update: Uint8Array, operatorId = 'op1'): Verdict =>
  validateClientUpdate(CHAT_REF, server, update, operatorId)
/** Judges and, when accepted, applies: what the server does with each update it receives. */
const deliver = (server: Y.Doc, update: Uint8Array, operatorId = 'op1'): Verdict => {
  const verdict = judge(server, update, operatorId)
  if (verdict.ok) Y.applyUpdate(server, update)
  return verdict
}
const ok: Verdict = { ok: true }
const refused = (reason: string | RegExp) => ({ ok: false, reason: expect.stringMatching(reason) })

const message = (over: Partial<Message>): Message => ({
  id: 'm-x',
  at: T0 + 5,
  direction: 'out',
  kind: 'text',
  author: { kind: 'operator', id: 'op1' },
  text: 'hi',
  ...over,
})
const event = (over: Partial<HistoryEvent>): HistoryEvent =>
  ({ id: 'e-x', at: T0 + 5, actor: { kind: 'operator', id: 'op1' }, type: 'return', ...over }) as HistoryEvent

describe('validateClientUpdate: what an honest client writes is accepted', () => {
  const commands: Record<string, (doc: Y.Doc) => unknown> = {
    sendOperatorMessage: (doc) => sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 2)),
    addInternalComment: (doc) =>
      addInternalComment(doc, { text: '@op2', mentions: ['op2'] }, asOperator('op1')),
    takeChat: (doc) => takeChat(doc, asOperator('op1', T0 + 2)),
    transferChat: (doc) => transferChat(doc, { to: 'op2', comment: 'yours' }, asOperator('op1', T0 + 2)),
    returnToUnassigned: (doc) => returnToUnassigned(doc, {}, asOperator('op1', T0 + 2)),
    closeChat: (doc) => closeChat(doc, { reason: 'other' }, asOperator('op1', T0 + 2)),
    markRead: (doc) => markRead(doc, asOperator('op1', T0 + 2)),
    markUnread: (doc) => markUnread(doc, asOperator('op1', T0 + 2)),
  }
  for (const [name, run] of Object.entries(commands)) {
    it(`[VAL1] [VAL3] ${name} as op1, sent as its update event or as a sync step 2, is accepted`, () => {
      const { server, client } = setup()
      const update = updateOf(client, () => run(client))
      expect(judge(server, update)).toEqual(ok)
      expect(judge(server, diff(client, server))).toEqual(ok)
      expect(deliver(server, update)).toEqual(ok)
      expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(client))
    })
  }

  it('[VAL3] overwriting one’s own read mark twice, as two updates, is accepted', () => {
    const { server, client } = setup()
    const first = updateOf(client, () => markRead(client, asOperator('op1', T0 + 2)))
    const second = updateOf(client, () => markUnread(client, asOperator('op1', T0 + 3)))
    const third = updateOf(client, () => markRead(client, asOperator('op1', T0 + 4)))
    for (const update of [first, second, third]) expect(deliver(server, update)).toEqual(ok)
    expect(chatParts(server).reads.toJSON()).toEqual({
      op1: { lastReadId: 'in-1', unread: false, at: T0 + 4 },
    })
  })

  it('[VAL3] deleting one’s own read mark is accepted', () => {
    const { server, client } = setup()
    deliver(
      server,
      updateOf(client, () => markRead(client, asOperator('op1'))),
    )
    expect(
      deliver(
        server,
        updateOf(client, () => chatParts(client).reads.delete('op1')),
      ),
    ).toEqual(ok)
    expect(chatParts(server).reads.has('op1')).toBe(false)
  })

  it('[VAL4] a later update whose items hang on the first is accepted once the first is applied, not before', () => {
    const { server, client } = setup()
    const first = updateOf(client, () =>
      sendOperatorMessage(client, { text: 'one' }, asOperator('op1', T0 + 2)),
    )
    const second = updateOf(client, () =>
      sendOperatorMessage(client, { text: 'two' }, asOperator('op1', T0 + 3)),
    )
    expect(judge(server, second)).toEqual(refused(/cannot be resolved/))
    expect(deliver(server, first)).toEqual(ok)
    expect(deliver(server, second)).toEqual(ok)
    expect(messagesOf(server).map((m) => m.text)).toEqual(['hello', 'one', 'two'])
  })

  it('[VAL4] several offline changes sent as one merged step 2 are accepted', () => {
    const { server, client } = setup()
    sendOperatorMessage(client, { text: 'one' }, asOperator('op1', T0 + 2))
    markRead(client, asOperator('op1', T0 + 3))
    addInternalComment(client, { text: 'note' }, asOperator('op1', T0 + 4))
    transferChat(client, { to: 'op2' }, asOperator('op1', T0 + 5))
    markUnread(client, asOperator('op1', T0 + 6))
    markRead(client, asOperator('op1', T0 + 7))
    sendOperatorMessage(client, { text: 'two' }, asOperator('op1', T0 + 8))
    closeChat(client, {}, asOperator('op1', T0 + 9))
    const step2 = diff(client, server)
    expect(deliver(server, step2)).toEqual(ok)
    expect(chatParts(server).history.toJSON()).toEqual(chatParts(client).history.toJSON())
    expect(chatParts(server).reads.toJSON()).toEqual(chatParts(client).reads.toJSON())
  })

  it('[VAL4] the same offline changes as their update events merged with Y.mergeUpdates are accepted', () => {
    const { server, client } = setup()
    const updates = captureUpdates(client, () => {
      markRead(client, asOperator('op1', T0 + 2))
      sendOperatorMessage(client, { text: 'one' }, asOperator('op1', T0 + 3))
      markRead(client, asOperator('op1', T0 + 4))
      sendOperatorMessage(client, { text: 'two' }, asOperator('op1', T0 + 5))
      markUnread(client, asOperator('op1', T0 + 6))
    })
    const merged = Y.mergeUpdates(updates)
    Y.applyUpdate(server, updates[0]!) // the first one got through before the connection dropped
    expect(deliver(server, merged)).toEqual(ok)
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(client))
  })

  it('[VAL4] a sync step 2 carrying deletions the server already made (another operator’s read-mark history) is accepted', () => {
    const { server, client } = setup()
    const other = replicaOf(server)
    for (const at of [T0 + 2, T0 + 3, T0 + 4]) {
      expect(
        deliver(
          server,
          updateOf(other, () => markRead(other, asOperator('op2', at))),
          'op2',
        ),
      ).toEqual(ok)
    }
    Y.applyUpdate(client, diff(server, client))
    markRead(client, asOperator('op1', T0 + 5))
    const step2 = diff(client, server)
    expect(Y.decodeUpdate(step2).ds.clients.size).toBeGreaterThan(0)
    expect(judge(server, step2)).toEqual(ok)
    expect(judge(server, Y.encodeStateAsUpdate(client))).toEqual(ok)
  })

  it('[VAL4] an update the server already has, or an empty one, is accepted', () => {
    const { server, client } = setup()
    const update = updateOf(client, () => sendOperatorMessage(client, { text: 'hi' }, asOperator('op1')))
    deliver(server, update)
    expect(judge(server, update)).toEqual(ok)
    expect(judge(server, diff(client, server))).toEqual(ok)
    expect(judge(server, Y.encodeStateAsUpdate(new Y.Doc()))).toEqual(ok)
  })
})

describe('validateClientUpdate: what an operator may not write is refused', () => {
  const hostile: [string, string, (doc: Y.Doc) => void, RegExp][] = [
    [
      'VAL1',
      'deleting a customer’s message',
      (doc) => chatParts(doc).messages.delete(0),
      /messages: deletion/,
    ],
    ['VAL1', 'deleting a history event', (doc) => chatParts(doc).history.delete(0), /history: deletion/],
    [
      'VAL1',
      'a message written and deleted offline',
      (doc) => {
        chatParts(doc).messages.push([message({})])
        chatParts(doc).messages.delete(1)
      },
      /messages: deletion/,
    ],
    [
      'VAL1',
      'a message authored as another operator',
      (doc) => chatParts(doc).messages.push([message({ author: { kind: 'operator', id: 'op2' } })]),
      /authored as you/,
    ],
    [
      'VAL1',
      'a history event authored as another operator',
      (doc) => chatParts(doc).history.push([event({ actor: { kind: 'operator', id: 'op2' } })]),
      /authored as you/,
    ],
    [
      'VAL1',
      'a message that does not match its schema',
      (doc) => chatParts(doc).messages.push([{ id: 'm', text: 'no author' } as never]),
      /schema/,
    ],
    [
      'VAL2',
      'a message authored as a bot',
      (doc) => chatParts(doc).messages.push([message({ author: { kind: 'bot', name: 'greeter' } })]),
      /authored as you/,
    ],
    [
      'VAL2',
      'an inbound message written by an operator',
      (doc) => chatParts(doc).messages.push([message({ direction: 'in', author: { kind: 'customer' } })]),
      /inbound/,
    ],
    [
      'VAL2',
      'a technical message written by an operator',
      (doc) => chatParts(doc).messages.push([message({ kind: 'technical' })]),
      /inbound/,
    ],
    [
      'VAL2',
      'a history event authored as the server',
      (doc) =>
        chatParts(doc).history.push([event({ type: 'close', reason: 'solved', actor: { kind: 'server' } })]),
      /authored as you/,
    ],
    [
      'VAL2',
      'a reopen event',
      (doc) => chatParts(doc).history.push([event({ type: 'reopen' })]),
      /reopening/,
    ],
    [
      'VAL2',
      'writing meta',
      (doc) => chatParts(doc).meta.set('contactId', 'someone-else'),
      /meta: server-only/,
    ],
    ['VAL2', 'deleting meta', (doc) => chatParts(doc).meta.delete('channelId'), /meta: deletion/],
    [
      'VAL2',
      'writing delivery',
      (doc) => chatParts(doc).delivery.set('in-1', { state: 'read', at: T0 }),
      /delivery: server-only/,
    ],
    ['VAL2', 'an unknown root part', (doc) => doc.getMap('extra').set('x', 1), /unknown part extra/],
    [
      'VAL2',
      'a nested Yjs type',
      (doc) => chatParts(doc).messages.push([new Y.Map() as never]),
      /plain JSON/,
    ],
    ['VAL2', 'a map entry in a list part', (doc) => doc.getMap('history').set('x', 1), /history is a list/],
    [
      'VAL3',
      'writing another operator’s read mark',
      (doc) => chatParts(doc).reads.set('op2', { lastReadId: null, unread: true, at: T0 }),
      /own read mark/,
    ],
    [
      'VAL3',
      'deleting another operator’s read mark',
      (doc) => chatParts(doc).reads.delete('op2'),
      /reads: deletion/,
    ],
    [
      'VAL3',
      'a read mark that does not match its schema',
      (doc) => chatParts(doc).reads.set('op1', { lastReadId: 'in-1' } as never),
      /schema/,
    ],
  ]
  for (const [id, title, write, reason] of hostile) {
    it(`[${id}] refuses ${title}, as an update event and as a sync step 2, and the server stays as it was`, () => {
      const { server } = setup()
      takeChat(server, asOperator('op2', T0 + 1)) // a history event to delete
      markRead(server, asOperator('op2', T0 + 1)) // a read mark of someone else
      const client = replicaOf(server)
      const before = Y.encodeStateAsUpdate(server)
      const update = updateOf(client, () => write(client))
      expect(judge(server, update)).toEqual(refused(reason))
      expect(judge(server, diff(client, server))).toEqual(refused(reason))
      expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    })
  }

  it('[VAL2] refuses text content in a list part', () => {
    const { server } = setup()
    const hostileDoc = new Y.Doc()
    hostileDoc.getText('messages').insert(0, 'hello')
    expect(judge(server, Y.encodeStateAsUpdate(hostileDoc))).toEqual(refused(/plain JSON/))
  })

  it('[VAL4] refuses a whole update when one of its changes is not allowed', () => {
    const { server, client } = setup()
    const update = updateOf(client, () =>
      client.transact(() => {
        sendOperatorMessage(client, { text: 'fine' }, asOperator('op1'))
        chatParts(client).meta.set('channelId', 'vk-1')
      }),
    )
    expect(judge(server, update)).toEqual(refused(/meta/))
  })

  it('[VAL4] refuses an update that does not decode', () => {
    const { server } = setup()
    expect(judge(server, new Uint8Array([1, 2, 3, 200, 200]))).toEqual(refused(/decode/))
  })

  it('[VAL1] refuses a well-formed message judged for another connected operator', () => {
    const { server, client } = setup()
    const update = updateOf(client, () => sendOperatorMessage(client, { text: 'hi' }, asOperator('op1')))
    expect(judge(server, update, 'op2')).toEqual(refused(/authored as you/))
  })

  it.fails(
    '[VAL1] refuses items written under another operator’s Yjs client id (they would swallow that operator’s next items)',
    () => {
      // Bug: validate.ts judges what an item says, not whose Yjs client id it is written under. op1 writes at the
      // clocks op2 will use next; the server applies it, then silently drops op2's real items at those clocks.
      const { server } = setup()
      const op2 = replicaOf(server)
      const evil = replicaOf(server)
      evil.clientID = op2.clientID
      const stolen = updateOf(evil, () =>
        sendOperatorMessage(evil, { text: 'mine' }, asOperator('op1', T0 + 2)),
      )
      const honest = updateOf(op2, () =>
        sendOperatorMessage(op2, { text: 'lost' }, asOperator('op2', T0 + 3)),
      )
      deliver(server, stolen, 'op1')
      deliver(server, honest, 'op2')
      expect(messagesOf(server).map((m) => m.text)).toContain('lost') // fails: op2's message is gone
    },
  )
})
