/**
 * Zone 1, «Чаты и каналы»: the folders with their counters of chats waiting for a reply, and the channels; the
 * way into the reports and, for an admin, into the team view and the settings.
 */
import { For, type JSX, Show } from 'solid-js'
import type { Folder } from '../../../model'
import { type MessageKey, useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { FOLDERS, type InboxState } from '../../state/inbox'
import { ChannelBadge } from '../../ui/ChannelBadge'

const LABEL = {
  unassigned: 'folderUnassigned',
  mine: 'folderMine',
  all: 'folderAll',
} as const satisfies Record<Folder, string>

/** The screens besides the chats, in the panel's order, with their entries' labels. */
const SCREENS = [
  ['reports', 'rptTitle'],
  ['team', 'team'],
  ['settings', 'settings'],
] as const satisfies readonly (readonly [string, MessageKey])[]

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
  /** The team view's entry, given to admins only (the same shape as the settings'). */
  team?: SettingsEntry | undefined
  /** The reports' entry, for everyone (an operator's reports are their own numbers). */
  reports?: SettingsEntry | undefined
}): JSX.Element => {
  const { t } = useI18n()
  const inChats = () => SCREENS.every(([screen]) => !props[screen]?.open)
  const back = () => {
    for (const [screen] of SCREENS) props[screen]?.onClose()
  }
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
      <For each={SCREENS}>
        {([screen, label]) => (
          <Show when={props[screen]}>
            {(entry) => (
              <button
                type="button"
                class="folder settings-entry"
                aria-pressed={entry().open}
                onClick={() => entry().onOpen()}
              >
                <span class="label">{t(label)}</span>
              </button>
            )}
          </Show>
        )}
      </For>
    </nav>
  )
}
