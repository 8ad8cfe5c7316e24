/** The tag catalogue: names and colours operators pick from and access filters use. */
import { createSignal, For, type JSX } from 'solid-js'
import { useI18n } from '../../i18n'
import { createRequest, type SettingsState } from '../../state/settings'
import { FormFailure } from './FormFailure'

export const TagsTab = (props: { settings: SettingsState }): JSX.Element => {
  const { t } = useI18n()
  const [name, setName] = createSignal('')
  const [color, setColor] = createSignal('#4f7cff')
  const [missing, setMissing] = createSignal<string | null>(null)
  const request = createRequest()
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setMissing(name().trim() ? null : t('tagName'))
    if (!name().trim()) return
    await request.run(() => props.settings.createTag({ name: name().trim(), color: color() }))
    if (!request.failure()) setName('')
  }
  return (
    <>
      <form class="settings-form inline" noValidate onSubmit={submit}>
        <label>
          <span>{t('tagName')}</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          <span>{t('tagColor')}</span>
          <input type="color" value={color()} onInput={(e) => setColor(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={request.busy()}>
          {t('addTag')}
        </button>
      </form>
      <FormFailure missing={missing()} failure={request.failure()} />
      <ul class="tag-catalogue" aria-label={t('tags')}>
        <For each={props.settings.tags()}>
          {(tag) => (
            <li>
              <span
                class="tag-swatch"
                style={{ background: tag.color ?? 'transparent' }}
                aria-hidden="true"
              />
              <span>{tag.name}</span>
              <button
                type="button"
                class="ghost"
                aria-label={t('deleteTag', { name: tag.name })}
                onClick={() => request.run(() => props.settings.removeTag(tag.name))}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
    </>
  )
}
