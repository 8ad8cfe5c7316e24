/**
 * What the open chat reads again, and for which rows: a delivery state, an edit, a reaction or a deletion arriving
 * from the server is told by message id and never makes the timeline (10,000 messages) read again; a new message
 * or a status change does. Real Y.Docs: the server's copy written by model commands, the app's copy fed its updates.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type MarkChange, markChanges, timelineChanged } from '../../app/state/chat-changes'
import {
  chatParts,
  ingestInboundMessage,
  recordCustomerRating,
  recordCustomerReaction,
  recordOutgoingEdit,
  recordRemoval,
  sendOperatorMessage,
  setDelivery,
  takeChat,
} from '../../model'
import { asChannel, asOperator, asServer, newChat, replicaOf, T0 } from '../helpers/model'

/** The app's copy of `server`, and what each later server write does to it, transaction by transaction. */
const appCopyOf = (server: Y.Doc) => {
  const app = replicaOf(server)
  // As the app does when it starts reading a chat: naming the parts makes them the types later changes are told on.
  chatParts(app)
  const seen: { timeline: boolean; marks: MarkChange[] }[] = []
  app.on('afterTransaction', (transaction: Y.Transaction) => {
    seen.push({ timeline: timelineChanged(transaction), marks: markChanges(transaction) })
  })
  const fromServer = (write: () => void): { timeline: boolean; marks: MarkChange[] } => {
    const before = Y.encodeStateVector(app)
    write()
    seen.length = 0
    Y.applyUpdate(app, Y.encodeStateAsUpdate(server, before), 'server')
    expect(seen).toHaveLength(1)
    return seen[0]!
  }
  return { app, fromServer }
}

describe('app: chat changes, per part and per message', () => {
  it('[DLV1] a delivery state is one mark of one message, and leaves the timeline alone', () => {
    const server = newChat()
    const answer = sendOperatorMessage(server, { text: 'Ответ' }, asOperator('op-1'))
    const other = sendOperatorMessage(server, { text: 'Ещё' }, asOperator('op-1'))
    const { app, fromServer } = appCopyOf(server)

    const sent = fromServer(() =>
      setDelivery(server, { messageId: answer.id, state: 'sent' }, asChannel(T0 + 1)),
    )
    expect(sent).toEqual({ timeline: false, marks: [{ part: 'delivery', messageId: answer.id }] })
    const failed = fromServer(() =>
      setDelivery(server, { messageId: other.id, state: 'failed', error: 'Forbidden' }, asChannel(T0 + 2)),
    )
    expect(failed).toEqual({ timeline: false, marks: [{ part: 'delivery', messageId: other.id }] })
    expect(chatParts(app).delivery.get(other.id)).toEqual({ state: 'failed', at: T0 + 2, error: 'Forbidden' })
  })

  it('[EDT2] [EDT3] [RCT1] edits, deletions and reactions (given and taken back) are marks too', () => {
    const server = newChat()
    const answer = sendOperatorMessage(server, { text: 'Ответ' }, asOperator('op-1'))
    const { app, fromServer } = appCopyOf(server)
    const mark = (part: MarkChange['part']) => ({ timeline: false, marks: [{ part, messageId: answer.id }] })

    expect(
      fromServer(() =>
        recordOutgoingEdit(server, { messageId: answer.id, by: 'op-1', text: 'Ответ!' }, asServer(T0 + 1)),
      ),
    ).toEqual(mark('edits'))
    expect(
      fromServer(() =>
        recordCustomerReaction(server, { messageId: answer.id, emoji: '👍' }, asChannel(T0 + 2)),
      ),
    ).toEqual(mark('reactions'))
    expect(
      fromServer(() =>
        recordCustomerReaction(server, { messageId: answer.id, emoji: null }, asChannel(T0 + 3)),
      ),
    ).toEqual(mark('reactions'))
    expect(chatParts(app).reactions.has(answer.id)).toBe(false)
    expect(
      fromServer(() => recordRemoval(server, { messageId: answer.id, by: 'op-1' }, asServer(T0 + 4))),
    ).toEqual(mark('removed'))
  })

  it('a new message or a status change is the timeline’s, with no marks', () => {
    const server = newChat()
    const { fromServer } = appCopyOf(server)
    const inbound = fromServer(() =>
      ingestInboundMessage(server, { id: 'tg:1', text: 'Привет' }, asChannel()),
    )
    expect(inbound).toEqual({ timeline: true, marks: [] })
    const taken = fromServer(() => takeChat(server, asOperator('op-2', T0 + 1)))
    expect(taken).toEqual({ timeline: true, marks: [] })
  })

  it('[RAT2] a customer’s score is the timeline’s: its line and the conversation’s ratings are read again', () => {
    const server = newChat()
    ingestInboundMessage(server, { id: 'tg:1', text: 'Привет' }, asChannel())
    const { fromServer } = appCopyOf(server)
    const rated = fromServer(() =>
      recordCustomerRating(server, { score: 4, via: 'widget' }, asServer(T0 + 1)),
    )
    expect(rated).toEqual({ timeline: true, marks: [] })
  })

  it('a part nobody named yet is told on no type: readers name the parts before they listen', () => {
    const server = newChat()
    const answer = sendOperatorMessage(server, { text: 'Ответ' }, asOperator('op-1'))
    const app = replicaOf(server)
    const told: MarkChange[] = []
    app.on('afterTransaction', (transaction: Y.Transaction) => told.push(...markChanges(transaction)))
    const before = Y.encodeStateVector(app)
    setDelivery(server, { messageId: answer.id, state: 'sent' }, asChannel(T0 + 1))
    Y.applyUpdate(app, Y.encodeStateAsUpdate(server, before), 'server')
    // The delivery map was a placeholder when the update came: this is why createMessageMarks names it first.
    expect(told).toEqual([])
  })
})
