/**
 * What an operator was writing in each chat, kept in localStorage per operator and chat, so a chat switch or a
 * reload gives it back: the text, the mode (message or internal comment), the message replied to, and the files
 * already uploaded (a file not uploaded yet lives only in the page). Sending clears it. A stored value that does
 * not parse (another version, a hand edit) reads as no draft.
 */
import { z } from 'zod'
import { MediaSchema } from '../../model'

export const ComposerModeSchema = z.enum(['message', 'comment'])
export type ComposerMode = z.infer<typeof ComposerModeSchema>

const DraftAttachmentSchema = z.object({
  kind: z.enum(['image', 'video', 'audio', 'document']),
  media: MediaSchema,
})
export type DraftAttachment = z.infer<typeof DraftAttachmentSchema>

const DraftSchema = z.object({
  text: z.string(),
  mode: ComposerModeSchema,
  replyTo: z.string().nullable(),
  attachments: z.array(DraftAttachmentSchema),
})
export type Draft = z.infer<typeof DraftSchema>

export const EMPTY_DRAFT: Draft = { text: '', mode: 'message', replyTo: null, attachments: [] }

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export const draftKey = (operatorId: string, chatId: string): string =>
  `switchboard.draft/${operatorId}/${chatId}`

const isEmpty = (d: Draft): boolean =>
  d.text === '' && d.mode === 'message' && d.replyTo === null && d.attachments.length === 0

export interface Drafts {
  read(chatId: string): Draft
  /** An empty draft removes the entry. */
  write(chatId: string, draft: Draft): void
}

export const makeDrafts = (storage: KeyValueStore, operatorId: string): Drafts => ({
  read(chatId) {
    const raw = storage.getItem(draftKey(operatorId, chatId))
    if (raw === null) return EMPTY_DRAFT
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      return EMPTY_DRAFT
    }
    const parsed = DraftSchema.safeParse(value)
    return parsed.success ? parsed.data : EMPTY_DRAFT
  },
  write(chatId, draft) {
    const key = draftKey(operatorId, chatId)
    if (isEmpty(draft)) {
      storage.removeItem(key)
      return
    }
    try {
      storage.setItem(key, JSON.stringify(draft))
    } catch (err) {
      // A full storage loses the draft's newest keystrokes, never the text on screen: typing goes on.
      if (!(err instanceof DOMException)) throw err
    }
  },
})
