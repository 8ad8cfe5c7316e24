/**
 * One chat in the list: initials, messenger, contact, last message with its time, unread count, status and
 * assignee (seed 000, «Карточка чата»), and the other operators typing in it («Иван печатает…») or viewing it
 * (their initials) [PRS5].
 */
import { For, type JSX, Show } from 'solid-js'
import { type ChatSummary, typingPhrase } from '../../../model'
import { formatCardTime, formatFullTime, formatNames, useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import type { RowPresence } from '../../state/presence'
import { Avatar } from '../../ui/Avatar'
import { ChannelBadge } from '../../ui/ChannelBadge'
import { StatusLabel } from '../../ui/StatusLabel'
import { typingText } from '../chat/typing-text'

/** Viewers shown by their initials; more are counted («+2»). */
const MAX_VIEWER_AVATARS = 3

export interface ChatCardProps {
  summary: ChatSummary
  unread: number
  now: number
  selected: boolean
  directory: DirectoryState
  presence: RowPresence
  onOpen: () => void
}

export const ChatCard = (props: ChatCardProps): JSX.Element => {
  const { t, locale } = useI18n()
  const s = () => props.summary
  const assignee = () => props.directory.operatorName(s().assigneeId)
  const names = (ops: RowPresence['typing']): string =>
    formatNames(
      ops.map((op) => op.name),
      locale(),
    )
  const typing = () =>
    typingText(typingPhrase({ self: false, others: props.presence.typing.map((op) => op.name) }), t, locale())
  const preview = () => {
    const last = s().lastMessage
    if (!last) return ''
    return last.text || `[${last.kind}]`
  }
  return (
    <button type="button" class="card" aria-current={props.selected} onClick={() => props.onOpen()}>
      <Avatar name={s().contactName || '?'} seed={s().contactId} />
      <span class="card-body">
        <span class="card-line">
          <ChannelBadge kind={props.directory.channel(s().channelId)?.kind} />
          <span class="card-name">{s().contactName || t('unnamedContact')}</span>
          <time class="card-time" title={formatFullTime(s().lastAt, locale())}>
            {formatCardTime(s().lastAt, props.now, locale())}
          </time>
        </span>
        <span class="card-line">
          <span class="card-preview" classList={{ outgoing: s().lastMessage?.direction === 'out' }}>
            {preview()}
          </span>
          <Show when={props.unread > 0}>
            <span class="unread" role="img" aria-label={t('unread', { n: props.unread })}>
              {props.unread}
            </span>
          </Show>
        </span>
        <span class="card-line card-meta">
          <StatusLabel status={s().status} />
          <Show when={typing()}>
            <span class="card-presence">{typing()}</span>
          </Show>
          <Show when={props.presence.viewing.length > 0}>
            <span
              class="card-viewers"
              role="img"
              aria-label={t('presenceViewing', { names: names(props.presence.viewing) })}
              title={t('presenceViewing', { names: names(props.presence.viewing) })}
            >
              <For each={props.presence.viewing.slice(0, MAX_VIEWER_AVATARS)}>
                {(op) => <Avatar name={op.name} seed={op.id} />}
              </For>
              <Show when={props.presence.viewing.length > MAX_VIEWER_AVATARS}>
                <span class="card-viewers-more">+{props.presence.viewing.length - MAX_VIEWER_AVATARS}</span>
              </Show>
            </span>
          </Show>
          <span class="card-assignee">{assignee() ?? ''}</span>
        </span>
      </span>
    </button>
  )
}
