/**
 * What a transaction changed in a chat doc, told without reading the doc again: whether it touched the parts the
 * timeline is made of (messages, history, meta, read marks, ratings), and which per-message marks (delivery, edits,
 * reactions, removals) it set or removed, by message id. An answer's delivery state changes three or four times;
 * reading a history of 10,000 messages again for each would be wasted, so the marks go to each row on their own.
 * Types are compared by identity: a part a synced doc holds but nobody named yet is a placeholder that naming it
 * replaces, so a reader names every part (`chatParts`) before it listens.
 */
import type * as Y from 'yjs'
import { type ChatParts, chatParts } from '../../model'

export type MarkPart = keyof Pick<ChatParts, 'delivery' | 'edits' | 'reactions' | 'removed'>
export const MARK_PARTS: readonly MarkPart[] = ['delivery', 'edits', 'reactions', 'removed']

/** One message's mark that a transaction set or removed. */
export interface MarkChange {
  readonly part: MarkPart
  readonly messageId: string
}

/** The types a transaction changed, with the map keys it changed in each (`null` for an array). */
const changedIn = (transaction: Y.Transaction): ReadonlyMap<object, ReadonlySet<string | null>> =>
  transaction.changed

/** Whether the transaction touched the messages, the history, the meta, the read marks or the ratings. */
export const timelineChanged = (transaction: Y.Transaction): boolean => {
  const { messages, history, meta, reads, ratings } = chatParts(transaction.doc)
  const changed = changedIn(transaction)
  return (
    changed.has(messages.type) ||
    changed.has(history) ||
    changed.has(meta) ||
    changed.has(reads) ||
    changed.has(ratings)
  )
}

/** The marks the transaction set or removed. */
export const markChanges = (transaction: Y.Transaction): MarkChange[] => {
  const parts = chatParts(transaction.doc)
  const changes: MarkChange[] = []
  for (const part of MARK_PARTS) {
    for (const key of changedIn(transaction).get(parts[part]) ?? []) {
      if (key !== null) changes.push({ part, messageId: key })
    }
  }
  return changes
}
