/**
 * The contact's tags [CNT3], picked from the admin's catalogue. Tags decide who sees the contact (ACC3): removing
 * one that the operator's own access depends on asks first, since the contact would leave their list.
 */
import { createMemo, createSignal, For, type JSX, Show } from 'solid-js'
import { tagRemovalHidesContact } from '../../../model'
import { useI18n } from '../../i18n'
import type { ContactDirectory, ContactState, EditResult } from '../../state/contact'
import { Dialog } from '../../ui/Dialog'
import { problemText } from './EditableField'

export const ContactTags = (props: {
  tags: readonly string[]
  directory: ContactDirectory
  /** The operator's own tag filters (empty: none). */
  accessTags: readonly string[]
  state: ContactState
}): JSX.Element => {
  const { t } = useI18n()
  const [error, setError] = createSignal<string | null>(null)
  const [confirming, setConfirming] = createSignal<string | null>(null)
  const addable = createMemo(() => props.directory.tagNames().filter((name) => !props.tags.includes(name)))
  const show = (result: EditResult): void => {
    setError(result.ok ? null : problemText(t, result))
  }
  const remove = (tag: string): void => {
    if (tagRemovalHidesContact(props.tags, tag, props.accessTags)) setConfirming(tag)
    else show(props.state.removeTag(tag))
  }
  let picker: HTMLSelectElement | undefined
  return (
    <section class="contact-section" aria-label={t('contactTags')}>
      <h3>{t('contactTags')}</h3>
      <Show when={props.tags.length > 0} fallback={<p class="hint">{t('contactNoTags')}</p>}>
        <ul class="tag-catalogue contact-tags">
          <For each={props.tags}>
            {(tag) => (
              <li>
                <span
                  class="tag-swatch"
                  style={{ background: props.directory.tagColor(tag) ?? 'transparent' }}
                  aria-hidden="true"
                />
                <span>{tag}</span>
                <button
                  type="button"
                  class="ghost"
                  aria-label={t('contactRemoveTag', { name: tag })}
                  onClick={() => remove(tag)}
                >
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={addable().length > 0}>
        <select
          ref={picker}
          aria-label={t('contactAddTag')}
          value=""
          onChange={(e) => {
            const tag = e.currentTarget.value
            e.currentTarget.value = ''
            if (tag) show(props.state.addTag(tag, props.directory.tagNames()))
            picker?.blur()
          }}
        >
          <option value="">{t('contactAddTag')}</option>
          <For each={addable()}>{(name) => <option value={name}>{name}</option>}</For>
        </select>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={confirming()}>
        {(tag) => (
          <Dialog title={t('contactTagHidesTitle', { name: tag() })} onClose={() => setConfirming(null)}>
            <p>{t('contactTagHidesText')}</p>
            <div class="dialog-actions">
              <button type="button" onClick={() => setConfirming(null)}>
                {t('cancel')}
              </button>
              <button
                type="button"
                class="danger"
                onClick={() => {
                  show(props.state.removeTag(tag()))
                  setConfirming(null)
                }}
              >
                {t('contactRemoveTag', { name: tag() })}
              </button>
            </div>
          </Dialog>
        )}
      </Show>
    </section>
  )
}
