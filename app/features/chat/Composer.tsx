/** «Сообщение» and «Отправить»; Ctrl+Enter (⌘+Enter) sends too. Every change of the text is told (typing). */
import { createSignal, type JSX } from 'solid-js'
import { useI18n } from '../../i18n'

export const Composer = (props: {
  ready: boolean
  onSend: (text: string) => void
  onInput: (text: string) => void
}): JSX.Element => {
  const { t } = useI18n()
  const [text, setText] = createSignal('')
  const canSend = () => props.ready && text().trim() !== ''
  const send = (): void => {
    if (!canSend()) return
    props.onSend(text())
    setText('')
  }
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault()
        send()
      }}
    >
      <textarea
        aria-label={t('message')}
        placeholder={`${t('message')} · ${t('sendHint')}`}
        rows={3}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value)
          props.onInput(e.currentTarget.value)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            send()
          }
        }}
      />
      <button type="submit" class="primary" disabled={!canSend()}>
        {t('send')}
      </button>
    </form>
  )
}
