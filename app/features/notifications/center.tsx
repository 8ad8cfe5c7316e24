/**
 * Everything that reaches the operator without them looking (issue 6, seeds 003 and 004), for the signed-in
 * screen's life: their mentions (their own `notifications:<id>` doc), the sounds and browser notifications of the
 * leading tab, the unread count in the title and favicon, and the top bar's tools: the bell with «Упоминания» and
 * the «?» of the hotkeys' help.
 */
import { type Accessor, createSignal, type JSX, onCleanup, Show } from 'solid-js'
import { type Notification, notificationsDocName } from '../../../model'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import type { InboxState } from '../../state/inbox'
import { createMentions, type MentionsState } from '../../state/notifications'
import { type Alert, AlertSound } from '../../state/notifications-alerts'
import { createAlertSettings } from '../../state/notifications-settings'
import type { Session } from '../../sync'
import { HotkeysHelp } from '../../ui/HotkeysHelp'
import { createAlerts } from './alerts'
import { createTabBadge } from './badge'
import { createBrowserNotifications, type ShownNotification } from './browser-notifications'
import { MentionsPanel } from './MentionsPanel'
import { revealMessage } from './reveal'
import { makeSoundPlayer } from './sound'
import { createTabs } from './tabs'

export interface NotificationCenterDeps {
  readonly session: Session
  readonly inbox: InboxState
  readonly directory: DirectoryState
  readonly operatorId: string
  readonly now: Accessor<number>
  /** Opens a chat. */
  open(chatId: string): void
}

export interface NotificationCenter {
  readonly mentions: MentionsState
  openHelp(): void
  /** The top bar's part: the bell and its panel, the help button and the help. */
  readonly Tools: () => JSX.Element
}

export const createNotificationCenter = (deps: NotificationCenterDeps): NotificationCenter => {
  const { t } = useI18n()
  const { operatorId, inbox, directory } = deps
  const live = deps.session.openDoc(notificationsDocName(operatorId))
  onCleanup(() => live.close())
  const mentions = createMentions(live, operatorId)
  const settings = createAlertSettings(localStorage, operatorId)
  const notifier = createBrowserNotifications()
  const player = makeSoundPlayer()
  onCleanup(() => player.dispose())
  const [panelOpen, setPanelOpen] = createSignal(false)
  const [helpOpen, setHelpOpen] = createSignal(false)

  const authorName = (id: string): string => directory.operatorName(id) ?? t('ntfSomeone')
  const chatName = (chatId: string): string => inbox.summary(chatId)?.contactName || t('unnamedContact')
  let stopRevealing = (): void => {}
  onCleanup(() => stopRevealing())
  /** Opens the chat at the comment, and marks the mention read. */
  const pick = (n: Notification): void => {
    mentions.markRead([n.id])
    setPanelOpen(false)
    deps.open(n.chatId)
    stopRevealing()
    stopRevealing = revealMessage(n.messageId)
  }
  const describe = (alert: Alert): ShownNotification | null => {
    const mention = mentions.items().find((n) => alert.mentions.includes(n.id))
    if (mention) {
      return {
        title: t('ntfAlertMention', { name: authorName(mention.authorId) }),
        body: `${chatName(mention.chatId)}: ${mention.text}`,
        tag: `mention:${mention.id}`,
        onClick: () => pick(mention),
      }
    }
    const chatId = alert.chats[0]
    const summary = chatId === undefined ? undefined : inbox.summary(chatId)
    if (alert.sound === AlertSound.reminder || !summary) return null
    return {
      title: t(alert.sound === AlertSound.newChat ? 'ntfAlertNewChat' : 'ntfAlertNewMessage', {
        name: summary.contactName || t('unnamedContact'),
      }),
      body: summary.lastMessage?.text ?? '',
      tag: `chat:${summary.id}`,
      onClick: () => deps.open(summary.id),
    }
  }

  const count = createAlerts({
    docs: [deps.session.index, live],
    inbox,
    mentions,
    operatorId,
    now: deps.now,
    tabs: createTabs(operatorId),
    settings,
    player,
    notifier,
    describe,
  })
  createTabBadge(count, () => t('appName'))

  const Tools = (): JSX.Element => {
    let bell: HTMLButtonElement | undefined
    const unread = () => mentions.unreadIds().size
    return (
      <div class="topbar-tools">
        <button
          type="button"
          class="ghost bell"
          ref={bell}
          aria-label={unread() > 0 ? t('ntfMentionsUnread', { n: unread() }) : t('ntfMentions')}
          aria-expanded={panelOpen()}
          aria-haspopup="dialog"
          title={t('ntfMentions')}
          onClick={() => setPanelOpen((open) => !open)}
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-linejoin="round"
            />
          </svg>
          <Show when={unread() > 0}>
            <span class="bell-count" aria-hidden="true">
              {unread()}
            </span>
          </Show>
        </button>
        <Show when={panelOpen()}>
          <MentionsPanel
            mentions={mentions}
            now={deps.now()}
            authorName={authorName}
            chatName={chatName}
            settings={settings}
            notifier={notifier}
            onPick={pick}
            onClose={() => setPanelOpen(false)}
            anchor={bell}
          />
        </Show>
        <button
          type="button"
          class="ghost help-button"
          aria-label={t('hkTitle')}
          title={`${t('hkTitle')} (Ctrl+/)`}
          onClick={() => setHelpOpen(true)}
        >
          ?
        </button>
        <Show when={helpOpen()}>
          <HotkeysHelp onClose={() => setHelpOpen(false)} />
        </Show>
      </div>
    )
  }
  return { mentions, openHelp: () => setHelpOpen(true), Tools }
}
