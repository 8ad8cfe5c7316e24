/** «Оператор» above the chat list: every operator's chats, or one operator's (seed 000, the operator dropdown). */
import { For, type JSX } from 'solid-js'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import type { InboxState } from '../../state/inbox'

const ALL = ''

export const OperatorFilter = (props: { inbox: InboxState; directory: DirectoryState }): JSX.Element => {
  const { t } = useI18n()
  return (
    <select
      class="operator-filter"
      aria-label={t('operator')}
      value={props.inbox.assignee() ?? ALL}
      onChange={(e) => props.inbox.setAssignee(e.currentTarget.value === ALL ? null : e.currentTarget.value)}
    >
      <option value={ALL}>{t('allOperators')}</option>
      {/* `selected` per option: the saved choice holds when the operators arrive after the select (a reload). */}
      <For each={props.directory.activeOperators()}>
        {(op) => (
          <option value={op.id} selected={props.inbox.assignee() === op.id}>
            {op.name}
          </option>
        )}
      </For>
    </select>
  )
}
