/**
 * `changedDoc`: the app's test of "did this transaction change the doc", used instead of Yjs' 'update' event
 * (which encodes every change) to tell the screen and to re-read Solid values. It must agree with 'update'.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changedDoc } from '../../app/sync/stored-copy'

/** Runs `write` on `doc` and returns what `changedDoc` said of its transaction and whether 'update' fired. */
const observe = (doc: Y.Doc, write: () => void): { changed: boolean; updated: boolean } => {
  let changed: boolean | null = null
  let updated = false
  const onTransaction = (transaction: Y.Transaction): void => {
    changed = changedDoc(transaction)
  }
  const onUpdate = (): void => {
    updated = true
  }
  doc.on('afterTransaction', onTransaction)
  doc.on('update', onUpdate)
  write()
  doc.off('afterTransaction', onTransaction)
  doc.off('update', onUpdate)
  if (changed === null) throw new Error('no transaction ran')
  return { changed, updated }
}

describe('app stored copy: changedDoc', () => {
  it('says yes for an insert and for a delete alone, as the update event does', () => {
    const doc = new Y.Doc()
    const map = doc.getMap<string>('chats')
    expect(observe(doc, () => map.set('a', 'one'))).toEqual({ changed: true, updated: true })
    // A delete adds no struct, only a delete set entry.
    expect(observe(doc, () => map.delete('a'))).toEqual({ changed: true, updated: true })
  })

  it('says no for a transaction that wrote nothing, and for an update the doc already has', () => {
    const doc = new Y.Doc()
    doc.getArray<number>('messages').push([1, 2, 3])
    expect(observe(doc, () => doc.transact(() => {}))).toEqual({ changed: false, updated: false })
    const copy = Y.encodeStateAsUpdate(doc)
    expect(observe(doc, () => Y.applyUpdate(doc, copy))).toEqual({ changed: false, updated: false })
  })

  it('says yes for a stored copy applied to an empty doc, the transaction it exists for', () => {
    const source = new Y.Doc()
    source.getArray<string>('messages').push(['hello', 'world'])
    const doc = new Y.Doc()
    expect(observe(doc, () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(source)))).toEqual({
      changed: true,
      updated: true,
    })
    expect(doc.getArray<string>('messages').toArray()).toEqual(['hello', 'world'])
  })
})
