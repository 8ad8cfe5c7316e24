/**
 * The chat on screen: its messages, its derived state (status, assignee, the history of changes) and the
 * operator's read mark, from the chat doc; the history as one time line of messages and status changes; and the
 * chat kept read while it is open [UNR1].
 */
import { type Accessor, createEffect } from 'solid-js'
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
import { createDocValue } from './doc-value'

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

const snapshotOf = (live: LiveDoc, operatorId: string): ChatSnapshot => {
  const parts = chatParts(live.doc)
  return {
    meta: readChatMeta(live.doc),
    messages: parts.messages.toArray(),
    state: chatState(live.doc),
    readMark: parts.reads.get(operatorId),
  }
}

export const createChat = (live: LiveDoc, operatorId: string): Accessor<ChatSnapshot> =>
  createDocValue(live, () => snapshotOf(live, operatorId))

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
