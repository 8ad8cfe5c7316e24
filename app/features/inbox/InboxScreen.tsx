/**
 * The signed-in screen: one session (socket, docs, IndexedDB) for its whole life, and the four zones of seed 000
 * under the top bar: folders and channels, the chat list, the open chat, the contact's profile.
 */
import { createEffect, createSignal, type JSX, onCleanup, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import { createClock } from '../../state/clock'
import { createConnection } from '../../state/connection'
import { createDirectory } from '../../state/directory'
import { createInbox } from '../../state/inbox'
import { createListPresence } from '../../state/presence'
import { createSearch } from '../../state/search'
import { ApiError, createApi, type Me, Session, searchOnServer, syncUrlOf } from '../../sync'
import { ChatPane } from '../chat/ChatPane'
import { ChatList } from '../chat-list/ChatList'
import { ContactPanel } from '../contact/ContactPanel'
import { FolderPanel } from '../folders/FolderPanel'
import { createNotificationCenter } from '../notifications/center'
import { createInboxHotkeys } from '../notifications/inbox-hotkeys'
import { SettingsScreen } from '../settings/SettingsScreen'
import { TopBar } from '../topbar/TopBar'

export interface InboxScreenProps {
  me: Me
  token: string
  onLogout: () => void
  /**
   * The server no longer grants this inbox index doc: the operator's access changed, so their index is another
   * one now (the signed-in screen starts again with it, and this one's offline copy is deleted).
   */
  onAccessChanged: () => void
  /** The server ended the session (expired or revoked). */
  onSessionEnded: () => void
}

export const InboxScreen = (props: InboxScreenProps): JSX.Element => {
  const { t } = useI18n()
  const operator = props.me.operator
  const session = new Session({
    url: syncUrlOf(window.location),
    token: props.token,
    operator: { id: operator.id, name: operator.name },
    indexDoc: props.me.indexDoc,
    persist: typeof indexedDB !== 'undefined',
    // A browser cannot see a refused upgrade's 401: ask the API whether the session still stands.
    stillAuthorized: () =>
      createApi()
        .me(props.token)
        .then(
          () => true,
          (err: unknown) => !(err instanceof ApiError && err.status === 401),
        ),
  })
  onCleanup(() => session.destroy())
  const offIndex = session.index.onChange(() => {
    if (session.index.denied) props.onAccessChanged()
  })
  onCleanup(offIndex)
  const connection = createConnection(session)
  createEffect(() => {
    if (connection.status() === 'unauthorized') props.onSessionEnded()
  })
  const now = createClock()
  const directory = createDirectory(session.directory)
  const inbox = createInbox(session.index, operator.id, now, localStorage)
  // The search beyond the index: stored chats' messages and contacts' notes, then the server's (issue 6).
  const search = createSearch({
    inbox,
    online: connection.online,
    sources: session,
    searchServer: (q, limit) => searchOnServer(props.token, q, limit),
  })
  // A search result opens its chat at the message found.
  const [focus, setFocus] = createSignal<{ chatId: string; messageId: string } | null>(null)
  const [selected, setSelected] = createSignal<string | null>(null)
  // The settings take the place of the list and the chat; the inbox state above lives on underneath.
  const [settingsOpen, setSettingsOpen] = createSignal(false)
  const presence = createListPresence(session, operator.id, (id) => directory.operatorName(id))
  const openChat = (chatId: string): void => {
    setSettingsOpen(false)
    setSelected(chatId)
  }
  // Mentions, sounds, browser notifications, the unread count in the title; and the inbox's hotkeys.
  const notifications = createNotificationCenter({
    session,
    inbox,
    directory,
    operatorId: operator.id,
    now,
    open: openChat,
  })
  createInboxHotkeys({
    session,
    operatorId: operator.id,
    inbox,
    selected,
    select: openChat,
    openHelp: notifications.openHelp,
  })

  return (
    <div class="inbox">
      <TopBar
        connection={connection}
        operatorName={operator.name}
        onLogout={props.onLogout}
        tools={<notifications.Tools />}
      />
      <main class="zones">
        <FolderPanel
          inbox={inbox}
          directory={directory}
          settings={
            operator.role === 'admin'
              ? {
                  open: settingsOpen(),
                  onOpen: () => setSettingsOpen(true),
                  onClose: () => setSettingsOpen(false),
                }
              : undefined
          }
        />
        <Show
          when={!settingsOpen()}
          fallback={
            <SettingsScreen token={props.token} selfId={operator.id} onClose={() => setSettingsOpen(false)} />
          }
        >
          <ChatList
            inbox={inbox}
            directory={directory}
            operatorId={operator.id}
            now={now()}
            selected={selected()}
            presence={presence}
            search={search}
            onOpen={(chatId, messageId) => {
              setSelected(chatId)
              setFocus(messageId ? { chatId, messageId } : null)
            }}
          />
          <Show
            when={selected()}
            keyed
            fallback={
              <section class="zone chat chat-empty" aria-label={t('history')}>
                <p class="empty">{t('pickChat')}</p>
              </section>
            }
          >
            {(chatId) => (
              <ChatPane
                session={session}
                chatId={chatId}
                operatorId={operator.id}
                directory={directory}
                summary={inbox.summary(chatId)}
                focusMessage={focus()?.chatId === chatId ? focus()?.messageId : undefined}
              />
            )}
          </Show>
          <ContactPanel
            session={session}
            operatorId={operator.id}
            accessTags={operator.tags}
            summary={selected() ? inbox.summary(selected()!) : undefined}
            chats={inbox.chats()}
            directory={directory}
            onOpenChat={openChat}
          />
        </Show>
      </main>
    </div>
  )
}
