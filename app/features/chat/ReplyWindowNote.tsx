/**
 * WhatsApp's reply window above the composer [WIN1]: «Окно ответа: 23 ч 12 мин», counting down, or, once it has
 * closed, that free text cannot be sent (only a template). `id` lets the Send button point at the reason.
 */
import { type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import type { ReplyWindow } from '../../state/reply-window'

export const ReplyWindowNote = (props: { window: ReplyWindow; id: string }): JSX.Element => {
  const { t } = useI18n()
  return (
    <Show
      when={props.window.open ? props.window : null}
      fallback={
        <p id={props.id} class="reply-window reply-window-closed">
          {t('replyWindowClosed')}
        </p>
      }
    >
      {(open) => (
        <p id={props.id} class="reply-window">
          {t('replyWindow', { h: open().hours, m: open().minutes })}
        </p>
      )}
    </Show>
  )
}
