/** The chat's top panel: who, status and assignee, and what can be done: take, return, close. */
import { type JSX, Show } from 'solid-js'
import type { AssignmentState } from '../../../model'
import { useI18n } from '../../i18n'
import type { ChatActions } from '../../state/actions'
import { StatusLabel } from '../../ui/StatusLabel'

export const ChatHeader = (props: {
  title: string
  assignment: AssignmentState
  assigneeName: string | null
  operatorId: string
  ready: boolean
  actions: ChatActions
}): JSX.Element => {
  const { t } = useI18n()
  const a = () => props.assignment
  const mineInWork = () => a().status === 'in_work' && a().assigneeId === props.operatorId
  const unassigned = () => a().status === 'open' && a().assigneeId === null
  return (
    <header class="chat-header">
      <div class="chat-title">
        <h2>{props.title}</h2>
        <span class="chat-subtitle">
          <StatusLabel status={a().status} />
          <span>
            {t('assignee')}: {props.assigneeName ?? t('notAssigned')}
          </span>
        </span>
      </div>
      <div class="chat-actions">
        <Show when={!mineInWork()}>
          <button type="button" class="primary" disabled={!props.ready} onClick={() => props.actions.take()}>
            {t('take')}
          </button>
        </Show>
        <Show when={!unassigned()}>
          <button type="button" disabled={!props.ready} onClick={() => props.actions.returnToUnassigned()}>
            {t('returnToUnassigned')}
          </button>
        </Show>
        <Show when={a().status !== 'closed'}>
          <button type="button" disabled={!props.ready} onClick={() => props.actions.close()}>
            {t('closeChat')}
          </button>
        </Show>
      </div>
    </header>
  )
}
