/**
 * The operator's notifications doc (`notifications:<operatorId>`, NTF4) as Solid state: the mentions, newest
 * first, which are unread, and marking them read [NTF3]. It syncs like every doc, so mentions made while the
 * operator was away are there when they come back, and the list reads offline from IndexedDB.
 */
import { type Accessor, createMemo } from 'solid-js'
import {
  markNotificationsRead,
  type Notification,
  notificationsParts,
  operatorContext,
  readNotifications,
} from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'

export interface MentionsState {
  /** Newest first. */
  readonly items: Accessor<readonly Notification[]>
  readonly unreadIds: Accessor<ReadonlySet<string>>
  isRead(notificationId: string): boolean
  markRead(notificationIds: readonly string[]): void
  markAllRead(): void
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
  a.size === b.size && [...a].every((id) => b.has(id))

export const createMentions = (live: LiveDoc, operatorId: string): MentionsState => {
  const view = createDocValue(live, (doc) => ({
    items: readNotifications(doc),
    read: new Set(notificationsParts(doc).reads.keys()),
  }))
  const unreadIds = createMemo<ReadonlySet<string>>(
    () => {
      const { items, read } = view()
      return new Set(items.filter((n) => !read.has(n.id)).map((n) => n.id))
    },
    new Set(),
    { equals: sameSet },
  )
  const ctx = () => operatorContext(operatorId, Date.now())
  return {
    items: () => view().items,
    unreadIds,
    isRead: (id) => view().read.has(id),
    markRead: (ids) => void markNotificationsRead(live.doc, ids, ctx()),
    markAllRead: () => void markNotificationsRead(live.doc, 'all', ctx()),
  }
}
