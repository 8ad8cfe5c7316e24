/**
 * The admin's «Оценка качества» settings (issue 7 §3) [RAT1]: whether the close dialog asks for a rating by default,
 * what the customer is asked and thanked with, and the WhatsApp template for a request outside the 24-hour window,
 * over the admin API. The form's text becomes the settings here; the server checks them again and says what is
 * wrong. The template may be picked from the approved ones of the workspace's WhatsApp channels.
 */
import { type Accessor, createSignal } from 'solid-js'
import type { ChannelPublic, SatisfactionSettings, SatisfactionTemplate } from '../../model'
import type { SatisfactionApi, WhatsAppTemplatesApi } from '../sync'
import { type Failure, failureOf } from './settings'

export interface SatisfactionForm {
  readonly askByDefault: boolean
  readonly requestText: string
  readonly thanksText: string
  /** Both blank: no template (outside the window no request is sent). */
  readonly templateName: string
  readonly templateLanguage: string
}

export const EMPTY_SATISFACTION_FORM: SatisfactionForm = {
  askByDefault: false,
  requestText: '',
  thanksText: '',
  templateName: '',
  templateLanguage: '',
}

export const formOf = (settings: SatisfactionSettings): SatisfactionForm => ({
  askByDefault: settings.askByDefault,
  requestText: settings.requestText,
  thanksText: settings.thanksText,
  templateName: settings.whatsappTemplate?.name ?? '',
  templateLanguage: settings.whatsappTemplate?.language ?? '',
})

/** The field, by its label's message key, left blank though it is needed; `null` when none is. */
export type SatisfactionField =
  | 'csatRequestText'
  | 'csatThanksText'
  | 'csatTemplateName'
  | 'csatTemplateLanguage'

/** Both texts are needed; a template needs its name and its language, or neither. */
export const problemOf = (form: SatisfactionForm): SatisfactionField | null => {
  if (!form.requestText.trim()) return 'csatRequestText'
  if (!form.thanksText.trim()) return 'csatThanksText'
  const name = form.templateName.trim()
  const language = form.templateLanguage.trim()
  if (name && !language) return 'csatTemplateLanguage'
  if (language && !name) return 'csatTemplateName'
  return null
}

export const settingsOf = (form: SatisfactionForm): SatisfactionSettings => {
  const name = form.templateName.trim()
  const language = form.templateLanguage.trim()
  return {
    askByDefault: form.askByDefault,
    requestText: form.requestText.trim(),
    thanksText: form.thanksText.trim(),
    whatsappTemplate: name && language ? { name, language } : null,
  }
}

/** The approved templates an admin can pick, once each (several channels may share a business account). */
export const templateChoices = (
  lists: readonly (readonly { name: string; language: string; unsupported: string | null }[])[],
): SatisfactionTemplate[] => {
  const seen = new Map<string, SatisfactionTemplate>()
  for (const list of lists)
    for (const template of list) {
      if (template.unsupported !== null) continue
      seen.set(`${template.name}\u0000${template.language}`, {
        name: template.name,
        language: template.language,
      })
    }
  return [...seen.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language),
  )
}

/** The value of a template's `<option>`, and back. */
export const templateKey = (template: SatisfactionTemplate): string => `${template.name}|${template.language}`

export interface SatisfactionAdmin {
  /** `null` until loaded. */
  readonly settings: Accessor<SatisfactionSettings | null>
  readonly loadFailure: Accessor<Failure | null>
  reload(): Promise<void>
  /** Saves and keeps what the server answered; throws `ApiError` for the form to show. */
  save(settings: SatisfactionSettings): Promise<SatisfactionSettings>
  /** The approved WhatsApp templates of these channels; a channel whose list fails is left out. */
  templates(channels: readonly ChannelPublic[]): Promise<SatisfactionTemplate[]>
}

export const createSatisfactionAdmin = (
  api: SatisfactionApi,
  whatsapp: Pick<WhatsAppTemplatesApi, 'list'>,
): SatisfactionAdmin => {
  const [settings, setSettings] = createSignal<SatisfactionSettings | null>(null)
  const [loadFailure, setLoadFailure] = createSignal<Failure | null>(null)
  return {
    settings,
    loadFailure,
    async reload() {
      try {
        setSettings(await api.get())
        setLoadFailure(null)
      } catch (err) {
        setLoadFailure(failureOf(err))
      }
    },
    async save(next) {
      const saved = await api.put(next)
      setSettings(saved)
      return saved
    },
    async templates(channels) {
      const lists = await Promise.all(
        channels
          .filter((c) => c.kind === 'whatsapp' && c.enabled)
          .map((c) => whatsapp.list(c.id).catch(() => [])),
      )
      return templateChoices(lists)
    },
  }
}
