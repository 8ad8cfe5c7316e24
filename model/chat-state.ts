/**
 * A chat's status and assignee are not stored: they are folded from the append-only history, so every replica
 * that holds the same history computes the same state, whatever order concurrent (offline) events merged in.
 * Rule IDs refer to model/SPEC.md.
 */
import type * as Y from 'yjs'
import {
  type ChatSummary,
  type CloseReason,
  chatParts,
  type HistoryEvent,
  type Message,
  type ReadMark,
  readChatMeta,
  type Status,
} from './schema'

/** [TEN1] A customer's message waits this long for a reaction before the chat enters Unassigned. */
export const REACTION_WINDOW_MS = 10_000

/** What one history event did when folded: the history view shows these. */
export interface HistoryEntry {
  readonly event: HistoryEvent
  readonly from: { readonly status: Status; readonly assigneeId: string | null }
  readonly to: { readonly status: Status; readonly assigneeId: string | null }
  /**
   * `applied`: it changed the state. `unchanged`: it asked for what already held. `lost`: a concurrent event
   * changed the assignee first, so this one had no effect [ASG4]. `skipped`: an auto-claim in a chat that already
   * had an assignee [ASG2].
   */
  readonly outcome: 'applied' | 'unchanged' | 'lost' | 'skipped'
}

export interface AssignmentState {
  readonly status: Status
  readonly assigneeId: string | null
  readonly closedBy: string | null
  readonly closeReason: CloseReason | null
  /** Returned to Unassigned by hand and not taken or closed since [ASG5]. */
  readonly returnedAt: number | null
  /** Reopened by the customer writing into the closed chat, and not taken or closed since [REO1]. */
  readonly reopenedAt: number | null
  /** Time of the last take, assignment or close: a reaction under the 10-second rule [TEN2]. */
  readonly lastReactionAt: number | null
  readonly entries: readonly HistoryEntry[]
}

export const INITIAL_ASSIGNMENT: AssignmentState = {
  status: 'open',
  assigneeId: null,
  closedBy: null,
  closeReason: null,
  returnedAt: null,
  reopenedAt: null,
  lastReactionAt: null,
  entries: [],
}

const actorOperatorId = (event: HistoryEvent): string | null =>
  event.actor.kind === 'operator' ? event.actor.id : null

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** One event's effect: the next state (its `entries` not yet extended) and what the event did. */
const step = (
  state: AssignmentState,
  event: HistoryEvent,
): { next: Mutable<AssignmentState>; entry: HistoryEntry } => {
  const from = { status: state.status, assigneeId: state.assigneeId }
  const next: Mutable<AssignmentState> = { ...state }
  let outcome: HistoryEntry['outcome'] = 'applied'
  switch (event.type) {
    case 'assign':
      if (event.auto && state.assigneeId !== null) {
        outcome = 'skipped'
      } else if (!event.auto && event.expectFrom !== state.assigneeId) {
        outcome = 'lost'
      } else if (state.assigneeId === event.to && state.status === 'in_work') {
        outcome = 'unchanged'
      } else {
        next.status = 'in_work'
        next.assigneeId = event.to
        next.closedBy = null
        next.closeReason = null
        next.returnedAt = null
        next.reopenedAt = null
      }
      if (outcome !== 'lost' && outcome !== 'skipped') next.lastReactionAt = event.at
      break
    case 'return':
      if (state.status === 'open' && state.assigneeId === null && state.returnedAt !== null) {
        outcome = 'unchanged'
      } else {
        next.status = 'open'
        next.assigneeId = null
        next.closedBy = null
        next.closeReason = null
        next.returnedAt = event.at
        next.reopenedAt = null
      }
      break
    case 'close':
      if (state.status === 'closed') {
        outcome = 'unchanged'
      } else {
        next.status = 'closed'
        next.closedBy = actorOperatorId(event)
        next.closeReason = event.reason ?? null
        next.returnedAt = null
        next.reopenedAt = null
        next.lastReactionAt = event.at
      }
      break
    case 'reopen':
      if (state.status !== 'closed') {
        outcome = 'unchanged'
      } else {
        next.status = 'open'
        next.assigneeId = null
        next.closedBy = null
        next.closeReason = null
        next.reopenedAt = event.at
      }
      break
  }
  const entry: HistoryEntry = {
    event,
    from,
    to: { status: next.status, assigneeId: next.assigneeId },
    outcome,
  }
  return { next, entry }
}

/** Applies one event to the state. Pure; `foldHistory` is this over the whole array. */
export const applyEvent = (state: AssignmentState, event: HistoryEvent): AssignmentState => {
  const { next, entry } = step(state, event)
  next.entries = [...state.entries, entry]
  return next
}

/** The state after every event, in one pass: the entries grow in place rather than being copied per event. */
export const foldHistory = (events: readonly HistoryEvent[]): AssignmentState => {
  const entries: HistoryEntry[] = []
  let state: AssignmentState = INITIAL_ASSIGNMENT
  for (const event of events) {
    const { next, entry } = step(state, event)
    entries.push(entry)
    state = next
  }
  return { ...state, entries }
}

/** Needs a reply, unread, waiting: a technical inbound message counts for none of these [TEC1]. */
export const isCustomerMessage = (m: Message): boolean => m.direction === 'in' && m.kind !== 'technical'

/** An outgoing message of any author is a reaction [TEN2]; internal comments are not. */
export const isReaction = (m: Message): boolean => m.direction === 'out'

export interface ReplyState {
  /** The last message in or out (internal comments excluded), technical ones included. */
  readonly lastMessage: Message | null
  /** The last non-technical message in or out is the customer's [FLD4]. */
  readonly waiting: boolean
  /**
   * [TEAM1] While waiting: the time of the first customer message after the last non-technical outgoing one (the
   * earliest `at` among them), i.e. since when the customer waits for a reply. `null` when not waiting.
   */
  readonly waitingSince: number | null
  /** Earliest customer message with no reaction after it, or `null`. */
  readonly pendingSince: number | null
  readonly lastOutAt: number | null
  /** Non-technical inbound messages. */
  readonly inbound: number
}

/** Later `at` wins; for equal times the later array position does. */
const isLater = (a: Message, b: Message | null): boolean => b === null || a.at >= b.at

/**
 * What `replyState` needs from the messages, gathered in array order so that it can resume after appends: the
 * customer messages' times are kept sorted, so the earliest one after any reaction time is a binary search.
 */
interface ReplyFold {
  /** How many messages of the list are folded in. */
  done: number
  lastMessage: Message | null
  lastMeaningful: Message | null
  lastOutAt: number | null
  /** The last non-technical outgoing message's time (FLD4's order: later `at`, then later position) [TEAM1]. */
  lastAnswerAt: number | null
  /** A customer message at `lastAnswerAt` sits after the last answer in the array, so it waits since then. */
  tieAfterAnswer: boolean
  inbound: number
  readonly customerTimes: number[]
}

const newFold = (): ReplyFold => ({
  done: 0,
  lastMessage: null,
  lastMeaningful: null,
  lastOutAt: null,
  lastAnswerAt: null,
  tieAfterAnswer: false,
  inbound: 0,
  customerTimes: [],
})

/** Index of the first time in `sorted` greater than `t`. */
const firstAfter = (sorted: readonly number[], t: number): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! > t) hi = mid
    else lo = mid + 1
  }
  return lo
}

const foldIn = (fold: ReplyFold, messages: readonly Message[]): void => {
  for (; fold.done < messages.length; fold.done++) {
    const m = messages[fold.done]!
    if (m.direction === 'internal') continue
    if (isLater(m, fold.lastMessage)) fold.lastMessage = m
    if (m.kind !== 'technical' && isLater(m, fold.lastMeaningful)) fold.lastMeaningful = m
    if (isReaction(m) && (fold.lastOutAt === null || m.at > fold.lastOutAt)) fold.lastOutAt = m.at
    if (
      isReaction(m) &&
      m.kind !== 'technical' &&
      (fold.lastAnswerAt === null || m.at >= fold.lastAnswerAt)
    ) {
      // Appended later, so any customer message at the same time folded so far sits before it.
      fold.lastAnswerAt = m.at
      fold.tieAfterAnswer = false
    }
    if (isCustomerMessage(m)) {
      if (m.at === fold.lastAnswerAt) fold.tieAfterAnswer = true
      fold.inbound++
      // Customers' messages mostly arrive in time order: then this is a push.
      fold.customerTimes.splice(firstAfter(fold.customerTimes, m.at), 0, m.at)
    }
  }
}

/** [TEAM1] The earliest customer message after the last answer (one exists while the chat waits). */
const waitingSinceOf = (fold: ReplyFold): number | null => {
  const answeredAt = fold.lastAnswerAt
  if (answeredAt === null) return fold.customerTimes[0] ?? null
  if (fold.tieAfterAnswer) return answeredAt
  return fold.customerTimes[firstAfter(fold.customerTimes, answeredAt)] ?? null
}

const replyOf = (fold: ReplyFold, lastReactionAt: number | null): ReplyState => {
  const reactedAt = Math.max(fold.lastOutAt ?? -1, lastReactionAt ?? -1)
  const next = firstAfter(fold.customerTimes, reactedAt)
  const waiting = fold.lastMeaningful !== null && fold.lastMeaningful.direction === 'in'
  return {
    lastMessage: fold.lastMessage,
    waiting,
    waitingSince: waiting ? waitingSinceOf(fold) : null,
    pendingSince: next < fold.customerTimes.length ? fold.customerTimes[next]! : null,
    lastOutAt: fold.lastOutAt,
    inbound: fold.inbound,
  }
}

export const replyState = (messages: readonly Message[], lastReactionAt: number | null): ReplyState => {
  const fold = newFold()
  foldIn(fold, messages)
  return replyOf(fold, lastReactionAt)
}

/**
 * [SUM1] `replyState` over a chat's message list that only grows while it is the same array (MessageList.view):
 * each call folds in just the messages appended since the last one, so a change to a long chat costs what changed,
 * not the chat's length. A new array (any change other than an append) is folded from the start.
 */
const replyFolds = new WeakMap<readonly Message[], ReplyFold>()
const replyStateOfList = (messages: readonly Message[], lastReactionAt: number | null): ReplyState => {
  let fold = replyFolds.get(messages)
  if (!fold || fold.done > messages.length) {
    fold = newFold()
    replyFolds.set(messages, fold)
  }
  foldIn(fold, messages)
  return replyOf(fold, lastReactionAt)
}

/**
 * [TEN1] When the chat enters Unassigned, as a pure function of its state: never while it has an assignee or is
 * closed; at once when returned by hand [ASG5]; otherwise 10 seconds after the earliest customer message that got
 * no reaction, or after the customer reopened the closed chat and nobody has answered since [REO1]. `null`: not
 * unless something changes.
 */
export const unassignedAt = (assignment: AssignmentState, reply: ReplyState): number | null => {
  if (assignment.status !== 'open' || assignment.assigneeId !== null) return null
  const candidates: number[] = []
  if (reply.pendingSince !== null) candidates.push(reply.pendingSince + REACTION_WINDOW_MS)
  if (assignment.returnedAt !== null) candidates.push(assignment.returnedAt)
  const { reopenedAt } = assignment
  if (reopenedAt !== null && (reply.lastOutAt === null || reply.lastOutAt < reopenedAt)) {
    candidates.push(reopenedAt + REACTION_WINDOW_MS)
  }
  return candidates.length === 0 ? null : Math.min(...candidates)
}

export const isUnassignedAt = (at: number | null, now: number): boolean => at !== null && now >= at

/** [UNR1] Customer messages the operator has not seen: all of them until their first read mark. */
export const unreadCount = (inbound: number, mark: ReadMark | undefined): number =>
  Math.max(0, inbound - (mark?.seen ?? 0))

/** Customer messages in a chat: what a read mark counts. */
export const customerMessageCount = (messages: readonly Message[]): number => {
  let n = 0
  for (const m of messages) if (isCustomerMessage(m)) n++
  return n
}

/** Everything about a chat that is derived rather than stored. */
export interface ChatState {
  readonly assignment: AssignmentState
  readonly reply: ReplyState
  readonly unassignedAt: number | null
}

/**
 * [SUM1] The folded history of a chat, kept until the history changes: most changes to a chat are messages, and
 * the history is folded once for them all. Append-only, so a change always changes the length; an observer drops
 * the fold on any change too. Inside a transaction (a command reading the state it is about to change) the fold
 * is done afresh.
 */
const assignments = new WeakMap<Y.Array<HistoryEvent>, { length: number; state: AssignmentState }>()
const observedHistories = new WeakSet<Y.Array<HistoryEvent>>()

export const assignmentOf = (doc: Y.Doc): AssignmentState => {
  const history = chatParts(doc).history
  if (doc._transaction !== null) return foldHistory(history.toArray())
  const cached = assignments.get(history)
  if (cached && cached.length === history.length) return cached.state
  const state = foldHistory(history.toArray())
  assignments.set(history, { length: history.length, state })
  if (!observedHistories.has(history)) {
    observedHistories.add(history)
    history.observe(() => assignments.delete(history))
  }
  return state
}

export const chatState = (doc: Y.Doc): ChatState => {
  const assignment = assignmentOf(doc)
  const reply = replyStateOfList(chatParts(doc).messages.view(), assignment.lastReactionAt)
  return { assignment, reply, unassignedAt: unassignedAt(assignment, reply) }
}

/** The chat's row in the inbox index, without the contact's part (the server joins it from the contact doc). */
export const chatSummaryOf = (
  doc: Y.Doc,
  chat: { id: string; channelId: string; contactId: string },
  contact: { name: string; tags: readonly string[]; phone?: string | undefined; email?: string | undefined },
  now: number,
  createdAt?: number,
): ChatSummary => {
  const parts = chatParts(doc)
  const { assignment, reply, unassignedAt: at } = chatState(doc)
  const unread: Record<string, number> = {}
  const markedUnread: string[] = []
  for (const [operatorId, mark] of parts.reads.entries()) {
    unread[operatorId] = unreadCount(reply.inbound, mark)
    if (mark.unread) markedUnread.push(operatorId)
  }
  const last = reply.lastMessage
  return {
    id: chat.id,
    channelId: chat.channelId,
    contactId: chat.contactId,
    contactName: contact.name,
    contactTags: [...contact.tags],
    // [SRC1] Only when there is one: most of 10,000 summaries loaded at every cold start need no empty fields.
    ...(contact.phone && { contactPhone: contact.phone }),
    ...(contact.email && { contactEmail: contact.email }),
    status: assignment.status,
    assigneeId: assignment.assigneeId,
    closedBy: assignment.closedBy,
    lastMessage: last
      ? { text: last.text.slice(0, 200), at: last.at, direction: last.direction, kind: last.kind }
      : null,
    lastAt: last?.at ?? createdAt ?? readChatMeta(doc)?.createdAt ?? 0,
    waiting: reply.waiting,
    waitingSince: reply.waitingSince,
    unassignedAt: at,
    unassigned: isUnassignedAt(at, now),
    inbound: reply.inbound,
    unread,
    markedUnread: markedUnread.sort(),
  }
}

/**
 * [ACT1] What an operator can usefully do with a chat now: take it unless it is already theirs in work; transfer
 * or close it unless it is closed; return it unless it already waits in Unassigned. (Anything else would fold to
 * `unchanged`; a closed chat reopens by a take or a customer's message.)
 */
export const availableActions = (
  assignment: Pick<AssignmentState, 'status' | 'assigneeId'>,
  operatorId: string,
): { take: boolean; transfer: boolean; returnToUnassigned: boolean; close: boolean } => {
  const open = assignment.status !== 'closed'
  return {
    take: !(assignment.status === 'in_work' && assignment.assigneeId === operatorId),
    transfer: open,
    returnToUnassigned: !(assignment.status === 'open' && assignment.assigneeId === null),
    close: open,
  }
}
