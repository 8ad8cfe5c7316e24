/** The emoji picker's set and search (app/features/chat/emoji.ts): no package, no network. */
import { describe, expect, it } from 'vitest'
import {
  EMOJI,
  EMOJI_CATEGORIES,
  readRecentEmoji,
  rememberEmoji,
  searchEmoji,
} from '../../app/features/chat/emoji'

describe('emoji', () => {
  it('a few hundred emoji in every category, each with an English and a Russian name, none twice', () => {
    expect(EMOJI.length).toBeGreaterThanOrEqual(300)
    for (const category of EMOJI_CATEGORIES) {
      expect(EMOJI.filter((e) => e.category === category).length).toBeGreaterThan(20)
    }
    for (const e of EMOJI) {
      expect(e.char).not.toBe('')
      expect(e.name.en).not.toBe('')
      expect(e.name.ru).not.toBe('')
    }
    expect(new Set(EMOJI.map((e) => e.char)).size).toBe(EMOJI.length)
  })

  it('is found by an English or a Russian word, every word of the query; ё is е', () => {
    expect(searchEmoji('thumbs up').map((e) => e.char)).toEqual(['👍'])
    expect(searchEmoji('лайк').map((e) => e.char)).toContain('👍')
    expect(searchEmoji('Сердце красное').map((e) => e.char)).toEqual(['❤️'])
    expect(searchEmoji('елка').map((e) => e.char)).toContain('🎄')
    expect(searchEmoji('доставка').map((e) => e.char)).toEqual(expect.arrayContaining(['🚚', '📦']))
    expect(searchEmoji('   ')).toEqual([])
    expect(searchEmoji('qwertyzz')).toEqual([])
  })

  it('remembers the latest picks first, each once, at most 16', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    }
    for (const e of EMOJI.slice(0, 20)) rememberEmoji(storage, e.char)
    rememberEmoji(storage, EMOJI[19]!.char)
    const recent = readRecentEmoji(storage).map((e) => e.char)
    expect(recent).toHaveLength(16)
    expect(recent[0]).toBe(EMOJI[19]!.char)
    expect(new Set(recent).size).toBe(16)
  })
})
