/**
 * One field of the contact, edited in place: the doc's value shows (live, as others change it), a change is saved
 * when the operator leaves the field or presses Enter, and a refused value stays in the input with the reason
 * under it, in words.
 */
import { createSignal, createUniqueId, For, type JSX, Show } from 'solid-js'
import { type I18n, type MessageKey, useI18n } from '../../i18n'
import type { EditResult } from '../../state/contact'

const PROBLEM: Readonly<Record<string, MessageKey>> = {
  not_email: 'contactProblemEmail',
  not_phone: 'contactProblemPhone',
  not_date: 'contactProblemDate',
  future_date: 'contactProblemFuture',
  not_url: 'contactProblemUrl',
  too_long: 'contactProblemTooLong',
  not_number: 'contactProblemNumber',
  not_option: 'contactProblemOption',
}

/** A refused edit in the interface's words; the model's own message for anything unforeseen. */
export const problemText = (t: I18n['t'], result: Extract<EditResult, { ok: false }>): string => {
  const key = PROBLEM[result.problem]
  return t('contactNotSaved', { reason: key ? t(key) : result.message })
}

export type FieldKind = 'text' | 'email' | 'tel' | 'date' | 'number' | 'select'

export interface EditableFieldProps {
  label: string
  value: string | undefined
  kind: FieldKind
  /** The choices of a `select`. */
  options?: readonly string[]
  onCommit: (value: string) => EditResult
}

export const EditableField = (props: EditableFieldProps): JSX.Element => {
  const { t } = useI18n()
  const errorId = createUniqueId()
  const [error, setError] = createSignal<string | null>(null)
  const commit = (value: string): void => {
    if (value.trim() === (props.value ?? '')) {
      setError(null)
      return
    }
    const result = props.onCommit(value)
    setError(result.ok ? null : problemText(t, result))
  }
  const common = () => ({
    'aria-invalid': error() !== null,
    'aria-describedby': error() ? errorId : undefined,
  })
  return (
    <div class="contact-field">
      <label>
        <span>{props.label}</span>
        <Show
          when={props.kind === 'select'}
          fallback={
            <input
              type={props.kind === 'number' ? 'text' : props.kind}
              inputMode={props.kind === 'number' ? 'decimal' : undefined}
              value={props.value ?? ''}
              {...common()}
              onChange={(e) => commit(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commit(e.currentTarget.value)
              }}
            />
          }
        >
          <select value={props.value ?? ''} {...common()} onChange={(e) => commit(e.currentTarget.value)}>
            <option value="">{t('contactChooseValue')}</option>
            <For each={props.options ?? []}>{(option) => <option value={option}>{option}</option>}</For>
            {/* A value an admin has since removed from the options still shows as it is. */}
            <Show when={props.value && !(props.options ?? []).includes(props.value)}>
              <option value={props.value}>{props.value}</option>
            </Show>
          </select>
        </Show>
      </label>
      <Show when={error()}>
        <p class="error" role="alert" id={errorId}>
          {error()}
        </p>
      </Show>
    </div>
  )
}
