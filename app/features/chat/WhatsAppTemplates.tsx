/**
 * The «Шаблоны WhatsApp» section of the template picker [WTP1]: the account's approved templates (online only);
 * hovering or focusing one shows it, picking one asks for its parameters with the message as it will read, and
 * «Отправить шаблон» sends it into the chat through the server. A template the app cannot fill (a media header, a
 * button with a value) is listed disabled, with the reason.
 */
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js'
import { createStore } from 'solid-js/store'
import { useI18n } from '../../i18n'
import type { TemplatePickerState } from '../../state/template-picker'
import type { WhatsAppTemplate } from '../../sync'

export const WhatsAppTemplates = (props: {
  picker: TemplatePickerState
  online: boolean
  /** Shows a text in the picker's preview (`null`: the hint). */
  onPreview: (text: string | null) => void
  /** The id of the picker's preview, which describes each option. */
  previewId: string
  onSent: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const [chosen, setChosen] = createSignal<WhatsAppTemplate | null>(null)
  const [values, setValues] = createStore<Record<string, string>>({})
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const list = () => props.picker.whatsapp()
  const ready = () => {
    const l = list()
    return l.status === 'ready' ? l.templates : null
  }
  const failed = () => {
    const l = list()
    return l.status === 'failed' ? l : null
  }
  const label = (tpl: WhatsAppTemplate) => `${tpl.name} · ${tpl.language}`
  const complete = () => chosen()?.params.every((name) => values[name]?.trim()) ?? false
  const pick = (tpl: WhatsAppTemplate) => {
    setValues(Object.fromEntries(tpl.params.map((name) => [name, ''])))
    setError(null)
    setChosen(tpl)
  }
  const send = async (e: SubmitEvent) => {
    e.preventDefault()
    const tpl = chosen()
    if (!tpl || !complete() || busy()) return
    setBusy(true)
    const failure = await props.picker.sendWhatsApp(tpl, { ...values })
    setBusy(false)
    if (failure === null) {
      setChosen(null)
      props.onSent()
    } else {
      setError(failure.status === 0 ? t('tplWaOffline') : t('tplWaSendFailed', { message: failure.message }))
    }
  }
  return (
    <section class="wa-templates" aria-label={t('tplWhatsApp')}>
      <h4>{t('tplWhatsApp')}</h4>
      <Switch>
        <Match when={!props.online && chosen() === null}>
          <p class="hint">{t('tplWaOffline')}</p>
        </Match>
        <Match when={chosen()}>
          {(tpl) => (
            <form class="wa-template-form" onSubmit={(e) => void send(e)}>
              <p class="wa-template-name">{label(tpl())}</p>
              <For each={tpl().params}>
                {(name, i) => (
                  <label>
                    <span>{t('tplWaParam', { name })}</span>
                    <input
                      value={values[name] ?? ''}
                      placeholder={tpl().examples[i()] ?? ''}
                      maxLength={1024}
                      onInput={(e) => setValues(name, e.currentTarget.value)}
                    />
                  </label>
                )}
              </For>
              <output class="template-preview" aria-label={t('tplPreview')}>
                {props.picker.preview(tpl(), values)}
              </output>
              <Show when={error()}>
                {(message) => (
                  <p class="error" role="alert">
                    {message()}
                  </p>
                )}
              </Show>
              <div class="dialog-actions">
                <button type="button" onClick={() => setChosen(null)}>
                  {t('tplBack')}
                </button>
                <button type="submit" class="primary" disabled={!complete() || busy() || !props.online}>
                  {t('tplWaSend')}
                </button>
              </div>
            </form>
          )}
        </Match>
        <Match when={list().status === 'loading' || list().status === 'idle'}>
          <p class="hint">{t('tplWaLoading')}</p>
        </Match>
        <Match when={failed()}>
          {(f) => (
            <p class="error" role="alert">
              {f().message ? t('tplWaFailed', { message: f().message }) : t('tplWaOffline')}
            </p>
          )}
        </Match>
        <Match when={ready()}>
          {(templates) => (
            <Show when={templates().length > 0} fallback={<p class="hint">{t('tplWaEmpty')}</p>}>
              <ul class="template-options">
                <For each={templates()}>
                  {(tpl) => (
                    <li>
                      <button
                        type="button"
                        class="template-option"
                        disabled={tpl.unsupported !== null}
                        title={tpl.unsupported ? t('tplWaUnsupported', { reason: tpl.unsupported }) : ''}
                        aria-describedby={props.previewId}
                        onMouseEnter={() => props.onPreview(props.picker.preview(tpl, {}))}
                        onFocus={() => props.onPreview(props.picker.preview(tpl, {}))}
                        onClick={() => pick(tpl)}
                      >
                        {label(tpl)}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  )
}
