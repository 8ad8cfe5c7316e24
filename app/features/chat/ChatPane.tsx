/**
 * The open chat: its doc is opened on the shared socket while it is on screen (with our presence: viewing it),
 * read as it changes, and kept read; the header's buttons and the composer write through model commands; who
 * types here shows above the composer, and our own typing goes out as presence, never into the doc. The
 * composer's draft is kept per operator and chat (state/drafts.ts); files dropped on the pane are attached.
 */
import { createEffect, createMemo, createSignal, type JSX, onCleanup, Show } from 'solid-js'
import { type ChatSummary, isCustomerMessage, type Message } from '../../../model'
import { useI18n } from '../../i18n'
import { chatActions } from '../../state/actions'
import { createChat, createReadWhileOpen, timeline } from '../../state/chat'
import { createComposer } from '../../state/composer'
import type { DirectoryState } from '../../state/directory'
import { makeDrafts } from '../../state/drafts'
import { createMessenger } from '../../state/messenger'
import { createTyping, createTypingLine } from '../../state/presence'
import { createConversationRatings, createRatingDefaults } from '../../state/ratings'
import type { Session } from '../../sync'
import { markWhenPainted } from '../../ui/paint-mark'
import { ChatHeader } from './ChatHeader'
import { ChatRatings } from './ChatRatings'
import { Composer } from './Composer'
import { senderName } from './quote'
import { TemplatePicker } from './TemplatePicker'
import { Timeline } from './Timeline'
import { typingText } from './typing-text'

export interface ChatPaneProps {
  session: Session
  /** Fixed for the pane's life: another chat gets another pane. */
  chatId: string
  operatorId: string
  directory: DirectoryState
  summary: ChatSummary | undefined
  /** A message to show once the history has it (a search result). */
  focusMessage?: string | undefined
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
  // Satisfaction [RAT1–RAT5]: the conversation's ratings, and the admin's default for asking on close.
  const ratings = createConversationRatings(live, props.operatorId, () => ({
    // The first customer message is mostly near the start: `some` stops there.
    hasConversation: chat().messages.some(isCustomerMessage),
    ratings: chat().ratings,
  }))
  const ratingDefaults = createRatingDefaults(props.session.directory)
  const operatorName = (id: string): string => props.directory.operatorName(id) ?? id.slice(0, 8)
  const title = () => props.summary?.contactName || t('unnamedContact')
  const mentionable = createMemo(() =>
    props.directory.activeOperators().filter((op) => op.id !== props.operatorId),
  )
  const composer = createComposer({
    token: props.session.token,
    chatId: props.chatId,
    actions,
    drafts: makeDrafts(localStorage, props.operatorId),
    online: messenger.online,
    ready,
    windowClosed: () => messenger.replyWindow()?.open === false,
    mentionable,
  })
  // Messages by id, built only when a quote asks, once per version of the chat.
  let byId: { readonly of: readonly Message[]; readonly map: ReadonlyMap<string, Message> } | null = null
  const messageOf = (id: string): Message | undefined => {
    const messages = chat().messages
    if (byId?.of !== messages) byId = { of: messages, map: new Map(messages.map((m) => [m.id, m])) }
    return byId.map.get(id)
  }
  const quoted = (id: string): { message: Message | undefined; sender: string } => {
    const message = messageOf(id)
    return { message, sender: message ? senderName(message, title(), operatorName, t) : '' }
  }
  // Files dropped anywhere on the open chat are attached to the answer being written.
  const [dropping, setDropping] = createSignal(false)
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
    <section
      class={dropping() ? 'zone chat chat-dropping' : 'zone chat'}
      aria-label={title() || t('history')}
      ref={pane}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return
        e.preventDefault()
        setDropping(true)
      }}
      onDragLeave={(e) => {
        if (!pane?.contains(e.relatedTarget as Node | null)) setDropping(false)
      }}
      onDrop={(e) => {
        setDropping(false)
        const files = [...(e.dataTransfer?.files ?? [])]
        if (files.length === 0) return
        e.preventDefault()
        composer.addFiles(files)
      }}
    >
      <Show when={dropping()}>
        <p class="drop-note" aria-hidden="true">
          {t('dropFiles')}
        </p>
      </Show>
      <ChatHeader
        title={title()}
        assignment={chat().state.assignment}
        assigneeName={props.directory.operatorName(chat().state.assignment.assigneeId)}
        operatorId={props.operatorId}
        operators={props.directory.activeOperators()}
        online={props.directory.online()}
        ready={ready()}
        actions={actions}
        askRatingByDefault={ratingDefaults().askByDefault}
      >
        <Show when={ready()}>
          <ChatRatings ratings={ratings} operatorId={props.operatorId} operatorName={operatorName} />
        </Show>
      </ChatHeader>
      <Show when={ready()} fallback={<p class="empty">{t('loading')}</p>}>
        <Timeline
          items={items()}
          contactName={title()}
          operatorName={operatorName}
          messenger={messenger}
          message={messageOf}
          onReply={(id) => composer.reply(id)}
          focus={props.focusMessage}
        />
      </Show>
      <p class="typing-line" aria-live="polite">
        {typingText(typingLine(), t, locale())}
      </p>
      <Composer
        composer={composer}
        replyWindow={messenger.replyWindow()}
        mentionable={mentionable()}
        quoted={quoted}
        onInput={typing.input}
        onStop={typing.stop}
        tools={(insert) => (
          <TemplatePicker
            chatId={props.chatId}
            onInsert={insert}
            session={props.session}
            operatorId={props.operatorId}
            directory={props.directory}
            summary={props.summary}
            replyWindow={messenger.replyWindow()}
          />
        )}
      />
    </section>
  )
}
