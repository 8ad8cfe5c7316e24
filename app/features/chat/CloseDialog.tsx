/**
 * «Закрыть чат»: with a reason, or none (a close without one is not counted as solved) [CLS1], and «Попросить
 * оценку», on when the admin asks by default: the server then asks the customer to rate the conversation [RAT1].
 */
import { createSignal, For, type JSX, untrack } from 'solid-js'
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
  onCloseChat: (reason: CloseReason | undefined, askRating: boolean) => void
  onClose: () => void
  /** The admin's «ask for a rating by default» (directory doc); read once, as the dialog opens. */
  askByDefault: boolean
}): JSX.Element => {
  const { t } = useI18n()
  const [reason, setReason] = createSignal<CloseReason | null>(null)
  const [askRating, setAskRating] = createSignal(untrack(() => props.askByDefault))
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    props.onCloseChat(reason() ?? undefined, askRating())
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
        <label class="check">
          <input
            type="checkbox"
            checked={askRating()}
            onChange={(e) => setAskRating(e.currentTarget.checked)}
          />
          {t('csatAskRating')}
        </label>
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
