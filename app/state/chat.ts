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
  type CustomerScore,
  chatParts,
  chatState,
  customerMessageCount,
  customerScores,
  type HistoryEntry,
  type Message,
  type RatingItem,
  type ReadMark,
  ratingItems,
  ratingLine,
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
  /** The satisfaction items (model/ratings.ts), valid ones only. */
  readonly ratings: readonly RatingItem[]
}

export type TimelineItem =
  | { readonly kind: 'message'; readonly at: number; readonly message: Message }
  | { readonly kind: 'event'; readonly at: number; readonly entry: HistoryEntry }
  /** The customer's score, with their comment [RAT2, RAT4]. */
  | { readonly kind: 'rating'; readonly at: number; readonly rating: CustomerScore }

const snapshotOf = (doc: Y.Doc, operatorId: string): ChatSnapshot => {
  const parts = chatParts(doc)
  return {
    meta: readChatMeta(doc),
    messages: parts.messages.toArray(),
    state: chatState(doc),
    readMark: parts.reads.get(operatorId),
    ratings: ratingItems(parts.ratings.toArray()),
  }
}

/**
 * Read again when a transaction changed the messages, the history, the meta, the read marks or the ratings, or the
 * doc was replaced.
 */
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

/** Order among items of the same moment: a message, then the event it caused (a reply, then its claim). */
const KIND_ORDER = { message: 0, event: 1, rating: 2 } as const

/** Messages, status changes and the customer's scores by time. */
export const timeline = (chat: ChatSnapshot): TimelineItem[] => {
  const ratings = chat.ratings.length === 0 ? [] : customerScores(chat.ratings)
  // [RAT7] A press of a score button is kept as a technical line «⭐ n»; the score's own line (with its comment)
  // says the same, so the press is not shown twice.
  const pressed = new Set(ratings.map((rating) => ratingLine(rating.score)))
  const shown =
    pressed.size === 0
      ? chat.messages
      : chat.messages.filter((m) => !(m.kind === 'technical' && m.direction === 'in' && pressed.has(m.text)))
  const items: TimelineItem[] = [
    ...shown.map((message) => ({ kind: 'message' as const, at: message.at, message })),
    ...chat.state.assignment.entries.map((entry) => ({ kind: 'event' as const, at: entry.event.at, entry })),
    ...ratings.map((rating) => ({ kind: 'rating' as const, at: rating.at, rating })),
  ]
  // Array.prototype.sort is stable: equal items keep their kind's order, each in its array order.
  return items.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
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
