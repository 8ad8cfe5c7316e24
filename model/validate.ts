/**
 * [VAL1–VAL4] What an operator's client may write into each kind of doc, checked on the binary update before the
 * server applies it. The server does not filter updates item by item (Yjs' threat model calls that an
 * anti-pattern): an update is accepted whole or refused whole, and a refused client resyncs from the server.
 */
import * as Y from 'yjs'
import type { z } from 'zod'
import type { DocRef } from './ids'
import { checkLabels, labelRules, type Written } from './labels'
import { NotificationReadSchema, NotificationsKey } from './notifications'
import { ratingRules } from './ratings'
import {
  ChatKey,
  ContactKey,
  ContactProfileSchema,
  chatParts,
  HistoryEventSchema,
  type Message,
  MessageSchema,
  NoteSchema,
  ReadMarkSchema,
} from './schema'

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string }
const OK: Verdict = { ok: true }
const refuse = (reason: string): Verdict => ({ ok: false, reason })

/** A rule for one root type: may this value be written under this key, may this key's value be deleted. */
interface RootRule {
  insert(value: unknown, key: string | null, operatorId: string): string | null
  /** `value` is the deleted item's value when it is still known (a plain JSON value). */
  delete(key: string | null, operatorId: string, value: unknown): boolean
}

/** How far ahead of the server's clock a client may stamp what it writes. */
export const MAX_CLOCK_SKEW_MS = 120_000

/** Who first wrote under each Yjs client id of a doc; the server keeps this durable. */
export interface ClientOwners {
  owner(client: number): string | undefined
}

export interface ValidateOptions {
  /** The server's clock: times stamped further ahead than MAX_CLOCK_SKEW_MS are refused. */
  readonly now?: number
  /** When given, an operator may write only under client ids that are new or already theirs [VAL6]. */
  readonly owners?: ClientOwners
}

const check = <T>(schema: z.ZodType<T>, value: unknown, what: string): T | string => {
  const parsed = schema.safeParse(value)
  return parsed.success ? parsed.data : `${what} does not match its schema`
}

const never: RootRule = { insert: () => 'server-only part', delete: () => false }

const chatRules: Record<string, RootRule> = {
  [ChatKey.messages]: {
    insert(value, key, operatorId) {
      if (key !== null) return 'messages is a list'
      const m = check(MessageSchema, value, 'message')
      if (typeof m === 'string') return m
      if (m.direction === 'in' || m.kind === 'technical') return 'inbound messages are the server’s'
      if (m.author.kind !== 'operator' || m.author.id !== operatorId)
        return 'a message must be authored as you'
      if (m.ask !== undefined) return 'a rating request is the server’s'
      return null
    },
    delete: () => false,
  },
  [ChatKey.history]: {
    insert(value, key, operatorId) {
      if (key !== null) return 'history is a list'
      const e = check(HistoryEventSchema, value, 'history event')
      if (typeof e === 'string') return e
      if (e.type === 'reopen') return 'reopening is the server’s'
      if (e.actor.kind !== 'operator' || e.actor.id !== operatorId) return 'an event must be authored as you'
      if (e.type === 'assign' && e.auto && e.to !== operatorId) return 'an auto-claim is for yourself only'
      return null
    },
    delete: () => false,
  },
  [ChatKey.reads]: {
    insert(value, key, operatorId) {
      if (key !== operatorId) return 'only your own read mark'
      const r = check(ReadMarkSchema, value, 'read mark')
      return typeof r === 'string' ? r : null
    },
    delete: (key, operatorId) => key === operatorId,
  },
  [ChatKey.meta]: never,
  [ChatKey.delivery]: never,
  [ChatKey.edits]: never,
  [ChatKey.reactions]: never,
  [ChatKey.removed]: never,
  ...labelRules,
  ...ratingRules,
}

const profileFields = new Set(Object.keys(ContactProfileSchema.shape))
const shortString = (value: unknown, max: number): boolean => typeof value === 'string' && value.length <= max

const contactRules: Record<string, RootRule> = {
  [ContactKey.profile]: {
    insert(value, key) {
      if (key === null || !profileFields.has(key)) return 'unknown profile field'
      const parsed = ContactProfileSchema.safeParse({ [key]: value })
      return parsed.success ? null : `profile field ${key} is invalid`
    },
    delete: () => true,
  },
  [ContactKey.fields]: {
    insert: (value, key) =>
      key !== null && key.length <= 100 && shortString(value, 2000) ? null : 'invalid custom field',
    delete: () => true,
  },
  [ContactKey.tags]: {
    insert: (value, key) => (key !== null && key.length <= 100 && value === true ? null : 'invalid tag'),
    delete: () => true,
  },
  [ContactKey.notes]: {
    insert(value, key, operatorId) {
      if (key !== null) return 'notes is a list'
      const n = check(NoteSchema, value, 'note')
      if (typeof n === 'string') return n
      return n.authorId === operatorId ? null : 'a note must be authored as you'
    },
    delete: (_key, operatorId, value) =>
      typeof value === 'object' &&
      value !== null &&
      (value as { authorId?: unknown }).authorId === operatorId,
  },
  /** [MRG2] Where a merged contact went: the server's. */
  [ContactKey.merged]: never,
}

/** [NTF4] In their own notifications doc an operator may only mark notifications read. */
const notificationRules: Record<string, RootRule> = {
  [NotificationsKey.items]: never,
  [NotificationsKey.reads]: {
    insert(value, key) {
      if (key === null || key.length === 0 || key.length > 64)
        return 'a read mark is keyed by a notification id'
      const r = check(NotificationReadSchema, value, 'read mark')
      return typeof r === 'string' ? r : null
    },
    delete: () => false,
  },
}

/** Rules per doc kind; a kind with no rules (directory, index) is read-only to operators. */
const rulesFor = (ref: DocRef): Record<string, RootRule> | null => {
  switch (ref.kind) {
    case 'chat':
      return chatRules
    case 'contact':
      return contactRules
    case 'notifications':
      return notificationRules
    default:
      return null
  }
}

interface Placement {
  readonly root: string
  readonly key: string | null
}

/** Where an integrated item lives, or `null` for a nested type (none of our schemas has one). */
const placementOfIntegrated = (item: Y.Item): Placement | null => {
  const parent = item.parent
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) return null
  return { root: Y.findRootTypeKey(parent), key: item.parentSub }
}

const parsedJson = (stored: unknown): unknown => {
  if (typeof stored !== 'string') return stored
  try {
    return JSON.parse(stored) as unknown
  } catch {
    return undefined
  }
}

const isKnown = (store: Y.Doc['store'], id: Y.ID): boolean => Y.getState(store, id.client) > id.clock

/**
 * Accepts or refuses a client's update to a doc, for the connected operator. Items the server already has are
 * not judged again; deletions of what is already deleted are no-ops.
 */
export const validateClientUpdate = (
  ref: DocRef,
  doc: Y.Doc,
  update: Uint8Array,
  operatorId: string,
  options: ValidateOptions = {},
): Verdict => {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return refuse('the update does not decode')
  }
  if (ref.kind === 'notifications' && ref.id !== operatorId) return refuse('another operator’s notifications')
  const rules = rulesFor(ref)
  const store = doc.store
  const fresh = decoded.structs.filter(
    (s): s is Y.Item => s instanceof Y.Item && s.id.clock + s.length > Y.getState(store, s.id.client),
  )
  const deletesSomething = [...decoded.ds.clients.values()].some((ranges) => ranges.length > 0)
  if (rules === null) {
    if (fresh.length === 0 && !deletesSomething) return OK
    if (fresh.length > 0) return refuse(`${ref.kind} is read-only`)
  }
  if (options.owners) {
    // Every struct that takes new clocks counts, garbage-collected ones too: they move that client's clock.
    const writers = decoded.structs.filter(
      (s) => !(s instanceof Y.Skip) && s.id.clock + s.length > Y.getState(store, s.id.client),
    )
    for (const client of new Set(writers.map((s) => s.id.client))) {
      const owner = options.owners.owner(client)
      const taken = owner === undefined ? Y.getState(store, client) > 0 : owner !== operatorId
      if (taken) return refuse('writes under a Yjs client id that is not yours')
    }
  }
  const tooLate = options.now === undefined ? Number.POSITIVE_INFINITY : options.now + MAX_CLOCK_SKEW_MS
  let messageIds: Set<string> | null = null
  const isNewMessageId = (id: string): boolean => {
    messageIds ??= new Set(
      chatParts(doc)
        .messages.toArray()
        .map((m) => m.id),
    )
    if (messageIds.has(id)) return false
    messageIds.add(id)
    return true
  }

  // Items of this update by client, sorted by clock, to resolve origins that point into the update itself.
  const byClient = new Map<number, Y.Item[]>()
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue
    const list = byClient.get(s.id.client) ?? []
    list.push(s)
    byClient.set(s.id.client, list)
  }
  const findInUpdate = (id: Y.ID): Y.Item | null =>
    byClient.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length) ?? null

  const memo = new Map<Y.Item, Placement | 'gc' | null>()
  const placementOf = (item: Y.Item, depth = 0): Placement | 'gc' | null => {
    const cached = memo.get(item)
    if (cached !== undefined) return cached
    let result: Placement | 'gc' | null = null
    if (typeof item.parent === 'string') {
      result = { root: item.parent, key: item.parentSub }
    } else if (item.parent === null && depth < 10_000) {
      const ref = item.origin ?? item.rightOrigin
      if (ref !== null) {
        if (isKnown(store, ref)) {
          const known = Y.getItem(store, ref)
          result = known instanceof Y.Item ? placementOfIntegrated(known) : 'gc'
        } else {
          const local = findInUpdate(ref)
          result = local === null ? null : placementOf(local, depth + 1)
        }
      }
    }
    memo.set(item, result)
    return result
  }

  const written: Written[] = []
  if (rules !== null) {
    for (const item of fresh) {
      const place = placementOf(item)
      if (place === 'gc') continue // Yjs drops an item whose neighbour was garbage-collected.
      if (place === null) return refuse('an item’s place cannot be resolved')
      const rule = rules[place.root]
      if (!rule) return refuse(`unknown part ${place.root}`)
      if (item.content instanceof Y.ContentAny) {
        for (const stored of item.content.arr) {
          // [MSG5] Messages travel as JSON strings; anything else here is a plain JSON value.
          const value = place.root === ChatKey.messages && ref.kind === 'chat' ? parsedJson(stored) : stored
          if (value === undefined) return refuse(`${place.root}: not JSON`)
          const problem = rule.insert(value, place.key, operatorId)
          if (problem) return refuse(`${place.root}: ${problem}`)
          written.push({ root: place.root, key: place.key, value })
          const at = (value as { at?: unknown }).at
          if (typeof at === 'number' && at > tooLate) return refuse(`${place.root}: stamped in the future`)
          if (
            ref.kind === 'chat' &&
            place.root === ChatKey.messages &&
            !isNewMessageId((value as Message).id)
          ) {
            return refuse('messages: that message id is taken')
          }
        }
      } else if (item.content instanceof Y.ContentDeleted) {
        // Written and deleted before it was sent (offline): nobody ever saw it, so only where writing is allowed.
        if (rule === never) return refuse(`${place.root}: server-only part`)
      } else {
        return refuse(`${place.root}: only plain JSON values are allowed`)
      }
    }
  }
  // [MRK2] [MTG2] Labels need their message, and a message holds a bounded number of tags.
  const labelProblem = ref.kind === 'chat' ? checkLabels(doc, written) : null
  if (labelProblem) return refuse(labelProblem)

  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; ) {
        const id = Y.createID(client, clock)
        let item: Y.Item | null
        let place: Placement | 'gc' | null
        if (isKnown(store, id)) {
          const struct = Y.getItem(store, id)
          clock = struct.id.clock + struct.length
          if (!(struct instanceof Y.Item) || struct.deleted) continue
          item = struct
          place = placementOfIntegrated(struct)
        } else {
          item = findInUpdate(id)
          if (item === null) return refuse('deletes an item nobody has')
          clock = item.id.clock + item.length
          place = placementOf(item)
        }
        if (place === 'gc') continue
        if (place === null) return refuse('deletes an item whose place cannot be resolved')
        const rule = rules?.[place.root]
        if (!rule) return refuse(`${place.root}: deletion is not allowed`)
        if (!isKnown(store, item.id)) {
          // An item of this same update: writing and deleting it offline is allowed wherever writing is.
          if (rule === never) return refuse(`${place.root}: server-only part`)
          continue
        }
        const values = item.content instanceof Y.ContentAny ? item.content.arr.map(parsedJson) : [undefined]
        if (!values.every((value) => rule.delete(place.key, operatorId, value))) {
          return refuse(`${place.root}: deletion is not allowed`)
        }
      }
    }
  }
  return OK
}

/** The Yjs client ids under which an update writes something the doc does not have yet. */
export const writtenClients = (doc: Y.Doc, update: Uint8Array): number[] => {
  const { from, to } = Y.parseUpdateMeta(update)
  const clients: number[] = []
  for (const [client, end] of to) {
    if (end > Math.max(from.get(client) ?? 0, Y.getState(doc.store, client))) clients.push(client)
  }
  return clients
}
