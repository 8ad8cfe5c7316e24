/**
 * Under a message, what operators noted on it (seed 001), never shown to the customer: the reaction marks, one
 * emoji per kind with how many set it and who (in its name and title), and the message's tags as chips [MRK1,
 * MTG1]. Nothing when there is none.
 */
import { For, type JSX, Show } from 'solid-js'
import { MARK_EMOJI, type MarkKind, type MessageMark } from '../../../model'
import { useI18n } from '../../i18n'
import type { MessageLabelsState } from '../../state/message-labels'

const KINDS: readonly MarkKind[] = ['positive', 'negative']

export const MessageLabelBar = (props: { labels: MessageLabelsState; messageId: string }): JSX.Element => {
  const { t } = useI18n()
  const current = () => props.labels.of(props.messageId)
  const byKind = (kind: MarkKind): readonly MessageMark[] => current().marks.filter((m) => m.mark === kind)
  const who = (kind: MarkKind): string =>
    t('lblMarkedBy', {
      kind: t(kind === 'positive' ? 'lblPositive' : 'lblNegative'),
      names: byKind(kind)
        .map((m) => props.labels.nameOf(m.by))
        .join(', '),
    })
  return (
    <Show when={current().marks.length > 0 || current().tags.length > 0}>
      <div class="message-labels">
        <For each={KINDS.filter((kind) => byKind(kind).length > 0)}>
          {(kind) => (
            <span class={`message-mark mark-${kind}`} role="img" aria-label={who(kind)} title={who(kind)}>
              {MARK_EMOJI[kind]}
              <Show when={byKind(kind).length > 1}>
                <span class="mark-count">{byKind(kind).length}</span>
              </Show>
            </span>
          )}
        </For>
        <Show when={current().tags.length > 0}>
          <ul
            class="message-tags"
            aria-label={t('lblMessageTags', {
              list: current()
                .tags.map((tag) => tag.tag)
                .join(', '),
            })}
          >
            <For each={current().tags}>{(tag) => <li class="chip">{tag.tag}</li>}</For>
          </ul>
        </Show>
      </div>
    </Show>
  )
}
