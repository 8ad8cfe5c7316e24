/** Zone 3, «История сообщений»: messages with their senders, and status changes as system lines, by time. */
import { createEffect, Index, type JSX, Match, on, Switch } from 'solid-js'
import type { Message } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import type { TimelineItem } from '../../state/chat'
import { eventText } from './event-text'

export interface TimelineProps {
  items: readonly TimelineItem[]
  contactName: string
  operatorName: (id: string) => string
}

const messageOf = (item: TimelineItem, technical: boolean): Message | null =>
  item.kind === 'message' && (item.message.kind === 'technical') === technical ? item.message : null

export const Timeline = (props: TimelineProps): JSX.Element => {
  const { t, locale } = useI18n()
  let list: HTMLOListElement | undefined
  // New lines arrive at the bottom: keep it in view.
  createEffect(
    on(
      () => props.items.length,
      () => list?.scrollTo({ top: list.scrollHeight }),
    ),
  )
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
  const eventLine = (item: TimelineItem): string | null =>
    item.kind === 'event' ? eventText(item.entry, props.operatorName, t) : null
  return (
    <ol class="timeline" aria-label={t('history')} ref={list}>
      {/* By position: the time line grows at the end, so rows already shown stay as they are. */}
      <Index each={props.items}>
        {(item) => (
          <Switch>
            <Match when={messageOf(item(), false)}>
              {(m) => (
                <li class={`message message-${m().direction}`}>
                  <span class="message-sender">{sender(m())}</span>
                  <span class="message-text">{m().text || `[${m().kind}]`}</span>
                  <time class="message-time">{formatFullTime(m().at, locale())}</time>
                </li>
              )}
            </Match>
            <Match when={messageOf(item(), true)}>
              {(m) => <li class="system-line">{m().text || `[${m().kind}]`}</li>}
            </Match>
            <Match when={eventLine(item())}>
              {(text) => (
                <li class="system-line">
                  {text()} · <time>{formatFullTime(item().at, locale())}</time>
                </li>
              )}
            </Match>
          </Switch>
        )}
      </Index>
    </ol>
  )
}
