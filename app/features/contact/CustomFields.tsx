/** The custom fields admins defined [CNT2], each with the input its type needs, in their order. */
import { For, type JSX, Show } from 'solid-js'
import type { ContactFieldDef } from '../../../model'
import { useI18n } from '../../i18n'
import type { ContactState } from '../../state/contact'
import { EditableField, type FieldKind } from './EditableField'

const KIND: Readonly<Record<ContactFieldDef['type'], FieldKind>> = {
  text: 'text',
  number: 'number',
  date: 'date',
  select: 'select',
}

export const CustomFields = (props: {
  defs: readonly ContactFieldDef[]
  values: Readonly<Record<string, string>>
  state: ContactState
}): JSX.Element => {
  const { t } = useI18n()
  return (
    <section class="contact-section" aria-label={t('contactCustomFields')}>
      <h3>{t('contactCustomFields')}</h3>
      <Show when={props.defs.length > 0} fallback={<p class="hint">{t('contactNoFields')}</p>}>
        <div class="contact-fields">
          <For each={props.defs}>
            {(def) => (
              <EditableField
                label={def.label}
                kind={KIND[def.type]}
                options={def.options}
                value={props.values[def.key]}
                onCommit={(value) => props.state.setField(def.key, value, props.defs)}
              />
            )}
          </For>
        </div>
      </Show>
    </section>
  )
}
