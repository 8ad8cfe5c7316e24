/**
 * The message a reply answers, quoted above the reply in the history: its sender and the start of it. A click
 * scrolls to it (bringing it into the page when it is further up); a message not in this chat is said so.
 */
import { type JSX, Show } from 'solid-js'
import type { Message } from '../../../model'
import { useI18n } from '../../i18n'
import { quoteText } from './quote'

export interface Quote {
  readonly id: string
  readonly message: Message | undefined
  readonly sender: string
}

export const MessageQuote = (props: { quote: Quote; onQuote: (messageId: string) => void }): JSX.Element => {
  const { t } = useI18n()
  return (
    <Show
      when={props.quote.message}
      fallback={<span class="message-quote message-quote-missing">{t('quoteMissing')}</span>}
    >
      {(m) => (
        <button
          type="button"
          class="message-quote"
          title={t('goToMessage')}
          onClick={() => props.onQuote(props.quote.id)}
        >
          <span class="quote-sender">{props.quote.sender}</span>
          <span class="quote-text">{quoteText(m())}</span>
        </button>
      )}
    </Show>
  )
}
