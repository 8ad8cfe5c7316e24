import { describe, expect, it } from 'vitest'
import { typingText } from '../../app/features/chat/typing-text'
import { dictionaries, fill, type Locale, type MessageKey, type Params } from '../../app/i18n'
import { typingPhrase } from '../../model'

const say = (locale: Locale, self: boolean, others: string[]): string =>
  typingText(
    typingPhrase({ self, others }),
    (key: MessageKey, params?: Params) => fill(dictionaries[locale][key], params),
    locale,
  )

describe('app: the typing line in both languages (GLOSSARY.md)', () => {
  it('[PRS4] Russian', () => {
    expect(say('ru', true, [])).toBe('Вы печатаете…')
    expect(say('ru', true, ['Иван'])).toBe('Вы, Иван печатают…')
    expect(say('ru', false, ['Иван'])).toBe('Иван печатает…')
    expect(say('ru', false, ['Борис', 'Иван'])).toBe('Борис, Иван печатают…')
    expect(say('ru', true, ['Борис', 'Иван'])).toBe('Вы, Борис, Иван печатают…')
    expect(say('ru', false, [])).toBe('')
  })

  it('[PRS4] English', () => {
    expect(say('en', true, [])).toBe('You are typing…')
    expect(say('en', true, ['Ivan'])).toBe('You and Ivan are typing…')
    expect(say('en', false, ['Ivan'])).toBe('Ivan is typing…')
    expect(say('en', false, ['Boris', 'Ivan'])).toBe('Boris and Ivan are typing…')
    expect(say('en', true, ['Boris', 'Ivan'])).toBe('You, Boris and Ivan are typing…')
  })
})
