/**
 * The composer (seed 003 «Панель отправки сообщений»): «Сообщение» and «Отправить», with emoji, files (picked,
 * pasted, or dropped on the chat: composer state), a reply's quote, and «Комментарий», an internal comment the
 * customer never sees, where `@` offers operators to mention. Enter starts a new line; Ctrl+Enter (⌘+Enter)
 * sends; Ctrl+Shift+A (anywhere while the chat is open) starts a mention. Send is disabled with the reason said
 * when it may not go: WhatsApp's closed window [WIN1], files not uploaded yet (offline they wait for the network),
 * a file that cannot be sent. Typing is told to others only in an answer, never in a comment.
 */
import { createEffect, createUniqueId, type JSX, on, Show } from 'solid-js'
import { MAX_TEXT, type Message, type OperatorPublic } from '../../../model'
import { useI18n } from '../../i18n'
import type { ComposerState, SendBlock } from '../../state/composer'
import type { ReplyWindow } from '../../state/reply-window'
import { createHotkeys } from '../../ui/hotkeys'
import { ComposerAttachments } from './ComposerAttachments'
import { ComposerTools } from './ComposerTools'
import { MentionList, mentionOptionId } from './MentionList'
import { createMentionInput } from './mention-input'
import { QuoteBar } from './QuoteBar'
import { ReplyWindowNote } from './ReplyWindowNote'

export interface ComposerProps {
  composer: ComposerState
  /** WhatsApp's reply window; `null` for a chat without one. */
  replyWindow?: ReplyWindow | null
  /** Whom a comment may mention: the active operators but oneself. */
  mentionable: readonly OperatorPublic[]
  /** The message replied to (if it is loaded) and its sender's name. */
  quoted: (messageId: string) => { message: Message | undefined; sender: string }
  /** The answer's text changed (presence: typing). */
  onInput: (text: string) => void
  /** Something was sent, or the operator turned to a comment: not typing an answer any more. */
  onStop: () => void
  /** Room for more tools beside emoji (the template picker); `insert` puts text at the caret. */
  tools?: (insert: (text: string) => void) => JSX.Element
}

const NOTE: Partial<Record<SendBlock, 'filesWaiting' | 'filesUploading' | 'filesFailed' | 'textTooLong'>> = {
  filesWaiting: 'filesWaiting',
  filesUploading: 'filesUploading',
  filesFailed: 'filesFailed',
  tooLong: 'textTooLong',
}

export const Composer = (props: ComposerProps): JSX.Element => {
  const { t } = useI18n()
  const c = props.composer
  const noteId = createUniqueId()
  const listId = createUniqueId()
  let field: HTMLTextAreaElement | undefined
  const commenting = () => c.mode() === 'comment'
  const mentions = createMentionInput(commenting, () => props.mentionable)
  const note = () => {
    const key = NOTE[c.blocked() ?? 'empty']
    return key ? t(key, { n: MAX_TEXT }) : null
  }
  const windowNote = () => !commenting() && props.replyWindow?.open === false

  const changed = (text: string): void => {
    c.setText(text)
    if (!commenting()) props.onInput(text)
    if (field) mentions.refresh(field)
  }
  /** Puts `text` at the caret (or over the selection), and the caret after it. */
  const insert = (text: string): void => {
    if (!field) return
    const { selectionStart: start, selectionEnd: end, value } = field
    changed(value.slice(0, start) + text + value.slice(end))
    field.focus()
    field.setSelectionRange(start + text.length, start + text.length)
    mentions.refresh(field)
  }
  const pickMention = (op?: OperatorPublic): boolean => {
    const picked = field ? mentions.pick(field, op) : null
    if (!picked || !field) return false
    changed(picked.text)
    field.setSelectionRange(picked.caret, picked.caret)
    return true
  }
  const setMode = (mode: 'message' | 'comment'): void => {
    if (mode === 'comment') props.onStop()
    c.setMode(mode)
    if (field) mentions.refresh(field)
  }
  const send = (): void => {
    if (!c.send()) return
    props.onStop()
    if (field) mentions.refresh(field)
  }
  // «Ответить» chosen on a message: the answer is written here.
  createEffect(on(c.replyTo, (id) => id !== null && field?.focus(), { defer: true }))
  // Ctrl+Shift+A (seed 003 «отметить пользователя в чате»), wherever the focus is while the chat is open: a
  // comment, `@` at the caret, the list open.
  createHotkeys({
    mention: () => {
      setMode('comment')
      field?.focus()
      const before = field ? field.value.slice(0, field.selectionStart) : ''
      insert(before === '' || /\s$/.test(before) ? '@' : ' @')
    },
  })

  const onKeyDown = (e: KeyboardEvent): void => {
    const open = mentions.matches().length > 0
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault()
      mentions.move(e.key === 'ArrowDown' ? 1 : -1)
    } else if (open && (e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      if (pickMention()) e.preventDefault()
    } else if (open && e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      mentions.dismiss()
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      send()
    }
  }

  return (
    <div class={commenting() ? 'composer-box composer-comment' : 'composer-box'}>
      <Show when={!commenting() && props.replyWindow}>
        {(window) => <ReplyWindowNote window={window()} id={`${noteId}-window`} />}
      </Show>
      <Show when={!commenting() && c.replyTo()}>
        {(id) => <QuoteBar {...props.quoted(id())} onCancel={() => c.reply(null)} />}
      </Show>
      <Show when={!commenting()}>
        <ComposerAttachments items={c.attachments()} onRemove={c.remove} />
      </Show>
      <Show when={commenting()}>
        <p class="composer-mode-note">{t('commentMode')}</p>
      </Show>
      <Show when={note()}>
        {(text) => (
          <output class="composer-note" id={noteId}>
            {text()}
          </output>
        )}
      </Show>
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault()
          send()
        }}
      >
        <ComposerTools
          commenting={commenting()}
          onFiles={c.addFiles}
          onEmoji={insert}
          onEmojiClose={() => field?.focus()}
          onToggleComment={() => setMode(commenting() ? 'message' : 'comment')}
        >
          {props.tools?.(insert)}
        </ComposerTools>
        <div class="composer-field">
          <Show when={mentions.matches().length > 0}>
            <MentionList
              id={listId}
              operators={mentions.matches()}
              active={mentions.active()}
              onPick={(op) => void pickMention(op)}
            />
          </Show>
          <textarea
            ref={field}
            aria-label={commenting() ? t('comment') : t('message')}
            aria-autocomplete={commenting() ? 'list' : undefined}
            aria-controls={mentions.matches().length > 0 ? listId : undefined}
            aria-activedescendant={
              mentions.matches().length > 0 ? mentionOptionId(listId, mentions.active()) : undefined
            }
            placeholder={commenting() ? t('commentHint') : `${t('message')} · ${t('sendHint')}`}
            rows={3}
            value={c.text()}
            onInput={(e) => changed(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            onKeyUp={(e) => mentions.refresh(e.currentTarget)}
            onClick={(e) => mentions.refresh(e.currentTarget)}
            onPaste={(e) => {
              const files = [...(e.clipboardData?.files ?? [])]
              if (files.length === 0) return
              e.preventDefault()
              c.addFiles(files)
            }}
          />
        </div>
        <button
          type="submit"
          class="primary"
          disabled={c.blocked() !== null}
          title={windowNote() ? t('replyWindowClosed') : (note() ?? '')}
          aria-describedby={windowNote() ? `${noteId}-window` : note() ? noteId : undefined}
        >
          {t('send')}
        </button>
      </form>
    </div>
  )
}
