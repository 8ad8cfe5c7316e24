/**
 * Zone 2, «Список чатов»: the folder's chats that pass the filters, newest activity first, only the rows on screen
 * rendered; while searching, the matching chats of every folder, then the messages found (SearchResults).
 */
import { createVirtualizer } from '@tanstack/solid-virtual'
import { createEffect, For, type JSX, Show } from 'solid-js'
import { unreadFor } from '../../../model'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import type { InboxState } from '../../state/inbox'
import type { RowPresence } from '../../state/presence'
import type { SearchState } from '../../state/search'
import { markWhenPainted } from '../../ui/paint-mark'
import { ChatCard } from './ChatCard'
import { FilterBar } from './FilterBar'
import { SearchResults } from './SearchResults'

/** Must match `.chat-row` in styles.css. */
const ROW_HEIGHT = 84

export const ChatList = (props: {
  inbox: InboxState
  directory: DirectoryState
  operatorId: string
  now: number
  selected: string | null
  /** Who else is in a chat, from the server's presence summary (see createListPresence). */
  presence: (chatId: string) => RowPresence
  /** The search beyond the index: stored chats' messages, then the server's. */
  search: SearchState
  /** Opens a chat; at that message when given (a search result). */
  onOpen: (chatId: string, messageId?: string) => void
}): JSX.Element => {
  const { t } = useI18n()
  let scroller: HTMLDivElement | undefined
  const virtualizer = createVirtualizer({
    get count() {
      return props.inbox.visible().length
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => props.inbox.visible()[index]?.id ?? index,
  })
  // The inbox is usable once its first rows are painted (the benchmark's cold start ends here). The index doc is
  // applied in one transaction, from IndexedDB or the server, so the first rows come with every summary.
  let marked = false
  createEffect(() => {
    if (marked || props.inbox.visible().length === 0) return
    marked = true
    markWhenPainted('switchboard:inbox-ready', () => {
      const rendered = scroller?.querySelectorAll('.chat-row').length ?? 0
      return rendered === 0
        ? null
        : { rendered, rows: props.inbox.visible().length, counts: { ...props.inbox.counts() } }
    })
  })
  // A search's first results are on screen: the chats and the stored messages found, painted (`npm run bench --
  // search` times a query to this mark).
  let searched = ''
  createEffect(() => {
    const q = props.inbox.quickSearch()
    const rows = props.inbox.visible().length
    const messages = props.search.messages().length
    if (!q) searched = ''
    if (!q || q.text === searched) return
    searched = q.text
    markWhenPainted('switchboard:search-ready', () => ({ query: q.text, rows, messages }))
  })
  return (
    <section class="zone chat-list" aria-label={t('chats')}>
      <input
        class="quick-search"
        type="search"
        aria-label={t('search')}
        placeholder={t('searchPlaceholder')}
        value={props.inbox.query()}
        onInput={(e) => props.inbox.setQuery(e.currentTarget.value)}
        onFocus={() => props.search.prepare()}
      />
      <FilterBar inbox={props.inbox} directory={props.directory} />
      <div class="scroller" ref={scroller}>
        <Show
          when={props.inbox.visible().length > 0}
          fallback={<p class="empty">{t(props.inbox.quickSearch() ? 'srcNoChats' : 'noChats')}</p>}
        >
          <ul class="rows" aria-label={t('chats')} style={{ height: `${virtualizer.getTotalSize()}px` }}>
            <For each={virtualizer.getVirtualItems()}>
              {(row) => (
                <Show when={props.inbox.visible()[row.index]}>
                  {(summary) => (
                    <li
                      class="chat-row"
                      aria-setsize={props.inbox.visible().length}
                      aria-posinset={row.index + 1}
                      style={{ transform: `translateY(${row.start}px)` }}
                    >
                      <ChatCard
                        summary={summary()}
                        unread={unreadFor(summary(), props.operatorId)}
                        now={props.now}
                        selected={props.selected === summary().id}
                        directory={props.directory}
                        presence={props.presence(summary().id)}
                        onOpen={() => props.onOpen(summary().id)}
                      />
                    </li>
                  )}
                </Show>
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.inbox.quickSearch()}>
          <SearchResults
            inbox={props.inbox}
            search={props.search}
            directory={props.directory}
            now={props.now}
            onOpen={props.onOpen}
          />
        </Show>
      </div>
    </section>
  )
}
