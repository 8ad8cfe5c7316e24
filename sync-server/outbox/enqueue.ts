/**
 * Puts every new outgoing message of a messenger chat into the outbox, in the same group commit as the update that
 * wrote it: whether an operator's client, the REST API or a bot wrote it, the chat doc's `messages` observer sees
 * it, and what it defers joins the commit of that very update.
 */
import { chatParts, DocKind, type Message, messageOf, parseDocName } from '../../model'
import { isMessengerKind } from '../bridges'
import type { ChannelRegistry } from '../channel-registry'
import type { ChatRegistry } from '../chats'
import type { DocHub, LoadedDoc } from '../docs/hub'
import type { OutboxStore } from './store'

export interface EnqueueDeps {
  readonly hub: DocHub
  readonly chats: ChatRegistry
  readonly channels: ChannelRegistry
  readonly store: OutboxStore
  readonly now: () => number
  /** Told after queued messages are durable. */
  readonly queued: () => void
}

/** Starts following loaded chat docs; returns the function that stops it. */
export const followOutgoing = (deps: EnqueueDeps): (() => void) =>
  deps.hub.onLoad((loaded: LoadedDoc) => {
    const ref = parseDocName(loaded.name)
    if (ref?.kind !== DocKind.chat) return
    const chatId = ref.id
    const { type } = chatParts(loaded.doc).messages
    type.observe((event) => {
      const fresh: Message[] = []
      for (const item of event.changes.added) {
        for (const raw of item.content.getContent()) {
          const value = messageOf(raw)
          if (value?.direction === 'out') fresh.push(value)
        }
      }
      if (fresh.length === 0) return
      // Known for a chat with a message in it; a chat created in this very transaction registers in the same
      // commit, so its row is in the registry's pending overlay already.
      const channelId = deps.chats.chat(chatId)?.channelId
      const kind = channelId ? deps.channels.byId(channelId)?.kind : undefined
      if (!channelId || !kind || !isMessengerKind(kind)) return
      const rows = fresh.map((m) => ({ messageId: m.id, chatId, channelId }))
      void deps.hub.defer(() => deps.store.enqueue(rows, deps.now())).then(deps.queued, () => {})
    })
  })
