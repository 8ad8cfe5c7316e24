/**
 * «Поля контакта»: the custom fields operators fill in on a contact [CNT2]. An admin adds a field (key, name,
 * type, a list's options, order), renames it, edits a list's options or its order, or deletes it.
 */
import { createSignal, For, type JSX, onMount, Show } from 'solid-js'
import type { ContactFieldDef, ContactFieldType } from '../../../model'
import { type MessageKey, useI18n } from '../../i18n'
import {
  createContactFieldSettings,
  type FieldForm,
  fieldDefOf,
  missingFieldPart,
  optionLines,
} from '../../state/contact-field-settings'
import { createRequest } from '../../state/settings'
import { createContactFieldsApi } from '../../sync'
import { Dialog } from '../../ui/Dialog'
import { FormFailure } from './FormFailure'

const TYPES: readonly { type: ContactFieldType; label: MessageKey }[] = [
  { type: 'text', label: 'cfTypeText' },
  { type: 'number', label: 'cfTypeNumber' },
  { type: 'date', label: 'cfTypeDate' },
  { type: 'select', label: 'cfTypeSelect' },
]
const typeLabel = (type: ContactFieldType): MessageKey =>
  TYPES.find((x) => x.type === type)?.label ?? 'cfTypeText'

const EMPTY: FieldForm = { key: '', label: '', type: 'text', options: '', order: '0' }

export const ContactFieldsTab = (props: { token: string }): JSX.Element => {
  const { t } = useI18n()
  const settings = createContactFieldSettings(createContactFieldsApi(props.token))
  onMount(() => void settings.reload())
  const [form, setForm] = createSignal<FieldForm>(EMPTY)
  const [missing, setMissing] = createSignal<string | null>(null)
  const [editing, setEditing] = createSignal<ContactFieldDef | null>(null)
  const request = createRequest()
  const set = (patch: Partial<FieldForm>) => setForm({ ...form(), ...patch })
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const part = missingFieldPart(form())
    setMissing(part && t(part))
    if (part) return
    await request.run(() => settings.create(fieldDefOf(form())))
    if (!request.failure()) setForm({ ...EMPTY, order: String(settings.fields().length) })
  }
  return (
    <>
      <p class="hint">{t('cfHint')}</p>
      <form class="settings-form contact-field-form" noValidate onSubmit={submit}>
        <label>
          <span>{t('cfLabel')}</span>
          <input value={form().label} onInput={(e) => set({ label: e.currentTarget.value })} />
        </label>
        <label>
          <span>{t('cfKey')}</span>
          <input
            value={form().key}
            autocapitalize="off"
            spellcheck={false}
            onInput={(e) => set({ key: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{t('cfType')}</span>
          <select
            value={form().type}
            onChange={(e) => set({ type: e.currentTarget.value as ContactFieldType })}
          >
            <For each={TYPES}>{(x) => <option value={x.type}>{t(x.label)}</option>}</For>
          </select>
        </label>
        <Show when={form().type === 'select'}>
          <label>
            <span>{t('cfOptions')}</span>
            <textarea
              rows={3}
              value={form().options}
              onInput={(e) => set({ options: e.currentTarget.value })}
            />
          </label>
        </Show>
        <label>
          <span>{t('cfOrder')}</span>
          <input
            type="number"
            min="0"
            value={form().order}
            onInput={(e) => set({ order: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="primary" disabled={request.busy()}>
          {t('cfAdd')}
        </button>
      </form>
      <FormFailure missing={missing()} failure={request.failure() ?? settings.loadFailure()} />
      <Show when={settings.fields().length > 0} fallback={<p class="empty">{t('cfEmpty')}</p>}>
        <table class="settings-table">
          <thead>
            <tr>
              <th>{t('cfLabel')}</th>
              <th>{t('cfKey')}</th>
              <th>{t('cfType')}</th>
              <th>{t('cfOrder')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <For each={settings.fields()}>
              {(def) => (
                <tr aria-label={def.label}>
                  <td>{def.label}</td>
                  <td>
                    <code>{def.key}</code>
                  </td>
                  <td>
                    {t(typeLabel(def.type))}
                    <Show when={def.options.length > 0}>: {def.options.join(', ')}</Show>
                  </td>
                  <td>{def.order}</td>
                  <td class="row-actions">
                    <button
                      type="button"
                      aria-label={t('cfEdit', { name: def.label })}
                      onClick={() => setEditing(def)}
                    >
                      {t('edit')}
                    </button>
                    <button
                      type="button"
                      class="ghost"
                      aria-label={t('cfDelete', { name: def.label })}
                      onClick={() => request.run(() => settings.remove(def.key))}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={editing()} keyed>
        {(def) => (
          <EditFieldDialog
            def={def}
            onSave={(patch) => settings.update(def.key, patch)}
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
    </>
  )
}

const EditFieldDialog = (props: {
  def: ContactFieldDef
  onSave: (patch: { label: string; options?: string[]; order: number }) => Promise<void>
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const [label, setLabel] = createSignal(props.def.label)
  const [options, setOptions] = createSignal(props.def.options.join('\n'))
  const [order, setOrder] = createSignal(String(props.def.order))
  const [missing, setMissing] = createSignal<string | null>(null)
  const request = createRequest()
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const lines = optionLines(options())
    const part = !label().trim()
      ? 'cfLabel'
      : props.def.type === 'select' && lines.length === 0
        ? 'cfOptions'
        : null
    setMissing(part && t(part))
    if (part) return
    await request.run(() =>
      props.onSave({
        label: label().trim(),
        ...(props.def.type === 'select' && { options: lines }),
        order: Number.parseInt(order(), 10) || 0,
      }),
    )
    if (!request.failure()) props.onClose()
  }
  return (
    <Dialog title={t('cfEdit', { name: props.def.label })} onClose={props.onClose}>
      <form class="settings-form dialog-form" noValidate onSubmit={submit}>
        <label>
          <span>{t('cfLabel')}</span>
          <input value={label()} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <Show when={props.def.type === 'select'}>
          <label>
            <span>{t('cfOptions')}</span>
            <textarea rows={4} value={options()} onInput={(e) => setOptions(e.currentTarget.value)} />
          </label>
        </Show>
        <label>
          <span>{t('cfOrder')}</span>
          <input type="number" min="0" value={order()} onInput={(e) => setOrder(e.currentTarget.value)} />
        </label>
        <FormFailure missing={missing()} failure={request.failure()} />
        <div class="dialog-actions">
          <button type="button" onClick={() => props.onClose()}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={request.busy()}>
            {t('save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
