/**
 * [NTF1–NTF5] An operator's notifications (seed 003: «Если менеджера отметили…»): one doc per operator,
 * `notifications:<operatorId>`, that only they may open. The server appends a notification when a comment mentions
 * them; they may only mark notifications read. A Yjs doc rather than REST: it reaches the app over the socket it
 * already has, live, and stays readable offline from IndexedDB like every other doc.
 *
 * - `items`: Y.Array of notifications (plain JSON), server-written, newest last.
 * - `reads`: Y.Map notification id → `{ at }`, written by the operator.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { DomainError, ErrorCode } from './errors'
import { newId } from './ids'
import type { CommandContext } from './origins'
import type { Message } from './schema'

export const NotificationsKey = { items: 'items', reads: 'reads' } as const

/** [NTF5] How many notifications a doc keeps: the oldest go first. */
export const NOTIFICATIONS_KEPT = 200
/** How much of a comment a notification quotes. */
export const NOTIFICATION_TEXT_MAX = 500

const id = z.string().min(1).max(64)
const time = z.number().int().nonnegative()

export const NotificationSchema = z.object({
  id,
  kind: z.literal('mention'),
  chatId: id,
  /** The comment that mentioned the operator. */
  messageId: id,
  /** Who wrote it. */
  authorId: id,
  /** Its text, cut to NOTIFICATION_TEXT_MAX. */
  text: z.string().max(NOTIFICATION_TEXT_MAX),
  /** When the comment was written (offline comments arrive later). */
  at: time,
  /** When the server recorded the notification: the list's order. */
  notifiedAt: time,
})
export type Notification = z.infer<typeof NotificationSchema>

export const NotificationReadSchema = z.object({ at: time })
export type NotificationRead = z.infer<typeof NotificationReadSchema>

export interface NotificationsParts {
  readonly items: Y.Array<Notification>
  readonly reads: Y.Map<NotificationRead>
}

export const notificationsParts = (doc: Y.Doc): NotificationsParts => ({
  items: doc.getArray<Notification>(NotificationsKey.items),
  reads: doc.getMap<NotificationRead>(NotificationsKey.reads),
})

/** The doc's notifications, newest first (by when they were recorded), malformed items left out. */
export const readNotifications = (doc: Y.Doc): Notification[] =>
  notificationsParts(doc)
    .items.toArray()
    .filter((n) => NotificationSchema.safeParse(n).success)
    .sort((a, b) => b.notifiedAt - a.notifiedAt || (a.id < b.id ? -1 : 1))

export const isNotificationRead = (doc: Y.Doc, notificationId: string): boolean =>
  notificationsParts(doc).reads.has(notificationId)

/**
 * [NTF1] Whom a message notifies: an internal comment's mentioned operators, each once, without its author (one
 * does not notify oneself). Any other message notifies nobody.
 */
export const mentionTargets = (message: Message): string[] => {
  if (message.direction !== 'internal' || message.author.kind !== 'operator') return []
  const author = message.author.id
  return [...new Set(message.mentions ?? [])].filter((target) => target !== author)
}

export interface MentionInput {
  readonly chatId: string
  readonly message: Message
}

/**
 * [NTF2] Records that a comment mentioned the doc's operator: once per comment (the same chat and message again
 * writes nothing and returns `null`). [NTF5] Past NOTIFICATIONS_KEPT, the oldest notifications and their read marks
 * go. The server alone writes notifications.
 */
export const recordMention = (doc: Y.Doc, input: MentionInput, ctx: CommandContext): Notification | null => {
  if (ctx.actor.kind !== 'server')
    throw new DomainError(ErrorCode.forbidden, 'notifications are the server’s')
  const { items, reads } = notificationsParts(doc)
  const { chatId, message } = input
  if (message.author.kind !== 'operator') return null
  if (items.toArray().some((n) => n.chatId === chatId && n.messageId === message.id)) return null
  const notification: Notification = {
    id: newId(),
    kind: 'mention',
    chatId,
    messageId: message.id,
    authorId: message.author.id,
    text: message.text.slice(0, NOTIFICATION_TEXT_MAX),
    at: message.at,
    notifiedAt: ctx.now,
  }
  doc.transact(() => {
    items.push([notification])
    const over = items.length - NOTIFICATIONS_KEPT
    if (over > 0) {
      for (const old of items.slice(0, over)) reads.delete(old.id)
      items.delete(0, over)
    }
  }, ctx.origin)
  return notification
}

/**
 * [NTF3] The operator marks notifications read: the given ones, or every one (`'all'`). Only unread ones are
 * written, so marking twice writes nothing. Operators only.
 */
export const markNotificationsRead = (
  doc: Y.Doc,
  which: readonly string[] | 'all',
  ctx: CommandContext,
): number => {
  if (ctx.actor.kind !== 'operator')
    throw new DomainError(ErrorCode.notOperator, 'only an operator can do this')
  const { items, reads } = notificationsParts(doc)
  const known = new Set(items.toArray().map((n) => n.id))
  const ids = (which === 'all' ? [...known] : which).filter((n) => known.has(n) && !reads.has(n))
  if (ids.length === 0) return 0
  doc.transact(() => {
    for (const n of ids) reads.set(n, { at: ctx.now })
  }, ctx.origin)
  return ids.length
}
