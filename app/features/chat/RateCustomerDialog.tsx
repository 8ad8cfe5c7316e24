/**
 * «Оценить клиента» [RAT5]: 1–5 stars as a radio group (arrow keys move, each star named «Оценка N из 5») and an
 * optional note. It starts from the operator's own current rating; saving writes a new one, which replaces it.
 */
import { createSignal, createUniqueId, For, type JSX, untrack } from 'solid-js'
import { MAX_RATING_COMMENT, RATING_MAX, RATING_MIN } from '../../../model'
import { useI18n } from '../../i18n'
import { Dialog } from '../../ui/Dialog'

const SCORES = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i)

export const RateCustomerDialog = (props: {
  initial: { score: number | null; note: string }
  onSave: (score: number, note: string) => void
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const group = createUniqueId()
  const [score, setScore] = createSignal(untrack(() => props.initial.score))
  const [note, setNote] = createSignal(untrack(() => props.initial.note))
  const submit = (e: SubmitEvent): void => {
    e.preventDefault()
    const chosen = score()
    if (chosen === null) return
    props.onSave(chosen, note())
    props.onClose()
  }
  return (
    <Dialog title={t('csatRateCustomer')} onClose={props.onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <div class="star-choices" role="radiogroup" aria-labelledby={`${group}-label`}>
          <span id={`${group}-label`}>{t('csatScore')}</span>
          <For each={SCORES}>
            {(n) => (
              <label class="star-choice" classList={{ filled: (score() ?? 0) >= n }}>
                <input
                  type="radio"
                  name={group}
                  value={n}
                  checked={score() === n}
                  onChange={() => setScore(n)}
                />
                <span aria-hidden="true">★</span>
                <span class="visually-hidden">{t('csatScoreOf', { score: n, max: RATING_MAX })}</span>
              </label>
            )}
          </For>
        </div>
        <label>
          <span>{t('csatNote')}</span>
          <textarea
            rows={3}
            maxLength={MAX_RATING_COMMENT}
            value={note()}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <div class="dialog-actions">
          <button type="button" onClick={() => props.onClose()}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={score() === null}>
            {t('save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
