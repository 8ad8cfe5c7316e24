/**
 * Which chats an operator works with: the channels (all of them, `null`, by default) and optional tag filters
 * (none by default), as checkboxes.
 */
import { For, type JSX, Show } from 'solid-js'
import type { ChannelPublic, Tag } from '../../../model'
import { useI18n } from '../../i18n'
import { ChannelBadge } from '../../ui/ChannelBadge'

export interface AccessValue {
  readonly channels: readonly string[] | null
  readonly tags: readonly string[]
}

const toggle = (list: readonly string[], item: string, on: boolean): string[] =>
  on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item)

export const AccessPicker = (props: {
  channels: readonly ChannelPublic[]
  tags: readonly Tag[]
  value: AccessValue
  onChange: (value: AccessValue) => void
}): JSX.Element => {
  const { t } = useI18n()
  const all = () => props.value.channels === null
  return (
    <>
      <fieldset class="picker">
        <legend>{t('accessChannels')}</legend>
        <label>
          <input
            type="checkbox"
            checked={all()}
            onChange={(e) =>
              props.onChange({ ...props.value, channels: e.currentTarget.checked ? null : [] })
            }
          />{' '}
          {t('allChannels')}
        </label>
        <For each={props.channels}>
          {(channel) => (
            <label>
              <input
                type="checkbox"
                disabled={all()}
                checked={all() || (props.value.channels ?? []).includes(channel.id)}
                onChange={(e) =>
                  props.onChange({
                    ...props.value,
                    channels: toggle(props.value.channels ?? [], channel.id, e.currentTarget.checked),
                  })
                }
              />{' '}
              <ChannelBadge kind={channel.kind} /> {channel.name}
            </label>
          )}
        </For>
      </fieldset>
      <fieldset class="picker">
        <legend>{t('accessTags')}</legend>
        <Show when={props.tags.length > 0} fallback={<p class="empty">{t('noTags')}</p>}>
          <For each={props.tags}>
            {(tag) => (
              <label>
                <input
                  type="checkbox"
                  checked={props.value.tags.includes(tag.name)}
                  onChange={(e) =>
                    props.onChange({
                      ...props.value,
                      tags: toggle(props.value.tags, tag.name, e.currentTarget.checked),
                    })
                  }
                />{' '}
                {tag.name}
              </label>
            )}
          </For>
        </Show>
      </fieldset>
    </>
  )
}
