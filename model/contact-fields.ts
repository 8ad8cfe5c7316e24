/**
 * [CNT2] Custom contact fields: admins define them (key, label, type, options, order), the server publishes the
 * definitions in the directory doc, and operators fill them in on the contact. A value is stored as a string in the
 * contact's `fields` map, in one canonical form per type, so every replica and the search index read it alike.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { DirectoryKey } from './schema'

export const ContactFieldTypeSchema = z.enum(['text', 'number', 'date', 'select'])
export type ContactFieldType = z.infer<typeof ContactFieldTypeSchema>

/** The longest value a custom field holds (the write validator's limit, VAL5). */
export const MAX_FIELD_VALUE = 2000

/** A field's key: what the contact doc stores the value under; fixed once the field exists. */
export const FieldKeySchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,63}$/,
    'a key is 1–64 lower-case latin letters, digits or _, starting with a letter',
  )

const OptionSchema = z.string().trim().min(1).max(200)

/** A definition's fields, before the checks across them (`ContactFieldDefSchema`); `.strict()` it for HTTP bodies. */
export const ContactFieldDefBaseSchema = z.object({
  key: FieldKeySchema,
  label: z.string().trim().min(1).max(100),
  type: ContactFieldTypeSchema,
  /** The choices of a `select` field, in order; none for the other types. */
  options: z.array(OptionSchema).max(100).default([]),
  /** Where the field shows among the others, lowest first (ties by label). */
  order: z.number().int().min(0).max(1_000_000).default(0),
})

/** The checks across a definition's fields: a select has options, they differ, no other type has any. */
export const refineContactFieldDef = (
  def: { type: ContactFieldType; options: readonly string[] },
  ctx: z.RefinementCtx,
): void => {
  if (def.type === 'select' && def.options.length === 0)
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs at least one option' })
  if (def.type !== 'select' && def.options.length > 0)
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select field has options' })
  if (new Set(def.options).size !== def.options.length)
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must differ' })
}

export const ContactFieldDefSchema = ContactFieldDefBaseSchema.superRefine(refineContactFieldDef)
export type ContactFieldDef = z.output<typeof ContactFieldDefSchema>

/** The definitions as the directory doc holds them: key → definition (server-written). */
export const contactFieldDefsMap = (doc: Y.Doc): Y.Map<ContactFieldDef> =>
  doc.getMap<ContactFieldDef>(DirectoryKey.contactFields)

/** The definitions in display order: `order`, then label. Malformed entries are skipped. */
export const contactFieldDefs = (doc: Y.Doc): ContactFieldDef[] =>
  sortFieldDefs(
    [...contactFieldDefsMap(doc).values()].flatMap((raw) => {
      const parsed = ContactFieldDefSchema.safeParse(raw)
      return parsed.success ? [parsed.data] : []
    }),
  )

export const sortFieldDefs = (defs: readonly ContactFieldDef[]): ContactFieldDef[] =>
  [...defs].sort((a, b) => a.order - b.order || a.label.localeCompare(b.label) || a.key.localeCompare(b.key))

/** Why a value does not fit its field, as a code the app words in its language. */
export type FieldValueProblem = 'too_long' | 'not_number' | 'not_date' | 'not_option'

export type FieldValueCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: FieldValueProblem }

/** A calendar date `YYYY-MM-DD` that exists (no 31 April). */
export const isIsoDate = (text: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * [CNT2] A value typed by an operator, checked against its field and put in canonical form: trimmed; a number with
 * a dot for decimals and no spaces (`1 500,5` → `1500.5`; digits kept as typed, never rounded); a date as `YYYY-MM-DD`; a select value exactly one of
 * the options. An empty value means "clear the field" and is not passed here.
 */
export const checkFieldValue = (def: ContactFieldDef, raw: string): FieldValueCheck => {
  const text = raw.trim()
  if (text.length > MAX_FIELD_VALUE) return { ok: false, problem: 'too_long' }
  switch (def.type) {
    case 'text':
      return { ok: true, value: text }
    case 'number': {
      const compact = text.replace(/[\s\u00a0]/g, '').replace(',', '.')
      if (!/^-?\d+(\.\d+)?$/.test(compact)) return { ok: false, problem: 'not_number' }
      return { ok: true, value: compact }
    }
    case 'date':
      return isIsoDate(text) ? { ok: true, value: text } : { ok: false, problem: 'not_date' }
    case 'select':
      return def.options.includes(text) ? { ok: true, value: text } : { ok: false, problem: 'not_option' }
  }
}
