import { describe, expect, it } from 'vitest'
import { matchesQuery } from '../../app/state/inbox'
import type { ChatSummary } from '../../model'

const summary = (contactName: string, text: string | null): ChatSummary => ({
  id: contactName,
  channelId: 'tg',
  contactId: `c-${contactName}`,
  contactName,
  contactTags: [],
  status: 'open',
  assigneeId: null,
  closedBy: null,
  lastMessage: text === null ? null : { text, at: 1, direction: 'in', kind: 'text' },
  lastAt: 1,
  waiting: true,
  unassignedAt: null,
  unassigned: false,
  inbound: 1,
  unread: {},
  markedUnread: [],
})

describe('app: quick search in the chat list', () => {
  it('matches the contact’s name or the last message, whatever the case', () => {
    expect(matchesQuery(summary('Мария Иванова', 'Привет'), 'иванова')).toBe(true)
    expect(matchesQuery(summary('Пётр', 'Где мой ЗАКАЗ?'), 'заказ')).toBe(true)
    expect(matchesQuery(summary('Пётр', null), 'заказ')).toBe(false)
    expect(matchesQuery(summary('Олег', 'Спасибо'), 'заказ')).toBe(false)
  })
})
