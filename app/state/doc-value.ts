/** Yjs → Solid: a signal holding what `read` takes from a live doc, read again on every change of the doc. */
import { type Accessor, createSignal, onCleanup } from 'solid-js'
import type * as Y from 'yjs'
import type { LiveDoc } from '../sync'

export const createDocValue = <T>(
  live: LiveDoc,
  read: (doc: Y.Doc) => T,
  equals: false | ((prev: T, next: T) => boolean) = false,
): Accessor<T> => {
  const [value, setValue] = createSignal<T>(read(live.doc), { equals })
  onCleanup(live.onChange(() => setValue(() => read(live.doc))))
  return value
}
