/**
 * «Передать»: pick another active operator and, optionally, a comment for them [ASG3]. The same picker assigns an
 * unassigned chat to someone other than oneself (seed 000: «выбирает … из списка операторов»).
 */
import { createSignal, For, type JSX, Show } from 'solid-js'
import type { OperatorPublic } from '../../../model'
import { useI18n } from '../../i18n'
import { Dialog } from '../../ui/Dialog'

export const TransferDialog = (props: {
  /** The operators the chat can go to: active, not oneself, not its assignee. */
  operators: readonly OperatorPublic[]
  onTransfer: (to: string, comment: string | undefined) => void
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const [chosen, setChosen] = createSignal<string | null>(null)
  // The one chosen while it is still on the list, else the first: the list can change under an open dialog.
  const to = () => props.operators.find((op) => op.id === chosen())?.id ?? props.operators[0]?.id ?? ''
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
              <For each={props.operators}>{(op) => <option value={op.id}>{op.name}</option>}</For>
            </select>
          </label>
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
