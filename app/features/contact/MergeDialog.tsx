/**
 * «Объединить контакты» (seed 003: one person, chats in several channels): the operator finds another contact with
 * the server search (name, phone in any formatting, email, notes) and merges the open contact into it, with all
 * its chats [MRG1–MRG3]. Online only; the server's refusal is said plainly (not every chat visible to you, the
 * contact already merged, no connection). Mount it to open it, like every `ui/Dialog`.
 *
 * Usage, e.g. from the contact panel:
 *   <Show when={merging()}>
 *     <MergeDialog token={session.token} contactId={s.contactId} contactName={s.contactName}
 *       channelName={(id) => directory.channel(id)?.name} onMerged={(r) => …} onClose={() => setMerging(false)} />
 *   </Show>
 */
import { For, type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import { createContactMerge, type MergeProblem } from '../../state/contact-merge'
import { type ContactApi, type ContactHit, createContactApi, type MergedContact } from '../../sync'
import { Dialog } from '../../ui/Dialog'

export interface MergeDialogProps {
  /** The signed-in operator's token (the session's): the server checks their access. */
  readonly token: string
  /** The contact being merged: it joins the contact picked here, with every chat, and is left marked as merged. */
  readonly contactId: string
  /** Its name, for the explanation (blank: the unnamed contact's word). */
  readonly contactName: string
  /** After the merge: `result.contact` is the contact it joined (id, name, profile, the chats one may see). */
  readonly onMerged: (result: MergedContact) => void
  /** However the dialog ends: cancelled, dismissed with Esc, or after `onMerged`. */
  readonly onClose: () => void
  /** Names a channel for the found contacts' rows (e.g. the directory's); without it, rows count the chats. */
  readonly channelName?: (channelId: string) => string | undefined
  /** Another HTTP API (tests, another origin); by default this origin's, with `token`. */
  readonly api?: ContactApi
}

export const MergeDialog = (props: MergeDialogProps): JSX.Element => {
  const { t } = useI18n()
  const merge = createContactMerge(props.api ?? createContactApi(props.token), () => props.contactId)

  const problemText = (problem: MergeProblem): string => {
    switch (problem.kind) {
      case 'forbidden':
        return t('mergeForbidden')
      case 'not_found':
        return t('mergeNotFound')
      case 'offline':
        return t('mergeOffline')
      default:
        return t('mergeFailed', { message: problem.message })
    }
  }
  const channels = (hit: ContactHit): string => {
    const names = hit.chats.map((chat) => props.channelName?.(chat.channelId)).filter(Boolean)
    return names.length > 0 ? [...new Set(names)].join(', ') : t('mergeChats', { n: hit.chats.length })
  }
  const search = (e: SubmitEvent): void => {
    e.preventDefault()
    void merge.search()
  }
  const submit = async (): Promise<void> => {
    const result = await merge.merge()
    if (!result) return
    props.onMerged(result)
    props.onClose()
  }

  return (
    <Dialog title={t('mergeContacts')} onClose={props.onClose}>
      <div class="merge-dialog">
        <p>{t('mergeExplain', { name: props.contactName || t('unnamedContact') })}</p>
        <form class="merge-search" onSubmit={search}>
          <input
            type="search"
            aria-label={t('mergeFind')}
            placeholder={t('mergeFindPlaceholder')}
            value={merge.query()}
            onInput={(e) => merge.setQuery(e.currentTarget.value)}
          />
          <button type="submit" disabled={merge.busy() || merge.query().trim() === ''}>
            {t('mergeFindButton')}
          </button>
        </form>
        <Show when={merge.results()}>
          {(results) => (
            <Show when={results().length > 0} fallback={<p class="empty">{t('mergeNoResults')}</p>}>
              <fieldset class="merge-results">
                <legend>{t('mergeResults')}</legend>
                <For each={results()}>
                  {(hit) => (
                    <label>
                      <input
                        type="radio"
                        name="merge-into"
                        value={hit.id}
                        checked={merge.chosen() === hit.id}
                        onChange={() => merge.choose(hit.id)}
                      />
                      <span class="merge-name">{hit.name || t('unnamedContact')}</span>
                      <span class="merge-channels">{channels(hit)}</span>
                    </label>
                  )}
                </For>
              </fieldset>
            </Show>
          )}
        </Show>
        <Show when={merge.problem()}>
          {(problem) => (
            <p class="error" role="alert">
              {problemText(problem())}
            </p>
          )}
        </Show>
        <div class="dialog-actions">
          <button type="button" onClick={() => props.onClose()}>
            {t('cancel')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={merge.chosen() === null || merge.busy()}
            onClick={() => void submit()}
          >
            {t('mergeSubmit')}
          </button>
        </div>
      </div>
    </Dialog>
  )
}
