/**
 * «Сообщение» and «Отправить»; Ctrl+Enter (⌘+Enter) sends too. Every change of the text is told (typing). In a
 * WhatsApp chat the reply window shows above it, and once the window has closed Send is disabled, saying why [WIN1].
 */
import { createSignal, createUniqueId, type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import type { ReplyWindow } from '../../state/reply-window'
import { ReplyWindowNote } from './ReplyWindowNote'

export const Composer = (props: {
  ready: boolean
  /** WhatsApp's reply window; `null` for a chat without one. */
  replyWindow?: ReplyWindow | null
  onSend: (text: string) => void
  onInput: (text: string) => void
}): JSX.Element => {
  const { t } = useI18n()
  const noteId = createUniqueId()
  const [text, setText] = createSignal('')
  const closed = () => props.replyWindow?.open === false
  const canSend = () => props.ready && !closed() && text().trim() !== ''
  const send = (): void => {
    if (!canSend()) return
    props.onSend(text())
    setText('')
  }
  return (
    <>
      <Show when={props.replyWindow}>{(window) => <ReplyWindowNote window={window()} id={noteId} />}</Show>
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
        <button
          type="submit"
          class="primary"
          disabled={!canSend()}
          title={closed() ? t('replyWindowClosed') : ''}
          aria-describedby={closed() ? noteId : undefined}
        >
          {t('send')}
        </button>
      </form>
    </>
  )
}
