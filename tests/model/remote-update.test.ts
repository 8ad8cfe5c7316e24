/**
 * [CNV2] Every update delivered is integrated, in any order. The fixture is one client's deliveries from a failing
 * run of the convergence property (CNV1): the server's initial state, then twelve updates of five writers in the
 * order they arrived. Plain `Y.applyUpdate` leaves five structs pending although all their dependencies arrived.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyRemoteUpdate } from '../../model'

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/pending-chain.json', import.meta.url), 'utf8'),
) as {
  initial: string
  updates: string[]
}
const bytes = (base64: string): Uint8Array => Uint8Array.from(Buffer.from(base64, 'base64'))
const initial = bytes(fixture.initial)
const updates = fixture.updates.map(bytes)
/** What the replica holds once everything arrived: every update merged and applied at once. */
const complete = (): Y.Doc => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.mergeUpdates([initial, ...updates]))
  return doc
}

describe('applying remote updates', () => {
  it('[CNV2] pins the Yjs behaviour worked around: plain applyUpdate leaves this chain pending (when this fails, Yjs fixed it)', () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, initial)
    for (const update of updates) Y.applyUpdate(doc, update)
    expect(doc.store.pendingStructs).not.toBeNull()
    expect(Y.encodeStateVector(doc)).not.toEqual(Y.encodeStateVector(complete()))
  })

  it('[CNV2] applyRemoteUpdate integrates every struct of the same deliveries', () => {
    const doc = new Y.Doc()
    applyRemoteUpdate(doc, initial)
    for (const update of updates) applyRemoteUpdate(doc, update)
    expect(doc.store.pendingStructs).toBeNull()
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(complete()))
    expect(doc.toJSON()).toEqual(complete().toJSON())
  })

  it('[CNV2] in any order of delivery, nothing stays pending and the doc equals the complete one', () => {
    const expected = complete()
    fc.assert(
      fc.property(fc.shuffledSubarray(updates, { minLength: updates.length }), (order) => {
        const doc = new Y.Doc()
        applyRemoteUpdate(doc, initial)
        for (const update of order) applyRemoteUpdate(doc, update)
        expect(doc.store.pendingStructs).toBeNull()
        expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(expected))
        expect(doc.toJSON()).toEqual(expected.toJSON())
      }),
      { numRuns: 500 },
    )
  })

  it('[CNV2] keeps the origin of the update for what a retry integrates', () => {
    const origins = new Set<unknown>()
    const doc = new Y.Doc()
    applyRemoteUpdate(doc, initial)
    const remote = Symbol('remote')
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.add(origin))
    for (const update of updates) applyRemoteUpdate(doc, update, remote)
    expect([...origins]).toEqual([remote])
  })
})
