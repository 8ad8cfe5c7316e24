/**
 * Yjs → Solid: a signal holding what `read` takes from a live doc's content, read again when a transaction changed
 * the content or the doc was replaced, not on the live doc's other news (joined the socket, synced, granted):
 * reading a whole inbox index again for those cost tens of milliseconds each, on the way to the first paint. So
 * `read` must depend on the doc's content alone.
 */
import { type Accessor, createSignal } from 'solid-js'
import type * as Y from 'yjs'
import { changedDoc, type LiveDoc } from '../sync'
import { followDoc } from './follow-doc'

export const createDocValue = <T>(
  live: LiveDoc,
  read: (doc: Y.Doc) => T,
  equals: false | ((prev: T, next: T) => boolean) = false,
): Accessor<T> => {
  const [value, setValue] = createSignal<T>(read(live.doc), { equals })
  followDoc(live, (doc, replaced) => {
    if (replaced) setValue(() => read(doc))
    const onTransaction = (transaction: Y.Transaction): void => {
      if (changedDoc(transaction)) setValue(() => read(doc))
    }
    doc.on('afterTransaction', onTransaction)
    return () => doc.off('afterTransaction', onTransaction)
  })
  return value
}
