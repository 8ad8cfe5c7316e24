/**
 * Contact commands [CNT1–CNT6]: the only writers of a contact doc's profile, custom fields, tags and notes, for the
 * app (an operator's edit, online or offline) and the server alike. Each checks its input more strictly than the
 * write validator (VAL5) does, so an honest client's edit is always accepted and a typo is refused with a reason
 * before it reaches anyone. Rule IDs refer to model/SPEC.md.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { type ContactFieldDef, checkFieldValue, type FieldValueProblem, isIsoDate } from './contact-fields'
import { DomainError, ErrorCode } from './errors'
import { newId } from './ids'
import type { CommandContext } from './origins'
import { type ContactProfile, ContactProfileSchema, contactParts, MAX_TEXT, type Note } from './schema'

/** What a contact doc holds, read once: the app's panel and card render this. */
export interface ContactSnapshot {
  readonly profile: ContactProfile
  /** Custom field key → value (canonical form, CNT2). */
  readonly fields: Readonly<Record<string, string>>
  /** Sorted. */
  readonly tags: readonly string[]
  /** Oldest first. */
  readonly notes: readonly Note[]
}

export const readContact = (doc: Y.Doc): ContactSnapshot => {
  const parts = contactParts(doc)
  const profile: Record<string, string> = {}
  for (const [key, value] of parts.profile) {
    if (ContactProfileSchema.shape[key as ProfileField]?.safeParse(value).success) profile[key] = value
  }
  const fields: Record<string, string> = {}
  for (const [key, value] of parts.fields) if (typeof value === 'string') fields[key] = value
  const notes = parts.notes.toArray().filter((n) => typeof n?.id === 'string' && typeof n.text === 'string')
  return {
    profile: profile as ContactProfile,
    fields,
    tags: [...parts.tags.keys()].sort(),
    notes: [...notes].sort((a, b) => a.at - b.at),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [CNT1] The profile

export type ProfileField = keyof ContactProfile

/** Why a profile value was refused, per field: the app words it; the message is for logs and the API. */
export class ContactInputError extends DomainError {
  constructor(
    readonly field: string,
    readonly problem: FieldValueProblem | ProfileProblem,
    message: string,
  ) {
    super(ErrorCode.invalidInput, message)
  }
}

export type ProfileProblem =
  | 'unknown_field'
  | 'too_long'
  | 'not_email'
  | 'not_phone'
  | 'not_date'
  | 'future_date'
  | 'not_url'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** Digits with the usual separators, an optional leading +, at least 3 digits: `+7 (900) 123-45-67`. */
const PHONE = /^\+?[\d\s().-]+$/

/** An absolute http(s) link with a host (model/ has no DOM or Node types, so no `URL`). */
const URL_PATTERN = /^https?:\/\/[^\s/?#.][^\s/?#]*(?:[/?#]\S*)?$/i

/** A profile value checked and trimmed, or the reason it is refused. `now` bounds a birthday. */
export const checkProfileValue = (
  field: ProfileField,
  raw: string,
  now: number,
): { ok: true; value: string } | { ok: false; problem: ProfileProblem } => {
  const value = raw.trim()
  if (!ContactProfileSchema.shape[field].safeParse(value).success) return { ok: false, problem: 'too_long' }
  switch (field) {
    case 'email':
      return EMAIL.test(value) ? { ok: true, value } : { ok: false, problem: 'not_email' }
    case 'phone':
      return PHONE.test(value) && value.replace(/\D/g, '').length >= 3
        ? { ok: true, value }
        : { ok: false, problem: 'not_phone' }
    case 'birthday':
      if (!isIsoDate(value)) return { ok: false, problem: 'not_date' }
      return value <= new Date(now).toISOString().slice(0, 10)
        ? { ok: true, value }
        : { ok: false, problem: 'future_date' }
    case 'avatarUrl':
    case 'profileUrl':
      return URL_PATTERN.test(value) ? { ok: true, value } : { ok: false, problem: 'not_url' }
    default:
      return { ok: true, value }
  }
}

const ProfilePatchSchema = z.record(z.string(), z.string().nullable())

/**
 * [CNT1] Sets profile fields (`null` or a blank string clears one), all in one transaction. Every value is checked
 * first; one bad value refuses the whole patch with a `ContactInputError` naming the field, and nothing is written.
 * Unknown fields are refused (VAL5). An unchanged value is not written again.
 */
export const updateContactProfile = (
  doc: Y.Doc,
  patch: Partial<Record<ProfileField, string | null>>,
  ctx: CommandContext,
): void => {
  const parsed = ProfilePatchSchema.safeParse(patch)
  if (!parsed.success)
    throw new DomainError(ErrorCode.invalidInput, 'a profile patch maps fields to text or null')
  const writes: [ProfileField, string | null][] = []
  for (const [key, raw] of Object.entries(parsed.data)) {
    if (!(key in ContactProfileSchema.shape))
      throw new ContactInputError(key, 'unknown_field', `unknown profile field ${key}`)
    const field = key as ProfileField
    if (raw === null || raw.trim() === '') {
      writes.push([field, null])
      continue
    }
    const checked = checkProfileValue(field, raw, ctx.now)
    if (!checked.ok) throw new ContactInputError(field, checked.problem, `${field}: ${checked.problem}`)
    writes.push([field, checked.value])
  }
  const { profile } = contactParts(doc)
  const changes = writes.filter(([field, value]) => (profile.get(field) ?? null) !== value)
  if (changes.length === 0) return
  doc.transact(() => {
    for (const [field, value] of changes) {
      if (value === null) profile.delete(field)
      else profile.set(field, value)
    }
  }, ctx.origin)
}

// ---------------------------------------------------------------------------------------------------------------
// [CNT2] Custom fields

/**
 * [CNT2] Sets a custom field to a value that fits its definition (canonical form, see `checkFieldValue`), or
 * clears it (`null` or blank). Setting needs a definition: a key nobody defined is `not_found`; clearing does not,
 * so a value left behind by a deleted definition can still be removed.
 */
export const setContactField = (
  doc: Y.Doc,
  input: { key: string; value: string | null },
  defs: readonly ContactFieldDef[],
  ctx: CommandContext,
): void => {
  const { fields } = contactParts(doc)
  const { key, value } = input
  if (value === null || value.trim() === '') {
    if (fields.has(key)) doc.transact(() => fields.delete(key), ctx.origin)
    return
  }
  const def = defs.find((d) => d.key === key)
  if (!def) throw new DomainError(ErrorCode.notFound, `no custom field ${key}`)
  const checked = checkFieldValue(def, value)
  if (!checked.ok) throw new ContactInputError(key, checked.problem, `${def.label}: ${checked.problem}`)
  if (fields.get(key) === checked.value) return
  doc.transact(() => fields.set(key, checked.value), ctx.origin)
}

// ---------------------------------------------------------------------------------------------------------------
// [CNT3] Tags

/**
 * [CNT3] Adds a tag from the catalogue, in the catalogue's spelling (found without regard to case, as the server's
 * catalogue matches names): access filters (ACC3) compare tags exactly. A tag not in the catalogue is `not_found`.
 * Returns the tag as stored.
 */
export const addContactTag = (
  doc: Y.Doc,
  tag: string,
  catalogue: readonly string[],
  ctx: CommandContext,
): string => {
  const wanted = tag.trim().toLocaleLowerCase()
  const stored = catalogue.find((name) => name.toLocaleLowerCase() === wanted)
  if (stored === undefined) throw new DomainError(ErrorCode.notFound, `no tag ${tag} in the catalogue`)
  const { tags } = contactParts(doc)
  if (!tags.has(stored)) doc.transact(() => tags.set(stored, true), ctx.origin)
  return stored
}

/** [CNT3] Removes a tag (by its stored spelling); removing one the contact does not carry writes nothing. */
export const removeContactTag = (doc: Y.Doc, tag: string, ctx: CommandContext): void => {
  const { tags } = contactParts(doc)
  if (tags.has(tag)) doc.transact(() => tags.delete(tag), ctx.origin)
}

/**
 * [CNT3] Whether removing `tag` takes the contact out of the sight of an operator with these access tags (ACC3):
 * they filter by tags and none of theirs would be left on the contact. The app asks before doing it.
 */
export const tagRemovalHidesContact = (
  contactTags: readonly string[],
  tag: string,
  accessTags: readonly string[],
): boolean =>
  accessTags.length > 0 &&
  accessTags.includes(tag) &&
  !contactTags.some((t) => t !== tag && accessTags.includes(t))

// ---------------------------------------------------------------------------------------------------------------
// [CNT4, CNT5] Notes

export const NoteInput = z.object({
  text: z.string().max(MAX_TEXT),
  id: z.string().min(1).max(64).optional(),
})
export type NoteInput = z.input<typeof NoteInput>

/**
 * [CNT4] An operator's note on the contact: authored as them, stamped `ctx.now`, text trimmed and not blank. Only
 * an operator writes notes (`not_operator`); a note id already there returns that note when it is the same author's
 * (a retry) and is a `conflict` otherwise.
 */
export const addContactNote = (doc: Y.Doc, input: NoteInput, ctx: CommandContext): Note => {
  if (ctx.actor.kind !== 'operator')
    throw new DomainError(ErrorCode.notOperator, 'only an operator writes notes')
  const parsed = NoteInput.safeParse(input)
  if (!parsed.success) throw new DomainError(ErrorCode.invalidInput, 'a note is at most 16384 characters')
  const text = parsed.data.text.trim()
  if (!text) throw new DomainError(ErrorCode.invalidInput, 'a note needs text')
  const { notes } = contactParts(doc)
  const id = parsed.data.id ?? newId()
  const existing = notes.toArray().find((n) => n.id === id)
  if (existing) {
    if (existing.authorId !== ctx.actor.id)
      throw new DomainError(ErrorCode.conflict, `note id ${id} is taken`)
    return existing
  }
  const note: Note = { id, at: ctx.now, authorId: ctx.actor.id, text }
  doc.transact(() => notes.push([note]), ctx.origin)
  return note
}

/**
 * [CNT5] Deletes a note: its author only (`forbidden` for anyone else, as VAL5 refuses it on the server). A note
 * that is not there (deleted already, here or elsewhere) is `not_found`.
 */
export const deleteContactNote = (doc: Y.Doc, noteId: string, ctx: CommandContext): void => {
  if (ctx.actor.kind !== 'operator')
    throw new DomainError(ErrorCode.notOperator, 'only an operator deletes notes')
  const { notes } = contactParts(doc)
  const index = notes.toArray().findIndex((n) => n.id === noteId)
  const note = index < 0 ? undefined : notes.get(index)
  if (!note) throw new DomainError(ErrorCode.notFound, 'no such note')
  if (note.authorId !== ctx.actor.id)
    throw new DomainError(ErrorCode.forbidden, 'only its author deletes a note')
  doc.transact(() => notes.delete(index, 1), ctx.origin)
}
