/** The users of the account: role, channels, tag filters and whether they may log in; create, edit, deactivate. */
import { createSignal, For, type JSX, Show } from 'solid-js'
import type { OperatorView } from '../../../model'
import { useI18n } from '../../i18n'
import { createRequest, type SettingsState } from '../../state/settings'
import { FormFailure } from './FormFailure'
import { OperatorDialog } from './OperatorDialog'

export const UsersTab = (props: { settings: SettingsState; selfId: string }): JSX.Element => {
  const { t } = useI18n()
  // `null`: no dialog; `'new'`: creating; an operator: editing them.
  const [editing, setEditing] = createSignal<OperatorView | 'new' | null>(null)
  const request = createRequest()
  const channelsOf = (op: OperatorView) =>
    op.channels === null
      ? t('allChannels')
      : op.channels.map((id) => props.settings.channelName(id)).join(', ')
  return (
    <>
      <button type="button" class="primary" onClick={() => setEditing('new')}>
        {t('addUser')}
      </button>
      <FormFailure failure={request.failure()} />
      <table class="settings-table">
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('email')}</th>
            <th>{t('role')}</th>
            <th>{t('channels')}</th>
            <th>{t('tags')}</th>
            <th>{t('status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={props.settings.operators()}>
            {(op) => (
              <tr aria-label={op.name}>
                <td>{op.name}</td>
                <td>{op.email}</td>
                <td>{op.role === 'admin' ? t('roleAdmin') : t('roleOperator')}</td>
                <td>{channelsOf(op)}</td>
                <td>{op.tags.length ? op.tags.join(', ') : t('noTags')}</td>
                <td>{op.active ? t('active') : t('inactive')}</td>
                <td class="row-actions">
                  <button type="button" onClick={() => setEditing(op)}>
                    {t('edit')}
                  </button>
                  <Show when={op.id !== props.selfId}>
                    <button
                      type="button"
                      disabled={request.busy()}
                      onClick={() =>
                        request.run(() => props.settings.updateOperator(op.id, { active: !op.active }))
                      }
                    >
                      {op.active ? t('deactivate') : t('reactivate')}
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={editing()} keyed>
        {(target) => (
          <OperatorDialog
            settings={props.settings}
            {...(target !== 'new' && { operator: target })}
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
    </>
  )
}
