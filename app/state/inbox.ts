/**
 * The inbox: chat summaries from the operator's index doc, the folder, channel and operator picked, the visible
 * list (newest activity first) and each folder's counter of chats waiting for a reply [FLD1–FLD5].
 */
import { type Accessor, createMemo, createSignal, untrack } from 'solid-js'
import { byLastActivity, type ChatSummary, Folder, indexChats, inFolder, waitingCount } from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'

/** Same items in the same order: the list keeps still while the clock ticks and nothing moved. */
const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i])

const sameCounts = (a: Record<Folder, number>, b: Record<Folder, number>): boolean =>
  a.unassigned === b.unassigned && a.mine === b.mine && a.all === b.all

export const FOLDERS: readonly Folder[] = [Folder.unassigned, Folder.mine, Folder.all]

/**
 * [TEN1] The time to compute the folders at, the last one being `prev`: the folders depend on the clock only
 * through each chat's `unassignedAt`, so the time moves on to `now` only when one of those passed in between.
 */
export const folderTime = (summaries: Iterable<ChatSummary>, prev: number, now: number): number => {
  for (const s of summaries) {
    if (s.unassignedAt !== null && s.unassignedAt > prev && s.unassignedAt <= now) return now
  }
  return prev
}

export interface InboxState {
  readonly chats: Accessor<readonly ChatSummary[]>
  readonly folder: Accessor<Folder>
  setFolder(folder: Folder): void
  /** The channel filter; `null`: every channel. */
  readonly channel: Accessor<string | null>
  setChannel(channelId: string | null): void
  /** The operator filter (seed 000: «к чатам конкретного оператора»); `null`: every operator's chats. */
  readonly assignee: Accessor<string | null>
  setAssignee(operatorId: string | null): void
  /** The chats of the folder and channel (assigned to the operator picked, if any), newest activity first. */
  readonly visible: Accessor<readonly ChatSummary[]>
  /** The quick search: while it has text, the list shows the matching chats of every folder. */
  readonly query: Accessor<string>
  setQuery(text: string): void
  readonly counts: Accessor<Readonly<Record<Folder, number>>>
  summary(chatId: string): ChatSummary | undefined
}

/** Quick search: a chat matches when its contact's name or its last message contains the text (lower-cased). */
export const matchesQuery = (s: ChatSummary, needle: string): boolean =>
  s.contactName.toLocaleLowerCase().includes(needle) ||
  (s.lastMessage?.text.toLocaleLowerCase().includes(needle) ?? false)

export const createInbox = (live: LiveDoc, operatorId: string, now: Accessor<number>): InboxState => {
  // The summaries are the index's own objects (never mutated): unchanged rows keep their identity.
  const chats = createDocValue(live, (doc) => [...indexChats(doc).values()])
  const byId = createMemo(() => new Map(chats().map((c) => [c.id, c])))
  const [folder, setFolder] = createSignal<Folder>(Folder.unassigned)
  const [channel, setChannel] = createSignal<string | null>(null)
  const [assignee, setAssignee] = createSignal<string | null>(null)
  const [query, setQuery] = createSignal('')
  // Moves with the clock only when a folder would change, so the list is not filtered and sorted every second.
  const shownAt = createMemo((prev: number) => folderTime(chats(), prev, now()), untrack(now))
  const visible = createMemo(
    () => {
      const at = shownAt()
      const f = folder()
      const ch = channel()
      const op = assignee()
      const needle = query().trim().toLocaleLowerCase()
      // A search looks through every chat of the channel and operator picked, whatever the folder.
      return chats()
        .filter(
          (s) =>
            (ch === null || s.channelId === ch) &&
            (op === null || s.assigneeId === op) &&
            (needle ? matchesQuery(s, needle) : inFolder(s, f, operatorId, at)),
        )
        .sort(byLastActivity)
    },
    [],
    { equals: sameItems },
  )
  const counts = createMemo(
    () => {
      const at = shownAt()
      const all = chats()
      return {
        unassigned: waitingCount(all, Folder.unassigned, operatorId, at),
        mine: waitingCount(all, Folder.mine, operatorId, at),
        all: waitingCount(all, Folder.all, operatorId, at),
      }
    },
    undefined,
    { equals: sameCounts },
  )
  return {
    chats,
    query,
    setQuery,
    folder,
    setFolder,
    channel,
    setChannel,
    assignee,
    setAssignee,
    visible,
    counts,
    summary: (chatId) => byId().get(chatId),
  }
}
