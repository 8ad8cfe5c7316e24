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

/** [PRS5] Who else is in a chat (for its list row): the ones typing, and the ones only viewing it. */
export const othersIn = (
  states: Iterable<unknown>,
  chatId: string,
  selfId: string,
  nameOf: NameOf = noNames,
): { typing: PresentOperator[]; viewing: PresentOperator[] } => {
  const all = [...states]
  const typing = operatorsWhere(all, (p) => p.user.id !== selfId && p.typing === chatId, nameOf)
  const typers = new Set(typing.map((op) => op.id))
  const viewing = operatorsWhere(
    all,
    (p) => p.user.id !== selfId && p.viewing === chatId && !typers.has(p.user.id),
    nameOf,
  )
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
