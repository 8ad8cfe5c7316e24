/** The picker's emoji, parsed once from emoji-data.ts, and searched by an English or Russian word. */
import type { Locale } from '../../i18n'
import { EMOJI_TEXT, type EmojiCategory } from './emoji-data'

export interface Emoji {
  readonly char: string
  readonly category: EmojiCategory
  readonly name: Readonly<Record<Locale, string>>
  /** Names and keywords of both languages, lower case, «ё» as «е». */
  readonly words: string
}

const fold = (text: string): string => text.toLocaleLowerCase().replace(/ё/g, 'е')

export const EMOJI_CATEGORIES = Object.keys(EMOJI_TEXT) as EmojiCategory[]

export const EMOJI: readonly Emoji[] = EMOJI_CATEGORIES.flatMap((category) =>
  EMOJI_TEXT[category]
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [char = '', en = '', ru = ''] = line.split('|')
      return {
        char,
        category,
        name: { en: en.split(',')[0] ?? '', ru: ru.split(',')[0] ?? '' },
        words: fold(`${en},${ru}`),
      }
    }),
)

/**
 * The emoji whose names or keywords contain every word of the query, in either language (`сердце`, `heart red`),
 * in the picker's order. An empty query gives none: the picker then shows the categories.
 */
export const searchEmoji = (query: string, limit = 64): Emoji[] => {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return []
  return EMOJI.filter((e) => words.every((w) => e.words.includes(w))).slice(0, limit)
}

/** The emoji recently inserted, most recent first: kept in localStorage, per browser. */
export const RECENT_EMOJI_KEY = 'switchboard.emoji.recent'
const RECENT_MAX = 16

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>

export const readRecentEmoji = (storage: KeyValueStore): Emoji[] => {
  let chars: unknown
  try {
    chars = JSON.parse(storage.getItem(RECENT_EMOJI_KEY) ?? '[]')
  } catch {
    return []
  }
  if (!Array.isArray(chars)) return []
  return chars.flatMap((c) => EMOJI.find((e) => e.char === c) ?? [])
}

export const rememberEmoji = (storage: KeyValueStore, char: string): void => {
  const chars = [char, ...readRecentEmoji(storage).map((e) => e.char)].filter(
    (c, i, all) => all.indexOf(c) === i,
  )
  storage.setItem(RECENT_EMOJI_KEY, JSON.stringify(chars.slice(0, RECENT_MAX)))
}
