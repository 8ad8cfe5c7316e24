/** Editing a sent answer in place: Enter saves, Shift+Enter starts a new line, Esc cancels [EDT2]. */
import { createSignal, type JSX, onMount } from 'solid-js'
import { useI18n } from '../../i18n'

export const MessageEditor = (props: {
  initial: string
  online: boolean
  busy: boolean
  onSave: (text: string) => void
  onCancel: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const [text, setText] = createSignal(props.initial)
  let area: HTMLTextAreaElement | undefined
  onMount(() => area?.focus())
  const canSave = () => props.online && !props.busy && text().trim() !== ''
  const save = (): void => {
    if (text().trim() === props.initial.trim()) props.onCancel()
    else if (canSave()) props.onSave(text().trim())
  }
  return (
    <div class="message-editor">
      <textarea
        ref={area}
        aria-label={t('editedText')}
        rows={2}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault()
            save()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            props.onCancel()
          }
        }}
      />
      <div class="message-editor-actions">
        <span class="message-editor-hint">{t('editHint')}</span>
        <button type="button" onClick={() => props.onCancel()}>
          {t('cancel')}
        </button>
        <button
          type="button"
          class="primary"
          disabled={!canSave()}
          title={props.online ? '' : t('onlineOnly')}
          onClick={save}
        >
          {t('save')}
        </button>
      </div>
    </div>
  )
}
