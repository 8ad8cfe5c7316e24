/**
 * Zone 1, «Чаты и каналы»: the folders with their counters of chats waiting for a reply, and the channels; for an
 * admin, the way into the settings.
 */
import { For, type JSX, Show } from 'solid-js'
import type { Folder } from '../../../model'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { FOLDERS, type InboxState } from '../../state/inbox'
import { ChannelBadge } from '../../ui/ChannelBadge'

const LABEL = {
  unassigned: 'folderUnassigned',
  mine: 'folderMine',
  all: 'folderAll',
} as const satisfies Record<Folder, string>

/** The settings entry, given to admins only; picking a folder or a channel goes back to the chats. */
export interface SettingsEntry {
  readonly open: boolean
  onOpen(): void
  onClose(): void
}

export const FolderPanel = (props: {
  inbox: InboxState
  directory: DirectoryState
  settings?: SettingsEntry | undefined
}): JSX.Element => {
  const { t } = useI18n()
  const inChats = () => !props.settings?.open
  const back = () => props.settings?.onClose()
  return (
    <nav class="zone folders" aria-label={t('folders')}>
      <ul class="folder-list">
        <For each={FOLDERS}>
          {(folder) => {
            const count = () => props.inbox.counts()[folder]
            return (
              <li>
                <button
                  type="button"
                  class="folder"
                  aria-pressed={inChats() && props.inbox.folder() === folder}
                  onClick={() => {
                    props.inbox.setFolder(folder)
                    back()
                  }}
                >
                  <span class="label">{t(LABEL[folder])}</span>{' '}
                  <Show when={count() > 0}>
                    <span class="count" title={t('waitingForReply', { n: count() })}>
                      {count()}
                    </span>
                  </Show>
                </button>
              </li>
            )
          }}
        </For>
      </ul>
      <h2 id="channels-heading">{t('channels')}</h2>
      <ul class="channel-list" aria-labelledby="channels-heading">
        <li>
          <button
            type="button"
            class="channel"
            aria-pressed={inChats() && props.inbox.channel() === null}
            onClick={() => {
              props.inbox.setChannel(null)
              back()
            }}
          >
            {t('allChannels')}
          </button>
        </li>
        <For each={props.directory.channels()}>
          {(channel) => (
            <li>
              <button
                type="button"
                class="channel"
                aria-pressed={inChats() && props.inbox.channel() === channel.id}
                onClick={() => {
                  props.inbox.setChannel(channel.id)
                  back()
                }}
              >
                <ChannelBadge kind={channel.kind} />
                <span class="label">{channel.name}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.settings}>
        {(entry) => (
          <button
            type="button"
            class="folder settings-entry"
            aria-pressed={entry().open}
            onClick={() => entry().onOpen()}
          >
            <span class="label">{t('settings')}</span>
          </button>
        )}
      </Show>
    </nav>
  )
}
