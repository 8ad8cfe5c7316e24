/**
 * The composer's tools above the field: «Прикрепить файл» (the system's file picker, several at once), «Эмодзи»,
 * room for more (the template picker), and «Комментарий», which turns the field into an internal comment and back
 * (`aria-pressed`). Files go with an answer, so attaching is off while writing a comment.
 */
import type { JSX } from 'solid-js'
import { useI18n } from '../../i18n'
import { PaperclipIcon } from './composer-icons'
import { EmojiPicker } from './EmojiPicker'

export const ComposerTools = (props: {
  commenting: boolean
  onFiles: (files: File[]) => void
  onEmoji: (emoji: string) => void
  /** The emoji picker closed without a pick: the field takes the focus back. */
  onEmojiClose: () => void
  onToggleComment: () => void
  children?: JSX.Element
}): JSX.Element => {
  const { t } = useI18n()
  let fileInput: HTMLInputElement | undefined
  return (
    <div class="composer-tools">
      <button
        type="button"
        class="composer-tool"
        aria-label={t('attachFile')}
        title={t('attachFile')}
        disabled={props.commenting}
        onClick={() => fileInput?.click()}
      >
        <PaperclipIcon />
      </button>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={(e) => {
          props.onFiles([...(e.currentTarget.files ?? [])])
          e.currentTarget.value = ''
        }}
      />
      <EmojiPicker onPick={props.onEmoji} onClose={props.onEmojiClose} />
      {props.children}
      <button
        type="button"
        class="composer-tool composer-mode"
        aria-pressed={props.commenting}
        onClick={() => props.onToggleComment()}
      >
        {t('comment')}
      </button>
    </div>
  )
}
