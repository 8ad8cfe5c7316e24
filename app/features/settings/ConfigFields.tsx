/**
 * A channel's credentials and settings for its kind. Secret fields are password inputs that start blank and are
 * never filled from the server: secrets are write-only.
 */
import { For, type JSX } from 'solid-js'
import type { ChannelKind } from '../../../model'
import { type MessageKey, useI18n } from '../../i18n'
import { CONFIG_FIELDS, type ConfigValues } from '../../state/settings'

/** `botToken` → `cfgBotToken`, the field's label. */
export const configLabelKey = (key: string): MessageKey =>
  `cfg${key[0]!.toUpperCase()}${key.slice(1)}` as MessageKey

export const ConfigFields = (props: {
  kind: ChannelKind
  values: ConfigValues
  onChange: (values: ConfigValues) => void
}): JSX.Element => {
  const { t } = useI18n()
  return (
    <For each={CONFIG_FIELDS[props.kind]}>
      {(field) => (
        <label>
          <span>{t(configLabelKey(field.key))}</span>
          <input
            type={field.secret ? 'password' : 'text'}
            autocomplete={field.secret ? 'new-password' : 'off'}
            inputMode={field.parse === 'number' ? 'numeric' : undefined}
            value={props.values[field.key] ?? ''}
            onInput={(e) => props.onChange({ ...props.values, [field.key]: e.currentTarget.value })}
          />
        </label>
      )}
    </For>
  )
}
