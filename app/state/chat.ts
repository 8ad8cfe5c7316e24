/**
 * The chat on screen: its messages, its derived state (status, assignee, the history of changes) and the
 * operator's read mark, from the chat doc; the history as one time line of messages and status changes; and the
 * chat kept read while it is open [UNR1]. The per-message marks (delivery, edits, reactions) are not part of it:
 * they reach each row on their own (chat-marks.ts), so a delivery change does not read the whole chat again.
 */

import { type Accessor, createEffect, createSignal } from 'solid-js'
import type * as Y from 'yjs'
import {
  type ChatMeta,
  type ChatState,
  chatParts,
  chatState,
  customerMessageCount,
  type HistoryEntry,
  type Message,
  type ReadMark,
  readChatMeta,
} from '../../model'
import type { LiveDoc } from '../sync'
import { timelineChanged } from './chat-changes'
import { followDoc } from './follow-doc'

export interface ChatSnapshot {
  /** `null` until the chat's doc has arrived. */
  readonly meta: ChatMeta | null
  readonly messages: readonly Message[]
  readonly state: ChatState
  readonly readMark: ReadMark | undefined
}

export type TimelineItem =
  | { readonly kind: 'message'; readonly at: number; readonly message: Message }
  | { readonly kind: 'event'; readonly at: number; readonly entry: HistoryEntry }

const snapshotOf = (doc: Y.Doc, operatorId: string): ChatSnapshot => {
  const parts = chatParts(doc)
  return {
    meta: readChatMeta(doc),
    messages: parts.messages.toArray(),
    state: chatState(doc),
    readMark: parts.reads.get(operatorId),
  }
}

/** Read again when a transaction changed the messages, the history, the meta or the read marks, or the doc was replaced. */
export const createChat = (live: LiveDoc, operatorId: string): Accessor<ChatSnapshot> => {
  const [chat, setChat] = createSignal(snapshotOf(live.doc, operatorId), { equals: false })
  followDoc(live, (doc, replaced) => {
    if (replaced) setChat(snapshotOf(doc, operatorId))
    const onTransaction = (transaction: Y.Transaction): void => {
      if (timelineChanged(transaction)) setChat(snapshotOf(doc, operatorId))
    }
    doc.on('afterTransaction', onTransaction)
    return () => doc.off('afterTransaction', onTransaction)
  })
  return chat
}

/** Messages and status changes by time; a message before an event of the same moment (a reply, then its claim). */
export const timeline = (chat: ChatSnapshot): TimelineItem[] => {
  const items: TimelineItem[] = [
    ...chat.messages.map((message) => ({ kind: 'message' as const, at: message.at, message })),
    ...chat.state.assignment.entries.map((entry) => ({ kind: 'event' as const, at: entry.event.at, entry })),
  ]
  // Array.prototype.sort is stable: equal items keep messages first, each in its array order.
  return items.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'message' ? -1 : 1))
}

/** Whether the operator has customer messages here they have not marked read, or marked the chat unread. */
export const needsReadMark = (chat: ChatSnapshot): boolean =>
  chat.meta !== null &&
  (chat.readMark === undefined ||
    chat.readMark.unread ||
    customerMessageCount(chat.messages) > chat.readMark.seen)

/** While the chat is on screen, every customer message that arrives is read. */
export const createReadWhileOpen = (chat: Accessor<ChatSnapshot>, markRead: () => void): void => {
  createEffect(() => {
    if (needsReadMark(chat())) markRead()
  })
}
