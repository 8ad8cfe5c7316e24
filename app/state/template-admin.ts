/**
 * The admin's side of the shared templates (seed 003, «Шаблоны» in the settings) [TPL2]: the list loaded over the
 * admin HTTP API, and changes that reload it. Actions throw `ApiError` for the form to show.
 */
import type { Accessor } from 'solid-js'
import type { Template } from '../../model'
import type { TemplateAdminApi, TemplateChange, TemplateInput } from '../sync'
import { createAdminList, type Failure } from './settings'

export interface TemplateAdminState {
  readonly templates: Accessor<readonly Template[]>
  readonly loadFailure: Accessor<Failure | null>
  reload(): Promise<void>
  create(input: TemplateInput): Promise<Template>
  update(id: string, change: TemplateChange): Promise<Template>
  remove(id: string): Promise<void>
}

export const createTemplateAdmin = (api: TemplateAdminApi): TemplateAdminState => {
  const list = createAdminList(api.templates)
  return {
    templates: list.items,
    loadFailure: list.loadFailure,
    reload: list.reload,
    create: (input) => list.after(api.createTemplate(input)),
    update: (id, change) => list.after(api.updateTemplate(id, change)),
    remove: (id) => list.after(api.removeTemplate(id)),
  }
}

/** A form's values as the request wants them: trimmed, a blank folder left out (or cleared on an edit). */
export const templateInputOf = (values: { title: string; text: string; folder: string }): TemplateInput => ({
  title: values.title.trim(),
  text: values.text.trim(),
  ...(values.folder.trim() !== '' && { folder: values.folder.trim() }),
})
