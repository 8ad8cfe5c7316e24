/**
 * The widget's live side: what a visitor's open widget receives (new answers, who is typing), and the delivery
 * state of answers in widget chats. A visitor is not a Yjs peer: this watches the chat doc on the server and
 * sends the customer's view of it (channels/widget `customerView`) as plain JSON.
 *
 * Delivery: an answer is `sent` once it is durable in a widget chat, `delivered` once an open widget received it
 * (at once, or when the visitor comes back), `read` when the widget says the visitor saw it.
 */
import type * as Y from 'yjs'
import { widget } from '../../channels'
import {
  channelContext,
  chatDocName,
  chatParts,
  chatRatings,
  customerScores,
  DocKind,
  type Message,
  parseDocName,
  ratingItems,
  setDelivery,
  typingIn,
} from '../../model'
import type { ChannelRegistry } from '../channel-registry'
import type { ChatRegistry } from '../chats'
import type { DocHub, LoadedDoc, Subscriber } from '../docs/hub'
import type { Logger } from '../logger'

/** Where one open widget gets its events. */
export interface WidgetStream {
  message(message: widget.WidgetMessage): void
  typing(typing: widget.WidgetTyping): void
}

interface Watched {
  readonly chatId: string
  readonly channelId: string
  readonly streams: Set<WidgetStream>
  /** The public messages the streams have (sent in the snapshot or since). */
  readonly seen: Set<string>
  readonly subscriber: Subscriber
  readonly stopAwareness: () => void
  typing: string
}

export interface WidgetLiveDeps {
  readonly hub: DocHub
  readonly chats: ChatRegistry
  readonly channels: ChannelRegistry
  readonly nameOf: (operatorId: string) => string | null
  readonly now: () => number
  readonly logger: Logger
}

/**
 * [RAT7] The visitor's latest score per rating request message, with its latest comment, so a widget opened again
 * shows the score given rather than the form.
 */
const ratingsByRequest = (doc: Y.Doc): Map<string, { score: number; comment: string | null }> => {
  const result = new Map<string, { score: number; comment: string | null }>()
  if (chatRatings(doc).length === 0) return result
  const items = ratingItems(chatRatings(doc).toArray())
  const requests = new Map<string, string>()
  for (const item of items) if (item.kind === 'request') requests.set(item.id, item.messageId)
  // By time: the latest score of each request wins.
  for (const { requestId, score, comment } of customerScores(items)) {
    const messageId = requestId === null ? undefined : requests.get(requestId)
    if (messageId) result.set(messageId, { score, comment })
  }
  return result
}

/** A chat's channel never changes: remembered, up to this many chats, then learned again. */
const KIND_CACHE_LIMIT = 50_000

export class WidgetLive {
  readonly #deps: WidgetLiveDeps
  readonly #watched = new Map<string, Watched>()
  readonly #isWidgetChat = new Map<string, string | null>()
  readonly #stopChanges: () => void

  constructor(deps: WidgetLiveDeps) {
    this.#deps = deps
    this.#stopChanges = deps.hub.onChange((loaded) => this.#changed(loaded))
  }

  /** The customer's view of a chat's messages: the last `limit` before `before` (a message id), oldest first. */
  page(
    chatId: string,
    options: { before?: string | undefined; limit: number },
  ): {
    items: widget.WidgetMessage[]
    hasMore: boolean
  } {
    const all = this.#publicMessages(this.#deps.hub.open(chatDocName(chatId)))
    const end = options.before === undefined ? all.length : all.findIndex((m) => m.id === options.before)
    const stop = end < 0 ? all.length : end
    const start = Math.max(0, stop - options.limit)
    return { items: all.slice(start, stop), hasMore: start > 0 }
  }

  /** Who is typing an answer in the chat now. */
  typingOf(chatId: string): widget.WidgetTyping {
    const loaded = this.#deps.hub.open(chatDocName(chatId))
    return this.#typing(loaded, chatId)
  }

  /**
   * Sends the chat's new public messages and typing to `stream` until the returned function is called. The
   * caller sends the snapshot first (`page`), in the same tick, so nothing falls between the two.
   */
  watch(chatId: string, channelId: string, stream: WidgetStream): () => void {
    const watched = this.#watched.get(chatId) ?? this.#startWatching(chatId, channelId)
    watched.streams.add(stream)
    this.#markArrived(this.#deps.hub.open(chatDocName(chatId)), chatId, channelId)
    return () => {
      watched.streams.delete(stream)
      if (watched.streams.size > 0) return
      this.#watched.delete(chatId)
      watched.stopAwareness()
      this.#deps.hub.unsubscribe(chatDocName(chatId), watched.subscriber)
    }
  }

  /** The visitor saw every answer up to `upTo` (a message id): they become `read`. */
  async markRead(chatId: string, channelId: string, upTo: string): Promise<void> {
    const name = chatDocName(chatId)
    const messages = chatParts(this.#deps.hub.open(name).doc).messages.toArray()
    const last = messages.findIndex((m) => m.id === upTo)
    if (last < 0) return
    const { delivery } = chatParts(this.#deps.hub.open(name).doc)
    const unread = messages
      .slice(0, last + 1)
      .filter((m) => m.direction === 'out' && delivery.get(m.id)?.state !== 'read')
    if (unread.length === 0) return
    const ctx = channelContext(channelId, this.#deps.now())
    await this.#deps.hub.transact(
      name,
      (doc) => {
        for (const m of unread) setDelivery(doc, { messageId: m.id, state: 'read' }, ctx)
      },
      ctx.origin,
    )
  }

  stop(): void {
    this.#stopChanges()
    for (const [chatId, watched] of this.#watched) {
      watched.stopAwareness()
      this.#deps.hub.unsubscribe(chatDocName(chatId), watched.subscriber)
    }
    this.#watched.clear()
  }

  #startWatching(chatId: string, channelId: string): Watched {
    // Holding a subscription keeps the doc loaded (and its presence current) while a widget is open.
    const subscriber: Subscriber = { id: `widget:${chatId}`, send: () => {} }
    const loaded = this.#deps.hub.subscribe(chatDocName(chatId), subscriber)
    const onAwareness = (): void => {
      const typing = this.#typing(loaded, chatId)
      const key = JSON.stringify(typing.names)
      if (key === watched.typing) return
      watched.typing = key
      for (const stream of watched.streams) stream.typing(typing)
    }
    loaded.awareness.on('change', onAwareness)
    const watched: Watched = {
      chatId,
      channelId,
      streams: new Set(),
      seen: new Set(this.#publicMessages(loaded).map((m) => m.id)),
      subscriber,
      stopAwareness: () => loaded.awareness.off('change', onAwareness),
      typing: JSON.stringify(this.#typing(loaded, chatId).names),
    }
    this.#watched.set(chatId, watched)
    return watched
  }

  #typing(loaded: LoadedDoc, chatId: string): widget.WidgetTyping {
    return { names: typingIn(loaded.awareness.getStates().values(), chatId, '', this.#deps.nameOf).others }
  }

  #publicMessages(loaded: LoadedDoc): widget.WidgetMessage[] {
    const views: widget.WidgetMessage[] = []
    const ratings = ratingsByRequest(loaded.doc)
    for (const message of chatParts(loaded.doc).messages) {
      const view = widget.customerView(message, this.#deps.nameOf)
      if (view) views.push(view.ask ? { ...view, rating: ratings.get(view.id) ?? null } : view)
    }
    return views
  }

  #changed(loaded: LoadedDoc): void {
    const ref = parseDocName(loaded.name)
    if (ref?.kind !== DocKind.chat) return
    const channelId = this.#widgetChannelOf(ref.id)
    if (channelId === null) return
    const watched = this.#watched.get(ref.id)
    if (watched) {
      for (const message of chatParts(loaded.doc).messages) {
        if (watched.seen.has(message.id)) continue
        const view = widget.customerView(message, this.#deps.nameOf)
        if (!view) continue
        watched.seen.add(message.id)
        for (const stream of watched.streams) stream.message(view)
      }
    }
    this.#markArrived(loaded, ref.id, channelId)
  }

  /** Answers with no delivery state yet become `sent`, or `delivered` when a widget shows them now. */
  #markArrived(loaded: LoadedDoc, chatId: string, channelId: string): void {
    const open = (this.#watched.get(chatId)?.streams.size ?? 0) > 0
    const { messages, delivery } = chatParts(loaded.doc)
    const due: Message[] = []
    for (const message of messages) {
      if (message.direction !== 'out') continue
      const state = delivery.get(message.id)?.state
      if (state === undefined || (open && (state === 'sent' || state === 'pending'))) due.push(message)
    }
    if (due.length === 0) return
    const ctx = channelContext(channelId, this.#deps.now())
    const state = widget.arrivalState(open)
    void this.#deps.hub
      .transact(
        loaded.name,
        (doc) => {
          for (const message of due) setDelivery(doc, { messageId: message.id, state }, ctx)
        },
        ctx.origin,
      )
      .catch((err: unknown) =>
        this.#deps.logger.error({ err, doc: loaded.name }, 'widget delivery not written'),
      )
  }

  /** The chat's channel id when it is a widget chat, else `null`. */
  #widgetChannelOf(chatId: string): string | null {
    const known = this.#isWidgetChat.get(chatId)
    if (known !== undefined) return known
    const row = this.#deps.chats.chat(chatId)
    if (!row) return null // not registered yet: asked again next time
    const channel = this.#deps.channels.byId(row.channelId)
    const result = channel?.kind === 'widget' ? channel.id : null
    if (this.#isWidgetChat.size >= KIND_CACHE_LIMIT) this.#isWidgetChat.clear()
    this.#isWidgetChat.set(chatId, result)
    return result
  }
}
