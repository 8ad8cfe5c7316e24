/**
 * Zone 3, «История сообщений»: messages with their senders, and status changes as system lines, by time. Only the
 * last page of it is in the page at first; scrolling to the top brings the page before, keeping what was on
 * screen where it was. New lines arrive at the bottom and are scrolled to when the operator was there already.
 */
import { createEffect, createMemo, createSignal, For, type JSX, on, Show, untrack } from 'solid-js'
import type { Message } from '../../../model'
import { useI18n } from '../../i18n'
import type { TimelineItem } from '../../state/chat'
import type { MessengerState } from '../../state/messenger'
import { messageRowSelector } from './quote'
import { TimelineRow } from './TimelineRow'

export interface TimelineProps {
  items: readonly TimelineItem[]
  contactName: string
  operatorName: (id: string) => string
  /** Each message's marks and actions, read per row. */
  messenger: MessengerState
  /** A message of this chat by id (for the quote of a reply); undefined when the chat has none such. */
  message: (messageId: string) => Message | undefined
  /** «Ответить» on a message: the composer quotes it. */
  onReply?: (messageId: string) => void
  /** A message to show once it is in the history (a search result opened the chat there). */
  focus?: string | undefined
}

/** How many lines the history shows at first, and how many more each scroll to the top brings. */
export const HISTORY_PAGE = 50
/** How close to an edge, in pixels, counts as being there. */
const EDGE = 48

/** Rows are kept by identity, so a page put in above or a line added below leaves the others as they are. */
const keyOf = (item: TimelineItem): string =>
  item.kind === 'message'
    ? `m:${item.message.id}`
    : item.kind === 'event'
      ? `e:${item.entry.event.id}`
      : `r:${item.rating.id}`

export const Timeline = (props: TimelineProps): JSX.Element => {
  const { t } = useI18n()
  let list: HTMLOListElement | undefined
  /** How many of the oldest lines are not in the page yet. */
  const [hidden, setHidden] = createSignal(untrack(() => Math.max(0, props.items.length - HISTORY_PAGE)))
  const shown = createMemo(() => props.items.slice(Math.min(hidden(), props.items.length)))
  const byKey = createMemo(() => new Map(shown().map((item) => [keyOf(item), item])))
  const keys = createMemo(() => shown().map(keyOf))
  let atBottom = true
  /** A quote's click: the quoted message, brought into the page if it is further up, scrolled to and focused. */
  const jump = (messageId: string): void => {
    const at = props.items.findIndex((item) => item.kind === 'message' && item.message.id === messageId)
    if (at < 0 || !list) return
    if (at < hidden()) setHidden(at)
    const row = list.querySelector<HTMLElement>(messageRowSelector(messageId))
    row?.scrollIntoView({ block: 'center' })
    row?.focus({ preventScroll: true })
  }

  const toBottom = (): void => {
    if (list && atBottom) list.scrollTop = list.scrollHeight
  }
  const loadOlder = (): void => {
    if (!list || hidden() === 0) return
    const height = list.scrollHeight
    const top = list.scrollTop
    setHidden((n) => Math.max(0, n - HISTORY_PAGE))
    // The rows are in the page now (Solid updates synchronously): move down by what was put in above.
    list.scrollTop = top + (list.scrollHeight - height)
  }
  const onScroll = (): void => {
    if (!list) return
    atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < EDGE
    if (list.scrollTop < EDGE) loadOlder()
  }
  createEffect(
    on(
      () => props.items.length,
      () => {
        toBottom()
        // A page too short to scroll could never reach its top: bring more until it can.
        while (list && hidden() > 0 && list.scrollHeight <= list.clientHeight) loadOlder()
      },
    ),
  )
  // A search result: once its message is in the history, jump to it (once per message, after the rows render).
  let focused: string | undefined
  createEffect(
    on([() => props.focus, () => props.items.length], ([id]) => {
      if (!id || id === focused || !props.message(id)) return
      focused = id
      atBottom = false
      queueMicrotask(() => jump(id))
    }),
  )
  return (
    <ol class="timeline" aria-label={t('history')} ref={list} onScroll={onScroll}>
      <For each={keys()}>
        {(key) => (
          <Show when={byKey().get(key)}>
            {(item) => (
              <TimelineRow
                item={item()}
                contactName={props.contactName}
                operatorName={props.operatorName}
                messenger={props.messenger}
                onMediaLoad={toBottom}
                quoted={props.message}
                onQuote={jump}
                onReply={props.onReply}
              />
            )}
          </Show>
        )}
      </For>
    </ol>
  )
}
