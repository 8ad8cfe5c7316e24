/**
 * «Оценка качества» (issue 7 §3) [RAT1]: whether «Попросить оценку» starts checked when an operator closes a chat,
 * the request and thanks texts the customer gets, and the WhatsApp template that carries the request once the
 * 24-hour window has closed (picked from the approved ones, or typed as name and language).
 */
import { createEffect, createSignal, For, type JSX, on, onMount, Show, untrack } from 'solid-js'
import type { ChannelPublic, SatisfactionTemplate } from '../../../model'
import { useI18n } from '../../i18n'
import {
  createSatisfactionAdmin,
  EMPTY_SATISFACTION_FORM,
  formOf,
  problemOf,
  type SatisfactionForm,
  settingsOf,
  templateKey,
} from '../../state/satisfaction-settings'
import { createRequest } from '../../state/settings'
import { createSatisfactionApi, createWhatsAppTemplatesApi } from '../../sync'
import { FormFailure } from './FormFailure'

export const SatisfactionTab = (props: {
  token: string
  channels: readonly ChannelPublic[]
}): JSX.Element => {
  const { t } = useI18n()
  const admin = createSatisfactionAdmin(
    createSatisfactionApi(props.token),
    createWhatsAppTemplatesApi(props.token),
  )
  const [form, setForm] = createSignal<SatisfactionForm>(EMPTY_SATISFACTION_FORM)
  const [choices, setChoices] = createSignal<readonly SatisfactionTemplate[]>([])
  const [missing, setMissing] = createSignal<string | null>(null)
  const [saved, setSaved] = createSignal(false)
  const request = createRequest()
  onMount(async () => {
    await admin.reload()
    const loaded = admin.settings()
    if (loaded) setForm(formOf(loaded))
  })
  // The approved templates, asked again when the WhatsApp channels change (the channel list may load later).
  const whatsapp = () =>
    props.channels
      .filter((c) => c.kind === 'whatsapp' && c.enabled)
      .map((c) => c.id)
      .join(' ')
  createEffect(
    on(whatsapp, async (ids) => {
      if (ids) setChoices(await admin.templates(untrack(() => props.channels)))
    }),
  )
  const set = (patch: Partial<SatisfactionForm>) => {
    setForm({ ...form(), ...patch })
    setSaved(false)
  }
  const pick = (key: string) => {
    const chosen = choices().find((c) => templateKey(c) === key)
    set({ templateName: chosen?.name ?? '', templateLanguage: chosen?.language ?? '' })
  }
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const problem = problemOf(form())
    setMissing(problem && t(problem))
    if (problem) return
    const answer = await request.run(() => admin.save(settingsOf(form())))
    if (answer) {
      setForm(formOf(answer))
      setSaved(true)
    }
  }
  return (
    <>
      <p class="hint">{t('csatHint')}</p>
      <Show when={admin.loadFailure()}>{(failure) => <FormFailure failure={failure()} />}</Show>
      <form class="settings-form satisfaction-form" noValidate onSubmit={submit}>
        <label class="check">
          <input
            type="checkbox"
            checked={form().askByDefault}
            onChange={(e) => set({ askByDefault: e.currentTarget.checked })}
          />
          {t('csatAskByDefault')}
        </label>
        <label>
          <span>{t('csatRequestText')}</span>
          <textarea
            rows={3}
            value={form().requestText}
            onInput={(e) => set({ requestText: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{t('csatThanksText')}</span>
          <textarea
            rows={3}
            value={form().thanksText}
            onInput={(e) => set({ thanksText: e.currentTarget.value })}
          />
        </label>
        <fieldset class="picker">
          <legend>{t('csatTemplate')}</legend>
          <p class="hint">{t('csatTemplateHint')}</p>
          <Show when={choices().length > 0}>
            <label>
              <span>{t('csatTemplateApproved')}</span>
              <select
                value={templateKey({ name: form().templateName, language: form().templateLanguage })}
                onChange={(e) => pick(e.currentTarget.value)}
              >
                <option value="|">{t('csatTemplateNone')}</option>
                <For each={choices()}>
                  {(c) => (
                    <option value={templateKey(c)}>
                      {c.name} ({c.language})
                    </option>
                  )}
                </For>
              </select>
            </label>
          </Show>
          <label>
            <span>{t('csatTemplateName')}</span>
            <input
              value={form().templateName}
              autocapitalize="off"
              spellcheck={false}
              onInput={(e) => set({ templateName: e.currentTarget.value })}
            />
          </label>
          <label>
            <span>{t('csatTemplateLanguage')}</span>
            <input
              value={form().templateLanguage}
              autocapitalize="off"
              spellcheck={false}
              placeholder="ru"
              onInput={(e) => set({ templateLanguage: e.currentTarget.value })}
            />
          </label>
        </fieldset>
        <FormFailure missing={missing()} failure={request.failure()} />
        <button type="submit" class="primary" disabled={request.busy() || admin.settings() === null}>
          {t('save')}
        </button>
        <output class="hint">{saved() ? t('csatSaved') : ''}</output>
      </form>
    </>
  )
}
