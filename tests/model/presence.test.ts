import { describe, expect, it } from 'vitest'
import { isOwnPresence, othersIn, type Presence, typingIn, typingPhrase } from '../../model'

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

describe('presence: list rows', () => {
  it('[PRS5] the others typing, and the others only viewing; me left out', () => {
    const states = [
      state('me', 'Анна', 'c1'),
      state('op2', 'Иван', 'c1'),
      state('op3', 'Борис', null, 'c1'),
      state('op4', 'Вера', null, 'c2'),
    ]
    expect(othersIn(states, 'c1', 'me')).toEqual({
      typing: [{ id: 'op2', name: 'Иван' }],
      viewing: [{ id: 'op3', name: 'Борис' }],
    })
    expect(othersIn(states, 'c3', 'me')).toEqual({ typing: [], viewing: [] })
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
