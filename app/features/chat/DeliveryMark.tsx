/**
 * An answer's delivery state beside its time: a clock while it is being sent, one check once sent, two once
 * delivered, two coloured ones once read, red for failed, amber for unknown [DLV1].
 */
import type { JSX } from 'solid-js'
import type { DeliveryState } from '../../../model'
import { useI18n } from '../../i18n'
import { DELIVERY_VIEWS } from './delivery-view'

export const DeliveryMark = (props: { state: DeliveryState }): JSX.Element => {
  const { t } = useI18n()
  const label = () => t(DELIVERY_VIEWS[props.state].label)
  return (
    <span class={`delivery delivery-${props.state}`} role="img" aria-label={label()} title={label()}>
      {DELIVERY_VIEWS[props.state].sign}
    </span>
  )
}
