/** The channels: kind, name, enabled; create (then the webhook URL or the widget's tag), rename, rotate, disable. */
import { createSignal, For, type JSX, Show } from 'solid-js'
import type { ChannelPublic } from '../../../model'
import { useI18n } from '../../i18n'
import { createRequest, type SettingsState } from '../../state/settings'
import type { CreatedChannel } from '../../sync'
import { ChannelBadge } from '../../ui/ChannelBadge'
import { ChannelDialog } from './ChannelDialog'
import { CopyField } from './CopyField'
import { FormFailure } from './FormFailure'

const CreatedNote = (props: { created: CreatedChannel; onDone: () => void }): JSX.Element => {
  const { t } = useI18n()
  return (
    <section class="created" aria-label={t('channelCreated', { name: props.created.name })}>
      <p>{t('channelCreated', { name: props.created.name })}</p>
      <Show
        when={props.created.embed}
        fallback={<CopyField label={t('webhookUrl')} value={props.created.webhookUrl} />}
      >
        {(embed) => <CopyField label={t('embedCode')} value={embed()} />}
      </Show>
      <Show when={props.created.connectError}>
        {(message) => (
          <p class="error" role="alert">
            {t('connectError', { message: message() })}
          </p>
        )}
      </Show>
      <button type="button" onClick={props.onDone}>
        {t('done')}
      </button>
    </section>
  )
}

export const ChannelsTab = (props: { settings: SettingsState }): JSX.Element => {
  const { t } = useI18n()
  const [editing, setEditing] = createSignal<ChannelPublic | 'new' | null>(null)
  const [created, setCreated] = createSignal<CreatedChannel | null>(null)
  const request = createRequest()
  return (
    <>
      <button type="button" class="primary" onClick={() => setEditing('new')}>
        {t('addChannel')}
      </button>
      <Show when={created()} keyed>
        {(channel) => <CreatedNote created={channel} onDone={() => setCreated(null)} />}
      </Show>
      <FormFailure failure={request.failure()} />
      <table class="settings-table">
        <thead>
          <tr>
            <th>{t('kind')}</th>
            <th>{t('name')}</th>
            <th>{t('status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={props.settings.channels()}>
            {(channel) => (
              <tr aria-label={channel.name}>
                <td>
                  <ChannelBadge kind={channel.kind} />
                </td>
                <td>{channel.name}</td>
                <td>{channel.enabled ? t('enabled') : t('disabled')}</td>
                <td class="row-actions">
                  <button type="button" onClick={() => setEditing(channel)}>
                    {t('edit')}
                  </button>
                  <button
                    type="button"
                    disabled={request.busy()}
                    onClick={() =>
                      request.run(() =>
                        props.settings.updateChannel(channel.id, { enabled: !channel.enabled }),
                      )
                    }
                  >
                    {channel.enabled ? t('disable') : t('enable')}
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={editing()} keyed>
        {(target) => (
          <ChannelDialog
            settings={props.settings}
            {...(target !== 'new' && { channel: target })}
            onClose={() => setEditing(null)}
            onCreated={(channel) => {
              setEditing(null)
              setCreated(channel)
            }}
          />
        )}
      </Show>
    </>
  )
}
