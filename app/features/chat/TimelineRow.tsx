/**
 * One line of the history: a message (MessageRow), a technical message, a status change or the customer's score
 * as a system line.
 */
import { type JSX, Match, Show, Switch } from 'solid-js'
import type { Message } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import type { TimelineItem } from '../../state/chat'
import type { MessengerState } from '../../state/messenger'
import { eventText } from './event-text'
import { MessageRow } from './MessageRow'
import { Stars } from './Stars'

export interface TimelineRowProps {
  item: TimelineItem
  contactName: string
  operatorName: (id: string) => string
  messenger: MessengerState
  onMediaLoad: () => void
  /** A message of this chat by id, for the quote of a reply (undefined: not in the chat). */
  quoted: (messageId: string) => Message | undefined
  /** A click on a quote: scroll to the quoted message. */
  onQuote: (messageId: string) => void
  onReply?: ((messageId: string) => void) | undefined
}

const messageOf = (item: TimelineItem, technical: boolean): Message | null =>
  item.kind === 'message' && (item.message.kind === 'technical') === technical ? item.message : null

export const TimelineRow = (props: TimelineRowProps): JSX.Element => {
  const { t, locale } = useI18n()
  const sender = (m: Message): string => {
    switch (m.author.kind) {
      case 'customer':
        return props.contactName || t('customer')
      case 'operator':
        return props.operatorName(m.author.id)
      case 'bot':
        return m.author.name
    }
  }
  const quoteOf = (m: Message) => {
    if (m.replyTo === undefined) return null
    const quoted = props.quoted(m.replyTo)
    return { id: m.replyTo, message: quoted, sender: quoted ? sender(quoted) : '' }
  }
  const eventLine = (): string | null =>
    props.item.kind === 'event' ? eventText(props.item.entry, props.operatorName, t) : null
  const rating = () => (props.item.kind === 'rating' ? props.item.rating : null)
  return (
    <Switch>
      <Match when={messageOf(props.item, false)}>
        {(m) => (
          <MessageRow
            message={m()}
            sender={sender(m())}
            messenger={props.messenger}
            onMediaLoad={props.onMediaLoad}
            quote={quoteOf(m())}
            onQuote={props.onQuote}
            onReply={props.onReply}
            mentioned={(m().mentions ?? []).map(props.operatorName)}
          />
        )}
      </Match>
      <Match when={messageOf(props.item, true)}>
        {(m) => <li class="system-line">{m().text || `[${m().kind}]`}</li>}
      </Match>
      <Match when={rating()}>
        {(r) => (
          <li class="system-line rating-line">
            {t('csatCustomerRated')} <Stars score={r().score} />
            <Show when={r().comment}>
              {(comment) => (
                <>
                  {' · '}
                  <q class="rating-comment">{comment()}</q>
                </>
              )}
            </Show>
            {' · '}
            <time>{formatFullTime(r().at, locale())}</time>
          </li>
        )}
      </Match>
      <Match when={eventLine()}>
        {(text) => (
          <li class="system-line">
            {text()} · <time>{formatFullTime(props.item.at, locale())}</time>
          </li>
        )}
      </Match>
    </Switch>
  )
}
