/**
 * One contact across several channels (seed 003: «Каждый человек может иметь несколько каналов связи»): which known
 * contact a new conversation joins [LNK1], and merging two contacts into one [CHT2, MRG1–MRG3]. Rule IDs refer to
 * model/SPEC.md. The server runs these after its own checks; an operator's client never does (it could not: the
 * parts written here are server-only or authored as someone else).
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { type ChatAccessFacts, canSeeChat, type OperatorAccess } from './access'
import { DomainError, ErrorCode } from './errors'
import type { CommandContext } from './origins'
import {
  type ChannelKind,
  ContactKey,
  type ContactProfile,
  ContactProfileSchema,
  chatParts,
  contactParts,
  type Note,
  NoteSchema,
  readChatMeta,
} from './schema'

const id = z.string().min(1).max(64)

const requireServer = (ctx: CommandContext, what: string): void => {
  if (ctx.actor.kind === 'operator') throw new DomainError(ErrorCode.forbidden, `${what} is the server’s`)
}

// ---------------------------------------------------------------------------------------------------------------
// [LNK1] Automatic linking

/** Fewer digits than this say too little about who it is (a short code, an extension). */
export const MIN_PHONE_DIGITS = 7

/** What a profile is matched on: the phone's digits and the email, normalized; `null` when it has none. */
export interface ContactMatchKeys {
  readonly phone: string | null
  readonly email: string | null
}

/** [LNK1] The phone by its digits only (at least 7), the email trimmed and lower-cased. */
export const contactMatchKeys = (profile: Pick<ContactProfile, 'phone' | 'email'>): ContactMatchKeys => {
  const digits = (profile.phone ?? '').replace(/\D/g, '')
  const email = (profile.email ?? '').trim().toLowerCase()
  return { phone: digits.length >= MIN_PHONE_DIGITS ? digits : null, email: email === '' ? null : email }
}

/**
 * [LNK1] Whether a channel of this kind vouches for the phone or email it gives: a messenger reports its own
 * account's; a website visitor types anything, so anyone could claim a customer's email there.
 */
export const vouchesForKeys = (kind: ChannelKind | undefined): boolean =>
  kind !== undefined && kind !== 'widget'

/** [LNK1] The contact a new conversation joins: the one contact its keys matched; none when none or several did. */
export const autoLinkTarget = (matched: Iterable<string>): string | null => {
  const distinct = new Set(matched)
  if (distinct.size !== 1) return null
  const [only] = distinct
  return only ?? null
}

// ---------------------------------------------------------------------------------------------------------------
// [CHT2] A chat changes contact

export const MoveChatInput = z.object({ contactId: id })
export type MoveChatInput = z.infer<typeof MoveChatInput>

/**
 * [CHT2] The chat now belongs to another contact (a merge). Server only; `false` when it already does, and then
 * nothing is written, so a retried merge writes nothing twice.
 */
export const moveChatToContact = (doc: Y.Doc, input: MoveChatInput, ctx: CommandContext): boolean => {
  requireServer(ctx, 'moving a chat')
  const parsed = MoveChatInput.safeParse(input)
  if (!parsed.success) throw new DomainError(ErrorCode.invalidInput, 'contactId is invalid')
  const meta = readChatMeta(doc)
  if (!meta) throw new DomainError(ErrorCode.chatMissing, 'the chat does not exist')
  if (meta.contactId === parsed.data.contactId) return false
  doc.transact(() => chatParts(doc).meta.set('contactId', parsed.data.contactId), ctx.origin)
  return true
}

// ---------------------------------------------------------------------------------------------------------------
// [MRG2] The mark a merged contact keeps

export const ContactMergeSchema = z.object({
  /** The contact it was merged into. */
  into: id,
  at: z.number().int().nonnegative(),
  /** The operator who merged it. */
  by: id,
})
export type ContactMerge = z.infer<typeof ContactMergeSchema>

const mergeMark = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(ContactKey.merged)

/** [MRG2] Where this contact was merged into, or `null` while it is a contact of its own. */
export const readContactMerge = (doc: Y.Doc): ContactMerge | null => {
  const parsed = ContactMergeSchema.safeParse(mergeMark(doc).toJSON())
  return parsed.success ? parsed.data : null
}

/**
 * [MRG2] Marks a contact as merged into another: its doc keeps what it had and says where it went, so a copy open
 * somewhere can follow. Marking it again into the same contact writes nothing; into another is a conflict.
 */
export const markContactMerged = (
  doc: Y.Doc,
  input: { into: string; by: string },
  ctx: CommandContext,
): boolean => {
  requireServer(ctx, 'marking a merged contact')
  const before = readContactMerge(doc)
  if (before) {
    if (before.into === input.into) return false
    throw new DomainError(ErrorCode.conflict, 'this contact was already merged into another one')
  }
  const mark = ContactMergeSchema.safeParse({ into: input.into, by: input.by, at: ctx.now })
  if (!mark.success) throw new DomainError(ErrorCode.invalidInput, 'the merge mark is invalid')
  doc.transact(() => {
    const map = mergeMark(doc)
    for (const [key, value] of Object.entries(mark.data)) map.set(key, value)
  }, ctx.origin)
  return true
}

// ---------------------------------------------------------------------------------------------------------------
// [MRG1] Merging a contact's data into another

/** What a merge added to the contact it went into (empty when it had it all already: a retry). */
export interface MergeOutcome {
  readonly profile: readonly string[]
  readonly fields: readonly string[]
  readonly tags: readonly string[]
  readonly notes: readonly string[]
}

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === ''

/** Notes in time order: by `at`, then by id, so every replica orders equal times the same way. */
const noteBefore = (a: Note, b: Note): boolean => a.at < b.at || (a.at === b.at && a.id < b.id)

/**
 * [MRG1] Merges the contact in `from` into `into`, writing only `into`, in one transaction: profile fields and
 * custom fields empty in `into` are filled from `from` (what `into` has wins), tags are the union, and every note
 * is kept once (by id), placed in time order. Running it again writes nothing. Server only.
 */
export const mergeContactInto = (into: Y.Doc, from: Y.Doc, ctx: CommandContext): MergeOutcome => {
  requireServer(ctx, 'merging contacts')
  if (into === from) throw new DomainError(ErrorCode.invalidInput, 'a contact cannot be merged into itself')
  if (readContactMerge(into)) {
    throw new DomainError(ErrorCode.conflict, 'the contact to merge into was itself merged into another')
  }
  const source = contactParts(from)
  const target = contactParts(into)
  const profile: Array<[string, string]> = []
  for (const key of Object.keys(ContactProfileSchema.shape)) {
    const value = source.profile.get(key)
    if (isBlank(target.profile.get(key)) && !isBlank(value)) {
      if (ContactProfileSchema.safeParse({ [key]: value }).success) profile.push([key, value as string])
    }
  }
  const fields = [...source.fields.entries()].filter(
    ([key, value]) => !isBlank(value) && isBlank(target.fields.get(key)),
  )
  const tags = [...source.tags.keys()].filter((tag) => !target.tags.has(tag))
  const known = new Set(target.notes.toArray().map((n) => n.id))
  const notes = source.notes
    .toArray()
    .flatMap((raw) => {
      const note = NoteSchema.safeParse(raw)
      return note.success && !known.has(note.data.id) ? [note.data] : []
    })
    .sort((a, b) => (noteBefore(a, b) ? -1 : 1))
  if (profile.length + fields.length + tags.length + notes.length > 0) {
    into.transact(() => {
      for (const [key, value] of profile) target.profile.set(key, value)
      for (const [key, value] of fields) target.fields.set(key, value)
      for (const tag of tags) target.tags.set(tag, true)
      const current = target.notes.toArray()
      for (const note of notes) {
        const at = current.findIndex((n) => noteBefore(note, n))
        const index = at < 0 ? current.length : at
        target.notes.insert(index, [note])
        current.splice(index, 0, note)
      }
    }, ctx.origin)
  }
  return {
    profile: profile.map(([key]) => key),
    fields: fields.map(([key]) => key),
    tags,
    notes: notes.map((n) => n.id),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [MRG3] Who may merge

/**
 * [MRG3] An operator may merge two contacts only when they may see every chat of both (ACC1–ACC3): a merge puts
 * the chats side by side under one profile, and joins the tags that decide who sees them.
 */
export const mayMergeContacts = (access: OperatorAccess, chats: readonly ChatAccessFacts[]): boolean =>
  chats.every((chat) => canSeeChat(access, chat))
