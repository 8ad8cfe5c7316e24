/**
 * The admin's «Поля контакта» settings [CNT2]: the custom field definitions over the admin API, and the form's
 * text turned into a definition. Actions reload the list; they throw `ApiError` for the form to show.
 */
import type { Accessor } from 'solid-js'
import type { ContactFieldDef, ContactFieldType } from '../../model'
import type { ContactFieldPatch, ContactFieldsApi } from '../sync'
import { createAdminList, type Failure } from './settings'

export interface FieldForm {
  readonly key: string
  readonly label: string
  readonly type: ContactFieldType
  /** One option per line. */
  readonly options: string
  readonly order: string
}

/** The options typed one per line: trimmed, blank lines left out. */
export const optionLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** The first required part of the form left blank, by its label key; `null` when none is. */
export const missingFieldPart = (form: FieldForm): 'cfKey' | 'cfLabel' | 'cfOptions' | null =>
  !form.key.trim()
    ? 'cfKey'
    : !form.label.trim()
      ? 'cfLabel'
      : form.type === 'select' && optionLines(form.options).length === 0
        ? 'cfOptions'
        : null

/** What the form asks for; the server checks the rest (key format, duplicates) and says what is wrong. */
export const fieldDefOf = (form: FieldForm): ContactFieldDef => ({
  key: form.key.trim(),
  label: form.label.trim(),
  type: form.type,
  options: form.type === 'select' ? optionLines(form.options) : [],
  order: Number.parseInt(form.order, 10) || 0,
})

export interface ContactFieldSettings {
  readonly fields: Accessor<readonly ContactFieldDef[]>
  readonly loadFailure: Accessor<Failure | null>
  reload(): Promise<void>
  create(def: ContactFieldDef): Promise<void>
  update(key: string, patch: ContactFieldPatch): Promise<void>
  remove(key: string): Promise<void>
}

export const createContactFieldSettings = (api: ContactFieldsApi): ContactFieldSettings => {
  const list = createAdminList(api.list)
  return {
    fields: list.items,
    loadFailure: list.loadFailure,
    reload: list.reload,
    create: async (def) => void (await list.after(api.create(def))),
    update: async (key, patch) => void (await list.after(api.update(key, patch))),
    remove: async (key) => void (await list.after(api.remove(key))),
  }
}
