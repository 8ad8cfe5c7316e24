/**
 * A live doc's Y.Doc, followed across replacements: when the server refuses our copy, the live doc holds a fresh
 * Y.Doc, and whatever listened to the old one must listen to the new one instead.
 */
import { onCleanup } from 'solid-js'
import type * as Y from 'yjs'
import type { LiveDoc } from '../sync'

/**
 * Calls `attach` on the doc now (`replaced` false) and on each doc that replaces it (`replaced` true, after
 * detaching the old one); detaches with the owner.
 */
export const followDoc = (live: LiveDoc, attach: (doc: Y.Doc, replaced: boolean) => () => void): void => {
  let doc = live.doc
  let detach = attach(doc, false)
  const off = live.onChange(() => {
    if (live.doc === doc) return
    detach()
    doc = live.doc
    detach = attach(doc, true)
  })
  onCleanup(() => {
    off()
    detach()
  })
}
