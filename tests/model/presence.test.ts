import { describe, expect, it } from 'vitest'
import {
  type ChatPresence,
  chatPresenceOf,
  isOwnPresence,
  othersIn,
  type Presence,
  PresenceSummarySchema,
  presenceRows,
  presenceSummaryOf,
  typingIn,
  typingPhrase,
} from '../../model'

const state = (id: string, name: string, typing: string | null, viewing = typing): Presence => ({
  user: { id, name },
  viewing,
  typing,
})

describe('presence: the typing line', () => {
  it('[PRS4] me alone: «Вы печатаете…»', () => {
    const line = typingIn([state('me', 'Анна', 'c1')], 'c1', 'me')
    expect(line).toEqual({ self: true, others: [] })
    expect(typingPhrase(line)).toEqual({ form: 'self' })
  })

  it('[PRS4] one other: «Иван печатает…»; nobody: no line', () => {
    const states = [state('me', 'Анна', null, 'c1'), state('op2', 'Иван', 'c1')]
    expect(typingPhrase(typingIn(states, 'c1', 'me'))).toEqual({ form: 'one', name: 'Иван' })
    expect(typingPhrase(typingIn(states, 'c2', 'me'))).toBeNull()
  })

  it('[PRS4] me and others: «Вы» first, then the others by name, whatever the order of the states', () => {
    const states = [state('op3', 'Борис', 'c1'), state('op2', 'Иван', 'c1'), state('me', 'Анна', 'c1')]
    for (const order of [states, [...states].reverse()]) {
      const line = typingIn(order, 'c1', 'me')
      expect(line).toEqual({ self: true, others: ['Борис', 'Иван'] })
      expect(typingPhrase(line)).toEqual({ form: 'many', self: true, others: ['Борис', 'Иван'] })
    }
  })

  it('[PRS4] several others without me: plural, by name', () => {
    const states = [state('op2', 'Иван', 'c1'), state('op3', 'Борис', 'c1')]
    expect(typingPhrase(typingIn(states, 'c1', 'me'))).toEqual({
      form: 'many',
      self: false,
      others: ['Борис', 'Иван'],
    })
  })

  it('[PRS3] an operator typing in two tabs counts once; the directory’s name wins over the state’s', () => {
    const states = [state('op2', 'Ivan (tab 1)', 'c1'), state('op2', 'Ivan (tab 2)', 'c1')]
    expect(typingIn(states, 'c1', 'me', (id) => (id === 'op2' ? 'Иван' : null))).toEqual({
      self: false,
      others: ['Иван'],
    })
  })

  it('[PRS1] malformed states are ignored', () => {
    const states = [{ user: 'not a presence' }, null, { user: { id: 'op2' }, typing: 'c1' }, 42]
    expect(typingIn(states, 'c1', 'me')).toEqual({ self: false, others: [] })
  })
})

describe('presence: who is in a chat, as the server sums it up', () => {
  it('[PRS6] the ids viewing and typing in the chat, each once (two tabs), sorted; nobody: null', () => {
    const states = [
      state('op2', 'Иван', 'c1'),
      state('op1', 'Анна', null, 'c1'),
      state('op2', 'Ivan (tab 2)', null, 'c1'),
      { user: 'not a presence' },
      null,
    ]
    expect(chatPresenceOf(states, 'c1')).toEqual({ viewing: ['op1', 'op2'], typing: ['op2'] })
    expect(chatPresenceOf([state('op1', 'Анна', null, null)], 'c1')).toBeNull()
    expect(chatPresenceOf([], 'c1')).toBeNull()
  })

  it('[PRS6] a state that names another chat says nothing about this one', () => {
    // A state on chat c1's doc claiming to be in c2 does not put its operator in c1, nor (here) in c2.
    expect(chatPresenceOf([state('op2', 'Иван', 'c2')], 'c1')).toBeNull()
  })

  it('[PRS7] a group’s summary holds only the chats of its index, in a stable order; none: null', () => {
    const chats = new Map<string, ChatPresence>([
      ['c3', { viewing: ['op1'], typing: [] }],
      ['c1', { viewing: ['op2'], typing: ['op2'] }],
      ['c2', { viewing: ['op3'], typing: [] }],
    ])
    const summary = presenceSummaryOf(chats, (chatId) => chatId !== 'c2')
    expect(summary).toEqual({
      rows: { c1: { viewing: ['op2'], typing: ['op2'] }, c3: { viewing: ['op1'], typing: [] } },
    })
    expect(PresenceSummarySchema.parse(summary)).toEqual(summary)
    // Same content in another order: the same JSON, so an unchanged summary is not sent again.
    const reordered = presenceSummaryOf([...chats].reverse(), (chatId) => chatId !== 'c2')
    expect(JSON.stringify(reordered)).toBe(JSON.stringify(summary))
    expect(presenceSummaryOf(chats, () => false)).toBeNull()
  })

  it('[PRS7] clients read the rows of well-formed summaries and ignore any other state', () => {
    const rows = presenceRows([
      { rows: { c1: { viewing: ['op2'], typing: [] } } },
      { rows: { c1: { viewing: ['op3'], typing: ['op3'] } } },
      { rows: { c2: { viewing: 'op4' } } },
      state('op5', 'Вера', 'c1'),
      null,
    ])
    expect([...rows]).toEqual([['c1', { viewing: ['op2', 'op3'], typing: ['op3'] }]])
  })
})

describe('presence: list rows', () => {
  const names: Record<string, string> = { me: 'Анна', op2: 'Иван', op3: 'Борис', op4: 'Вера' }
  const nameOf = (id: string): string | null => names[id] ?? null

  it('[PRS5] the others typing, and the others only viewing, by the directory’s name; me left out', () => {
    const row: ChatPresence = { viewing: ['me', 'op2', 'op3', 'op4'], typing: ['me', 'op2'] }
    expect(othersIn(row, 'me', nameOf)).toEqual({
      typing: [{ id: 'op2', name: 'Иван' }],
      viewing: [
        { id: 'op3', name: 'Борис' },
        { id: 'op4', name: 'Вера' },
      ],
    })
    expect(othersIn(undefined, 'me', nameOf)).toEqual({ typing: [], viewing: [] })
  })

  it('[PRS5] an id the directory does not know yet is left out, not shown bare', () => {
    expect(othersIn({ viewing: ['op9', 'op2'], typing: ['op9'] }, 'me', nameOf)).toEqual({
      typing: [],
      viewing: [{ id: 'op2', name: 'Иван' }],
    })
  })
})

describe('presence: what a connection may announce', () => {
  it('[PRS2] only its operator’s own state, or a removal', () => {
    expect(isOwnPresence(state('op1', 'Анна', 'c1'), 'op1')).toBe(true)
    expect(isOwnPresence(null, 'op1')).toBe(true)
    expect(isOwnPresence(state('op2', 'Иван', 'c1'), 'op1')).toBe(false)
    expect(isOwnPresence({}, 'op1')).toBe(false)
    expect(isOwnPresence({ user: null }, 'op1')).toBe(false)
    expect(isOwnPresence('op1', 'op1')).toBe(false)
  })
})
