/**
 * «Упоминания»: the comments that mentioned the operator, newest first (who, which chat, when, the text); a click
 * opens the chat at the comment and marks it read; «Отметить все прочитанными». Below, the operator's own alert
 * settings: sounds on or off, and browser notifications (asked for from a button). Escape or a click elsewhere
 * closes it.
 */
import { For, type JSX, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import type { Notification } from '../../../model'
import { formatCardTime, formatFullTime, useI18n } from '../../i18n'
import type { MentionsState } from '../../state/notifications'
import type { AlertSettings } from '../../state/notifications-settings'
import type { BrowserNotifications } from './browser-notifications'

export interface MentionsPanelProps {
  mentions: MentionsState
  now: number
  authorName: (operatorId: string) => string
  chatName: (chatId: string) => string
  settings: AlertSettings
  notifier: BrowserNotifications
  onPick: (notification: Notification) => void
  onClose: () => void
  /** The bell: a click on it is its own (it toggles the panel), not a click elsewhere. */
  anchor: HTMLElement | undefined
}

export const MentionsPanel = (props: MentionsPanelProps): JSX.Element => {
  const { t, locale } = useI18n()
  let panel: HTMLElement | undefined
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault()
      props.onClose()
      props.anchor?.focus()
    }
  }
  const onPointer = (e: PointerEvent): void => {
    const target = e.target as Node | null
    if (target && !panel?.contains(target) && !props.anchor?.contains(target)) props.onClose()
  }
  onMount(() => {
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
  })
  onCleanup(() => {
    document.removeEventListener('keydown', onKey)
    document.removeEventListener('pointerdown', onPointer)
  })
  const unread = () => props.mentions.unreadIds()
  return (
    <section class="mentions-panel" role="dialog" aria-label={t('ntfMentions')} ref={panel}>
      <header class="mentions-head">
        <h2>{t('ntfMentions')}</h2>
        <button
          type="button"
          class="ghost"
          disabled={unread().size === 0}
          onClick={() => props.mentions.markAllRead()}
        >
          {t('ntfMarkAllRead')}
        </button>
      </header>
      <Show when={props.mentions.items().length > 0} fallback={<p class="empty">{t('ntfNoMentions')}</p>}>
        <ul class="mentions-list" aria-label={t('ntfMentions')}>
          <For each={props.mentions.items()}>
            {(n) => (
              <li classList={{ unread: unread().has(n.id) }}>
                <button type="button" class="mention" onClick={() => props.onPick(n)}>
                  <span class="mention-line">
                    <strong>{props.authorName(n.authorId)}</strong>
                    <span class="mention-chat">{props.chatName(n.chatId)}</span>
                    <time title={formatFullTime(n.at, locale())}>
                      {formatCardTime(n.at, props.now, locale())}
                    </time>
                  </span>
                  <span class="mention-text">{n.text}</span>
                  <Show when={unread().has(n.id)}>
                    <span class="visually-hidden">{t('ntfUnread')}</span>
                  </Show>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <footer class="mentions-settings">
        <label class="check">
          <input
            type="checkbox"
            checked={props.settings.sounds()}
            onChange={(e) => props.settings.setSounds(e.currentTarget.checked)}
          />
          {t('ntfSounds')}
        </label>
        <Switch>
          <Match when={props.notifier.permission() === 'default'}>
            <button type="button" onClick={() => void props.notifier.request()}>
              {t('ntfEnableBrowser')}
            </button>
          </Match>
          <Match when={props.notifier.permission() === 'granted'}>
            <p class="note">{t('ntfBrowserOn')}</p>
          </Match>
          <Match when={props.notifier.permission() === 'denied'}>
            <p class="note">{t('ntfBrowserBlocked')}</p>
          </Match>
        </Switch>
      </footer>
    </section>
  )
}
