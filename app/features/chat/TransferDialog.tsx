/**
 * «Передать»: pick another active operator and, optionally, a comment for them [ASG3]. The same picker assigns an
 * unassigned chat to someone other than oneself (seed 000: «выбирает … из списка операторов»). Who is online
 * comes first, in its own group, and the one picked shows a dot [TEAM4]; offline, the list is by name only.
 */
import { createSignal, For, type JSX, Show } from 'solid-js'
import type { OperatorPublic } from '../../../model'
import { useI18n } from '../../i18n'
import { Dialog } from '../../ui/Dialog'

export const TransferDialog = (props: {
  /** The operators the chat can go to: active, not oneself, not its assignee. */
  operators: readonly OperatorPublic[]
  /** Operator id → online since; `null`: unknown (the app is offline). */
  online: ReadonlyMap<string, number> | null
  onTransfer: (to: string, comment: string | undefined) => void
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const [chosen, setChosen] = createSignal<string | null>(null)
  const isOnline = (id: string): boolean => props.online?.has(id) ?? false
  const groups = () => {
    const online = props.operators.filter((op) => isOnline(op.id))
    return { online, offline: props.operators.filter((op) => !isOnline(op.id)) }
  }
  // The one chosen while it is still on the list, else the first (online first): the list can change under an
  // open dialog.
  const to = () =>
    props.operators.find((op) => op.id === chosen())?.id ??
    groups().online[0]?.id ??
    props.operators[0]?.id ??
    ''
  const [comment, setComment] = createSignal('')
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    if (to() === '') return
    const text = comment().trim()
    props.onTransfer(to(), text === '' ? undefined : text)
    props.onClose()
  }
  return (
    <Dialog title={t('transferTitle')} onClose={props.onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <Show when={props.operators.length > 0} fallback={<p class="empty">{t('noOtherOperators')}</p>}>
          <label>
            {t('operator')}
            <select value={to()} onChange={(e) => setChosen(e.currentTarget.value)}>
              <Show
                when={props.online}
                fallback={
                  <For each={props.operators}>{(op) => <option value={op.id}>{op.name}</option>}</For>
                }
              >
                <Show when={groups().online.length > 0}>
                  <optgroup label={t('online')}>
                    <For each={groups().online}>{(op) => <option value={op.id}>{op.name}</option>}</For>
                  </optgroup>
                </Show>
                <Show when={groups().offline.length > 0}>
                  <optgroup label={t('offline')}>
                    <For each={groups().offline}>{(op) => <option value={op.id}>{op.name}</option>}</For>
                  </optgroup>
                </Show>
              </Show>
            </select>
          </label>
          <Show when={props.online && to() !== ''}>
            <output class="team-presence" classList={{ online: isOnline(to()) }}>
              <span class="dot" aria-hidden="true" />
              {isOnline(to()) ? t('online') : t('offline')}
            </output>
          </Show>
          <label>
            {t('comment')}
            <textarea rows={3} maxLength={2000} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
        </Show>
        <div class="dialog-actions">
          <button type="button" onClick={() => props.onClose()}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={to() === ''}>
            {t('transfer')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
