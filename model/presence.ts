/**
 * [PRS1] Presence: who is viewing or typing in which chat. It lives in Yjs Awareness, relayed only to operators
 * allowed to see the chat, and is never stored in a document.
 */
import { z } from 'zod'

const id = z.string().min(1).max(64)

export const PresenceSchema = z.object({
  user: z.object({ id, name: z.string().min(1).max(200) }),
  /** The chat open on screen. */
  viewing: id.nullable(),
  /** The chat whose composer the operator is typing in. */
  typing: id.nullable(),
})
export type Presence = z.infer<typeof PresenceSchema>

/** How long after the last keystroke the operator no longer counts as typing. */
export const TYPING_IDLE_MS = 3_000

/**
 * [PRS3] The name to show for an operator: the directory's (the server's record, by the id the server checked
 * [PRS2]) when known, else the name the state carries.
 */
export type NameOf = (operatorId: string) => string | null

export interface PresentOperator {
  readonly id: string
  readonly name: string
}

const byName = (a: PresentOperator, b: PresentOperator): number =>
  a.name.localeCompare(b.name) || a.id.localeCompare(b.id)

/** Every well-formed presence, one per operator (several tabs of one operator count once). */
const operatorsWhere = (
  states: Iterable<unknown>,
  holds: (presence: Presence) => boolean,
  nameOf: NameOf,
): PresentOperator[] => {
  const found = new Map<string, PresentOperator>()
  for (const state of states) {
    const parsed = PresenceSchema.safeParse(state)
    if (!parsed.success || !holds(parsed.data) || found.has(parsed.data.user.id)) continue
    const { id: userId, name } = parsed.data.user
    found.set(userId, { id: userId, name: nameOf(userId) ?? name })
  }
  return [...found.values()].sort(byName)
}

const noNames: NameOf = () => null

/** The names typing in a chat: whether the viewer types too, and the others by name (for «Вы, Иван печатают…»). */
export const typingIn = (
  states: Iterable<unknown>,
  chatId: string,
  selfId: string,
  nameOf: NameOf = noNames,
): { self: boolean; others: string[] } => {
  const typing = operatorsWhere(states, (p) => p.typing === chatId, nameOf)
  return {
    self: typing.some((op) => op.id === selfId),
    others: typing.filter((op) => op.id !== selfId).map((op) => op.name),
  }
}

/**
 * [PRS4] The typing line's shape, for the dictionaries to word: «Вы печатаете…» (`self`), «Иван печатает…»
 * (`one`), «Вы, Иван печатают…» / «Анна, Иван печатают…» (`many`, «Вы» first, the others by name); `null`: nobody.
 */
export type TypingPhrase =
  | { readonly form: 'self' }
  | { readonly form: 'one'; readonly name: string }
  | { readonly form: 'many'; readonly self: boolean; readonly others: readonly string[] }

export const typingPhrase = (typing: { self: boolean; others: readonly string[] }): TypingPhrase | null => {
  const { self, others } = typing
  const [first] = others
  if (first === undefined) return self ? { form: 'self' } : null
  if (!self && others.length === 1) return { form: 'one', name: first }
  return { form: 'many', self, others }
}

/**
 * [PRS6] Who is in one chat, by operator id (names come from the directory doc): the ones with it open
 * (`viewing`) and the ones typing in it (`typing`), each id once, sorted.
 */
export const ChatPresenceSchema = z.object({ viewing: z.array(id), typing: z.array(id) })
export type ChatPresence = z.infer<typeof ChatPresenceSchema>

/**
 * [PRS7] The server's own awareness state on an inbox index doc: who is in which of that index's chats (chats
 * with nobody in them are left out). It is relayed like any presence, so only the operators of that index's
 * group receive it, and it is never written to a doc.
 */
export const PresenceSummarySchema = z.object({ rows: z.record(id, ChatPresenceSchema) })
export type PresenceSummary = z.infer<typeof PresenceSummarySchema>

const sortedIds = (ids: Iterable<string>): string[] => [...new Set(ids)].sort()

/**
 * [PRS6] Who is in a chat, from the states on that chat's doc: a state counts for the chat only when it names
 * it (`viewing`, `typing`), so a state carried by another chat's doc says nothing about this one. `null`: nobody.
 */
export const chatPresenceOf = (states: Iterable<unknown>, chatId: string): ChatPresence | null => {
  const viewing: string[] = []
  const typing: string[] = []
  for (const state of states) {
    const parsed = PresenceSchema.safeParse(state)
    if (!parsed.success) continue
    if (parsed.data.viewing === chatId) viewing.push(parsed.data.user.id)
    if (parsed.data.typing === chatId) typing.push(parsed.data.user.id)
  }
  if (viewing.length === 0 && typing.length === 0) return null
  return { viewing: sortedIds(viewing), typing: sortedIds(typing) }
}

/**
 * [PRS7] One group's summary: the chats of its index (`inIndex`) that somebody is in, keyed in order so that an
 * unchanged summary encodes to the same JSON. `null` when nobody is in any of them.
 */
export const presenceSummaryOf = (
  chats: Iterable<readonly [string, ChatPresence]>,
  inIndex: (chatId: string) => boolean,
): PresenceSummary | null => {
  const rows = [...chats]
    .filter(([chatId]) => inIndex(chatId))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return rows.length === 0 ? null : { rows: Object.fromEntries(rows) }
}

/** [PRS7] The rows of every well-formed summary among an index doc's awareness states (normally the server's one). */
export const presenceRows = (states: Iterable<unknown>): ReadonlyMap<string, ChatPresence> => {
  const rows = new Map<string, ChatPresence>()
  for (const state of states) {
    const parsed = PresenceSummarySchema.safeParse(state)
    if (!parsed.success) continue
    for (const [chatId, row] of Object.entries(parsed.data.rows)) {
      const before = rows.get(chatId)
      rows.set(
        chatId,
        before
          ? {
              viewing: sortedIds([...before.viewing, ...row.viewing]),
              typing: sortedIds([...before.typing, ...row.typing]),
            }
          : row,
      )
    }
  }
  return rows
}

/**
 * [PRS5] A chat list row: the others typing in the chat, and the others only viewing it, by name [PRS3]; an id
 * the directory does not know (yet) is left out rather than shown bare.
 */
export const othersIn = (
  row: ChatPresence | undefined,
  selfId: string,
  nameOf: NameOf,
): { typing: PresentOperator[]; viewing: PresentOperator[] } => {
  const named = (ids: readonly string[]): PresentOperator[] =>
    ids.flatMap((opId) => {
      const name = opId === selfId ? null : nameOf(opId)
      return name === null ? [] : [{ id: opId, name }]
    })
  const typing = named(row?.typing ?? []).sort(byName)
  const typers = new Set(row?.typing ?? [])
  const viewing = named((row?.viewing ?? []).filter((opId) => !typers.has(opId))).sort(byName)
  return { typing, viewing }
}

/**
 * [PRS2] Whether an awareness state may be relayed from a connection of `operatorId`: a removal (`null`), or a
 * state that describes that operator (`user.id`). Anything else (another operator's id, no user at all) is a
 * forgery, or a client that says nothing about who it is.
 */
export const isOwnPresence = (state: unknown, operatorId: string): boolean => {
  if (state === null) return true
  if (typeof state !== 'object') return false
  const user = (state as { user?: unknown }).user
  return typeof user === 'object' && user !== null && (user as { id?: unknown }).id === operatorId
}
