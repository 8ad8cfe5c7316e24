/**
 * Operators' own labels on messages (seed 001, «Метки сообщений»): reaction marks and message tags, never shown to
 * the customer. Each is one entry of a chat-doc map, keyed so that concurrent writers of different labels never
 * touch the same key [MRK1, MTG1]. Pure: this file imports nothing of the model, so the schema can import it.
 */
import { z } from 'zod'

const id = z.string().min(1).max(64)
const time = z.number().int().nonnegative()

/** [MRK1] The kinds of mark; «нейтральная» is no mark (it clears one). */
export const MarkKindSchema = z.enum(['positive', 'negative'])
export type MarkKind = z.infer<typeof MarkKindSchema>
export const MARK_EMOJI: Readonly<Record<MarkKind, string>> = { positive: '👍', negative: '👎' }

/** [MRK1] One operator's mark on one message, under `markKey(messageId, by)`. */
export const MessageMarkSchema = z.object({ messageId: id, by: id, mark: MarkKindSchema, at: time })
export type MessageMark = z.infer<typeof MessageMarkSchema>

/** [MTG1] The longest tag name (as the tag catalogue's). */
export const MAX_TAG_NAME = 100
/** [MTG2] How many tags a command puts on one message. */
export const MAX_MESSAGE_TAGS = 10
/**
 * [MTG2] How many tags the server stores on one message. Higher than MAX_MESSAGE_TAGS: operators tagging the same
 * message offline at once may together pass the command's limit, and an honest update is never refused [CNV1].
 */
export const MAX_STORED_TAGS = 50

/** [MTG1] A tag on a message, under `tagKey(messageId, tag)`; `by` is who put it there. */
export const MessageTagSchema = z.object({
  messageId: id,
  tag: z.string().trim().min(1).max(MAX_TAG_NAME),
  by: id,
  at: time,
})
export type MessageTag = z.infer<typeof MessageTagSchema>

/** Keys are JSON pairs: unambiguous whatever characters a message id or a tag holds. */
export const markKey = (messageId: string, operatorId: string): string =>
  JSON.stringify([messageId, operatorId])
export const tagKey = (messageId: string, tag: string): string => JSON.stringify([messageId, tag])
