/**
 * The open chat: its doc is opened on the shared socket while it is on screen (with our presence: viewing it),
 * read as it changes, and kept read; the header's buttons and the composer write through model commands; who
 * types here shows above the composer, and our own typing goes out as presence, never into the doc.
 */
import { createEffect, createMemo, type JSX, onCleanup, Show } from 'solid-js'
import type { ChatSummary } from '../../../model'
import { useI18n } from '../../i18n'
import { chatActions } from '../../state/actions'
import { createChat, createReadWhileOpen, timeline } from '../../state/chat'
import type { DirectoryState } from '../../state/directory'
import { createMessenger } from '../../state/messenger'
import { createTyping, createTypingLine } from '../../state/presence'
import type { Session } from '../../sync'
import { markWhenPainted } from '../../ui/paint-mark'
import { ChatHeader } from './ChatHeader'
import { Composer } from './Composer'
import { Timeline } from './Timeline'
import { typingText } from './typing-text'

export interface ChatPaneProps {
  session: Session
  /** Fixed for the pane's life: another chat gets another pane. */
  chatId: string
  operatorId: string
  directory: DirectoryState
  summary: ChatSummary | undefined
}

export const ChatPane = (props: ChatPaneProps): JSX.Element => {
  const { t, locale } = useI18n()
  const live = props.session.openChat(props.chatId)
  onCleanup(() => live.close())
  // Registered after the close: cleanups run last-first, so typing is cleared while the doc is still open.
  const typing = createTyping(live.awareness, props.chatId)
  const typingLine = createTypingLine(live.awareness, props.chatId, props.operatorId, (id) =>
    props.directory.operatorName(id),
  )
  const chat = createChat(live, props.operatorId)
  const actions = chatActions(live, props.operatorId)
  const messenger = createMessenger({
    session: props.session,
    live,
    chatId: props.chatId,
    operatorId: props.operatorId,
    chat,
    channelKind: () =>
      props.directory.channel(chat().meta?.channelId ?? props.summary?.channelId ?? '')?.kind,
  })
  createReadWhileOpen(chat, actions.markRead)
  const ready = () => chat().meta !== null
  const items = createMemo(() => timeline(chat()))
  const operatorName = (id: string): string => props.directory.operatorName(id) ?? id.slice(0, 8)
  const title = () => props.summary?.contactName || t('unnamedContact')
  let pane: HTMLElement | undefined
  // The chat is on screen once its last lines are painted (the benchmark's chat open ends here).
  let marked = false
  createEffect(() => {
    if (marked || !ready()) return
    marked = true
    markWhenPainted('switchboard:chat-ready', () => {
      const lines = pane?.querySelectorAll('.timeline > li').length ?? 0
      return lines === 0 && items().length > 0 ? null : { chatId: props.chatId, lines, total: items().length }
    })
  })
  return (
    <section class="zone chat" aria-label={title() || t('history')} ref={pane}>
      <ChatHeader
        title={title()}
        assignment={chat().state.assignment}
        assigneeName={props.directory.operatorName(chat().state.assignment.assigneeId)}
        operatorId={props.operatorId}
        operators={props.directory.activeOperators()}
        ready={ready()}
        actions={actions}
      />
      <Show when={ready()} fallback={<p class="empty">{t('loading')}</p>}>
        <Timeline items={items()} contactName={title()} operatorName={operatorName} messenger={messenger} />
      </Show>
      <p class="typing-line" aria-live="polite">
        {typingText(typingLine(), t, locale())}
      </p>
      <Composer
        ready={ready()}
        replyWindow={messenger.replyWindow()}
        onInput={typing.input}
        onSend={(text) => {
          typing.stop()
          actions.send(text)
        }}
      />
    </section>
  )
}
