/**
 * WhatsApp Business message templates [WTP1]: the account's approved templates as operators pick them, and the
 * `template` object of a send. Only body parameters are filled here (text, by position or by name); a template
 * that needs a media header or a parameter in its header or a button is listed, but marked unsupported.
 * Payloads: https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
 * and https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/messages (`type: template`).
 */
import { type TemplateRef, whatsappParamsOf } from '../../model'
import type { ProviderTemplate } from '../contract'
import { type MessageTemplate, MessageTemplateSchema, type TemplateComponent } from './schema'

const componentOf = (template: MessageTemplate, type: string): TemplateComponent | undefined =>
  template.components.find((c) => c.type.toUpperCase() === type)

/** Button types whose send needs a value we do not ask operators for. */
const VALUED_BUTTONS = new Set(['COPY_CODE', 'FLOW', 'OTP', 'CATALOG', 'MPM', 'SPM'])

const unsupportedOf = (template: MessageTemplate): string | null => {
  const header = componentOf(template, 'HEADER')
  if (header && (header.format ?? 'TEXT').toUpperCase() !== 'TEXT') {
    return `a ${(header.format ?? '').toLowerCase()} header`
  }
  if (header?.text && whatsappParamsOf(header.text).length > 0) return 'a parameter in the header'
  const buttons = componentOf(template, 'BUTTONS')?.buttons ?? []
  const valued = buttons.find(
    (b) =>
      VALUED_BUTTONS.has(b.type.toUpperCase()) || (b.type.toUpperCase() === 'URL' && b.url?.includes('{{')),
  )
  if (valued) return `a ${valued.type.toLowerCase()} button that needs a value`
  if (template.category.toUpperCase() === 'AUTHENTICATION') return 'an authentication code'
  return null
}

/** One template of Meta's list as operators see it; `null` for one that is not approved or not understood. */
export const providerTemplateOf = (raw: unknown): ProviderTemplate | null => {
  const parsed = MessageTemplateSchema.safeParse(raw)
  if (!parsed.success || parsed.data.status.toUpperCase() !== 'APPROVED') return null
  const template = parsed.data
  const body = componentOf(template, 'BODY')?.text ?? ''
  const params = whatsappParamsOf(body)
  const example = componentOf(template, 'BODY')?.example
  const named = new Map((example?.body_text_named_params ?? []).map((p) => [p.param_name, p.example]))
  const positional = example?.body_text?.[0] ?? []
  const header = componentOf(template, 'HEADER')
  const footer = componentOf(template, 'FOOTER')?.text
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    ...(header?.text !== undefined &&
      (header.format ?? 'TEXT').toUpperCase() === 'TEXT' && { header: header.text }),
    body,
    ...(footer !== undefined && { footer }),
    params,
    examples: params.map(
      (name) => (/^\d+$/.test(name) ? positional[Number(name) - 1] : named.get(name)) ?? '',
    ),
    unsupported: unsupportedOf(template),
  }
}

/**
 * A parameter's text as WhatsApp takes it: no new lines or tabs, and no more than four spaces in a row (Meta
 * refuses such a parameter).
 */
export const paramText = (text: string): string =>
  text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {5,}/g, '    ')
    .trim()

/** The `template` object of a send (`{name, language: {code, policy}, components}`). */
export const templateObject = (ref: TemplateRef): Record<string, unknown> => {
  const positional = ref.params.every((p) => /^\d+$/.test(p.name))
  const ordered = positional ? [...ref.params].sort((a, b) => Number(a.name) - Number(b.name)) : ref.params
  const parameters = ordered.map((p) =>
    positional
      ? { type: 'text', text: paramText(p.text) }
      : { type: 'text', parameter_name: p.name, text: paramText(p.text) },
  )
  return {
    name: ref.name,
    language: { code: ref.language, policy: 'deterministic' },
    ...(parameters.length > 0 && { components: [{ type: 'body', parameters }] }),
  }
}
