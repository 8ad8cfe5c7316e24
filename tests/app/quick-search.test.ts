import { describe, expect, it } from 'vitest'
import { matchesQuery } from '../../app/state/inbox'
import type { ChatSummary } from '../../model'
import { summaryOf } from '../helpers/model'

const summary = (contactName: string, text: string | null): ChatSummary =>
  summaryOf(contactName, {
    lastMessage: text === null ? null : { text, at: 1, direction: 'in', kind: 'text' },
  })

describe('app: quick search in the chat list', () => {
  it('matches the contact’s name or the last message, whatever the case', () => {
    expect(matchesQuery(summary('Мария Иванова', 'Привет'), 'иванова')).toBe(true)
    expect(matchesQuery(summary('Пётр', 'Где мой ЗАКАЗ?'), 'заказ')).toBe(true)
    expect(matchesQuery(summary('Пётр', null), 'заказ')).toBe(false)
    expect(matchesQuery(summary('Олег', 'Спасибо'), 'заказ')).toBe(false)
  })
})
