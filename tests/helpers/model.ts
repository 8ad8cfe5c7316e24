/** Fixtures for the model tests: plain Y.Docs of one chat, contexts for each kind of actor, sync helpers. */
import { expect } from 'vitest'
import * as Y from 'yjs'
import {
  type ChatSummary,
  type CommandContext,
  channelContext,
  chatParts,
  createChat,
  type DocRef,
  DomainError,
  type ErrorCode,
  type Message,
  operatorContext,
  serverContext,
  type Verdict,
  validateClientUpdate,
  writtenClients,
} from '../../model'

/** A fixed epoch, so times read as offsets: `T0 + 10_000` is ten seconds in. */
export const T0 = 1_700_000_000_000

export const CHAT = { chatId: 'chat-1', channelId: 'tg-1', contactId: 'contact-1' } as const
export const CHAT_REF = { kind: 'chat', id: CHAT.chatId } as const

export const asOperator = (operatorId: string, at = T0): CommandContext => operatorContext(operatorId, at)
export const asChannel = (at = T0): CommandContext => channelContext(CHAT.channelId, at)
export const asServer = (at = T0): CommandContext => serverContext('test', at)
export const asBot = (at = T0): CommandContext => ({
  actor: { kind: 'bot', name: 'helper-bot' },
  origin: { kind: 'server', reason: 'bot' },
  now: at,
})

/** A chat doc created by the server at `at`. */
export const newChat = (at = T0): Y.Doc => {
  const doc = new Y.Doc()
  createChat(doc, CHAT, asServer(at))
  return doc
}

/**
 * A new doc holding everything `source` holds (a client that has just synced). A fixed `clientID` fixes the order
 * of concurrent inserts: Yjs puts the lower client id first.
 */
export const replicaOf = (source: Y.Doc, clientID?: number): Y.Doc => {
  const doc = new Y.Doc()
  if (clientID !== undefined) doc.clientID = clientID
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
  return doc
}

/** What `from` has that `to` lacks: a sync step 2 answering `to`'s state vector. */
export const diff = (from: Y.Doc, to: Y.Doc): Uint8Array =>
  Y.encodeStateAsUpdate(from, Y.encodeStateVector(to))

/** Brings both docs to the same state. */
export const syncBoth = (a: Y.Doc, b: Y.Doc): void => {
  const toB = diff(a, b)
  const toA = diff(b, a)
  Y.applyUpdate(b, toB)
  Y.applyUpdate(a, toA)
}

/** Runs `write` and returns every update it made `doc` emit, in order. */
export const captureUpdates = (doc: Y.Doc, write: () => void): Uint8Array[] => {
  const updates: Uint8Array[] = []
  const onUpdate = (update: Uint8Array): void => {
    updates.push(update)
  }
  doc.on('update', onUpdate)
  try {
    write()
  } finally {
    doc.off('update', onUpdate)
  }
  return updates
}

/** The one update `write` made, merged if it made several. */
export const updateOf = (doc: Y.Doc, write: () => void): Uint8Array =>
  Y.mergeUpdates(captureUpdates(doc, write))

/** Asserts that `run` throws a DomainError with `code`. */
export const expectDomainError = (run: () => unknown, code: ErrorCode): void => {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown, `expected a DomainError ${code}`).toBeInstanceOf(DomainError)
  expect((thrown as DomainError).code).toBe(code)
}

export const messagesOf = (doc: Y.Doc): Message[] => chatParts(doc).messages.toArray()

/** [VAL6] Per server doc: the operator the server recorded for each Yjs client id (the sync server keeps this durable). */
const owners = new WeakMap<Y.Doc, Map<number, string>>()

/** Who the server has recorded as writing under each Yjs client id of `server`. */
export const clientOwners = (server: Y.Doc): Map<number, string> => {
  let map = owners.get(server)
  if (!map) {
    map = new Map()
    owners.set(server, map)
  }
  return map
}

export interface JudgeOptions {
  /** The doc being written; the test chat by default. */
  readonly ref?: DocRef
  /** The server's clock; times are not checked without it. */
  readonly now?: number
}

/** What the sync server asks before applying an operator's update: with the recorded owners of client ids [VAL6]. */
export const judge = (
  server: Y.Doc,
  update: Uint8Array,
  operatorId = 'op1',
  { ref = CHAT_REF, now }: JudgeOptions = {},
): Verdict => {
  const recorded = clientOwners(server)
  return validateClientUpdate(ref, server, update, operatorId, {
    owners: { owner: (client) => recorded.get(client) },
    ...(now !== undefined && { now }),
  })
}

/** Records `operatorId` as the owner of the client ids an accepted update writes under; call before applying it. */
export const claimClients = (server: Y.Doc, update: Uint8Array, operatorId: string): void => {
  const recorded = clientOwners(server)
  for (const client of writtenClients(server, update)) {
    if (!recorded.has(client)) recorded.set(client, operatorId)
  }
}

/** Judges and, when accepted, records the client ids it writes under and applies it: what the server does. */
export const deliver = (
  server: Y.Doc,
  update: Uint8Array,
  operatorId = 'op1',
  options: JudgeOptions = {},
): Verdict => {
  const verdict = judge(server, update, operatorId, options)
  if (verdict.ok) {
    claimClients(server, update, operatorId)
    Y.applyUpdate(server, update)
  }
  return verdict
}

/** An inbox row for app tests: an open chat, nobody's, whose one customer message waits; `over` sets any part. */
export const summaryOf = (id: string, over: Partial<ChatSummary> = {}): ChatSummary => ({
  id,
  channelId: 'tg',
  contactId: `c-${id}`,
  contactName: id,
  contactTags: [],
  status: 'open',
  assigneeId: null,
  closedBy: null,
  lastMessage: null,
  lastAt: 1,
  waiting: true,
  unassignedAt: null,
  unassigned: false,
  inbound: 1,
  unread: {},
  markedUnread: [],
  ...over,
})
