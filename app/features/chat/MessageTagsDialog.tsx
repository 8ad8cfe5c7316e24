/**
 * «Теги сообщения» (seed 001): the catalogue's tags as checkboxes, the message's current ones checked (and kept
 * even if they left the catalogue), applied with «Обновить» [MTG1]; more than the limit is said, not written
 * [MTG2]. Offline too: it writes the chat's doc.
 */
import { createSignal, For, type JSX, Show } from 'solid-js'
import { DomainError, MAX_MESSAGE_TAGS } from '../../../model'
import { useI18n } from '../../i18n'
import type { MessageLabelsState } from '../../state/message-labels'
import { Dialog } from '../../ui/Dialog'

export const MessageTagsDialog = (props: {
  labels: MessageLabelsState
  messageId: string
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const onMessage = props.labels.of(props.messageId).tags.map((tag) => tag.tag)
  const [chosen, setChosen] = createSignal<ReadonlySet<string>>(new Set(onMessage))
  const [error, setError] = createSignal<string | null>(null)
  /** The catalogue, and tags on the message that left it. */
  const names = () => {
    const catalogue = props.labels.catalogue().map((tag) => tag.name)
    return [...catalogue, ...onMessage.filter((name) => !catalogue.includes(name))]
  }
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen())
    if (on) next.add(name)
    else next.delete(name)
    setChosen(next)
    setError(next.size > MAX_MESSAGE_TAGS ? t('lblTooManyTags', { n: MAX_MESSAGE_TAGS }) : null)
  }
  const update = () => {
    try {
      props.labels.setTags(props.messageId, [...chosen()])
      props.onClose()
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      setError(err.message)
    }
  }
  return (
    <Dialog title={t('lblTagsTitle')} onClose={props.onClose}>
      <Show when={names().length > 0} fallback={<p class="empty">{t('lblNoCatalogue')}</p>}>
        <fieldset class="message-tag-choices">
          <legend class="visually-hidden">{t('lblTagsTitle')}</legend>
          <For each={names()}>
            {(name) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={chosen().has(name)}
                  onChange={(e) => toggle(name, e.currentTarget.checked)}
                />
                <span>{name}</span>
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('cancel')}
        </button>
        <button type="button" class="primary" disabled={chosen().size > MAX_MESSAGE_TAGS} onClick={update}>
          {t('lblUpdate')}
        </button>
      </div>
    </Dialog>
  )
}
