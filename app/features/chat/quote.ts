/** What a quote shows of a message: its text's start, else its file's name, else its kind. */
import type { Message } from '../../../model'

const MAX = 140

export const quoteText = (message: Message): string => {
  const text = message.text.trim().replace(/\s+/g, ' ')
  if (text !== '') return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text
  return message.media?.name || `[${message.kind}]`
}

/** The history row of a message, for a quote to scroll to. */
export const messageRowSelector = (messageId: string): string =>
  `[data-message-id="${CSS.escape(messageId)}"]`

type T = (key: 'customer', params?: Record<string, string>) => string

/** Who wrote a message, as the history names them. */
export const senderName = (
  message: Message,
  contactName: string,
  operatorName: (id: string) => string,
  t: T,
): string => {
  switch (message.author.kind) {
    case 'customer':
      return contactName || t('customer')
    case 'operator':
      return operatorName(message.author.id)
    case 'bot':
      return message.author.name
  }
}
