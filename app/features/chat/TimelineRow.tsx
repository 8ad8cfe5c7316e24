/** One line of the history: a message with its sender, text, attachment and time, or a system line. */
import { type JSX, Match, Show, Switch } from 'solid-js'
import type { Message } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import type { TimelineItem } from '../../state/chat'
import { eventText } from './event-text'
import { MessageMedia } from './MessageMedia'
import { mediaView } from './media'

export interface TimelineRowProps {
  item: TimelineItem
  contactName: string
  operatorName: (id: string) => string
  onMediaLoad: () => void
}

const messageOf = (item: TimelineItem, technical: boolean): Message | null =>
  item.kind === 'message' && (item.message.kind === 'technical') === technical ? item.message : null

/** The attachment to show, if this kind of message shows one. */
const mediaOf = (m: Message) => (m.media && mediaView(m.kind) !== 'none' ? m.media : null)

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
  const eventLine = (): string | null =>
    props.item.kind === 'event' ? eventText(props.item.entry, props.operatorName, t) : null
  return (
    <Switch>
      <Match when={messageOf(props.item, false)}>
        {(m) => (
          <li class={`message message-${m().direction}`}>
            <span class="message-sender">{sender(m())}</span>
            <Show when={mediaOf(m())}>
              {(media) => <MessageMedia kind={m().kind} media={media()} onLoad={props.onMediaLoad} />}
            </Show>
            <Show when={m().text || !mediaOf(m())}>
              <span class="message-text">{m().text || `[${m().kind}]`}</span>
            </Show>
            <time class="message-time">{formatFullTime(m().at, locale())}</time>
          </li>
        )}
      </Match>
      <Match when={messageOf(props.item, true)}>
        {(m) => <li class="system-line">{m().text || `[${m().kind}]`}</li>}
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
