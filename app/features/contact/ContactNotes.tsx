/** Operators' notes on the contact [CNT4, CNT5]: who wrote each and when; add one; delete one's own. */
import { createSignal, For, type JSX, Show } from 'solid-js'
import type { Note } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import type { ContactState } from '../../state/contact'
import { problemText } from './EditableField'

export const ContactNotes = (props: {
  notes: readonly Note[]
  operatorId: string
  operatorName: (id: string) => string
  state: ContactState
}): JSX.Element => {
  const { t, locale } = useI18n()
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const submit = (e: SubmitEvent): void => {
    e.preventDefault()
    if (!text().trim()) return
    const result = props.state.addNote(text())
    setError(result.ok ? null : problemText(t, result))
    if (result.ok) setText('')
  }
  return (
    <section class="contact-section" aria-label={t('contactNotes')}>
      <h3>{t('contactNotes')}</h3>
      <Show when={props.notes.length > 0} fallback={<p class="hint">{t('contactNoNotes')}</p>}>
        <ul class="contact-notes" aria-label={t('contactNotes')}>
          <For each={props.notes}>
            {(note) => (
              <li>
                <p class="contact-note-text">{note.text}</p>
                <p class="contact-note-meta">
                  <span>{props.operatorName(note.authorId)}</span>
                  <time dateTime={new Date(note.at).toISOString()}>{formatFullTime(note.at, locale())}</time>
                  <Show when={note.authorId === props.operatorId}>
                    <button
                      type="button"
                      class="ghost"
                      aria-label={t('contactDeleteNote')}
                      title={t('contactDeleteNote')}
                      onClick={() => {
                        const result = props.state.deleteNote(note.id)
                        setError(result.ok ? null : problemText(t, result))
                      }}
                    >
                      ×
                    </button>
                  </Show>
                </p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="contact-note-form" onSubmit={submit}>
        <textarea
          rows={2}
          aria-label={t('contactNewNote')}
          placeholder={t('contactNewNote')}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" disabled={!text().trim()}>
          {t('contactAddNote')}
        </button>
      </form>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  )
}
