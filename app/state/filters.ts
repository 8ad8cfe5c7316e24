/**
 * The chat list's filters (seeds 000 and 001): contact tags, status (in Mine and All), channel, operator, and
 * answered / waiting for a reply. Kinds combine with AND; several values of one kind (two tags, two statuses) with
 * OR. Pure functions over index summaries; the inbox applies them (inbox.ts), the list shows them as chips.
 * Kept per operator in localStorage, so a reload keeps them.
 */
import { type ChatSummary, Folder, Status } from '../../model'

/** «Ответили» / «Ждут ответа» (seed 001). */
export const ReplyFilter = { answered: 'answered', waiting: 'waiting' } as const
export type ReplyFilter = (typeof ReplyFilter)[keyof typeof ReplyFilter]

export interface ListFilters {
  /** The contact carries at least one of these tags; none: any. */
  readonly tags: readonly string[]
  /** One of these statuses; none: any. Applies in Mine and All (see `statusApplies`). */
  readonly statuses: readonly Status[]
  /** The chat's channel; `null`: every channel. */
  readonly channel: string | null
  /** The chat's assignee (seed 000's operator dropdown); `null`: anyone's chats. */
  readonly operator: string | null
  readonly reply: ReplyFilter | null
}

export const NO_FILTERS: ListFilters = { tags: [], statuses: [], channel: null, operator: null, reply: null }

export const STATUSES: readonly Status[] = [Status.open, Status.inWork, Status.closed]

/**
 * Status filters apply in Mine and All (seed 000: «отобрать чаты по статусу в папках „Мои“ и „Все“»), and to a
 * search, which looks across folders; Unassigned holds open chats only.
 */
export const statusApplies = (folder: Folder, searching: boolean): boolean =>
  searching || folder !== Folder.unassigned

/**
 * «Ждут ответа»: the last message that counts (not technical, not internal) is the customer's (FLD4).
 * «Ответили»: it is ours, i.e. not waiting and the chat has messages.
 */
export const replyStateOf = (s: ChatSummary): ReplyFilter | null =>
  s.waiting ? ReplyFilter.waiting : s.lastMessage !== null ? ReplyFilter.answered : null

export const matchesFilters = (s: ChatSummary, f: ListFilters, statusOn: boolean): boolean =>
  (f.channel === null || s.channelId === f.channel) &&
  (f.operator === null || s.assigneeId === f.operator) &&
  (f.tags.length === 0 || f.tags.some((tag) => s.contactTags.includes(tag))) &&
  (!statusOn || f.statuses.length === 0 || f.statuses.includes(s.status)) &&
  (f.reply === null || replyStateOf(s) === f.reply)

/** One active filter, as a removable chip. */
export type FilterChip =
  | { readonly kind: 'tag'; readonly value: string }
  | { readonly kind: 'status'; readonly value: Status }
  | { readonly kind: 'channel'; readonly value: string }
  | { readonly kind: 'operator'; readonly value: string }
  | { readonly kind: 'reply'; readonly value: ReplyFilter }

/** The chips of the filters in effect; a status filter outside Mine and All shows none (it does nothing there). */
export const filterChips = (f: ListFilters, statusOn: boolean): FilterChip[] => [
  ...(f.channel === null ? [] : [{ kind: 'channel', value: f.channel } as const]),
  ...(f.operator === null ? [] : [{ kind: 'operator', value: f.operator } as const]),
  ...(statusOn ? f.statuses.map((value) => ({ kind: 'status', value }) as const) : []),
  ...(f.reply === null ? [] : [{ kind: 'reply', value: f.reply } as const]),
  ...f.tags.map((value) => ({ kind: 'tag', value }) as const),
]

export const withoutChip = (f: ListFilters, chip: FilterChip): ListFilters => {
  switch (chip.kind) {
    case 'tag':
      return { ...f, tags: f.tags.filter((t) => t !== chip.value) }
    case 'status':
      return { ...f, statuses: f.statuses.filter((s) => s !== chip.value) }
    case 'channel':
      return { ...f, channel: null }
    case 'operator':
      return { ...f, operator: null }
    case 'reply':
      return { ...f, reply: null }
  }
}

/** Adds or removes one value of a many-valued kind. */
export const toggled = <T>(list: readonly T[], value: T, on: boolean): T[] =>
  on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value)

/** Whether any filter is set (a status filter counts only where it applies). */
export const anyFilter = (f: ListFilters, statusOn: boolean): boolean => filterChips(f, statusOn).length > 0

/** The tags to offer: every tag a chat in the list carries, and any already picked, by name. */
export const tagOptions = (chats: readonly ChatSummary[], picked: readonly string[]): string[] => {
  const tags = new Set(picked)
  for (const s of chats) for (const tag of s.contactTags) tags.add(tag)
  return [...tags].sort((a, b) => a.localeCompare(b))
}

// ---------------------------------------------------------------------------------------------------------------
// Kept across reloads, per operator (two people sharing a browser keep their own).

export const filtersKey = (operatorId: string): string => `switchboard.filters/${operatorId}`

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : []

/** The saved filters; anything unreadable or unknown is left out (a stored value is never trusted blindly). */
export const parseFilters = (text: string | null): ListFilters => {
  let saved: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(text ?? '{}')
    if (parsed && typeof parsed === 'object') saved = parsed as Record<string, unknown>
  } catch {
    // Not JSON: no filters.
  }
  const one = (value: unknown): string | null =>
    typeof value === 'string' && value.length > 0 ? value : null
  const reply = one(saved.reply)
  return {
    tags: [...new Set(strings(saved.tags))],
    statuses: STATUSES.filter((s) => strings(saved.statuses).includes(s)),
    channel: one(saved.channel),
    operator: one(saved.operator),
    reply: reply === ReplyFilter.answered || reply === ReplyFilter.waiting ? reply : null,
  }
}

export type FilterStore = Pick<Storage, 'getItem' | 'setItem'>

export const readFilters = (store: FilterStore | null, operatorId: string): ListFilters =>
  parseFilters(store?.getItem(filtersKey(operatorId)) ?? null)

export const saveFilters = (store: FilterStore | null, operatorId: string, f: ListFilters): void => {
  try {
    store?.setItem(filtersKey(operatorId), JSON.stringify(f))
  } catch {
    // A full or disabled storage: the filters still hold in this tab, just not across a reload.
  }
}
