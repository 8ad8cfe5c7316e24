/**
 * A message's text as the customer has it now: the edited text with «изменено» (the original one click away)
 * [EDT1, EDT2], or struck through with «удалено у клиента» once deleted for the customer [EDT3].
 */
import { type JSX, Show } from 'solid-js'
import type { Message, MessageEdit } from '../../../model'
import { useI18n } from '../../i18n'

export const MessageText = (props: {
  message: Message
  edit: MessageEdit | undefined
  removed: boolean
  /** The message shows an attachment: no placeholder for an empty text. */
  hasMedia: boolean
}): JSX.Element => {
  const { t } = useI18n()
  const text = () => props.edit?.text ?? props.message.text
  return (
    <>
      <Show when={text() || !props.hasMedia}>
        <Show
          when={props.removed}
          fallback={<span class="message-text">{text() || `[${props.message.kind}]`}</span>}
        >
          <s class="message-text">{text() || `[${props.message.kind}]`}</s>
        </Show>
      </Show>
      <Show when={props.edit && !props.removed}>
        <details class="message-edited">
          <summary title={t('originalText', { text: props.message.text })}>{t('edited')}</summary>
          <span class="message-original">{t('originalText', { text: props.message.text })}</span>
        </details>
      </Show>
      <Show when={props.removed}>
        <span class="message-removed-note">{t('removedForCustomer')}</span>
      </Show>
    </>
  )
}
