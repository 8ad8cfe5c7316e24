/** Internal reaction marks and message tags (seed 001): commands, reading, and what the server accepts. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  chatParts,
  ErrorCode,
  ingestInboundMessage,
  labelsByMessage,
  labelsOf,
  MAX_MESSAGE_TAGS,
  MAX_STORED_TAGS,
  markKey,
  markMessage,
  ownMark,
  sendOperatorMessage,
  setMessageTags,
  tagKey,
  tagsOf,
} from '../../model'
import {
  asChannel,
  asOperator,
  deliver,
  expectDomainError,
  judge,
  newChat,
  replicaOf,
  syncBoth,
  T0,
  updateOf,
} from '../helpers/model'

const CATALOGUE = ['Премиум', 'Жалоба', 'Опт']

/** A server doc with a customer's message, and op1's client synced with it. */
const setup = () => {
  const server = newChat(T0)
  ingestInboundMessage(server, { id: 'in-1', text: 'Где мой заказ?' }, asChannel(T0 + 1))
  return { server, client: replicaOf(server) }
}

describe('reaction marks', () => {
  it('[MRK1] each operator has their own mark on a message; neutral clears only theirs', () => {
    const { server: doc } = setup()
    expect(markMessage(doc, { messageId: 'in-1', mark: 'positive' }, asOperator('op1', T0 + 2))).toBe(true)
    expect(markMessage(doc, { messageId: 'in-1', mark: 'negative' }, asOperator('op2', T0 + 3))).toBe(true)
    expect(markMessage(doc, { messageId: 'in-1', mark: 'positive' }, asOperator('op1', T0 + 4))).toBe(false)
    expect(labelsOf(doc, 'in-1').marks.map((m) => [m.by, m.mark])).toEqual([
      ['op1', 'positive'],
      ['op2', 'negative'],
    ])
    expect(markMessage(doc, { messageId: 'in-1', mark: null }, asOperator('op1', T0 + 5))).toBe(true)
    expect(ownMark(doc, 'in-1', 'op1')).toBeNull()
    expect(ownMark(doc, 'in-1', 'op2')).toBe('negative')
    expect(markMessage(doc, { messageId: 'in-1', mark: null }, asOperator('op1', T0 + 6))).toBe(false)
  })

  it('[MRK1] refuses an unknown message, a kind that is not a mark, and anyone but an operator', () => {
    const { server: doc } = setup()
    expectDomainError(
      () => markMessage(doc, { messageId: 'nope', mark: 'positive' }, asOperator('op1')),
      ErrorCode.notFound,
    )
    expectDomainError(
      () => markMessage(doc, { messageId: 'in-1', mark: 'love' as 'positive' }, asOperator('op1')),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => markMessage(doc, { messageId: 'in-1', mark: 'positive' }, asChannel()),
      ErrorCode.notOperator,
    )
    expectDomainError(
      () => markMessage(newChat(), { messageId: 'in-1', mark: null }, asOperator('op1')),
      ErrorCode.notFound,
    )
  })

  it('[MRK2] the server accepts an operator’s own mark and its removal, never one written as someone else', () => {
    const { server, client } = setup()
    const mark = updateOf(client, () =>
      markMessage(client, { messageId: 'in-1', mark: 'positive' }, asOperator('op1', T0 + 2)),
    )
    // Written as op1: refused from op2's connection, accepted from op1's.
    expect(judge(server, mark, 'op2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/client id|your own/),
    })
    expect(deliver(server, mark, 'op1', { now: T0 + 2 })).toEqual({ ok: true })

    // op2 marks under their own key, then a hostile op2 client tries to clear op1's mark and to forge one.
    const other = replicaOf(server)
    const theirs = updateOf(other, () =>
      markMessage(other, { messageId: 'in-1', mark: 'negative' }, asOperator('op2', T0 + 3)),
    )
    expect(deliver(server, theirs, 'op2')).toEqual({ ok: true })
    const clear = updateOf(other, () => chatParts(other).marks.delete(markKey('in-1', 'op1')))
    expect(judge(server, clear, 'op2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deletion/),
    })
    const forged = updateOf(other, () =>
      chatParts(other).marks.set(markKey('in-1', 'op1'), {
        messageId: 'in-1',
        by: 'op1',
        mark: 'negative',
        at: T0,
      }),
    )
    expect(judge(server, forged, 'op2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/your own/),
    })
    const misplaced = updateOf(other, () =>
      chatParts(other).marks.set('op2', { messageId: 'in-1', by: 'op2', mark: 'negative', at: T0 }),
    )
    expect(judge(server, misplaced, 'op2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/keyed/),
    })

    const unmark = updateOf(client, () =>
      markMessage(client, { messageId: 'in-1', mark: null }, asOperator('op1', T0 + 4)),
    )
    expect(deliver(server, unmark, 'op1')).toEqual({ ok: true })
    expect(labelsOf(server, 'in-1').marks.map((m) => m.by)).toEqual(['op2'])
  })

  it('[MRK2] a mark needs a message the chat has, or one the same update adds (an answer marked offline)', () => {
    const { server, client } = setup()
    const ghost = updateOf(client, () =>
      chatParts(client).marks.set(markKey('ghost', 'op1'), {
        messageId: 'ghost',
        by: 'op1',
        mark: 'positive',
        at: T0,
      }),
    )
    expect(judge(server, ghost, 'op1')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no such message/),
    })
    const offline = replicaOf(server)
    const both = updateOf(offline, () => {
      const answer = sendOperatorMessage(offline, { text: 'Уже едет' }, asOperator('op3', T0 + 2))
      markMessage(offline, { messageId: answer.id, mark: 'positive' }, asOperator('op3', T0 + 3))
    })
    expect(deliver(server, both, 'op3')).toEqual({ ok: true })
  })
})

describe('message tags', () => {
  it('[MTG1] sets exactly the chosen tags, in the catalogue’s spelling, keeping tags that left the catalogue', () => {
    const { server: doc } = setup()
    expect(
      setMessageTags(doc, { messageId: 'in-1', tags: ['премиум', 'Жалоба'] }, CATALOGUE, asOperator('op1')),
    ).toBe(true)
    expect(tagsOf(doc, 'in-1').map((t) => [t.tag, t.by])).toEqual([
      ['Жалоба', 'op1'],
      ['Премиум', 'op1'],
    ])
    expect(
      setMessageTags(doc, { messageId: 'in-1', tags: ['Жалоба', 'Премиум'] }, CATALOGUE, asOperator('op2')),
    ).toBe(false)
    // «Премиум» left the catalogue: it stays while chosen, «Опт» is added, «Жалоба» is taken off by another operator.
    expect(
      setMessageTags(doc, { messageId: 'in-1', tags: ['Премиум', 'Опт'] }, ['Опт'], asOperator('op2')),
    ).toBe(true)
    expect(tagsOf(doc, 'in-1').map((t) => [t.tag, t.by])).toEqual([
      ['Опт', 'op2'],
      ['Премиум', 'op1'],
    ])
    expectDomainError(
      () =>
        setMessageTags(doc, { messageId: 'in-1', tags: ['Свободный текст'] }, CATALOGUE, asOperator('op1')),
      ErrorCode.notFound,
    )
    expectDomainError(
      () => setMessageTags(doc, { messageId: 'nope', tags: [] }, CATALOGUE, asOperator('op1')),
      ErrorCode.notFound,
    )
    expectDomainError(
      () => setMessageTags(doc, { messageId: 'in-1', tags: [] }, CATALOGUE, asChannel()),
      ErrorCode.notOperator,
    )
  })

  it('[MTG2] at most MAX_MESSAGE_TAGS per command', () => {
    const { server: doc } = setup()
    const many = Array.from({ length: MAX_MESSAGE_TAGS + 1 }, (_, i) => `t${i}`)
    expectDomainError(
      () => setMessageTags(doc, { messageId: 'in-1', tags: many }, many, asOperator('op1')),
      ErrorCode.invalidInput,
    )
    expect(setMessageTags(doc, { messageId: 'in-1', tags: many.slice(1) }, many, asOperator('op1'))).toBe(
      true,
    )
    expect(tagsOf(doc, 'in-1')).toHaveLength(MAX_MESSAGE_TAGS)
  })

  it('[MTG1] [MTG2] tags added apart merge; the server refuses a forged tag and more than MAX_STORED_TAGS', () => {
    const { server } = setup()
    const a = replicaOf(server)
    const b = replicaOf(server)
    const fromA = updateOf(a, () =>
      setMessageTags(a, { messageId: 'in-1', tags: ['Премиум'] }, CATALOGUE, asOperator('op1')),
    )
    const fromB = updateOf(b, () =>
      setMessageTags(b, { messageId: 'in-1', tags: ['Опт'] }, CATALOGUE, asOperator('op2')),
    )
    expect(deliver(server, fromA, 'op1')).toEqual({ ok: true })
    expect(deliver(server, fromB, 'op2')).toEqual({ ok: true })
    syncBoth(a, server)
    syncBoth(b, server)
    expect(tagsOf(a, 'in-1').map((t) => t.tag)).toEqual(['Опт', 'Премиум'])
    expect(tagsOf(b, 'in-1')).toEqual(tagsOf(a, 'in-1'))
    // Any operator may take a tag off (op2 takes op1's «Премиум»).
    const untag = updateOf(b, () =>
      setMessageTags(b, { messageId: 'in-1', tags: ['Опт'] }, CATALOGUE, asOperator('op2')),
    )
    expect(deliver(server, untag, 'op2')).toEqual({ ok: true })
    expect(tagsOf(server, 'in-1').map((t) => t.tag)).toEqual(['Опт'])

    const hostile = replicaOf(server)
    const forged = updateOf(hostile, () =>
      chatParts(hostile).messageTags.set(tagKey('in-1', 'X'), {
        messageId: 'in-1',
        tag: 'X',
        by: 'op1',
        at: T0,
      }),
    )
    expect(judge(server, forged, 'op3')).toMatchObject({ ok: false, reason: expect.stringMatching(/as you/) })
    const wrongKey = updateOf(hostile, () =>
      chatParts(hostile).messageTags.set(tagKey('in-1', 'Y'), {
        messageId: 'in-1',
        tag: 'X',
        by: 'op3',
        at: T0,
      }),
    )
    expect(judge(server, wrongKey, 'op3')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/keyed/),
    })
    const flood = updateOf(hostile, () => {
      for (let i = 0; i < MAX_STORED_TAGS; i++) {
        chatParts(hostile).messageTags.set(tagKey('in-1', `spam${i}`), {
          messageId: 'in-1',
          tag: `spam${i}`,
          by: 'op3',
          at: T0,
        })
      }
    })
    expect(judge(server, flood, 'op3')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/more than/),
    })
  })

  it('[MRK1] [MTG1] labels are read per message in one pass; unlabelled messages have none', () => {
    const { server: doc } = setup()
    sendOperatorMessage(doc, { id: 'out-1', text: 'Уже едет' }, asOperator('op1', T0 + 2))
    markMessage(doc, { messageId: 'out-1', mark: 'positive' }, asOperator('op2', T0 + 3))
    setMessageTags(doc, { messageId: 'in-1', tags: ['Жалоба'] }, CATALOGUE, asOperator('op1', T0 + 4))
    const all = labelsByMessage(doc)
    expect([...all.keys()].sort()).toEqual(['in-1', 'out-1'])
    expect(all.get('out-1')?.marks.map((m) => m.mark)).toEqual(['positive'])
    expect(all.get('in-1')?.tags.map((t) => t.tag)).toEqual(['Жалоба'])
    expect(labelsOf(new Y.Doc(), 'x')).toEqual({ marks: [], tags: [] })
  })
})
