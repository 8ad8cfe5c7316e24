/** Create a channel (kind, name, credentials), or edit one: rename and rotate credentials (blank keeps them). */
import { createSignal, type JSX, Show } from 'solid-js'
import { type ChannelKind, ChannelKindSchema, type ChannelPublic } from '../../../model'
import { useI18n } from '../../i18n'
import {
  type ConfigValues,
  configOf,
  createRequest,
  missingConfig,
  type SettingsState,
  valuesOf,
} from '../../state/settings'
import type { CreatedChannel } from '../../sync'
import { Dialog } from '../../ui/Dialog'
import { ConfigFields, configLabelKey } from './ConfigFields'
import { FormFailure } from './FormFailure'

const KIND_LABEL = {
  telegram: 'kindTelegram',
  whatsapp: 'kindWhatsapp',
  vk: 'kindVk',
  widget: 'kindWidget',
} as const satisfies Record<ChannelKind, string>

export const ChannelDialog = (props: {
  settings: SettingsState
  /** Absent: a new channel. */
  channel?: ChannelPublic
  onClose: () => void
  onCreated: (created: CreatedChannel) => void
}): JSX.Element => {
  const { t } = useI18n()
  const [kind, setKind] = createSignal<ChannelKind>(props.channel?.kind ?? 'widget')
  const [name, setName] = createSignal(props.channel?.name ?? '')
  const [values, setValues] = createSignal<ConfigValues>({})
  // Editing: the stored settings fill the form (secrets never come back: blank keeps them).
  const editing = props.channel
  if (editing) {
    props.settings.channelSettings(editing.id).then(
      (stored) => setValues((typed) => ({ ...valuesOf(stored), ...typed })),
      () => {},
    )
  }
  const [sandbox, setSandbox] = createSignal(false)
  const [missing, setMissing] = createSignal<string | null>(null)
  const request = createRequest()

  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const lacking = !name().trim()
      ? t('name')
      : props.channel
        ? null
        : (missingConfig(kind(), values(), sandbox()).map((key) => t(configLabelKey(key)))[0] ?? null)
    setMissing(lacking)
    if (lacking) return
    const config = configOf(kind(), values(), sandbox())
    const current = props.channel
    if (current) {
      const done = await request.run(() =>
        props.settings.updateChannel(current.id, {
          name: name().trim(),
          ...(Object.keys(config).length > 0 && { config }),
        }),
      )
      if (done) props.onClose()
      return
    }
    const created = await request.run(() =>
      props.settings.createChannel({ kind: kind(), name: name().trim(), config }),
    )
    if (created) props.onCreated(created)
  }

  return (
    <Dialog title={props.channel ? t('editChannel') : t('addChannel')} onClose={props.onClose}>
      <form class="settings-form" method="dialog" noValidate onSubmit={submit}>
        <Show when={!props.channel}>
          <label>
            <span>{t('kind')}</span>
            <select
              value={kind()}
              onChange={(e) => {
                setKind(e.currentTarget.value as ChannelKind)
                setValues({})
              }}
            >
              {ChannelKindSchema.options.map((k) => (
                <option value={k}>{t(KIND_LABEL[k])}</option>
              ))}
            </select>
          </label>
        </Show>
        <label>
          <span>{t('name')}</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <Show when={!props.channel && kind() !== 'widget'}>
          <label class="check">
            <input
              type="checkbox"
              checked={sandbox()}
              onChange={(e) => setSandbox(e.currentTarget.checked)}
            />{' '}
            {t('sandbox')}
          </label>
        </Show>
        <Show when={!sandbox()}>
          <Show when={props.channel && kind() !== 'widget'}>
            <p class="hint">{t('secretsWriteOnly')}</p>
          </Show>
          <ConfigFields kind={kind()} values={values()} onChange={setValues} />
        </Show>
        <FormFailure missing={missing()} failure={request.failure()} />
        <div class="dialog-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={request.busy()}>
            {props.channel ? t('save') : t('create')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
