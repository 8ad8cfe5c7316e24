/**
 * «Отметить оператора»: the operators an @mention being typed matches, above the comment field. The field keeps
 * the focus (it points at the active option with `aria-activedescendant`); ↑/↓ move, Enter or Tab picks, Escape
 * closes; a click picks too.
 */
import { For, type JSX } from 'solid-js'
import type { OperatorPublic } from '../../../model'
import { useI18n } from '../../i18n'

export const mentionOptionId = (listId: string, index: number): string => `${listId}-${index}`

export const MentionList = (props: {
  id: string
  operators: readonly OperatorPublic[]
  active: number
  onPick: (operator: OperatorPublic) => void
}): JSX.Element => {
  const { t } = useI18n()
  return (
    <div class="mention-list" id={props.id} role="listbox" aria-label={t('mentionList')}>
      <For each={props.operators}>
        {(op, i) => (
          <div
            id={mentionOptionId(props.id, i())}
            role="option"
            tabIndex={-1}
            aria-selected={i() === props.active}
            class={i() === props.active ? 'mention-option active' : 'mention-option'}
            // The field keeps the focus: pick on pointer down, before it would blur.
            onPointerDown={(e) => {
              e.preventDefault()
              props.onPick(op)
            }}
          >
            {op.name}
          </div>
        )}
      </For>
    </div>
  )
}
