/**
 * The contact's chats in every channel (seed 003: one person, several channels), from the local index: each with
 * its messenger and status; a click opens that chat.
 */
import { For, type JSX, Show } from 'solid-js'
import type { ChatSummary } from '../../../model'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { ChannelBadge } from '../../ui/ChannelBadge'
import { StatusLabel } from '../../ui/StatusLabel'

export const ContactChats = (props: {
  chats: readonly ChatSummary[]
  selected: string | null
  directory: DirectoryState
  onOpen: (chatId: string) => void
}): JSX.Element => {
  const { t } = useI18n()
  return (
    <Show when={props.chats.length > 0}>
      <section class="contact-section" aria-label={t('contactChats')}>
        <h3>{t('contactChats')}</h3>
        <ul class="contact-chats">
          <For each={props.chats}>
            {(chat) => {
              const channel = () => props.directory.channel(chat.channelId)
              return (
                <li>
                  <button
                    type="button"
                    class="contact-chat"
                    aria-current={chat.id === props.selected ? 'true' : undefined}
                    onClick={() => props.onOpen(chat.id)}
                  >
                    <ChannelBadge kind={channel()?.kind} />
                    <span class="contact-chat-channel">{channel()?.name ?? ''}</span>
                    <StatusLabel status={chat.status} />
                  </button>
                </li>
              )
            }}
          </For>
        </ul>
      </section>
    </Show>
  )
}
