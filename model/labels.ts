/**
 * Internal reaction marks and message tags (seed 001, «Метки сообщений»): what operators note on a message for
 * each other; the customer never sees them and no bridge sends them. Marks are per operator (each writes only
 * their own [MRK1, MRK2]); tags are shared, from the tag catalogue, and any operator may take one off [MTG1,
 * MTG2]. Rule IDs refer to model/SPEC.md.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { findMessage, parseInput } from './commands'
import { DomainError, ErrorCode } from './errors'
import {
  MAX_MESSAGE_TAGS,
  MAX_STORED_TAGS,
  MAX_TAG_NAME,
  type MarkKind,
  MarkKindSchema,
  type MessageMark,
  MessageMarkSchema,
  type MessageTag,
  MessageTagSchema,
  markKey,
  tagKey,
} from './label-schema'
import type { CommandContext } from './origins'
import { ChatKey, chatParts, type Message, readChatMeta } from './schema'

export * from './label-schema'

/** The acting operator, and the message they label, which must be in the chat. */
const target = (
  doc: Y.Doc,
  messageId: string,
  ctx: CommandContext,
): { operatorId: string; message: Message } => {
  if (ctx.actor.kind !== 'operator')
    throw new DomainError(ErrorCode.notOperator, 'only an operator labels messages')
  if (readChatMeta(doc) === null) throw new DomainError(ErrorCode.chatMissing, 'the chat does not exist')
  const message = findMessage(doc, messageId)
  if (!message) throw new DomainError(ErrorCode.notFound, 'no such message in this chat')
  return { operatorId: ctx.actor.id, message }
}

export const MarkInput = z.object({
  messageId: z.string().min(1).max(64),
  /** `null`: «нейтральная», which clears the operator's mark. */
  mark: MarkKindSchema.nullable(),
})
export type MarkInput = z.input<typeof MarkInput>

/**
 * [MRK1] The operator's reaction mark on a message: positive or negative; `null` (neutral) clears theirs. Another
 * operator's mark is theirs to change. Returns whether anything changed.
 */
export const markMessage = (doc: Y.Doc, input: MarkInput, ctx: CommandContext): boolean => {
  const data = parseInput(MarkInput, input)
  const { operatorId } = target(doc, data.messageId, ctx)
  const { marks } = chatParts(doc)
  const key = markKey(data.messageId, operatorId)
  const current = marks.get(key)
  if ((current?.mark ?? null) === data.mark) return false
  doc.transact(() => {
    if (data.mark === null) marks.delete(key)
    else marks.set(key, { messageId: data.messageId, by: operatorId, mark: data.mark, at: ctx.now })
  }, ctx.origin)
  return true
}

export const MessageTagsInput = z.object({
  messageId: z.string().min(1).max(64),
  tags: z.array(z.string().trim().min(1).max(MAX_TAG_NAME)).max(MAX_STORED_TAGS),
})
export type MessageTagsInput = z.input<typeof MessageTagsInput>

/**
 * [MTG1] Sets the message's tags to exactly these («Обновить» in the tags dialog): adds what is missing, takes off
 * what is not listed, leaves the rest as it is (so a concurrent change to another tag is kept). A new tag must be
 * in the catalogue and takes its spelling (matched without regard to case); a tag already on the message stays
 * even if the catalogue no longer has it. [MTG2] At most MAX_MESSAGE_TAGS. Returns whether anything changed.
 */
export const setMessageTags = (
  doc: Y.Doc,
  input: MessageTagsInput,
  catalogue: readonly string[],
  ctx: CommandContext,
): boolean => {
  const data = parseInput(MessageTagsInput, input)
  const { operatorId } = target(doc, data.messageId, ctx)
  const { messageTags } = chatParts(doc)
  const onMessage = new Map(tagsOf(doc, data.messageId).map((t) => [t.tag.toLocaleLowerCase(), t.tag]))
  const wanted = new Map<string, string>()
  for (const raw of data.tags) {
    const lower = raw.toLocaleLowerCase()
    const spelling = onMessage.get(lower) ?? catalogue.find((name) => name.toLocaleLowerCase() === lower)
    if (spelling === undefined) throw new DomainError(ErrorCode.notFound, `no tag ${raw} in the catalogue`)
    wanted.set(lower, spelling)
  }
  if (wanted.size > MAX_MESSAGE_TAGS) {
    throw new DomainError(ErrorCode.invalidInput, `tags: at most ${MAX_MESSAGE_TAGS} on a message`)
  }
  const add = [...wanted].filter(([lower]) => !onMessage.has(lower)).map(([, tag]) => tag)
  const drop = [...onMessage].filter(([lower]) => !wanted.has(lower)).map(([, tag]) => tag)
  if (add.length === 0 && drop.length === 0) return false
  doc.transact(() => {
    for (const tag of drop) messageTags.delete(tagKey(data.messageId, tag))
    for (const tag of add) {
      messageTags.set(tagKey(data.messageId, tag), {
        messageId: data.messageId,
        tag,
        by: operatorId,
        at: ctx.now,
      })
    }
  }, ctx.origin)
  return true
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** The labels of one message: marks by time, tags by name. */
export interface MessageLabels {
  readonly marks: readonly MessageMark[]
  readonly tags: readonly MessageTag[]
}

const NONE: MessageLabels = { marks: [], tags: [] }

/** [MRK1] [MTG1] Every labelled message's labels, read in one pass over both maps. */
export const labelsByMessage = (doc: Y.Doc): ReadonlyMap<string, MessageLabels> => {
  const { marks, messageTags } = chatParts(doc)
  const out = new Map<string, { marks: MessageMark[]; tags: MessageTag[] }>()
  const entry = (messageId: string) => {
    let e = out.get(messageId)
    if (!e) {
      e = { marks: [], tags: [] }
      out.set(messageId, e)
    }
    return e
  }
  for (const mark of marks.values()) entry(mark.messageId).marks.push(mark)
  for (const tag of messageTags.values()) entry(tag.messageId).tags.push(tag)
  for (const e of out.values()) {
    e.marks.sort((a, b) => a.at - b.at || (a.by < b.by ? -1 : 1))
    e.tags.sort((a, b) => a.tag.localeCompare(b.tag))
  }
  return out
}

/** The labels of one message. */
export const labelsOf = (doc: Y.Doc, messageId: string): MessageLabels =>
  labelsByMessage(doc).get(messageId) ?? NONE

/** [MTG1] The tags on one message, by name. */
export const tagsOf = (doc: Y.Doc, messageId: string): MessageTag[] =>
  [...chatParts(doc).messageTags.values()]
    .filter((t) => t.messageId === messageId)
    .sort((a, b) => a.tag.localeCompare(b.tag))

/** [MRK1] The operator's own mark on a message, or `null`. */
export const ownMark = (doc: Y.Doc, messageId: string, operatorId: string): MarkKind | null =>
  chatParts(doc).marks.get(markKey(messageId, operatorId))?.mark ?? null

// ---------------------------------------------------------------------------------------------------------------
// [MRK2] [MTG2] What the write validator (validate.ts) checks of a client's labels

const pairOf = (key: string | null): [string, string] | null => {
  if (key === null) return null
  try {
    const pair = JSON.parse(key) as unknown
    return Array.isArray(pair) && pair.length === 2 && pair.every((s) => typeof s === 'string')
      ? (pair as [string, string])
      : null
  } catch {
    return null
  }
}

/** The per-value rules, shaped like validate.ts's rules for one root part. */
export const labelRules = {
  [ChatKey.marks]: {
    insert(value: unknown, key: string | null, operatorId: string): string | null {
      const parsed = MessageMarkSchema.safeParse(value)
      if (!parsed.success) return 'mark does not match its schema'
      if (parsed.data.by !== operatorId) return 'a mark must be your own'
      return key === markKey(parsed.data.messageId, operatorId)
        ? null
        : 'a mark is keyed by its message and you'
    },
    /** Only your own mark. */
    delete: (key: string | null, operatorId: string): boolean => pairOf(key)?.[1] === operatorId,
  },
  [ChatKey.messageTags]: {
    insert(value: unknown, key: string | null, operatorId: string): string | null {
      const parsed = MessageTagSchema.safeParse(value)
      if (!parsed.success) return 'message tag does not match its schema'
      if (parsed.data.by !== operatorId) return 'a tag must be put on as you'
      return key === tagKey(parsed.data.messageId, parsed.data.tag)
        ? null
        : 'a tag is keyed by its message and name'
    },
    /** Tags are shared: anyone who may write the chat may take one off. */
    delete: (): boolean => true,
  },
} as const

/** A value a client update writes, where it goes. */
export interface Written {
  readonly root: string
  readonly key: string | null
  readonly value: unknown
}

/**
 * [MRK2] [MTG2] Checks of a whole update's labels against the server's copy: each labels a message the chat has
 * (or that the same update adds), and no message ends up with more than MAX_STORED_TAGS tags. `null` when fine.
 */
export const checkLabels = (doc: Y.Doc, written: readonly Written[]): string | null => {
  const labels = written.filter((w) => w.root === ChatKey.marks || w.root === ChatKey.messageTags)
  if (labels.length === 0) return null
  const { messageTags } = chatParts(doc)
  const added = new Set(
    written.filter((w) => w.root === ChatKey.messages).map((w) => (w.value as { id?: unknown }).id),
  )
  const known = new Set(chatParts(doc).messages.map((m) => m.id))
  const newTags = new Map<string, Set<string>>()
  for (const { root, key, value } of labels) {
    const messageId = (value as { messageId: string }).messageId
    if (!added.has(messageId) && !known.has(messageId)) return `${root}: no such message`
    if (root === ChatKey.messageTags && key !== null && !messageTags.has(key)) {
      const keys = newTags.get(messageId) ?? new Set()
      keys.add(key)
      newTags.set(messageId, keys)
    }
  }
  for (const [messageId, keys] of newTags) {
    if (tagsOf(doc, messageId).length + keys.size > MAX_STORED_TAGS) {
      return `${ChatKey.messageTags}: more than ${MAX_STORED_TAGS} tags on a message`
    }
  }
  return null
}
