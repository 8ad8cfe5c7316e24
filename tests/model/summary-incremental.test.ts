/**
 * [SUM1] The kept folds equal folds from scratch, whatever the appends, concurrent merges (which insert in the
 * middle of the arrays) and reads in between.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addInternalComment,
  chatParts,
  chatState,
  closeChat,
  foldHistory,
  ingestInboundMessage,
  replyState,
  returnToUnassigned,
  sendOperatorMessage,
  takeChat,
  unassignedAt,
} from '../../model'
import { asChannel, asOperator, newChat, replicaOf, syncBoth, T0 } from '../helpers/model'

const fromScratch = (doc: Y.Doc) => {
  const parts = chatParts(doc)
  const assignment = foldHistory(parts.history.toArray())
  const reply = replyState(parts.messages.toArray(), assignment.lastReactionAt)
  return { assignment, reply, unassignedAt: unassignedAt(assignment, reply) }
}

/**
 * [TEAM1] `waitingSince` written out plainly, apart from the fold: order the messages (internal comments and
 * technical ones aside) by time, then array position; after the last outgoing one, the earliest customer time.
 */
const plainWaitingSince = (doc: Y.Doc): number | null => {
  const ordered = chatParts(doc)
    .messages.toArray()
    .map((m, position) => ({ m, position }))
    .filter(({ m }) => m.direction !== 'internal' && m.kind !== 'technical')
    .sort((a, b) => a.m.at - b.m.at || a.position - b.position)
  const lastOut = ordered.map(({ m }) => m.direction).lastIndexOf('out')
  const after = ordered.slice(lastOut + 1).map(({ m }) => m.at)
  return after.length === 0 ? null : Math.min(...after)
}

type Act = {
  replica: 0 | 1
  kind: 'in' | 'tech' | 'out' | 'comment' | 'take' | 'return' | 'close'
  at: number
}
type Step = Act | { kind: 'sync' } | { kind: 'read'; replica: 0 | 1 }

const act = (doc: Y.Doc, a: Act): void => {
  const op = asOperator(`op${a.replica}`, a.at)
  switch (a.kind) {
    case 'in':
    case 'tech':
      ingestInboundMessage(
        doc,
        { text: 'hi', kind: a.kind === 'tech' ? 'technical' : 'text' },
        asChannel(a.at),
      )
      return
    case 'out':
      sendOperatorMessage(doc, { text: 'answer' }, op)
      return
    case 'comment':
      addInternalComment(doc, { text: 'note' }, op)
      return
    case 'take':
      takeChat(doc, op)
      return
    case 'return':
      returnToUnassigned(doc, {}, op)
      return
    case 'close':
      closeChat(doc, {}, op)
      return
  }
}

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      replica: fc.constantFrom<0 | 1>(0, 1),
      kind: fc.constantFrom<Act['kind']>('in', 'in', 'tech', 'out', 'comment', 'take', 'return', 'close'),
      // Times go back as well as forward: a late-synced message may be older than the ones before it.
      // Coarse times too, so that messages often share a time (FLD4 then orders them by array position).
      at: fc
        .oneof(
          fc.integer({ min: 0, max: 120_000 }),
          fc.integer({ min: 0, max: 12 }).map((t) => t * 10_000),
        )
        .map((t) => T0 + t),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'sync' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('read' as const), replica: fc.constantFrom<0 | 1>(0, 1) }),
  },
)

describe('incremental chat state', () => {
  it('[SUM1] [TEAM1] chatState equals a fold from scratch after any appends, merges and reads', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const a = newChat(T0)
        const docs = [a, replicaOf(a, 7)] as const
        for (const s of steps) {
          if (s.kind === 'sync') syncBoth(docs[0], docs[1])
          else if (s.kind === 'read') {
            const doc = docs[s.replica]
            expect(chatState(doc)).toEqual(fromScratch(doc))
            expect(chatState(doc).reply.waitingSince).toBe(plainWaitingSince(doc))
          } else act(docs[s.replica], s)
        }
        for (const doc of docs) {
          expect(chatState(doc)).toEqual(fromScratch(doc))
          expect(chatState(doc).reply.waitingSince).toBe(plainWaitingSince(doc))
          expect(chatState(doc).reply.waitingSince !== null).toBe(chatState(doc).reply.waiting)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('[SUM1] a long chat: each new message is folded in, and the result still equals a fold from scratch', () => {
    const doc = newChat(T0)
    for (let i = 0; i < 2_000; i++) {
      ingestInboundMessage(doc, { text: `m${i}` }, asChannel(T0 + i * 10))
      if (i % 3 === 0) sendOperatorMessage(doc, { text: `a${i}` }, asOperator('op1', T0 + i * 10 + 5))
      // Read after every append, as the server's inbox does.
      chatState(doc)
    }
    expect(chatState(doc)).toEqual(fromScratch(doc))
    expect(chatState(doc).reply.inbound).toBe(2_000)
  })
})
