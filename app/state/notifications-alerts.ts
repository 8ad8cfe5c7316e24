/**
 * What sounds when (seed 004, «Звуковые уведомления»), as pure functions of what the operator's folders hold,
 * whether the app is out of sight, and the time:
 *
 * - «Новый диалог»: a chat comes into Unassigned or Mine (a new one, a returned one, one handed to me);
 * - «Новое сообщение»: a customer writes in a chat already there, or someone mentions me;
 * - «Напоминание»: a minute after a sound, and every minute after that, while something there is still unread.
 *
 * Only while no tab of the app is visible: an operator looking at the app needs no sound, and coming back to it
 * stops the reminders. The first look (the app starting) is a baseline and plays nothing. Closed chats wait for
 * nothing and are left out.
 */
import { type ChatSummary, Folder, inFolder, unreadFor } from '../../model'

export const AlertSound = { newChat: 'new-chat', newMessage: 'new-message', reminder: 'reminder' } as const
export type AlertSound = (typeof AlertSound)[keyof typeof AlertSound]

/** How long after a sound the reminder comes, and between reminders. */
export const REMINDER_MS = 60_000

export interface WatchedChat {
  /** The chat's customer messages (technical ones never count, TEC1). */
  readonly inbound: number
  /** Unread for this operator [UNR1, UNR2]. */
  readonly unread: number
}

/** What the alerts watch: the chats in Unassigned or Mine, and the unread mentions. */
export interface Watched {
  readonly chats: ReadonlyMap<string, WatchedChat>
  readonly mentions: ReadonlySet<string>
}

export const watchedOf = (
  summaries: Iterable<ChatSummary>,
  operatorId: string,
  now: number,
  unreadMentions: Iterable<string>,
): Watched => {
  const chats = new Map<string, WatchedChat>()
  for (const s of summaries) {
    if (s.status === 'closed') continue
    if (!inFolder(s, Folder.unassigned, operatorId, now) && !inFolder(s, Folder.mine, operatorId, now))
      continue
    chats.set(s.id, { inbound: s.inbound, unread: unreadFor(s, operatorId) })
  }
  return { chats, mentions: new Set(unreadMentions) }
}

/** Same content: a recomputed view that changed nothing is no news. */
export const sameWatched = (a: Watched, b: Watched): boolean => {
  if (a.chats.size !== b.chats.size || a.mentions.size !== b.mentions.size) return false
  for (const [id, chat] of a.chats) {
    const other = b.chats.get(id)
    if (!other || other.inbound !== chat.inbound || other.unread !== chat.unread) return false
  }
  for (const id of a.mentions) if (!b.mentions.has(id)) return false
  return true
}

/** The unread count of the tab title and the favicon: unread chats in Unassigned or Mine, and unread mentions. */
export const badgeCount = (watched: Watched): number => {
  let n = watched.mentions.size
  for (const chat of watched.chats.values()) if (chat.unread > 0) n++
  return n
}

/** «(3) Switchboard». */
export const titleWith = (base: string, count: number): string => (count > 0 ? `(${count}) ${base}` : base)

export interface AlertState {
  /** What was there at the last look; `null` before the first. */
  readonly seen: Watched | null
  /** When the next reminder is due; `null`: none (no sound yet, nothing unread, or the operator came back). */
  readonly remindAt: number | null
}

export const INITIAL_ALERTS: AlertState = { seen: null, remindAt: null }

export interface Alert {
  readonly sound: AlertSound
  /** Chats that came in or got a customer message since the last look, for a browser notification. */
  readonly chats: readonly string[]
  /** Mentions that came since the last look. */
  readonly mentions: readonly string[]
}

export interface Moment {
  /** No tab of the app is visible. */
  readonly hidden: boolean
  readonly now: number
}

const hasUnread = (watched: Watched): boolean =>
  watched.mentions.size > 0 || [...watched.chats.values()].some((c) => c.unread > 0)

/** The next state, and the alert to give now (`null`: none). */
export const nextAlerts = (
  state: AlertState,
  watched: Watched,
  { hidden, now }: Moment,
): { state: AlertState; alert: Alert | null } => {
  const seen = state.seen
  if (seen === null || !hidden) return { state: { seen: watched, remindAt: null }, alert: null }
  const appeared: string[] = []
  const grew: string[] = []
  const mentions: string[] = []
  if (watched !== seen) {
    for (const [id, chat] of watched.chats) {
      const before = seen.chats.get(id)
      if (!before) appeared.push(id)
      else if (chat.inbound > before.inbound) grew.push(id)
    }
    for (const id of watched.mentions) if (!seen.mentions.has(id)) mentions.push(id)
  }
  const unread = hasUnread(watched)
  const sound: AlertSound | null =
    appeared.length > 0
      ? AlertSound.newChat
      : grew.length > 0 || mentions.length > 0
        ? AlertSound.newMessage
        : unread && state.remindAt !== null && now >= state.remindAt
          ? AlertSound.reminder
          : null
  const remindAt = !unread ? null : sound !== null ? now + REMINDER_MS : state.remindAt
  return {
    state: { seen: watched, remindAt },
    alert: sound === null ? null : { sound, chats: [...appeared, ...grew], mentions },
  }
}
