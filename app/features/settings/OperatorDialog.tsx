/** Create an operator, or edit one: name, email, password, role and the chats they may see. */
import { createSignal, type JSX, Show } from 'solid-js'
import type { OperatorView, Role } from '../../../model'
import { useI18n } from '../../i18n'
import { createRequest, missingOperatorField, type SettingsState } from '../../state/settings'
import { Dialog } from '../../ui/Dialog'
import { AccessPicker, type AccessValue } from './AccessPicker'
import { FormFailure } from './FormFailure'

export const OperatorDialog = (props: {
  settings: SettingsState
  /** Absent: a new operator. */
  operator?: OperatorView
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const isNew = !props.operator
  const [name, setName] = createSignal(props.operator?.name ?? '')
  const [email, setEmail] = createSignal(props.operator?.email ?? '')
  const [password, setPassword] = createSignal('')
  const [role, setRole] = createSignal<Role>(props.operator?.role ?? 'operator')
  const [access, setAccess] = createSignal<AccessValue>({
    channels: props.operator?.channels ?? null,
    tags: props.operator?.tags ?? [],
  })
  const [missing, setMissing] = createSignal<string | null>(null)
  const request = createRequest()
  const LABEL = { name: 'name', email: 'email', password: 'password' } as const

  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const blank = missingOperatorField({ name: name(), email: email(), password: password() }, isNew)
    setMissing(blank && t(LABEL[blank]))
    if (blank) return
    const fields = { name: name().trim(), email: email().trim(), role: role(), ...access() }
    const done = await request.run(() =>
      props.operator
        ? props.settings.updateOperator(props.operator.id, {
            ...fields,
            ...(password() && { password: password() }),
          })
        : props.settings.createOperator({ ...fields, password: password() }),
    )
    if (done) props.onClose()
  }

  return (
    <Dialog title={isNew ? t('addUser') : t('editUser')} onClose={props.onClose}>
      <form class="settings-form" method="dialog" noValidate onSubmit={submit}>
        <label>
          <span>{t('name')}</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          <span>{t('email')}</span>
          <input type="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          <span>{isNew ? t('password') : t('newPassword')}</span>
          <input
            type="password"
            autocomplete="new-password"
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('role')}</span>
          <select value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="operator">{t('roleOperator')}</option>
            <option value="admin">{t('roleAdmin')}</option>
          </select>
        </label>
        <AccessPicker
          channels={props.settings.channels()}
          tags={props.settings.tags()}
          value={access()}
          onChange={setAccess}
        />
        <FormFailure missing={missing()} failure={request.failure()} />
        <div class="dialog-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={request.busy()}>
            <Show when={isNew} fallback={t('save')}>
              {t('create')}
            </Show>
          </button>
        </div>
      </form>
    </Dialog>
  )
}
