/**
 * Templates (seed 003, «чат-шаблоны»): canned replies admins keep, with variables filled from the chat
 * (`{{contact.firstName}}`, `{{operator.name}}`…) [TPL1, TPL2], and the reference to a WhatsApp Business template
 * that an outgoing message carries [WTP1]. Pure: this file imports nothing of the model, so the schema can import
 * it.
 */
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------------------------
// The shared catalogue

export const MAX_TEMPLATE_TEXT = 4096

/** [TPL2] A shared template, as admins keep it and the directory doc publishes it. */
export const TemplateSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(MAX_TEMPLATE_TEXT),
  /** An optional group shown as a heading in the picker («Доставка», «Оплата»). */
  folder: z.string().trim().min(1).max(100).optional(),
})
export type Template = z.infer<typeof TemplateSchema>

/** [TPL1] The variables a template may use, by name. */
export const TEMPLATE_VARIABLES = [
  'contact.firstName',
  'contact.name',
  'operator.firstName',
  'operator.name',
  'channel.name',
] as const
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

/** [TPL1] What the variables stand for in one chat; a value not known is `undefined`. */
export type TemplateValues = Partial<Record<TemplateVariable, string>>

const known = new Set<string>(TEMPLATE_VARIABLES)
const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g

/**
 * [TPL1] The template's text with its variables filled. A known variable whose value is missing (a contact with
 * no first name) becomes empty: the customer must never receive `{{contact.firstName}}`. An unknown one (a typo,
 * `{{contact.fristName}}`) stays as written, so the operator sees it before sending and the admin can fix it.
 * Spaces inside the braces are allowed (`{{ contact.name }}`).
 */
export const fillTemplate = (text: string, values: TemplateValues): string =>
  text.replace(PLACEHOLDER, (whole, name: string) =>
    known.has(name) ? (values[name as TemplateVariable] ?? '').trim() : whole,
  )

/** [TPL1] The variables a text uses, each once, in order; `unknown` are those no chat can fill. */
export const templateVariables = (text: string): { known: TemplateVariable[]; unknown: string[] } => {
  const found = new Set<string>()
  for (const match of text.matchAll(PLACEHOLDER)) found.add(match[1] as string)
  const all = [...found]
  return {
    known: all.filter((name): name is TemplateVariable => known.has(name)),
    unknown: all.filter((name) => !known.has(name)),
  }
}

/** The first word of a name that has letters; a name that is a phone number or an email has no first name. */
export const firstNameOf = (name: string): string => {
  const trimmed = name.trim()
  if (!/\p{L}/u.test(trimmed) || trimmed.includes('@')) return ''
  return trimmed.split(/\s+/)[0] ?? ''
}

/** [TPL1] The values of a chat: the contact's profile names win over the first word of their display name. */
export const templateValuesOf = (facts: {
  readonly contactName?: string | undefined
  readonly contactFirstName?: string | undefined
  readonly operatorName?: string | undefined
  readonly channelName?: string | undefined
}): TemplateValues => {
  const values: TemplateValues = {}
  const contactName = facts.contactName?.trim()
  const firstName = facts.contactFirstName?.trim() || firstNameOf(contactName ?? '')
  if (contactName) values['contact.name'] = contactName
  if (firstName) values['contact.firstName'] = firstName
  const operatorName = facts.operatorName?.trim()
  if (operatorName) {
    values['operator.name'] = operatorName
    const operatorFirst = firstNameOf(operatorName)
    if (operatorFirst) values['operator.firstName'] = operatorFirst
  }
  if (facts.channelName?.trim()) values['channel.name'] = facts.channelName.trim()
  return values
}

// ---------------------------------------------------------------------------------------------------------------
// WhatsApp Business templates

/**
 * [WTP1] An approved WhatsApp template an outgoing message is sent as: its name and language as Meta knows them,
 * and the values of its body parameters, positional (`1`, `2`… for `{{1}}`, `{{2}}`) or named (`{{first_name}}`).
 */
export const TemplateRefSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/, 'a WhatsApp template name is lower-case letters, digits and _'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$/, 'a language code looks like en_US or ru'),
  params: z
    .array(
      z.object({ name: z.string().regex(/^(\d{1,3}|[a-z_][a-z0-9_]{0,99})$/), text: z.string().max(1024) }),
    )
    .max(60),
})
export type TemplateRef = z.infer<typeof TemplateRefSchema>

const PARAM = /\{\{\s*(\d{1,3}|[a-z_][a-z0-9_]*)\s*\}\}/g

/** [WTP1] The parameter names of a WhatsApp template text (`{{1}}`, `{{first_name}}`), each once, in order. */
export const whatsappParamsOf = (text: string): string[] => [
  ...new Set([...text.matchAll(PARAM)].map((m) => m[1] as string)),
]

/** [WTP1] A WhatsApp template text with its parameters filled, as the customer will read it. */
export const renderWhatsAppTemplate = (text: string, params: TemplateRef['params']): string => {
  const byName = new Map(params.map((p) => [p.name, p.text]))
  return text.replace(PARAM, (whole, name: string) => byName.get(name) ?? whole)
}

/** [WTP1] The whole message a template makes, as our history shows it: header, filled body and footer. */
export const whatsappTemplateText = (
  template: {
    readonly header?: string | undefined
    readonly body: string
    readonly footer?: string | undefined
  },
  params: TemplateRef['params'],
): string =>
  [template.header, renderWhatsAppTemplate(template.body, params), template.footer]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join('\n\n')

/** [WTP1] An approved message template of a business account (WhatsApp), as operators pick it. */
export interface ProviderTemplate {
  readonly name: string
  /** The provider's language code (`en_US`, `ru`). */
  readonly language: string
  /** `MARKETING`, `UTILITY`, `AUTHENTICATION`. */
  readonly category: string
  /** The header's text, when it has a text one without parameters. */
  readonly header?: string
  /** The body with its parameters as the provider writes them (`{{1}}`, `{{first_name}}`). */
  readonly body: string
  readonly footer?: string
  /** The body's parameters, in order: `1`, `2`… or their names. */
  readonly params: readonly string[]
  /** An example value per parameter, when the provider keeps one. */
  readonly examples: readonly string[]
  /**
   * Why it cannot be sent from here (a media header, parameters in a button or a header), or `null`: only body
   * parameters are filled by operators.
   */
  readonly unsupported: string | null
}
