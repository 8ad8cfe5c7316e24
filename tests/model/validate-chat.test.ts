/**
 * validateClientUpdate on chat docs, with real Yjs updates: a server doc and a client doc synced through
 * encodeStateAsUpdate/applyUpdate; the client writes (through a command, or by hand as a hostile client would)
 * and the server judges the update it receives.
 */
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addInternalComment,
  chatParts,
  closeChat,
  type HistoryEvent,
  ingestInboundMessage,
  MAX_CLOCK_SKEW_MS,
  type Message,
  markRead,
  markUnread,
  returnToUnassigned,
  sendOperatorMessage,
  takeChat,
  transferChat,
  type Verdict,
  writtenClients,
} from '../../model'
import {
  asChannel,
  asOperator,
  captureUpdates,
  clientOwners,
  deliver,
  diff,
  judge,
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
      op1: { seen: 1, unread: false, at: T0 + 4 },
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
    // the first one got through before the connection dropped
    expect(deliver(server, updates[0]!)).toEqual(ok)
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

  it('[VAL1] a message written and deleted before it was ever sent is accepted and shows nowhere', () => {
    const { server, client } = setup()
    const update = updateOf(client, () => {
      chatParts(client).messages.push([message({})])
      chatParts(client).messages.delete(1)
    })
    expect(deliver(server, update)).toEqual(ok)
    expect(messagesOf(server).map((m) => m.id)).toEqual(['in-1'])
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
      'a message authored as another operator',
      (doc) => chatParts(doc).messages.push([message({ author: { kind: 'operator', id: 'op2' } })]),
      /authored as you/,
    ],
    [
      'RAT6',
      'an operator’s own message marked as the server’s rating request',
      (doc) => chatParts(doc).messages.push([message({ ask: 'rating' })]),
      /rating request/,
    ],
    [
      'VAL1',
      'a history event authored as another operator',
      (doc) => chatParts(doc).history.push([event({ actor: { kind: 'operator', id: 'op2' } })]),
      /authored as you/,
    ],
    [
      'VAL1',
      'a message whose id is already in the chat',
      (doc) => chatParts(doc).messages.push([message({ id: 'in-1' })]),
      /message id is taken/,
    ],
    [
      'VAL1',
      'two new messages with the same id in one update',
      (doc) =>
        chatParts(doc).messages.push([message({ id: 'm-dup' }), message({ id: 'm-dup', text: 'again' })]),
      /message id is taken/,
    ],
    [
      'VAL1',
      'an auto-claim for another operator',
      (doc) =>
        chatParts(doc).history.push([event({ type: 'assign', to: 'op2', expectFrom: null, auto: true })]),
      /auto-claim is for yourself/,
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
    ['VAL2', 'a nested Yjs type', (doc) => chatParts(doc).messages.type.push([new Y.Map()]), /plain JSON/],
    ['VAL2', 'a map entry in a list part', (doc) => doc.getMap('history').set('x', 1), /history is a list/],
    [
      'VAL3',
      'writing another operator’s read mark',
      (doc) => chatParts(doc).reads.set('op2', { seen: 0, unread: true, at: T0 }),
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
      (doc) => chatParts(doc).reads.set('op1', { seen: -1, unread: false, at: T0 }),
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
})

describe('validateClientUpdate: times stamped ahead of the server’s clock', () => {
  const stamped: Record<string, (doc: Y.Doc, at: number) => unknown> = {
    'a message (and its auto-claim)': (doc, at) =>
      sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', at)),
    'an internal comment': (doc, at) => addInternalComment(doc, { text: 'hm' }, asOperator('op1', at)),
    'a history event': (doc, at) => takeChat(doc, asOperator('op1', at)),
    'a read mark': (doc, at) => markRead(doc, asOperator('op1', at)),
  }
  for (const [what, write] of Object.entries(stamped)) {
    it(`[VAL1] [VAL3] refuses ${what} stamped an hour ahead when the server passes its clock`, () => {
      const { server, client } = setup()
      const update = updateOf(client, () => write(client, T0 + 3_600_000))
      expect(judge(server, update, 'op1', { now: T0 })).toEqual(refused(/stamped in the future/))
      expect(judge(server, diff(client, server), 'op1', { now: T0 })).toEqual(
        refused(/stamped in the future/),
      )
      expect(judge(server, update, 'op1', { now: T0 + 3_600_000 })).toEqual(ok)
    })

    it(`[VAL1] [VAL3] accepts ${what} stamped up to MAX_CLOCK_SKEW_MS ahead, or behind, the server’s clock`, () => {
      for (const at of [T0 + 5 + MAX_CLOCK_SKEW_MS, T0 - 3_600_000]) {
        const { server, client } = setup()
        expect(
          deliver(
            server,
            updateOf(client, () => write(client, at)),
            'op1',
            { now: T0 + 5 },
          ),
        ).toEqual(ok)
      }
      const { server, client } = setup()
      const update = updateOf(client, () => write(client, T0 + 6 + MAX_CLOCK_SKEW_MS))
      expect(judge(server, update, 'op1', { now: T0 + 5 })).toEqual(refused(/stamped in the future/))
    })
  }
})

describe('validateClientUpdate: whose Yjs client id an update writes under', () => {
  const notYours = refused(/client id that is not yours/)

  it('[VAL6] an operator keeps writing under their own client ids, from one device or several', () => {
    const { server, client } = setup()
    const tablet = replicaOf(server)
    const first = updateOf(client, () =>
      sendOperatorMessage(client, { text: 'one' }, asOperator('op1', T0 + 2)),
    )
    expect(deliver(server, first)).toEqual(ok)
    markRead(client, asOperator('op1', T0 + 3)) // offline, then a reconnection's step 2
    addInternalComment(client, { text: 'note' }, asOperator('op1', T0 + 4))
    expect(deliver(server, diff(client, server))).toEqual(ok)
    expect(
      deliver(
        server,
        updateOf(tablet, () => markUnread(tablet, asOperator('op1', T0 + 5))),
      ),
    ).toEqual(ok)
    expect(Object.fromEntries(clientOwners(server))).toEqual({
      [client.clientID]: 'op1',
      [tablet.clientID]: 'op1',
    })
  })

  it('[VAL6] refuses items written under another operator’s client id, so that operator’s next items are kept', () => {
    const { server } = setup()
    const op2 = replicaOf(server)
    const first = updateOf(op2, () => sendOperatorMessage(op2, { text: 'first' }, asOperator('op2', T0 + 2)))
    expect(deliver(server, first, 'op2')).toEqual(ok)
    // op1 writes at the clocks op2 will use next: applied, it would make the server drop op2's next items.
    const evil = replicaOf(server)
    evil.clientID = op2.clientID
    const stolen = updateOf(evil, () =>
      sendOperatorMessage(evil, { text: 'mine' }, asOperator('op1', T0 + 3)),
    )
    const honest = updateOf(op2, () => sendOperatorMessage(op2, { text: 'kept' }, asOperator('op2', T0 + 4)))
    expect(deliver(server, stolen, 'op1')).toEqual(notYours)
    expect(deliver(server, diff(evil, server), 'op1')).toEqual(notYours)
    expect(deliver(server, honest, 'op2')).toEqual(ok)
    expect(messagesOf(server).map((m) => m.text)).toEqual(['hello', 'first', 'kept'])
  })

  it('[VAL6] a new client id belongs to the first operator who writes under it', () => {
    const { server, client } = setup()
    const update = updateOf(client, () => markRead(client, asOperator('op1', T0 + 2)))
    expect(deliver(server, update)).toEqual(ok)
    const shared = replicaOf(server)
    shared.clientID = client.clientID
    const other = updateOf(shared, () => markRead(shared, asOperator('op2', T0 + 3)))
    expect(judge(server, other, 'op2')).toEqual(notYours)
    expect(clientOwners(server).get(client.clientID)).toBe('op1')
  })

  it('[VAL6] refuses items under a client id that has items but no owner, like the server’s own', () => {
    const { server } = setup()
    const evil = replicaOf(server)
    evil.clientID = server.clientID
    const update = updateOf(evil, () => sendOperatorMessage(evil, { text: 'hi' }, asOperator('op1', T0 + 2)))
    expect(judge(server, update)).toEqual(notYours)
    ingestInboundMessage(server, { text: 'still here' }, asChannel(T0 + 3))
    expect(messagesOf(server).map((m) => m.text)).toEqual(['hello', 'still here'])
  })

  it('[VAL6] writtenClients lists the client ids an update writes new content under, and nothing else', () => {
    const { server, client } = setup()
    const tablet = replicaOf(server)
    const one = updateOf(client, () => sendOperatorMessage(client, { text: 'hi' }, asOperator('op1', T0 + 2)))
    const two = updateOf(tablet, () => markRead(tablet, asOperator('op1', T0 + 3)))
    const both = Y.mergeUpdates([one, two])
    expect(writtenClients(server, both).sort()).toEqual([client.clientID, tablet.clientID].sort())
    Y.applyUpdate(server, one)
    expect(writtenClients(server, one)).toEqual([])
    expect(writtenClients(server, both)).toEqual([tablet.clientID])
    expect(writtenClients(server, Y.encodeStateAsUpdate(server))).toEqual([])
    // A step 2 that only deletes what the server has (a read mark overwritten twice) writes under none.
    Y.applyUpdate(server, two)
    const again = updateOf(tablet, () => markRead(tablet, asOperator('op1', T0 + 4)))
    Y.applyUpdate(server, again)
    const deletesOnly = diff(tablet, server)
    expect(Y.decodeUpdate(deletesOnly).structs).toEqual([])
    expect(Y.decodeUpdate(deletesOnly).ds.clients.size).toBeGreaterThan(0)
    expect(writtenClients(server, deletesOnly)).toEqual([])
  })

  it('[VAL6] refuses a bare GC struct at the clocks of another operator’s client id', () => {
    const { server } = setup()
    const op2 = replicaOf(server)
    expect(
      deliver(
        server,
        updateOf(op2, () => sendOperatorMessage(op2, { text: 'first' }, asOperator('op2', T0 + 2))),
        'op2',
      ),
    ).toEqual(ok)
    const gc = encoding.createEncoder()
    encoding.writeVarUint(gc, 1) // one client
    encoding.writeVarUint(gc, 1) // with one struct
    encoding.writeVarUint(gc, op2.clientID)
    encoding.writeVarUint(gc, Y.getState(server.store, op2.clientID))
    encoding.writeUint8(gc, 0) // a GC struct
    encoding.writeVarUint(gc, 50) // of 50 clocks
    encoding.writeVarUint(gc, 0) // and an empty delete set
    deliver(server, encoding.toUint8Array(gc), 'op1')
    deliver(
      server,
      updateOf(op2, () => sendOperatorMessage(op2, { text: 'kept' }, asOperator('op2', T0 + 3))),
      'op2',
    )
    expect(messagesOf(server).map((m) => m.text)).toEqual(['hello', 'first', 'kept'])
  })
})
