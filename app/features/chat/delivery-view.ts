/** How the history marks an answer's delivery state: a small sign, its word (GLOSSARY.md) and its colour. */
import type { DeliveryState } from '../../../model'
import type { MessageKey } from '../../i18n'

export interface DeliveryView {
  readonly sign: string
  /** The visible title and the accessible name. */
  readonly label: MessageKey
}

export const DELIVERY_VIEWS: Readonly<Record<DeliveryState, DeliveryView>> = {
  pending: { sign: '🕓', label: 'deliveryPending' },
  sent: { sign: '✓', label: 'deliverySent' },
  delivered: { sign: '✓✓', label: 'deliveryDelivered' },
  read: { sign: '✓✓', label: 'deliveryRead' },
  failed: { sign: '!', label: 'deliveryFailed' },
  unknown: { sign: '?', label: 'deliveryUnknown' },
}
