/**
 * @mentions in an internal comment (seed 003), as pure functions of the text and the caret: the query being typed
 * after an `@`, the operators it matches, the text once one is picked, and whom a finished comment mentions (the
 * operators whose `@Name` is in it, however it got there: picked from the list, typed, or pasted).
 */

export interface Mentionable {
  readonly id: string
  readonly name: string
}

export interface MentionQuery {
  /** Where the `@` is. */
  readonly start: number
  /** What follows it up to the caret. */
  readonly query: string
}

/** A query is short and on one line: past that, the `@` was not a mention (an e-mail, a handle). */
const MAX_QUERY = 40

const fold = (text: string): string => text.toLocaleLowerCase().replace(/ё/g, 'е')

/**
 * The mention being typed at `caret`: an `@` at the start or after a space, then up to the caret no line break
 * and at most `MAX_QUERY` characters. `null` when the caret is not in one.
 */
export const mentionQuery = (text: string, caret: number): MentionQuery | null => {
  const before = text.slice(0, caret)
  const start = before.lastIndexOf('@')
  if (start < 0) return null
  if (start > 0 && !/\s/.test(before[start - 1]!)) return null
  const query = before.slice(start + 1)
  if (query.length > MAX_QUERY || /[\n\r@]/.test(query)) return null
  return { start, query }
}

/**
 * The operators a query matches, best first: names starting with it, then names with a word starting with it;
 * each group by name. An empty query matches everyone.
 */
export const matchMentionable = <T extends Mentionable>(
  query: string,
  people: readonly T[],
  limit = 8,
): T[] => {
  const q = fold(query.trim())
  const rank = (p: T): number => {
    const name = fold(p.name)
    if (name.startsWith(q)) return 0
    return name.split(/\s+/).some((word) => word.startsWith(q)) ? 1 : -1
  }
  return people
    .map((p) => ({ p, r: rank(p) }))
    .filter(({ r }) => r >= 0)
    .sort((a, b) => a.r - b.r || a.p.name.localeCompare(b.p.name))
    .slice(0, limit)
    .map(({ p }) => p)
}

/** The text with `@query` at `mention` replaced by `@Name `, and where the caret goes. */
export const pickMention = (
  text: string,
  mention: MentionQuery,
  caret: number,
  name: string,
): { text: string; caret: number } => {
  const inserted = `@${name} `
  const after = text.slice(caret).replace(/^ /, '')
  return {
    text: text.slice(0, mention.start) + inserted + after,
    caret: mention.start + inserted.length,
  }
}

/**
 * Whom a comment mentions: every operator whose `@Name` is in the text, followed by the end, a space or a
 * punctuation mark (so `@Иван` does not mention «Иванна»); where two names start at one `@` («Иван» and «Иван
 * Петров»), the longer one. Each once, in the order of the list.
 */
export const mentionedIn = (text: string, people: readonly Mentionable[]): string[] => {
  const folded = fold(text)
  const claimed = new Set<number>()
  const found = new Set<string>()
  const longestFirst = [...people].sort((a, b) => b.name.length - a.name.length)
  for (const p of longestFirst) {
    const needle = `@${fold(p.name)}`
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) {
      const next = folded[at + needle.length]
      if (claimed.has(at) || (next !== undefined && /[\p{L}\p{N}_]/u.test(next))) continue
      claimed.add(at)
      found.add(p.id)
    }
  }
  return people
    .filter((p) => found.has(p.id))
    .map((p) => p.id)
    .filter((id, i, all) => all.indexOf(id) === i)
}
