/** [FLD1–FLD4] The folders an operator works from, as predicates over the inbox index's chat summaries. */
import { isUnassignedAt } from './chat-state'
import type { ChatSummary } from './schema'

export const Folder = { unassigned: 'unassigned', mine: 'mine', all: 'all' } as const
export type Folder = (typeof Folder)[keyof typeof Folder]

/**
 * [FLD1] Unassigned: not closed, no assignee, and its `unassignedAt` has passed (the 10-second rule).
 * [FLD2] Mine: the operator is the assignee, whatever the status. [FLD3] All: every chat in the operator's index.
 */
export const inFolder = (summary: ChatSummary, folder: Folder, operatorId: string, now: number): boolean => {
  switch (folder) {
    case 'unassigned':
      return (
        summary.status !== 'closed' &&
        summary.assigneeId === null &&
        isUnassignedAt(summary.unassignedAt, now)
      )
    case 'mine':
      return summary.assigneeId === operatorId
    case 'all':
      return true
  }
}

/** [UNR1] [UNR2] Unread messages of a chat for one operator; a chat marked unread by hand shows at least one. */
export const unreadFor = (summary: ChatSummary, operatorId: string): number => {
  const count = summary.unread[operatorId] ?? summary.inbound
  return summary.markedUnread.includes(operatorId) ? Math.max(1, count) : count
}

/**
 * [FLD4] A folder's counter: its chats that wait for a reply (the last meaningful message is the customer's and
 * the chat is not closed: closing without a reply means none is needed).
 */
export const waitingCount = (
  summaries: Iterable<ChatSummary>,
  folder: Folder,
  operatorId: string,
  now: number,
): number => {
  let n = 0
  for (const s of summaries)
    if (s.waiting && s.status !== 'closed' && inFolder(s, folder, operatorId, now)) n++
  return n
}

/** [FLD5] Newest activity first; ties by id so every replica lists the same order. */
export const byLastActivity = (a: ChatSummary, b: ChatSummary): number =>
  b.lastAt - a.lastAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
