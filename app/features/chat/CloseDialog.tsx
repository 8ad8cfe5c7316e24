/** «Закрыть чат»: with a reason, or none (a close without one is not counted as solved) [CLS1]. */
import { createSignal, For, type JSX } from 'solid-js'
import { type CloseReason, CloseReason as Reasons } from '../../../model'
import { useI18n } from '../../i18n'
import { Dialog } from '../../ui/Dialog'

const OPTIONS = [
  { value: null, label: 'noReason' },
  { value: Reasons.solved, label: 'reasonSolved' },
  { value: Reasons.noReply, label: 'reasonNoReply' },
  { value: Reasons.other, label: 'reasonOther' },
] as const

export const CloseDialog = (props: {
  onCloseChat: (reason: CloseReason | undefined) => void
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const [reason, setReason] = createSignal<CloseReason | null>(null)
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    props.onCloseChat(reason() ?? undefined)
    props.onClose()
  }
  return (
    <Dialog title={t('closeChat')} onClose={props.onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <fieldset>
          <legend>{t('closeReason')}</legend>
          <For each={OPTIONS}>
            {(option) => (
              <label class="radio">
                <input
                  type="radio"
                  name="close-reason"
                  checked={reason() === option.value}
                  onChange={() => setReason(option.value)}
                />
                {t(option.label)}
              </label>
            )}
          </For>
        </fieldset>
        <div class="dialog-actions">
          <button type="button" onClick={() => props.onClose()}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary">
            {t('closeChat')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
