/**
 * What the history shows and offers for one message: its delivery state, and which of "send again", "edit" and
 * "delete for the customer" the operator may use on it. Pure, from the message, its marks and the chat's channel.
 */
import type { ChannelKind, Delivery, DeliveryState, Message } from '../../model'

/**
 * [EDT2] [EDT3] Where a sent answer can be changed in the messenger: Telegram and VK edit and delete (each within
 * its own delete window, which the server checks and explains); the WhatsApp Cloud API does neither, and the
 * widget's answers are ours, not a messenger's.
 */
export const MESSENGER_CHANGES: Readonly<
  Record<ChannelKind, { readonly edit: boolean; readonly remove: boolean }>
> = {
  telegram: { edit: true, remove: true },
  vk: { edit: true, remove: true },
  whatsapp: { edit: false, remove: false },
  widget: { edit: false, remove: false },
}

/** An outgoing message's delivery state (no record yet: pending [DLV1]); `null` for any other message. */
export const deliveryStateOf = (message: Message, delivery: Delivery | undefined): DeliveryState | null =>
  message.direction === 'out' ? (delivery?.state ?? 'pending') : null

/** The messenger has the message: there is something there to edit or delete. */
const REACHED: ReadonlySet<DeliveryState> = new Set(['sent', 'delivered', 'read'])

export interface MessageOptionsInput {
  readonly message: Message
  readonly operatorId: string
  /** The chat's channel; `undefined` while the directory does not know it. */
  readonly kind: ChannelKind | undefined
  readonly delivery: Delivery | undefined
  readonly removed: boolean
}

export interface MessageOptions {
  /** A failed or unknown answer, sent again on the operator's word. */
  readonly resend: boolean
  /** [EDT2] The operator's own text answer, in the messenger, not deleted. */
  readonly edit: boolean
  /** [EDT3] The operator's own answer, in the messenger, not deleted yet. */
  readonly remove: boolean
}

export const messageOptions = ({
  message,
  operatorId,
  kind,
  delivery,
  removed,
}: MessageOptionsInput): MessageOptions => {
  const state = deliveryStateOf(message, delivery)
  const own = message.author.kind === 'operator' && message.author.id === operatorId
  const changes = kind ? MESSENGER_CHANGES[kind] : { edit: false, remove: false }
  const changeable = own && state !== null && REACHED.has(state) && !removed
  return {
    resend: state === 'failed' || state === 'unknown',
    edit: changeable && changes.edit && message.kind === 'text',
    remove: changeable && changes.remove,
  }
}
