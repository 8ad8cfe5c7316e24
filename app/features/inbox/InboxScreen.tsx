/**
 * The signed-in screen: one session (socket, docs, IndexedDB) for its whole life, and the four zones of seed 000
 * under the top bar: folders and channels, the chat list, the open chat, the contact's profile.
 */
import { createEffect, createSignal, type JSX, lazy, Match, onCleanup, Show, Switch } from 'solid-js'
import { Folder, Status } from '../../../model'
import { useI18n } from '../../i18n'
import { createClock } from '../../state/clock'
import { createConnection } from '../../state/connection'
import { createDirectory } from '../../state/directory'
import { NO_FILTERS } from '../../state/filters'
import { createInbox } from '../../state/inbox'
import { createListPresence } from '../../state/presence'
import { createSearch } from '../../state/search'
import { createTeam } from '../../state/team'
import { ApiError, createApi, type Me, Session, searchOnServer, syncUrlOf } from '../../sync'
import { ChatPane } from '../chat/ChatPane'
import { ChatList } from '../chat-list/ChatList'
import { ContactPanel } from '../contact/ContactPanel'
import { FolderPanel } from '../folders/FolderPanel'
import { createNotificationCenter } from '../notifications/center'
import { createInboxHotkeys } from '../notifications/inbox-hotkeys'
import { TopBar } from '../topbar/TopBar'

// Screens an operator opens now and then: their own chunks, loaded on first use (precached for offline like the
// rest of the build), so the inbox's cold start neither downloads nor compiles them.
const SettingsScreen = lazy(() =>
  import('../settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
)
const ReportsScreen = lazy(() =>
  import('../reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })),
)
const TeamScreen = lazy(() => import('../team/TeamScreen').then((m) => ({ default: m.TeamScreen })))

type Screen = 'inbox' | 'settings' | 'team' | 'reports'

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
  // The settings, the admin's team view (issue 7 §1) and the reports (issue 7 §2: an operator's show their own
  // numbers) take the place of the list and the chat, one at a time; the inbox state above lives on underneath.
  const [screen, setScreen] = createSignal<Screen>('inbox')
  const presence = createListPresence(session, operator.id, (id) => directory.operatorName(id))
  const isAdmin = operator.role === 'admin'
  /** The entry of one screen in the folder panel. */
  const entry = (which: Exclude<Screen, 'inbox'>) => ({
    open: screen() === which,
    onOpen: () => setScreen(which),
    onClose: () => setScreen('inbox'),
  })
  const openChat = (chatId: string): void => {
    setScreen('inbox')
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

  /** The team view, whose state is computed only while it is open: over every summary, at every change of one. */
  const TeamView = (): JSX.Element => {
    const team = createTeam({ chats: inbox.chats, directory, online: connection.online, now })
    return (
      <TeamScreen
        team={team}
        now={now()}
        onOpenOperator={(operatorId) => {
          // The operator's chats in work, as the row counts them; the chips show how to widen it.
          inbox.setQuery('')
          inbox.setFilters({ ...NO_FILTERS, operator: operatorId, statuses: [Status.inWork] })
          inbox.setFolder(Folder.all)
          setScreen('inbox')
        }}
        onOpenUnassigned={() => {
          inbox.setQuery('')
          inbox.setFolder(Folder.unassigned)
          setScreen('inbox')
        }}
        onClose={() => setScreen('inbox')}
      />
    )
  }

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
          settings={isAdmin ? entry('settings') : undefined}
          team={isAdmin ? entry('team') : undefined}
          reports={entry('reports')}
        />
        <Show
          when={screen() === 'inbox'}
          fallback={
            <Switch>
              <Match when={screen() === 'settings'}>
                <SettingsScreen token={props.token} selfId={operator.id} onClose={() => setScreen('inbox')} />
              </Match>
              <Match when={screen() === 'reports'}>
                <ReportsScreen
                  token={props.token}
                  operator={operator}
                  directory={directory}
                  online={connection.online}
                  onClose={() => setScreen('inbox')}
                />
              </Match>
              <Match when={screen() === 'team'}>
                <TeamView />
              </Match>
            </Switch>
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
