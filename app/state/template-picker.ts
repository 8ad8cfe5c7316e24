/**
 * What the template picker offers in one chat (seed 003): the shared templates from the directory doc (offline
 * too), searched and grouped by folder, each filled with this chat's values [TPL1, TPL2]; and in a WhatsApp chat the
 * account's approved templates, asked from the server when the picker first opens, sent into the chat through the
 * server [WTP1]. Components only render this and call its actions.
 */
import { type Accessor, createMemo, createSignal } from 'solid-js'
import {
  directoryParts,
  fillTemplate,
  type Template,
  type TemplateRef,
  type TemplateValues,
  whatsappTemplateText,
} from '../../model'
import { ApiError, type LiveDoc, type WhatsAppTemplate, type WhatsAppTemplatesApi } from '../sync'
import { createDocValue } from './doc-value'

/** Templates of one folder (`null`: none), by title. */
export interface TemplateGroup {
  readonly folder: string | null
  readonly templates: readonly Template[]
}

export type WhatsAppList =
  | { readonly status: 'idle' | 'loading' }
  | { readonly status: 'ready'; readonly templates: readonly WhatsAppTemplate[] }
  | { readonly status: 'failed'; readonly message: string }

export interface TemplatePickerState {
  readonly query: Accessor<string>
  setQuery(query: string): void
  /** The shared templates matching the query (title, folder or text), by folder: none first, then by name. */
  readonly groups: Accessor<readonly TemplateGroup[]>
  /** A shared template's text filled with this chat's values. */
  fill(template: Template): string
  readonly whatsapp: Accessor<WhatsAppList>
  /** Asks for the WhatsApp templates (once; again after a failure or with `refresh`). */
  loadWhatsApp(refresh?: boolean): Promise<void>
  /** A WhatsApp template as it will read with these parameter values (an unfilled one stays `{{1}}`). */
  preview(template: WhatsAppTemplate, values: Readonly<Record<string, string>>): string
  /** Sends it; resolves `null` when sent, else the reason (`status` 0: the server could not be reached). */
  sendWhatsApp(
    template: WhatsAppTemplate,
    values: Readonly<Record<string, string>>,
  ): Promise<{ status: number; message: string } | null>
}

export interface TemplatePickerInput {
  readonly directory: LiveDoc
  readonly chatId: string
  /** The chat's channel when it has WhatsApp templates; `null` otherwise. */
  readonly whatsappChannel: Accessor<string | null>
  readonly values: Accessor<TemplateValues>
  readonly api: WhatsAppTemplatesApi
}

const byName = (a: string, b: string) => a.localeCompare(b)

/** Groups by folder, none first; titles in order. Pure, for tests. */
export const groupTemplates = (templates: readonly Template[], query: string): TemplateGroup[] => {
  const needle = query.trim().toLocaleLowerCase()
  const matching = templates.filter(
    (tpl) =>
      needle === '' ||
      [tpl.title, tpl.text, tpl.folder ?? ''].some((s) => s.toLocaleLowerCase().includes(needle)),
  )
  const folders = new Map<string | null, Template[]>()
  for (const tpl of matching) {
    const list = folders.get(tpl.folder ?? null) ?? []
    list.push(tpl)
    folders.set(tpl.folder ?? null, list)
  }
  return [...folders]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : byName(a, b)))
    .map(([folder, list]) => ({ folder, templates: list.sort((a, b) => byName(a.title, b.title)) }))
}

const paramsOf = (
  template: WhatsAppTemplate,
  values: Readonly<Record<string, string>>,
): TemplateRef['params'] =>
  template.params.flatMap((name) => (values[name]?.trim() ? [{ name, text: values[name].trim() }] : []))

export const createTemplatePicker = (input: TemplatePickerInput): TemplatePickerState => {
  const shared = createDocValue(input.directory, (doc) => [...directoryParts(doc).templates.values()])
  const [query, setQuery] = createSignal('')
  const groups = createMemo(() => groupTemplates(shared(), query()))
  const [whatsapp, setWhatsapp] = createSignal<WhatsAppList>({ status: 'idle' })

  const loadWhatsApp = async (refresh = false): Promise<void> => {
    const channelId = input.whatsappChannel()
    const current = whatsapp().status
    if (channelId === null || current === 'loading' || (current === 'ready' && !refresh)) return
    setWhatsapp({ status: 'loading' })
    try {
      setWhatsapp({ status: 'ready', templates: await input.api.list(channelId, refresh) })
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      setWhatsapp({ status: 'failed', message: err.status === 0 ? '' : err.message })
    }
  }

  return {
    query,
    setQuery,
    groups,
    fill: (template) => fillTemplate(template.text, input.values()),
    whatsapp,
    loadWhatsApp,
    preview: (template, values) => whatsappTemplateText(template, paramsOf(template, values)),
    async sendWhatsApp(template, values) {
      try {
        await input.api.send(input.chatId, {
          name: template.name,
          language: template.language,
          params: paramsOf(template, values),
        })
        return null
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        return { status: err.status, message: err.message }
      }
    },
  }
}
