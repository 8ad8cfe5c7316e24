/**
 * The inbox: chat summaries from the operator's index doc, the folder and filters picked (filters.ts), the quick
 * search, the visible list (newest activity first) and each folder's counter of chats waiting for a reply
 * [FLD1–FLD5]; the counters ignore the filters and the search.
 */
import { type Accessor, createEffect, createMemo, createSignal, onCleanup, untrack } from 'solid-js'
import { byLastActivity, type ChatSummary, Folder, indexChats, inFolder, waitingCount } from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'
import {
  anyFilter,
  type FilterStore,
  type ListFilters,
  matchesFilters,
  readFilters,
  saveFilters,
  statusApplies,
} from './filters'
import { matchesQuickSearch, prepareQuickSearch, type QuickSearch, quickSearchOf } from './quick-search'

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
  /** The list's filters (filters.ts), kept per operator across reloads. */
  readonly filters: Accessor<ListFilters>
  setFilters(filters: ListFilters): void
  /** Whether the status filter applies now: in Mine and All, and to a search. */
  readonly statusOn: Accessor<boolean>
  /** Whether a chat passes the filters now; one the index lacks (an old closed chat) only when none is set. */
  allows(summary: ChatSummary | undefined): boolean
  /** The channel filter; `null`: every channel. */
  readonly channel: Accessor<string | null>
  setChannel(channelId: string | null): void
  /** The operator filter (seed 000: «к чатам конкретного оператора»); `null`: every operator's chats. */
  readonly assignee: Accessor<string | null>
  setAssignee(operatorId: string | null): void
  /** The chats of the folder that pass the filters (or, while searching, the matching ones), newest activity first. */
  readonly visible: Accessor<readonly ChatSummary[]>
  /** The quick search: while it has text, the list shows the matching chats of every folder. */
  readonly query: Accessor<string>
  setQuery(text: string): void
  /** The search the query makes (`null`: none). */
  readonly quickSearch: Accessor<QuickSearch | null>
  /** Contacts whose notes hold the query, found in the stored contact docs (search.ts): their chats match too. */
  setNoteMatches(contactIds: ReadonlySet<string>): void
  readonly counts: Accessor<Readonly<Record<Folder, number>>>
  summary(chatId: string): ChatSummary | undefined
}

/** Quick search: a chat matches when its contact's name, phone or email, or its last message, has the text. */
export const matchesQuery = (s: ChatSummary, needle: string): boolean => {
  const q = quickSearchOf(needle)
  return q === null || matchesQuickSearch(s, q)
}

const NO_MATCHES: ReadonlySet<string> = new Set()

export const createInbox = (
  live: LiveDoc,
  operatorId: string,
  now: Accessor<number>,
  /** Where the filters are kept (localStorage); none: for this tab only. */
  store: FilterStore | null = null,
): InboxState => {
  // The summaries are the index's own objects (never mutated): unchanged rows keep their identity.
  const chats = createDocValue(live, (doc) => [...indexChats(doc).values()])
  const byId = createMemo(() => new Map(chats().map((c) => [c.id, c])))
  const [folder, setFolder] = createSignal<Folder>(Folder.unassigned)
  const [filters, setFilterSignal] = createSignal<ListFilters>(readFilters(store, operatorId))
  const setFilters = (next: ListFilters): void => {
    setFilterSignal(next)
    saveFilters(store, operatorId, next)
  }
  const [query, setQuery] = createSignal('')
  const [noteMatches, setNoteMatches] = createSignal<ReadonlySet<string>>(NO_MATCHES)
  const quickSearch = createMemo(() => quickSearchOf(query()))
  // The summaries are made ready for a search while the operator is not searching yet.
  createEffect(() => {
    const stop = prepareQuickSearch(chats())
    onCleanup(stop)
  })
  const statusOn = createMemo(() => statusApplies(folder(), quickSearch() !== null))
  const allows = (s: ChatSummary | undefined): boolean =>
    s === undefined ? !anyFilter(filters(), statusOn()) : matchesFilters(s, filters(), statusOn())
  // Moves with the clock only when a folder would change, so the list is not filtered and sorted every second.
  const shownAt = createMemo((prev: number) => folderTime(chats(), prev, now()), untrack(now))
  const visible = createMemo(
    () => {
      const at = shownAt()
      const f = folder()
      const q = quickSearch()
      const notes = noteMatches()
      const on = statusOn()
      const set = filters()
      // A search looks through every chat that passes the filters, whatever the folder.
      return chats()
        .filter(
          (s) =>
            matchesFilters(s, set, on) &&
            (q ? matchesQuickSearch(s, q) || notes.has(s.contactId) : inFolder(s, f, operatorId, at)),
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
    quickSearch,
    setNoteMatches: (ids) => setNoteMatches(ids.size === 0 ? NO_MATCHES : ids),
    folder,
    setFolder,
    filters,
    setFilters,
    statusOn,
    allows,
    channel: () => filters().channel,
    setChannel: (channel) => setFilters({ ...filters(), channel }),
    assignee: () => filters().operator,
    setAssignee: (operator) => setFilters({ ...filters(), operator }),
    visible,
    counts,
    summary: (chatId) => byId().get(chatId),
  }
}
