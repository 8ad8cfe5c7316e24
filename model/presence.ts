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

/** The names typing in a chat, the viewer first when they type too (for «Вы, Иван печатают…»). */
export const typingIn = (
  states: Iterable<unknown>,
  chatId: string,
  selfId: string,
): { self: boolean; others: string[] } => {
  let self = false
  const others: string[] = []
  for (const state of states) {
    const parsed = PresenceSchema.safeParse(state)
    if (!parsed.success || parsed.data.typing !== chatId) continue
    if (parsed.data.user.id === selfId) self = true
    else if (!others.includes(parsed.data.user.name)) others.push(parsed.data.user.name)
  }
  return { self, others: others.sort((a, b) => a.localeCompare(b)) }
}
