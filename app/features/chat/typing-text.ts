/** The typing line as the glossary words it [PRS4]: «Вы печатаете…», «Вы, Иван печатают…», «Иван печатает…». */
import type { TypingPhrase } from '../../../model'
import { formatNames, type Locale, type MessageKey, type Params } from '../../i18n'

type Translate = (key: MessageKey, params?: Params) => string

export const typingText = (phrase: TypingPhrase | null, t: Translate, locale: Locale): string => {
  if (!phrase) return ''
  switch (phrase.form) {
    case 'self':
      return t('typingSelf')
    case 'one':
      return t('typingOne', { name: phrase.name })
    case 'many': {
      const names = phrase.self ? [t('you'), ...phrase.others] : phrase.others
      return t('typingMany', { names: formatNames(names, locale) })
    }
  }
}
