/**
 * The chat's top panel: who, status and assignee, and what can be done: take (for oneself), transfer (to another
 * operator, or assign an unassigned chat to one), return, close with a reason (and maybe a rating request); under
 * them, what the conversation was rated.
 */
import { createSignal, type JSX, Match, Show, Switch } from 'solid-js'
import { type AssignmentState, availableActions, type OperatorPublic } from '../../../model'
import { useI18n } from '../../i18n'
import type { ChatActions } from '../../state/actions'
import { StatusLabel } from '../../ui/StatusLabel'
import { CloseDialog } from './CloseDialog'
import { TransferDialog } from './TransferDialog'

export const ChatHeader = (props: {
  title: string
  assignment: AssignmentState
  assigneeName: string | null
  operatorId: string
  /** Active operators, by name. */
  operators: readonly OperatorPublic[]
  /** [TEAM4] Who is online (operator id → since); `null`: unknown. */
  online: ReadonlyMap<string, number> | null
  ready: boolean
  actions: ChatActions
  /** [RAT1] «Попросить оценку» starts checked (the admin's default). */
  askRatingByDefault: boolean
  /** A line under the title and actions: the conversation's ratings. */
  children?: JSX.Element
}): JSX.Element => {
  const { t } = useI18n()
  const [dialog, setDialog] = createSignal<'transfer' | 'close' | null>(null)
  const a = () => props.assignment
  const can = () => availableActions(a(), props.operatorId)
  const others = () => props.operators.filter((op) => op.id !== props.operatorId && op.id !== a().assigneeId)
  const closeDialog = () => setDialog(null)
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
        <Show when={can().take}>
          <button type="button" class="primary" disabled={!props.ready} onClick={() => props.actions.take()}>
            {t('take')}
          </button>
        </Show>
        <Show when={can().transfer}>
          <button type="button" disabled={!props.ready} onClick={() => setDialog('transfer')}>
            {t('transfer')}
          </button>
        </Show>
        <Show when={can().returnToUnassigned}>
          <button type="button" disabled={!props.ready} onClick={() => props.actions.returnToUnassigned()}>
            {t('returnToUnassigned')}
          </button>
        </Show>
        <Show when={can().close}>
          <button type="button" disabled={!props.ready} onClick={() => setDialog('close')}>
            {t('closeChat')}
          </button>
        </Show>
      </div>
      {props.children}
      <Switch>
        <Match when={dialog() === 'transfer'}>
          <TransferDialog
            operators={others()}
            online={props.online}
            onTransfer={props.actions.transfer}
            onClose={closeDialog}
          />
        </Match>
        <Match when={dialog() === 'close'}>
          <CloseDialog
            onCloseChat={props.actions.close}
            onClose={closeDialog}
            askByDefault={props.askRatingByDefault}
          />
        </Match>
      </Switch>
    </header>
  )
}
