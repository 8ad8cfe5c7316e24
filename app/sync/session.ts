/**
 * A signed-in operator's connection: one SyncClient (one socket for the tab) carrying the directory doc, the
 * operator's inbox index doc, the chat open on screen and the warm set of chats (warm-keeper.ts), each kept in
 * IndexedDB. `destroy()` ends all of it.
 */
import type * as Y from 'yjs'
import { type DocKind, directoryDocName, type Presence } from '../../model'
import { ContactDocs } from './contact-docs'
import { type LiveDoc, openLiveDoc, type SharedDoc } from './live-doc'
import { listStoredDocs, readStoredDoc } from './stored-docs'
import { type ConnectionStatus, type SocketFactory, type SocketLike, SyncClient } from './sync-client'
import { browserWarmStorage, WarmKeeper } from './warm-keeper'

export interface SessionOptions {
  /** `ws(s)://host/sync`. */
  readonly url: string
  readonly token: string
  readonly operator: { readonly id: string; readonly name: string }
  readonly indexDoc: string
  /** Keep docs in IndexedDB (the browser); off where there is none. */
  readonly persist: boolean
  readonly createSocket?: SocketFactory
  /** After a refused connection: `false` when the session is gone (see SyncClientOptions.stillAuthorized). */
  readonly stillAuthorized?: () => Promise<boolean>
}

/** The browser's WebSocket; its event types are wider than the part SyncClient reads. */
export const browserSocket: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike

/** The sync URL of the page's own server. */
export const syncUrlOf = (location: { protocol: string; host: string }): string =>
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`

/** A chat doc the session holds open, with the chat's id. */
export interface OpenChat {
  readonly chatId: string
  readonly live: LiveDoc
}

/** Per operator: two people sharing a browser never read each other's copies. */
const storePrefix = (operatorId: string): string => `switchboard/${operatorId}/`

export class Session {
  readonly client: SyncClient
  readonly directory: LiveDoc
  readonly index: LiveDoc
  readonly #options: SessionOptions
  readonly #chats = new Map<LiveDoc, string>()
  readonly #chatListeners = new Set<() => void>()
  readonly #warm: WarmKeeper
  /** Contact docs (the profile zone, the full card), one per contact however many views. */
  readonly contacts: ContactDocs

  constructor(options: SessionOptions) {
    this.#options = options
    this.client = new SyncClient({
      url: options.url,
      token: options.token,
      createSocket: options.createSocket ?? browserSocket,
      ...(options.stillAuthorized && { stillAuthorized: options.stillAuthorized }),
    })
    // Listening: who is online comes as the server's state on the directory doc's awareness [TEAM4].
    this.directory = this.#open(directoryDocName, 'listen')
    // Listening: the server's presence summaries for the list rows come on the index doc's awareness [PRS7].
    this.index = this.#open(options.indexDoc, 'listen')
    const { id } = options.operator
    this.#warm = new WarmKeeper({
      client: this.client,
      index: this.index,
      operatorId: id,
      openDoc: (name) => this.#open(name, null),
      warm: options.persist,
      ...(options.persist && browserWarmStorage(id, storePrefix(id))),
    })
    this.contacts = new ContactDocs({
      open: (name) => this.#open(name, null),
      ...(options.persist && { drop: (name: string) => indexedDB.deleteDatabase(storePrefix(id) + name) }),
    })
  }

  get status(): ConnectionStatus {
    return this.client.status
  }

  /** The login token, for the HTTP API calls made on this session's behalf. */
  get token(): string {
    return this.#options.token
  }

  /**
   * The chat's doc (the warm one, when it is warm) with our presence in it ("viewing"); close it when the chat
   * leaves the screen.
   */
  openChat(chatId: string): LiveDoc {
    const { id, name } = this.#options.operator
    const presence: Presence = { user: { id, name }, viewing: chatId, typing: null }
    const live: LiveDoc = this.#warm.open(chatId, presence, () => {
      this.#chats.delete(live)
      this.#emitChats()
    })
    this.#chats.set(live, chatId)
    this.#emitChats()
    return live
  }

  /** Another doc of this operator's (their notifications), kept like the others: IndexedDB and the shared socket. */
  openDoc(name: string): LiveDoc {
    return this.#open(name, null)
  }

  /** The chat docs open now (each with our presence in it). */
  openChats(): readonly OpenChat[] {
    return [...this.#chats].map(([live, chatId]) => ({ chatId, live }))
  }

  /** For the local search: the chats held open now (warm or on screen), with their docs. */
  heldChatDocs(): ReadonlyArray<{ readonly chatId: string; readonly doc: Y.Doc }> {
    return this.#warm.heldDocs()
  }

  /** For the local search: the ids of this operator's stored docs of a kind (none when nothing is stored). */
  storedIds(kind: typeof DocKind.chat | typeof DocKind.contact): Promise<string[]> {
    const { persist, operator } = this.#options
    return persist ? listStoredDocs(indexedDB, storePrefix(operator.id), kind) : Promise.resolve([])
  }

  /** For the local search: what `read` takes from a stored doc, read without opening it; `null`: not stored. */
  readStored<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T | null> {
    const { persist, operator } = this.#options
    return persist ? readStoredDoc(indexedDB, storePrefix(operator.id), docName, read) : Promise.resolve(null)
  }

  /** Told when a chat doc opens or closes. */
  onChats(listener: () => void): () => void {
    this.#chatListeners.add(listener)
    return () => this.#chatListeners.delete(listener)
  }

  destroy(): void {
    this.#chatListeners.clear()
    for (const chat of [...this.#chats.keys()]) chat.close()
    this.#warm.destroy()
    this.contacts.destroy()
    this.directory.close()
    // An index the server no longer grants (the operator's access changed) is not kept offline.
    const revokedIndex = this.index.denied
    this.index.close()
    if (revokedIndex && this.#options.persist && typeof indexedDB !== 'undefined') {
      indexedDB.deleteDatabase(storePrefix(this.#options.operator.id) + this.#options.indexDoc)
    }
    this.client.destroy()
  }

  #emitChats(): void {
    for (const listener of this.#chatListeners) listener()
  }

  #open(name: string, presence: Presence | 'listen' | null, onClose?: () => void): SharedDoc {
    const { persist, operator } = this.#options
    return openLiveDoc({
      client: this.client,
      name,
      storeName: persist ? storePrefix(operator.id) + name : null,
      presence: presence === 'listen' ? null : presence,
      listen: presence === 'listen',
      ...(onClose && { onClose }),
    })
  }
}
