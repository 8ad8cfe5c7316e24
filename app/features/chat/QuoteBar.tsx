/** Above the composer while replying: «Ответ: Анна» with the start of her message, and «Отменить ответ». */
import { type JSX, Show } from 'solid-js'
import type { Message } from '../../../model'
import { useI18n } from '../../i18n'
import { quoteText } from './quote'

export const QuoteBar = (props: {
  message: Message | undefined
  sender: string
  onCancel: () => void
}): JSX.Element => {
  const { t } = useI18n()
  return (
    <div class="quote-bar">
      <span class="quote-mark" aria-hidden="true">
        ↩
      </span>
      <span class="quote-body">
        <span class="quote-sender">{t('replyingTo', { name: props.sender })}</span>
        <Show when={props.message} fallback={<span class="quote-text">{t('quoteMissing')}</span>}>
          {(m) => <span class="quote-text">{quoteText(m())}</span>}
        </Show>
      </span>
      <button
        type="button"
        class="quote-cancel"
        aria-label={t('cancelReply')}
        title={t('cancelReply')}
        onClick={() => props.onCancel()}
      >
        ×
      </button>
    </div>
  )
}
