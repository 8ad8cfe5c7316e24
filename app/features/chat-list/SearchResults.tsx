/**
 * Below the matching chats while searching: the messages found in the chats this browser holds («Сообщения»),
 * at once and offline, then what only the server found («На сервере»), or why that part is not there. Each
 * result opens its chat, at the message when it is one.
 */
import { createEffect, createSignal, For, type JSX, Match, on, Show, Switch } from 'solid-js'
import { formatCardTime, formatFullTime, useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import type { InboxState } from '../../state/inbox'
import { parseServerSnippet, type Snippet, snippetOf } from '../../state/message-search'
import type { SearchState, ServerExtra } from '../../state/search'
import { ChannelBadge } from '../../ui/ChannelBadge'

/** Message hits shown at first, and how many more each «Показать ещё» adds: the first results paint at once. */
const FIRST_HITS = 20
const MORE_HITS = 50

export interface SearchResultsProps {
  inbox: InboxState
  search: SearchState
  directory: DirectoryState
  now: number
  onOpen: (chatId: string, messageId?: string) => void
}

const SnippetText = (props: { snippet: Snippet }): JSX.Element => (
  <span class="hit-text">
    {props.snippet.before}
    <Show when={props.snippet.match}>
      <mark>{props.snippet.match}</mark>
    </Show>
    {props.snippet.after}
  </span>
)

/** One message found: whose chat, when, and the text around the match. */
const MessageHitButton = (props: {
  name: string
  at: number
  now: number
  snippet: Snippet
  onOpen: () => void
}): JSX.Element => {
  const { locale } = useI18n()
  return (
    <button type="button" class="search-hit" onClick={() => props.onOpen()}>
      <span class="card-line">
        <span class="card-name">{props.name}</span>
        <time class="card-time" title={formatFullTime(props.at, locale())}>
          {formatCardTime(props.at, props.now, locale())}
        </time>
      </span>
      <SnippetText snippet={props.snippet} />
    </button>
  )
}

const ServerPart = (props: SearchResultsProps & { extra: ServerExtra }): JSX.Element => {
  const { t } = useI18n()
  const name = (chatId: string, fallback: string) =>
    props.inbox.summary(chatId)?.contactName || fallback || t('unnamedContact')
  return (
    <Show
      when={props.extra.chats.length + props.extra.messages.length > 0}
      fallback={<p class="search-note">{t('srcServerNothing')}</p>}
    >
      <ul class="search-hits">
        <For each={props.extra.chats}>
          {(chat) => (
            <li>
              <button type="button" class="search-hit" onClick={() => props.onOpen(chat.chatId)}>
                <span class="card-line">
                  <ChannelBadge kind={props.directory.channel(chat.channelId)?.kind} />
                  <span class="card-name">{name(chat.chatId, chat.name)}</span>
                </span>
              </button>
            </li>
          )}
        </For>
        <For each={props.extra.messages}>
          {(hit) => (
            <li>
              <MessageHitButton
                name={name(hit.chatId, hit.contactName)}
                at={hit.at}
                now={props.now}
                snippet={parseServerSnippet(hit.snippet)}
                onOpen={() => props.onOpen(hit.chatId, hit.messageId)}
              />
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

export const SearchResults = (props: SearchResultsProps): JSX.Element => {
  const { t } = useI18n()
  const needle = () => props.inbox.quickSearch()?.text ?? ''
  const server = () => props.search.server()
  const [shown, setShown] = createSignal(FIRST_HITS)
  createEffect(on(needle, () => setShown(FIRST_HITS), { defer: true }))
  const hits = () => props.search.messages().slice(0, shown())
  return (
    <div class="search-results">
      <Show when={props.search.messages().length > 0 || props.search.reading()}>
        <section class="search-section" aria-label={t('srcMessages')}>
          <h3>{t('srcMessages')}</h3>
          <ul class="search-hits">
            <For each={hits()}>
              {(hit) => (
                <li>
                  <MessageHitButton
                    name={props.inbox.summary(hit.chatId)?.contactName || t('unnamedContact')}
                    at={hit.at}
                    now={props.now}
                    snippet={snippetOf(hit.text, needle())}
                    onOpen={() => props.onOpen(hit.chatId, hit.messageId)}
                  />
                </li>
              )}
            </For>
          </ul>
          <Show when={props.search.messages().length > shown()}>
            <button type="button" class="search-more" onClick={() => setShown((n) => n + MORE_HITS)}>
              {t('srcMore')}
            </button>
          </Show>
          <Show when={props.search.reading()}>
            <p class="search-note">{t('srcReading')}</p>
          </Show>
        </section>
      </Show>
      <section class="search-section" aria-label={t('srcServer')} aria-busy={server().state === 'loading'}>
        <h3>{t('srcServer')}</h3>
        <Switch>
          <Match when={server().state === 'loading'}>
            <p class="search-note">{t('srcServerLoading')}</p>
          </Match>
          <Match when={server().state === 'offline'}>
            <p class="search-note">{t('srcServerOffline')}</p>
          </Match>
          <Match when={server().state === 'failed'}>
            <p class="search-note" role="alert">
              {t('srcServerFailed')}
            </p>
          </Match>
          <Match
            when={(() => {
              const s = server()
              return s.state === 'done' ? s.extra : null
            })()}
          >
            {(extra) => <ServerPart {...props} extra={extra()} />}
          </Match>
        </Switch>
      </section>
    </div>
  )
}
