/**
 * Seed 004 in the app: every tab follows the operator's folders and mentions through the pure rules of
 * `state/notifications-alerts.ts` (so whichever tab leads next knows what is new), and the leading tab alone plays
 * the sound and shows the browser notification. The unread count goes to the title and the favicon in every tab.
 */
import { type Accessor, createEffect, createMemo, createSignal, onCleanup, untrack } from 'solid-js'
import type { InboxState } from '../../state/inbox'
import { folderTime } from '../../state/inbox'
import type { MentionsState } from '../../state/notifications'
import {
  type Alert,
  badgeCount,
  INITIAL_ALERTS,
  nextAlerts,
  sameWatched,
  watchedOf,
} from '../../state/notifications-alerts'
import type { AlertSettings } from '../../state/notifications-settings'
import type { LiveDoc } from '../../sync'
import type { BrowserNotifications, ShownNotification } from './browser-notifications'
import type { SoundPlayer } from './sound'
import type { Tabs } from './tabs'

export interface AlertDeps {
  /** The inbox index and the notifications docs: the first look counts once both have synced. */
  readonly docs: readonly LiveDoc[]
  readonly inbox: InboxState
  readonly mentions: MentionsState
  readonly operatorId: string
  readonly now: Accessor<number>
  readonly tabs: Tabs
  readonly settings: AlertSettings
  readonly player: SoundPlayer
  readonly notifier: BrowserNotifications
  /** The browser notification for an alert, if it names something to show. */
  readonly describe: (alert: Alert) => ShownNotification | null
}

/** Whether every doc has synced with the server once (the copy from IndexedDB may be hours old). */
const createAllSynced = (docs: readonly LiveDoc[]): Accessor<boolean> => {
  const [synced, setSynced] = createSignal(docs.every((d) => d.synced))
  for (const doc of docs) {
    onCleanup(doc.onChange(() => setSynced((was) => was || docs.every((d) => d.synced))))
  }
  return synced
}

/** Runs the alerts for the owner's life; returns the unread count (title and favicon). */
export const createAlerts = (deps: AlertDeps): Accessor<number> => {
  const { inbox, mentions, operatorId, now, tabs } = deps
  const synced = createAllSynced(deps.docs)
  // The folders move with the clock only when some chat's 10 seconds ran out (TEN1), as the list does.
  const at = createMemo((prev: number) => folderTime(inbox.chats(), prev, now()), untrack(now))
  const watched = createMemo(
    () => watchedOf(inbox.chats(), operatorId, at(), mentions.unreadIds()),
    undefined,
    {
      equals: sameWatched,
    },
  )

  // The audio context can start only after a user gesture: the operator's first click or key here.
  const unlock = (): void => deps.player.unlock()
  document.addEventListener('pointerdown', unlock, { once: true })
  document.addEventListener('keydown', unlock, { once: true })
  onCleanup(() => {
    document.removeEventListener('pointerdown', unlock)
    document.removeEventListener('keydown', unlock)
  })

  let state = INITIAL_ALERTS
  createEffect(() => {
    const current = watched()
    const hidden = !tabs.anyVisible()
    const time = now()
    // Until both docs have synced, what arrives is the backlog, not news: it only moves the baseline.
    const next = nextAlerts(synced() ? state : INITIAL_ALERTS, current, { hidden, now: time })
    state = next.state
    const alert = next.alert
    if (!alert || !untrack(tabs.isLeader)) return
    untrack(() => {
      if (deps.settings.sounds()) deps.player.play(alert.sound)
      const shown = deps.describe(alert)
      if (shown) deps.notifier.show(shown)
    })
  })
  return () => badgeCount(watched())
}
