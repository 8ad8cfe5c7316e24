/** What the history shows and offers on a message: its delivery state, send again, edit, delete for the customer. */
import { describe, expect, it } from 'vitest'
import { DELIVERY_VIEWS } from '../../app/features/chat/delivery-view'
import { dictionaries } from '../../app/i18n'
import { deliveryStateOf, type MessageOptionsInput, messageOptions } from '../../app/state/message-options'
import type { Delivery, DeliveryState, Message } from '../../model'

const T = 1_700_000_000_000
const answer = (over: Partial<Message> = {}): Message => ({
  id: 'm-1',
  at: T,
  direction: 'out',
  kind: 'text',
  author: { kind: 'operator', id: 'anna' },
  text: 'Ответ',
  ...over,
})
const delivered = (state: DeliveryState, error?: string): Delivery => ({
  state,
  at: T + 1,
  ...(error !== undefined && { error }),
})
const options = (over: Partial<MessageOptionsInput> = {}) =>
  messageOptions({
    message: answer(),
    operatorId: 'anna',
    kind: 'telegram',
    delivery: delivered('delivered'),
    removed: false,
    ...over,
  })

describe('app: a message’s delivery state and options', () => {
  it('[DLV1] an answer without a record is pending; customer messages and internal comments have no state', () => {
    expect(deliveryStateOf(answer(), undefined)).toBe('pending')
    expect(deliveryStateOf(answer({ author: { kind: 'bot', name: 'bot' } }), delivered('read'))).toBe('read')
    expect(deliveryStateOf(answer({ direction: 'in', author: { kind: 'customer' } }), undefined)).toBeNull()
    expect(deliveryStateOf(answer({ direction: 'internal' }), undefined)).toBeNull()
  })

  it('[DLV1] each state has its glossary word in both languages', () => {
    const words = (locale: 'ru' | 'en') =>
      (['pending', 'sent', 'delivered', 'read', 'failed', 'unknown'] as const).map(
        (state) => dictionaries[locale][DELIVERY_VIEWS[state].label],
      )
    expect(words('ru')).toEqual([
      'Отправляется',
      'Отправлено',
      'Доставлено',
      'Прочитано',
      'Ошибка',
      'Неизвестно',
    ])
    expect(words('en')).toEqual(['Sending', 'Sent', 'Delivered', 'Read', 'Failed', 'Unknown'])
  })

  it('send again: only a failed or unknown answer, whoever wrote it', () => {
    expect(options({ delivery: delivered('failed', 'Forbidden') }).resend).toBe(true)
    expect(options({ delivery: delivered('unknown'), operatorId: 'ivan' }).resend).toBe(true)
    for (const state of ['pending', 'sent', 'delivered', 'read'] as const) {
      expect(options({ delivery: delivered(state) }).resend, state).toBe(false)
    }
    expect(options({ delivery: undefined }).resend).toBe(false)
  })

  it('[EDT2] [EDT3] edit and delete: the operator’s own answer, once in a Telegram or VK chat, until deleted', () => {
    expect(options()).toEqual({ resend: false, edit: true, remove: true })
    expect(options({ kind: 'vk', delivery: delivered('sent') })).toMatchObject({ edit: true, remove: true })
    expect(options({ operatorId: 'ivan' })).toMatchObject({ edit: false, remove: false })
    expect(options({ message: answer({ author: { kind: 'bot', name: 'bot' } }) })).toMatchObject({
      edit: false,
      remove: false,
    })
    // Not in the messenger (yet, or ever): nothing there to change.
    for (const state of ['pending', 'failed', 'unknown'] as const) {
      expect(options({ delivery: delivered(state) }), state).toMatchObject({ edit: false, remove: false })
    }
    expect(options({ removed: true })).toMatchObject({ edit: false, remove: false })
    // The WhatsApp Cloud API changes nothing once sent; the widget is not a messenger; an unknown channel, neither.
    for (const kind of ['whatsapp', 'widget', undefined] as const) {
      expect(options({ kind }), String(kind)).toMatchObject({ edit: false, remove: false })
    }
    // A photo's caption is not a text message's text: deleted, not edited.
    expect(options({ message: answer({ kind: 'image' }) })).toMatchObject({ edit: false, remove: true })
  })
})
