/**
 * Under a failed or unknown answer: what went wrong (the messenger's error, or that it may not have gone out) and
 * «Отправить ещё раз», which needs the server and is disabled offline. The operator decides: the server never
 * resends an unknown answer on its own, since the customer may have it already.
 */
import { type JSX, Show } from 'solid-js'
import type { Delivery } from '../../../model'
import { useI18n } from '../../i18n'

export const DeliveryProblem = (props: {
  delivery: Delivery | undefined
  online: boolean
  busy: boolean
  onResend: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const failed = () => props.delivery?.state === 'failed'
  return (
    <div class={`delivery-problem ${failed() ? 'delivery-problem-failed' : 'delivery-problem-unknown'}`}>
      <Show
        when={failed()}
        fallback={
          <span class="delivery-problem-text" title={props.delivery?.error ?? ''}>
            {t('deliveryMaybeLost')}
          </span>
        }
      >
        <span class="delivery-problem-text">
          {t('deliveryFailed')}
          {props.delivery?.error ? `: ${props.delivery.error}` : ''}
        </span>
      </Show>
      <button
        type="button"
        disabled={!props.online || props.busy}
        title={props.online ? '' : t('onlineOnly')}
        onClick={() => props.onResend()}
      >
        {t('sendAgain')}
      </button>
    </div>
  )
}
