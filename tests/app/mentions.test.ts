/** @mentions in the comment field (app/state/mentions.ts): the query at the caret, matching, picking, finding. */
import { describe, expect, it } from 'vitest'
import { matchMentionable, mentionedIn, mentionQuery, pickMention } from '../../app/state/mentions'

const people = [
  { id: 'ivan', name: 'Иван Петров' },
  { id: 'ivanna', name: 'Иванна' },
  { id: 'boris', name: 'Борис Ёлкин' },
  { id: 'anna', name: 'Anna Smith' },
]

describe('[CMT1] @mentions in a comment', () => {
  it('finds the query typed after an @ at the start or after a space, up to the caret', () => {
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQuery('Посмотри @Ив', 12)).toEqual({ start: 9, query: 'Ив' })
    expect(mentionQuery('Посмотри @Иван П', 16)).toEqual({ start: 9, query: 'Иван П' })
    // The caret is before the @, in an e-mail, or past a line break: no list.
    expect(mentionQuery('Посмотри @Ив', 5)).toBeNull()
    expect(mentionQuery('почта anna@shop.ru', 18)).toBeNull()
    expect(mentionQuery('@Иван\nдальше', 12)).toBeNull()
    expect(mentionQuery(`@${'x'.repeat(41)}`, 42)).toBeNull()
  })

  it('matches names starting with the query first, then a word of the name; case and ё do not matter', () => {
    expect(matchMentionable('', people).map((p) => p.id)).toEqual(['anna', 'boris', 'ivan', 'ivanna'])
    expect(matchMentionable('ива', people).map((p) => p.id)).toEqual(['ivan', 'ivanna'])
    expect(matchMentionable('пет', people).map((p) => p.id)).toEqual(['ivan'])
    expect(matchMentionable('елк', people).map((p) => p.id)).toEqual(['boris'])
    expect(matchMentionable('SMI', people).map((p) => p.id)).toEqual(['anna'])
    expect(matchMentionable('zz', people)).toEqual([])
    expect(matchMentionable('', people, 2)).toHaveLength(2)
  })

  it('picking replaces the query with the whole name and a space, and puts the caret after it', () => {
    const text = 'Посмотри @Ив, пожалуйста'
    const picked = pickMention(text, { start: 9, query: 'Ив' }, 12, 'Иван Петров')
    expect(picked.text).toBe('Посмотри @Иван Петров , пожалуйста')
    expect(picked.caret).toBe(9 + '@Иван Петров '.length)
    expect(pickMention('@', { start: 0, query: '' }, 1, 'Anna Smith')).toEqual({
      text: '@Anna Smith ',
      caret: 12,
    })
  })

  it('a comment mentions whoever’s @Name is in it, however it got there; the longer name wins', () => {
    expect(mentionedIn('@Иван Петров, глянь', people)).toEqual(['ivan'])
    expect(mentionedIn('@Иванна и @иван петров', people)).toEqual(['ivan', 'ivanna'])
    expect(mentionedIn('@Борис Елкин и снова @Борис Ёлкин.', people)).toEqual(['boris'])
    expect(mentionedIn('Иван Петров без собаки', people)).toEqual([])
    expect(mentionedIn('@Anna Smithson', people)).toEqual([])
  })
})
