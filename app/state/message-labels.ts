/**
 * Internal reaction marks and message tags of the open chat (seed 001) [MRK1, MTG1], read per row like the other
 * marks (chat-marks.ts): a row tracks one signal for its message, and a transaction that changed labels wakes only
 * the rows of the messages it labelled. Writing is a model command on the chat's doc, so it works offline and the
 * server checks it again [MRK2, MTG2].
 */
import { type Accessor, batch, createSignal, type Setter } from 'solid-js'
import type * as Y from 'yjs'
import {
  chatParts,
  directoryParts,
  labelsByMessage,
  type MarkKind,
  type MessageLabels,
  markMessage,
  operatorContext,
  setMessageTags,
  type Tag,
} from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'
import { followDoc } from './follow-doc'

export interface MessageLabelsState {
  /** The message's marks (by time) and tags (by name). */
  of(messageId: string): MessageLabels
  /** The operator's own mark on the message. */
  ownMark(messageId: string): MarkKind | null
  /** «Позитивная», «Негативная», or `null` for «Нейтральная» (clears the operator's mark). */
  mark(messageId: string, mark: MarkKind | null): void
  /** «Обновить» in the tags dialog: the message's tags become exactly these. Throws `DomainError` if refused. */
  setTags(messageId: string, tags: readonly string[]): void
  /** The tag catalogue (directory doc), by name. */
  readonly catalogue: Accessor<readonly Tag[]>
  /** An operator's name from the directory, for who marked a message. */
  nameOf(operatorId: string): string
}

const NONE: MessageLabels = { marks: [], tags: [] }

/** The message ids whose labels a transaction changed (keys are `[messageId, …]` JSON pairs). */
const labelledIn = (transaction: Y.Transaction, types: readonly object[]): Set<string> => {
  const ids = new Set<string>()
  for (const type of types) {
    for (const key of (transaction.changed as ReadonlyMap<object, ReadonlySet<string | null>>).get(type) ??
      []) {
      if (key === null) continue
      const pair = JSON.parse(key) as unknown
      if (Array.isArray(pair) && typeof pair[0] === 'string') ids.add(pair[0])
    }
  }
  return ids
}

export const createMessageLabels = (
  live: LiveDoc,
  operatorId: string,
  directory: LiveDoc,
): MessageLabelsState => {
  let index = labelsByMessage(live.doc)
  const signals = new Map<string, [Accessor<undefined>, Setter<undefined>]>()
  const [generation, setGeneration] = createSignal(0)
  followDoc(live, (doc, replaced) => {
    // Every part named before listening (see chat-changes.ts): a placeholder type would be replaced later.
    const { marks, messageTags } = chatParts(doc)
    index = labelsByMessage(doc)
    if (replaced) setGeneration((n) => n + 1)
    const onTransaction = (transaction: Y.Transaction): void => {
      const changed = labelledIn(transaction, [marks, messageTags])
      if (changed.size === 0) return
      index = labelsByMessage(doc)
      batch(() => {
        for (const id of changed) signals.get(id)?.[1](undefined)
      })
    }
    doc.on('afterTransaction', onTransaction)
    return () => doc.off('afterTransaction', onTransaction)
  })
  const read = (messageId: string): MessageLabels => {
    let signal = signals.get(messageId)
    if (!signal) {
      signal = createSignal(undefined, { equals: false })
      signals.set(messageId, signal)
    }
    signal[0]()
    generation()
    return index.get(messageId) ?? NONE
  }
  const catalogue = createDocValue(directory, (doc) =>
    [...directoryParts(doc).tags.values()].sort((a, b) => a.name.localeCompare(b.name)),
  )
  const operators = createDocValue(directory, (doc) => directoryParts(doc).operators.toJSON())
  const ctx = () => operatorContext(operatorId, Date.now())
  return {
    of: read,
    ownMark: (messageId) => read(messageId).marks.find((m) => m.by === operatorId)?.mark ?? null,
    mark: (messageId, mark) => void markMessage(live.doc, { messageId, mark }, ctx()),
    setTags: (messageId, tags) =>
      void setMessageTags(
        live.doc,
        { messageId, tags: [...tags] },
        catalogue().map((t) => t.name),
        ctx(),
      ),
    catalogue,
    nameOf: (id) => (operators()[id] as { name?: string } | undefined)?.name ?? id.slice(0, 8),
  }
}
