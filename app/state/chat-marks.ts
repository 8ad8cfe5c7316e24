/**
 * The chat's per-message marks, read per row: delivery states [DLV1], edits [EDT1, EDT2], the customer's
 * reactions [RCT1] and deletions for the customer [EDT3]. A row reads its own message's marks straight from the
 * doc and tracks one signal per mark it read; a transaction wakes only the signals of the marks it changed. So an
 * answer going from sent to delivered re-renders that row alone, and opening a chat reads no mark of a row that
 * is not in the page.
 */
import { type Accessor, batch, createSignal, type Setter } from 'solid-js'
import type * as Y from 'yjs'
import {
  type ChatParts,
  type CustomerReaction,
  chatParts,
  type Delivery,
  type MessageEdit,
  type MessageRemoval,
} from '../../model'
import type { LiveDoc } from '../sync'
import { type MarkPart, markChanges } from './chat-changes'
import { followDoc } from './follow-doc'

export interface MessageMarks {
  delivery(messageId: string): Delivery | undefined
  edit(messageId: string): MessageEdit | undefined
  reaction(messageId: string): CustomerReaction | undefined
  removal(messageId: string): MessageRemoval | undefined
}

export const createMessageMarks = (live: LiveDoc): MessageMarks => {
  let parts: ChatParts = chatParts(live.doc)
  /** Per mark read so far (`part id`): the signal its readers track. */
  const signals = new Map<string, [Accessor<undefined>, Setter<undefined>]>()
  /** A fresh doc (the server refused our copy): every mark may differ. */
  const [generation, setGeneration] = createSignal(0)
  followDoc(live, (doc, replaced) => {
    parts = chatParts(doc)
    if (replaced) setGeneration((n) => n + 1)
    const onTransaction = (transaction: Y.Transaction): void => {
      const changes = markChanges(transaction)
      if (changes.length === 0) return
      batch(() => {
        for (const { part, messageId } of changes) signals.get(`${part} ${messageId}`)?.[1](undefined)
      })
    }
    doc.on('afterTransaction', onTransaction)
    return () => doc.off('afterTransaction', onTransaction)
  })
  const read = <P extends MarkPart>(part: P, messageId: string): ReturnType<ChatParts[P]['get']> => {
    const key = `${part} ${messageId}`
    let signal = signals.get(key)
    if (!signal) {
      signal = createSignal(undefined, { equals: false })
      signals.set(key, signal)
    }
    signal[0]()
    generation()
    return parts[part].get(messageId) as ReturnType<ChatParts[P]['get']>
  }
  return {
    delivery: (id) => read('delivery', id),
    edit: (id) => read('edits', id),
    reaction: (id) => read('reactions', id),
    removal: (id) => read('removed', id),
  }
}
