/**
 * The widget's outbound side. A widget has no provider to call: an answer is "sent" once it is durable in the
 * chat and "delivered" once a visitor's open widget received it. What a visitor may see of a chat is decided here.
 */
import type { DeliveryState, Message } from '../../model'
import type { WidgetMessage } from './schema'

/** The customer's view of a message, or `null` for what they never see (internal comments, technical events). */
export const customerView = (
  message: Message,
  nameOf: (operatorId: string) => string | null,
): WidgetMessage | null => {
  if (message.direction === 'internal' || message.kind === 'technical') return null
  const author = message.author
  const from = author.kind
  const name = author.kind === 'operator' ? nameOf(author.id) : author.kind === 'bot' ? author.name : null
  return {
    id: message.id,
    at: message.at,
    from,
    name,
    kind: message.kind,
    text: message.text,
    media: message.media
      ? {
          url: message.media.url,
          mime: message.media.mime,
          ...(message.media.name !== undefined && { name: message.media.name }),
        }
      : null,
    ...(message.ask === 'rating' && message.author.kind === 'bot' && { ask: message.ask }),
  }
}

/** The delivery state of an answer that reached the chat: delivered when a widget is open to show it. */
export const arrivalState = (widgetOpen: boolean): DeliveryState => (widgetOpen ? 'delivered' : 'sent')
