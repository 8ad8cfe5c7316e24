/**
 * «Шаблоны»: the shared templates operators insert from the composer (seed 003) [TPL2]. A template has a title, a
 * text with variables (`{{contact.firstName}}`…: the buttons put one at the cursor) and an optional folder. The
 * same form adds a template or edits the one picked from the list.
 */
import { createMemo, createSignal, For, type JSX, onMount, Show } from 'solid-js'
import { TEMPLATE_VARIABLES, type Template, templateVariables } from '../../../model'
import { useI18n } from '../../i18n'
import { createRequest } from '../../state/settings'
import { createTemplateAdmin, templateInputOf } from '../../state/template-admin'
import { createTemplateAdminApi } from '../../sync'
import { FormFailure } from './FormFailure'

const EMPTY = { title: '', text: '', folder: '' }

export const TemplatesTab = (props: { token: string }): JSX.Element => {
  const { t } = useI18n()
  const admin = createTemplateAdmin(createTemplateAdminApi(props.token))
  onMount(() => void admin.reload())
  const [values, setValues] = createSignal(EMPTY)
  const [editing, setEditing] = createSignal<Template | null>(null)
  const [missing, setMissing] = createSignal<string | null>(null)
  const request = createRequest()
  const unknown = createMemo(() => templateVariables(values().text).unknown)
  let textArea: HTMLTextAreaElement | undefined

  const set = (field: keyof typeof EMPTY, value: string) => setValues((v) => ({ ...v, [field]: value }))
  const reset = () => {
    setEditing(null)
    setValues(EMPTY)
    setMissing(null)
  }
  const edit = (template: Template) => {
    setEditing(template)
    setValues({ title: template.title, text: template.text, folder: template.folder ?? '' })
    textArea?.focus()
  }
  /** Puts `{{name}}` where the cursor is in the text. */
  const insertVariable = (name: string) => {
    const placeholder = `{{${name}}}`
    const at = textArea?.selectionStart ?? values().text.length
    const end = textArea?.selectionEnd ?? at
    set('text', values().text.slice(0, at) + placeholder + values().text.slice(end))
    queueMicrotask(() => {
      textArea?.focus()
      textArea?.setSelectionRange(at + placeholder.length, at + placeholder.length)
    })
  }
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const blank = !values().title.trim() ? t('tplTitle') : !values().text.trim() ? t('tplText') : null
    setMissing(blank)
    if (blank) return
    const input = templateInputOf(values())
    const current = editing()
    const saved = await request.run(() =>
      current ? admin.update(current.id, { ...input, folder: input.folder ?? null }) : admin.create(input),
    )
    if (saved) reset()
  }

  return (
    <>
      <form class="settings-form template-form" noValidate onSubmit={submit}>
        <label>
          <span>{t('tplTitle')}</span>
          <input
            value={values().title}
            maxLength={200}
            onInput={(e) => set('title', e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('tplFolder')}</span>
          <input
            value={values().folder}
            maxLength={100}
            onInput={(e) => set('folder', e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('tplText')}</span>
          <textarea
            ref={textArea}
            rows={4}
            maxLength={4096}
            value={values().text}
            onInput={(e) => set('text', e.currentTarget.value)}
          />
        </label>
        <fieldset class="template-variables">
          <legend>{t('tplVariables')}</legend>
          <For each={TEMPLATE_VARIABLES}>
            {(name) => (
              <button type="button" class="chip" onClick={() => insertVariable(name)}>
                {`{{${name}}}`}
              </button>
            )}
          </For>
        </fieldset>
        <Show when={unknown().length > 0}>
          <p class="hint">{t('tplUnknownVariables', { list: unknown().join(', ') })}</p>
        </Show>
        <div class="dialog-actions">
          <Show when={editing()}>
            <button type="button" onClick={reset}>
              {t('cancel')}
            </button>
          </Show>
          <button type="submit" class="primary" disabled={request.busy()}>
            {editing() ? t('save') : t('tplAdd')}
          </button>
        </div>
      </form>
      <FormFailure missing={missing()} failure={request.failure() ?? admin.loadFailure()} />
      <Show when={admin.templates().length > 0} fallback={<p class="empty">{t('tplNone')}</p>}>
        <ul class="template-catalogue" aria-label={t('tabTemplates')}>
          <For each={admin.templates()}>
            {(template) => (
              <li>
                <div class="template-head">
                  <strong>{template.title}</strong>
                  <Show when={template.folder}>
                    {(folder) => <span class="template-folder">{folder()}</span>}
                  </Show>
                  <button
                    type="button"
                    class="ghost"
                    aria-label={t('tplEdit', { title: template.title })}
                    title={t('tplEdit', { title: template.title })}
                    onClick={() => edit(template)}
                  >
                    ✎
                  </button>
                  <button
                    type="button"
                    class="ghost"
                    aria-label={t('tplDelete', { title: template.title })}
                    title={t('tplDelete', { title: template.title })}
                    onClick={() =>
                      request.run(async () => {
                        await admin.remove(template.id)
                        if (editing()?.id === template.id) reset()
                      })
                    }
                  >
                    ×
                  </button>
                </div>
                <p class="template-text">{template.text}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  )
}
