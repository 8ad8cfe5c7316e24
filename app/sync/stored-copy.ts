/**
 * A doc's copy in IndexedDB (y-indexeddb), read without paying for it twice. Yjs encodes every transaction's update
 * for the doc's 'update' listeners, and the transaction that reads the stored copy holds the whole doc: with one
 * such listener on the doc, loading an inbox index of 10,000 chats took ~180 ms more, a chat of 10,000 messages
 * ~90 ms more (`npm run bench -- app`). So the app listens for changes without that event (`changedDoc` on
 * 'afterTransaction'), and y-indexeddb's own listener, which skips the stored copy anyway (it is its own origin),
 * is attached only once the copy is in. Nothing is lost meanwhile: before reading the copy, y-indexeddb stores the
 * doc's state as it is then, and the listener is back in the same task as the copy is applied.
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'

/** Whether a transaction changed the doc: the test Yjs makes before it emits 'update', without encoding anything. */
export const changedDoc = (transaction: Y.Transaction): boolean => {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true
  }
  return false
}

/** Keeps `doc` in the IndexedDB database `name` (y-indexeddb's layout), reading the stored copy first. */
export const openStoredCopy = (name: string, doc: Y.Doc): IndexeddbPersistence => {
  const store = new IndexeddbPersistence(name, doc)
  doc.off('update', store._storeUpdate)
  // Emitted right after the copy is applied (not on a destroyed store, whose destroy() detaches the listener).
  store.once('synced', () => doc.on('update', store._storeUpdate))
  return store
}
