/**
 * The search beyond the index (issue 6): message texts of the chats this browser holds, open or stored in
 * IndexedDB (the warm set), and the notes of the stored contacts, found at once and offline; then, online, the
 * server's full search (SQLite FTS5) below them, without what is already shown. Every result is a chat this
 * operator may see: a local one only when the chat is in their index, a server one because the server says so.
 */
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import type * as Y from 'yjs'
import {
  type ChatSummary,
  chatDocName,
  chatParts,
  contactDocName,
  contactParts,
  DocKind,
  type Message,
} from '../../model'
import { ApiError, type ServerSearchResults } from '../sync'
import type { InboxState } from './inbox'
import { type ChatMessages, type MessageHit, prepareTexts, searchMessages } from './message-search'

/** What the search reads locally: the session's chat docs and stored copies (Session implements it). */
export interface SearchSources {
  heldChatDocs(): ReadonlyArray<{ readonly chatId: string; readonly doc: Y.Doc }>
  storedIds(kind: typeof DocKind.chat | typeof DocKind.contact): Promise<string[]>
  readStored<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T | null>
}

export type ServerSearch =
  | { readonly state: 'idle' }
  /** No connection: the server's part cannot come now. */
  | { readonly state: 'offline' }
  | { readonly state: 'loading' }
  | { readonly state: 'failed' }
  | { readonly state: 'done'; readonly extra: ServerExtra }

/** The server's results that the local ones do not show already. */
export interface ServerExtra {
  /** Chats of contacts found by name, phone, email or notes. */
  readonly chats: ReadonlyArray<{
    readonly chatId: string
    readonly name: string
    readonly channelId: string
  }>
  readonly messages: ServerSearchResults['messages']
}

export interface SearchState {
  /** Messages of the local chats holding the text, newest first. */
  readonly messages: Accessor<readonly MessageHit[]>
  /** Stored chats and contacts are still being read: more local results may come. */
  readonly reading: Accessor<boolean>
  readonly server: Accessor<ServerSearch>
  /** The operator is about to search (the search box has the focus): read and lower-case in idle time now. */
  prepare(): void
}

/** How long typing must pause before the server is asked. */
export const SERVER_DELAY_MS = 300
/** Local message hits kept at most (the list shows the first ones, more on demand). */
export const MESSAGE_HITS = 100
/** What the server is asked for per kind (contacts, messages). */
const SERVER_LIMIT = 20
/** Stored docs read at once from IndexedDB. */
const READ_CONCURRENCY = 4
/** Stored docs are listed again (new ones read) at most this often. */
const RESCAN_MS = 60_000

/** A held doc's message list, looked up once per doc rather than at every keystroke (thousands may be held). */
const messageLists = new WeakMap<Y.Doc, ReturnType<typeof chatParts>['messages']>()
const messagesOf = (doc: Y.Doc): readonly Message[] => {
  let list = messageLists.get(doc)
  if (!list) {
    list = chatParts(doc).messages
    messageLists.set(doc, list)
  }
  return list.toArray()
}

const notesOf = (doc: Y.Doc): string =>
  contactParts(doc)
    .notes.toArray()
    .map((n) => n.text)
    .join('\n')
    .toLocaleLowerCase()

/**
 * The server's results minus what is on screen already: chats listed above (`shown`), message hits found locally
 * (`local`), and anything the filters leave out (`allows`, given the chat's summary when the index has it).
 */
export const serverExtra = (
  results: ServerSearchResults,
  shown: ReadonlySet<string>,
  local: readonly MessageHit[],
  summary: (chatId: string) => ChatSummary | undefined,
  allows: (s: ChatSummary | undefined) => boolean,
): ServerExtra => {
  const localKeys = new Set(local.map((h) => `${h.chatId}/${h.messageId}`))
  const chats: Array<ServerExtra['chats'][number]> = []
  const listed = new Set(shown)
  for (const contact of results.contacts) {
    for (const chat of contact.chats) {
      if (listed.has(chat.id) || !allows(summary(chat.id))) continue
      listed.add(chat.id)
      chats.push({ chatId: chat.id, name: contact.name, channelId: chat.channelId })
    }
  }
  const messages = results.messages.filter(
    (m) => !localKeys.has(`${m.chatId}/${m.messageId}`) && allows(summary(m.chatId)),
  )
  return { chats, messages }
}

/** What this browser stores beyond the chats held open: stored chats' messages, stored contacts' notes. */
interface StoredTexts {
  readonly messages: ReadonlyMap<string, readonly Message[]>
  /** Contact id → its notes, lower-cased. */
  readonly notes: ReadonlyMap<string, string>
  /** Bumped as stored docs come in, so the results grow while the operator looks at them. */
  readonly loaded: Accessor<number>
  readonly reading: Accessor<boolean>
  /** Reads what is new since the last time (at most every RESCAN_MS), a few docs at a time. */
  scan(): Promise<void>
}

const createStoredTexts = (sources: SearchSources): StoredTexts => {
  const messages = new Map<string, readonly Message[]>()
  const notes = new Map<string, string>()
  const [loaded, setLoaded] = createSignal(0)
  const [reading, setReading] = createSignal(false)
  let scannedAt = Number.NEGATIVE_INFINITY
  let disposed = false
  onCleanup(() => {
    disposed = true
  })
  const readChat = async (id: string): Promise<void> => {
    const list = await sources.readStored(chatDocName(id), (doc) => chatParts(doc).messages.toArray())
    if (list) messages.set(id, list)
  }
  const readContact = async (id: string): Promise<void> => {
    const text = await sources.readStored(contactDocName(id), notesOf)
    if (text) notes.set(id, text)
  }
  const scan = async (): Promise<void> => {
    if (reading() || Date.now() - scannedAt < RESCAN_MS) return
    scannedAt = Date.now()
    setReading(true)
    try {
      // Chats held open are read live (search.ts's `messages`); a stored chat's copy does not change meanwhile.
      const held = new Set(sources.heldChatDocs().map((h) => h.chatId))
      const [chatIds, contactIds] = await Promise.all([
        sources.storedIds(DocKind.chat),
        sources.storedIds(DocKind.contact),
      ])
      const jobs = [
        ...chatIds.filter((id) => !held.has(id) && !messages.has(id)).map((id) => () => readChat(id)),
        ...contactIds.map((id) => () => readContact(id)),
      ]
      let next = 0
      const worker = async (): Promise<void> => {
        while (!disposed && next < jobs.length) {
          await jobs[next++]!()
          if (next % 16 === 0) setLoaded((n) => n + 1)
        }
      }
      await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker))
    } finally {
      if (!disposed) {
        setLoaded((n) => n + 1)
        setReading(false)
      }
    }
  }
  return { messages, notes, loaded, reading, scan }
}

/** The server's answer as it came, before `serverExtra`. */
type Answer =
  | Exclude<ServerSearch, { state: 'done' }>
  | { readonly state: 'found'; readonly found: ServerSearchResults }

/** Asks the server once typing pauses, online only; a later query's answer replaces an earlier one's. */
const createServerAnswer = (
  query: Accessor<string>,
  online: Accessor<boolean>,
  searchServer: (q: string, limit: number) => Promise<ServerSearchResults>,
): Accessor<Answer> => {
  const [answer, setAnswer] = createSignal<Answer>({ state: 'idle' })
  let asked = 0
  createEffect(
    on([() => query().trim(), online], ([text, up]) => {
      const ask = ++asked
      if (!text) return setAnswer({ state: 'idle' })
      if (!up) return setAnswer({ state: 'offline' })
      setAnswer({ state: 'loading' })
      const timer = setTimeout(() => {
        searchServer(text.slice(0, 200), SERVER_LIMIT).then(
          (found) => {
            if (ask === asked) setAnswer({ state: 'found', found })
          },
          (err: unknown) => {
            if (ask !== asked) return
            // No answer at all (the network went): the server's part is unavailable, as when offline.
            setAnswer({ state: err instanceof ApiError && err.status === 0 ? 'offline' : 'failed' })
          },
        )
      }, SERVER_DELAY_MS)
      onCleanup(() => clearTimeout(timer))
    }),
  )
  return answer
}

export const createSearch = (options: {
  inbox: InboxState
  online: Accessor<boolean>
  sources: SearchSources
  searchServer: (q: string, limit: number) => Promise<ServerSearchResults>
}): SearchState => {
  const { inbox, sources } = options
  const stored = createStoredTexts(sources)
  createEffect(
    on(inbox.quickSearch, (q) => {
      if (q) void stored.scan()
    }),
  )

  const messages = createMemo((): readonly MessageHit[] => {
    const q = inbox.quickSearch()
    stored.loaded()
    if (!q) return []
    // Only chats in the index: what this operator may see now (a stored copy may outlive its access).
    const inIndex = (chatId: string) => inbox.summary(chatId) !== undefined
    const lists: ChatMessages[] = []
    const held = new Set<string>()
    for (const { chatId, doc } of sources.heldChatDocs()) {
      held.add(chatId)
      if (inIndex(chatId)) lists.push({ chatId, messages: messagesOf(doc) })
    }
    for (const [chatId, list] of stored.messages) {
      if (!held.has(chatId) && inIndex(chatId)) lists.push({ chatId, messages: list })
    }
    return searchMessages(lists, q, MESSAGE_HITS * 4)
      .filter((hit) => inbox.allows(inbox.summary(hit.chatId)))
      .slice(0, MESSAGE_HITS)
  })

  const noteContacts = createMemo((): ReadonlySet<string> => {
    const q = inbox.quickSearch()
    stored.loaded()
    if (!q) return new Set()
    return new Set([...stored.notes].flatMap(([id, notes]) => (notes.includes(q.text) ? [id] : [])))
  })
  createEffect(() => inbox.setNoteMatches(noteContacts()))

  const answer = createServerAnswer(inbox.query, options.online, options.searchServer)
  // What is left of the server's answer once the local results and the filters have had their say.
  const server = createMemo((): ServerSearch => {
    const r = answer()
    if (r.state !== 'found') return r
    const shown = new Set(inbox.visible().map((s) => s.id))
    return { state: 'done', extra: serverExtra(r.found, shown, messages(), inbox.summary, inbox.allows) }
  })

  // Lower-cases the held chats' texts in idle time, so the first search does not pay for it.
  let preparing = 0
  onCleanup(() => {
    if (preparing) cancelIdleCallback(preparing)
  })
  const prepare = (): void => {
    void stored.scan()
    if (preparing || typeof requestIdleCallback === 'undefined') return
    const docs = sources.heldChatDocs()
    let next = 0
    const work = (deadline: IdleDeadline): void => {
      while (next < docs.length && deadline.timeRemaining() > 1) prepareTexts(messagesOf(docs[next++]!.doc))
      preparing = next < docs.length ? requestIdleCallback(work) : 0
    }
    preparing = requestIdleCallback(work)
  }
  return { messages, reading: stored.reading, server, prepare }
}
