/**
 * The quick search over the inbox index, instant and offline (seed 000: «Поиск работает по имени, фамилии,
 * телефону, email…»): a chat matches when its contact's name, email or last message contains the text, whatever
 * the case, or when the text is a phone number (any formatting) that the contact's phone contains [SRC1].
 * Notes and older messages are not in the index: message-search.ts looks through the stored chats, the server
 * through everything.
 */
import type { ChatSummary } from '../../model'

export interface QuickSearch {
  /** Lower-cased, trimmed. */
  readonly text: string
  /** The digits to find in phones, when the text is written like a phone number. */
  readonly digits: string | null
}

/** Fewer digits say too little: `12` is in most phone numbers. Same bound as the server's. */
const MIN_PHONE_DIGITS = 4
/** Digits and what people write between them: `+7 (916) 555-01-01`. */
const PHONE_LIKE = /^[\d\s()+\-.]+$/

/** A national number written with its country code or a trunk prefix (+7 916…, 8 916…): its last ten digits. */
const nationalDigits = (digits: string): string => (digits.length > 10 ? digits.slice(-10) : digits)

/** The search for a query; `null` when there is nothing to search for. */
export const quickSearchOf = (query: string): QuickSearch | null => {
  const text = query.trim().toLocaleLowerCase()
  if (!text) return null
  const digits = PHONE_LIKE.test(text) ? text.replace(/\D/g, '') : ''
  return { text, digits: digits.length >= MIN_PHONE_DIGITS ? nationalDigits(digits) : null }
}

interface Haystack {
  readonly text: string
  readonly digits: string
}

/** Summaries keep their identity while unchanged (IDX2): each is lower-cased once, not at every keystroke. */
const haystacks = new WeakMap<ChatSummary, Haystack>()

const haystackOf = (s: ChatSummary): Haystack => {
  let hay = haystacks.get(s)
  if (!hay) {
    hay = {
      text: [s.contactName, s.contactEmail ?? '', s.lastMessage?.text ?? ''].join('\n').toLocaleLowerCase(),
      digits: (s.contactPhone ?? '').replace(/\D/g, ''),
    }
    haystacks.set(s, hay)
  }
  return hay
}

/** The start of the app (its first screen, the stored index being read) is not the time to prepare a search. */
const PREPARE_AFTER_MS = 3_000

/**
 * Lower-cases the summaries ahead of the first search, in slices of idle time (the first search over 10,000
 * summaries would otherwise pay ~50 ms for it), starting a few seconds after the summaries last changed, so the
 * first screen and a burst of index changes keep the main thread; returns the function that stops it.
 */
export const prepareQuickSearch = (summaries: readonly ChatSummary[]): (() => void) => {
  if (typeof requestIdleCallback === 'undefined') return () => {}
  let next = 0
  let handle = 0
  const work = (deadline: IdleDeadline): void => {
    while (next < summaries.length && deadline.timeRemaining() > 1) {
      const end = Math.min(summaries.length, next + 200)
      for (; next < end; next++) haystackOf(summaries[next]!)
    }
    if (next < summaries.length) handle = requestIdleCallback(work)
  }
  const timer = setTimeout(() => {
    handle = requestIdleCallback(work)
  }, PREPARE_AFTER_MS)
  return () => {
    clearTimeout(timer)
    cancelIdleCallback(handle)
  }
}

export const matchesQuickSearch = (s: ChatSummary, q: QuickSearch): boolean => {
  const hay = haystackOf(s)
  return hay.text.includes(q.text) || (q.digits !== null && hay.digits.includes(q.digits))
}
