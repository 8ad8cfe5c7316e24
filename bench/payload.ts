/**
 * The one payload every target writes, made with the model's own commands so the three targets carry identical
 * updates: a chat created once, then one inbound message per update whose text is its send time.
 */
import type * as Y from 'yjs'
import {
  channelContext,
  chatParts,
  createChat,
  ingestInboundMessage,
  messageOf,
  serverContext,
} from '../model'

export const BENCH_CHANNEL = 'bench'
export const BENCH_CONTACT = 'c1'

/** The doc the latency run writes to and the clients sync. */
export const LATENCY_CHAT = 'bench1'
/** A fresh doc per durable-ingest run, so each run starts from an empty chat on every target. */
export const durableChat = (run: number): string => `bench-durable-${run}`

export const docNameOf = (chatId: string): string => `chat:${chatId}`

export const createBenchChat = (doc: Y.Doc, chatId: string): void => {
  createChat(
    doc,
    { chatId, channelId: BENCH_CHANNEL, contactId: BENCH_CONTACT },
    serverContext(BENCH_CHANNEL, Date.now()),
  )
}

/** Prefix of warm-up messages: clients apply them like any other but take no sample. */
export const WARMUP_PREFIX = 'w'

export const appendBenchMessage = (doc: Y.Doc, text: string): void => {
  ingestInboundMessage(doc, { text }, channelContext(BENCH_CHANNEL, Date.now()))
}

/** Calls `onText` with the text of every message appended to the chat, as the doc applies it. */
export const observeMessages = (doc: Y.Doc, onText: (text: string) => void): void => {
  const { type } = chatParts(doc).messages
  type.observe((event) => {
    for (const change of event.changes.delta) {
      if (change.insert === undefined || typeof change.insert === 'string') continue
      for (const raw of change.insert as unknown[]) {
        const message = messageOf(raw)
        if (typeof message.text === 'string') onText(message.text)
      }
    }
  })
}
