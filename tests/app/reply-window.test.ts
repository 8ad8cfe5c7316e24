/** [WIN1] WhatsApp's reply window as the composer words it: hours and minutes left, or closed. */
import { describe, expect, it } from 'vitest'
import { dictionaries, fill } from '../../app/i18n'
import { replyWindowAt, sameWindow } from '../../app/state/reply-window'
import { REPLY_WINDOW_MS } from '../../model'

const MINUTE = 60_000
const T = 1_700_000_000_000

describe('app: the reply window countdown', () => {
  it('[WIN1] counts hours and minutes down from 24 h after the customer’s last message', () => {
    const endsAt = T + REPLY_WINDOW_MS
    expect(replyWindowAt(endsAt, T)).toEqual({ open: true, hours: 24, minutes: 0 })
    expect(replyWindowAt(endsAt, T + 48 * MINUTE)).toEqual({ open: true, hours: 23, minutes: 12 })
    expect(replyWindowAt(endsAt, T + 48 * MINUTE + 30_000)).toEqual({ open: true, hours: 23, minutes: 12 })
    // The last seconds still say a minute: never «0 ч 0 мин» while free text can go.
    expect(replyWindowAt(endsAt, endsAt - 1_000)).toEqual({ open: true, hours: 0, minutes: 1 })
  })

  it('[WIN1] is closed from 24 h on, and when the customer never wrote', () => {
    expect(replyWindowAt(T + REPLY_WINDOW_MS, T + REPLY_WINDOW_MS)).toEqual({ open: false })
    expect(replyWindowAt(T, T + 60 * MINUTE)).toEqual({ open: false })
    expect(replyWindowAt(null, T)).toEqual({ open: false })
  })

  it('[WIN1] a view hears of the countdown only when what it says changes', () => {
    const endsAt = T + REPLY_WINDOW_MS
    const at = (now: number) => replyWindowAt(endsAt, now)
    expect(sameWindow(at(T + 48 * MINUTE), at(T + 48 * MINUTE + 30_000))).toBe(true)
    expect(sameWindow(at(T + 48 * MINUTE), at(T + 49 * MINUTE))).toBe(false)
    expect(sameWindow(at(endsAt), replyWindowAt(null, T))).toBe(true)
    expect(sameWindow(at(endsAt - 1_000), at(endsAt))).toBe(false)
    expect(sameWindow(null, at(endsAt))).toBe(false)
    expect(sameWindow(null, null)).toBe(true)
  })

  it('[WIN1] says it in both languages', () => {
    const window = replyWindowAt(T + REPLY_WINDOW_MS, T + 48 * MINUTE)
    if (!window.open) throw new Error('open')
    const params = { h: window.hours, m: window.minutes }
    expect(fill(dictionaries.ru.replyWindow, params)).toBe('Окно ответа: 23 ч 12 мин')
    expect(fill(dictionaries.en.replyWindow, params)).toBe('Reply window: 23 h 12 min')
  })
})
