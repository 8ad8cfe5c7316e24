/**
 * The local half of a search in message texts: the chats this browser holds (the warm set, open or stored in
 * IndexedDB), searched in memory, newest first. Pure: the chats are given (search.ts gathers them). Also the
 * snippets shown for a hit, local or from the server.
 */
import type { Message } from '../../model'
import type { QuickSearch } from './quick-search'

export interface ChatMessages {
  readonly chatId: string
  readonly messages: readonly Message[]
}

export interface MessageHit {
  readonly chatId: string
  readonly messageId: string
  readonly at: number
  readonly text: string
}

/** Messages are parsed once per stored item (MSG5) and never change: each text is lower-cased once. */
const lowered = new WeakMap<Message, string>()

const lowerOf = (m: Message): string => {
  let text = lowered.get(m)
  if (text === undefined) {
    text = m.text.toLocaleLowerCase()
    lowered.set(m, text)
  }
  return text
}

/** Lower-cases the texts ahead of a search (see SearchState.prepare). */
export const prepareTexts = (messages: readonly Message[]): void => {
  for (const m of messages) lowerOf(m)
}

/** The messages whose text holds the search's text, newest first, at most `limit`; technical lines left out. */
export const searchMessages = (
  chats: Iterable<ChatMessages>,
  q: QuickSearch,
  limit: number,
): MessageHit[] => {
  const hits: MessageHit[] = []
  for (const { chatId, messages } of chats) {
    for (const m of messages) {
      if (m.kind === 'technical' || !m.text || !lowerOf(m).includes(q.text)) continue
      hits.push({ chatId, messageId: m.id, at: m.at, text: m.text })
    }
  }
  return hits.sort((a, b) => b.at - a.at || (a.messageId < b.messageId ? -1 : 1)).slice(0, limit)
}

/** A snippet in three parts, the match in the middle: what a result row shows, the match highlighted. */
export interface Snippet {
  readonly before: string
  readonly match: string
  readonly after: string
}

/** Characters shown on each side of a match. */
const CONTEXT = 40

/** The text around the first place it holds `needle` (lower-cased); the start of the text when it holds none. */
export const snippetOf = (text: string, needle: string): Snippet => {
  const at = needle ? text.toLocaleLowerCase().indexOf(needle) : -1
  if (at < 0) return { before: '', match: '', after: cut(text, 2 * CONTEXT) }
  const from = Math.max(0, at - CONTEXT)
  const end = at + needle.length
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, at),
    match: text.slice(at, end),
    after: cut(text.slice(end), CONTEXT),
  }
}

const cut = (text: string, n: number): string => (text.length > n ? `${text.slice(0, n)}…` : text)

/** The server's snippet marks its match `[like this]` (sync-server/search.ts): the same three parts. */
export const parseServerSnippet = (snippet: string): Snippet => {
  const open = snippet.indexOf('[')
  const close = open < 0 ? -1 : snippet.indexOf(']', open + 1)
  if (close < 0) return { before: '', match: '', after: snippet }
  return {
    before: snippet.slice(0, open),
    match: snippet.slice(open + 1, close),
    after: snippet.slice(close + 1).replace(/[[\]]/g, ''),
  }
}
