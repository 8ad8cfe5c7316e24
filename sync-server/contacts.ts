/**
 * Contacts over HTTP (seed 003: one person, chats in several channels):
 * - `GET /api/contacts/:id`: the profile and the contact's chats the caller may see;
 * - `POST /api/contacts/:id/merge {into}`: the contact joins `into` [MRG1–MRG3].
 *
 * A merge writes several docs (the contact merged into, the merged one, each moved chat) and registry rows, so it
 * is made crash-safe by construction: it checks everything first, then queues every write in one synchronous
 * stretch, which the doc hub commits as ONE SQLite transaction (its group commit) — a crash leaves all of it or
 * none. What follows from it (index summaries, sockets' access) is derived by the usual listeners, which the
 * server recomputes at start for docs written last. Every step is idempotent, so a retry after a lost answer
 * changes nothing and answers the same.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  type ChatSummary,
  ContactProfileSchema,
  chatDocName,
  contactDisplayName,
  contactDocName,
  contactParts,
  contactTags,
  ErrorCode,
  type MergeOutcome,
  markContactMerged,
  mayMergeContacts,
  mergeContactInto,
  moveChatToContact,
  readChatMeta,
  readContactMerge,
  serverContext,
} from '../model'
import type { ChatRow } from './chats'
import { type ApiEnv, fail, parseJson } from './http'
import { accessOf, type OperatorRecord } from './operators'
import type { Services } from './services'

const MergeBody = z.object({ into: z.string().min(1).max(64) }).strict()

/** A chat of the contact, as the contact card lists it. */
const chatItem = (chat: ChatRow, summary: ChatSummary | null) => ({
  id: chat.id,
  channelId: chat.channelId,
  status: summary?.status ?? 'open',
  assigneeId: summary?.assigneeId ?? null,
  lastAt: summary?.lastAt ?? 0,
  lastMessage: summary?.lastMessage ?? null,
})

export type ContactChatItem = ReturnType<typeof chatItem>

/** What `GET /api/contacts/:id` answers. */
export interface ContactView {
  readonly id: string
  readonly name: string
  /** [MRG2] The contact this one now stands in, when it was merged; its chats are there. */
  readonly mergedInto: string | null
  readonly profile: z.infer<typeof ContactProfileSchema>
  readonly fields: Readonly<Record<string, string>>
  readonly tags: readonly string[]
  readonly notes: readonly unknown[]
  readonly chats: readonly ContactChatItem[]
}

export interface MergeResult {
  /** The contact as it is now, as the caller may see it. */
  readonly contact: ContactView
  /** The chats this call moved (none when it was a retry of a finished merge). */
  readonly moved: readonly string[]
  /** What the contact gained (fields filled, tags and notes added). */
  readonly added: MergeOutcome
}

/** The contact, when the caller may see one of its chats (a merged one: of the contact it went into); else 404. */
export const contactView = (services: Services, op: OperatorRecord, contactId: string): ContactView => {
  const { chats, access, hub } = services
  const row = chats.contact(contactId) ?? fail(ErrorCode.notFound, 'no such contact')
  const final = chats.finalContact(contactId)
  const visible = (id: string) => chats.chatsOfContact(id).filter((chat) => access.canSeeChatId(op, chat.id))
  const own = visible(contactId)
  if (own.length === 0 && (final === contactId || visible(final).length === 0)) {
    return fail(ErrorCode.notFound, 'no such contact')
  }
  const doc = hub.open(contactDocName(contactId)).doc
  const parts = contactParts(doc)
  const profile = ContactProfileSchema.safeParse(parts.profile.toJSON())
  return {
    id: contactId,
    name: row.name,
    mergedInto: final === contactId ? null : final,
    profile: profile.success ? profile.data : {},
    fields: parts.fields.toJSON() as Record<string, string>,
    tags: contactTags(doc),
    notes: parts.notes.toArray(),
    chats: own.map((chat) => chatItem(chat, chats.chat(chat.id)?.summary ?? null)),
  }
}

/** Everything a merge needs to hold before its first write: after this, writing cannot be refused halfway. */
const checkMerge = (services: Services, op: OperatorRecord, fromId: string, intoId: string) => {
  const { chats, hub } = services
  if (fromId === intoId) fail(ErrorCode.invalidInput, 'into: a contact cannot be merged into itself')
  if (!chats.contact(fromId)) fail(ErrorCode.notFound, 'no such contact')
  if (!chats.contact(intoId)) fail(ErrorCode.notFound, 'into: no such contact')
  const wentTo = chats.mergedInto(fromId)
  if (wentTo !== null && wentTo !== intoId) {
    fail(ErrorCode.conflict, 'this contact was already merged into another one')
  }
  if (chats.mergedInto(intoId) !== null) {
    fail(
      ErrorCode.conflict,
      `into: that contact was merged into another one (${chats.finalContact(intoId)}): merge into that one`,
    )
  }
  const fromChats = chats.chatsOfContact(fromId)
  const facts = [...fromChats, ...chats.chatsOfContact(intoId)].map((chat) => ({
    channelId: chat.channelId,
    contactTags: chats.contact(chat.contactId)?.tags ?? [],
  }))
  if (!mayMergeContacts(accessOf(op), facts)) {
    fail(ErrorCode.forbidden, 'you may not see every chat of both contacts, so you may not merge them')
  }
  const from = hub.open(contactDocName(fromId)).doc
  const into = hub.open(contactDocName(intoId)).doc
  const mark = readContactMerge(from)
  if ((mark && mark.into !== intoId) || readContactMerge(into)) {
    fail(ErrorCode.conflict, 'the contacts’ merge marks disagree with the registry: try again later')
  }
  for (const chat of fromChats) {
    if (!readChatMeta(hub.open(chatDocName(chat.id)).doc)) {
      fail(ErrorCode.conflict, `chat ${chat.id} is not stored yet: try again in a moment`)
    }
  }
  return { from, into, fromChats }
}

/**
 * [MRG1–MRG3] Merges contact `fromId` into `intoId` for the operator: checks, then one durable commit. A retry of
 * a finished merge is answered like the first time, with nothing moved or added.
 */
export const mergeContacts = async (
  services: Services,
  op: OperatorRecord,
  fromId: string,
  intoId: string,
): Promise<MergeResult> => {
  const { chats, hub } = services
  const { from, into, fromChats } = checkMerge(services, op, fromId, intoId)
  const ctx = serverContext('merge', services.now())
  // From here to the `await`, nothing yields: every write below joins the same group commit.
  let added: MergeOutcome = { profile: [], fields: [], tags: [], notes: [] }
  let marked = false
  const moved: string[] = []
  const writes: Promise<unknown>[] = [
    hub.transact(
      contactDocName(intoId),
      (doc) => {
        added = mergeContactInto(doc, from, ctx)
      },
      ctx.origin,
    ),
    hub.transact(
      contactDocName(fromId),
      (doc) => {
        marked = markContactMerged(doc, { into: intoId, by: op.id }, ctx)
      },
      ctx.origin,
    ),
  ]
  for (const chat of fromChats) {
    const write = hub.transact(
      chatDocName(chat.id),
      (doc) => {
        if (moveChatToContact(doc, { contactId: intoId }, ctx)) moved.push(chat.id)
      },
      ctx.origin,
    )
    writes.push(write)
    chats.moveChat(chat.id, intoId)
  }
  if (chats.mergedInto(fromId) !== intoId) chats.markMerged(fromId, intoId)
  const changed =
    marked || moved.length > 0 || Object.values(added).some((list: readonly string[]) => list.length > 0)
  if (changed) {
    // The registry's name and tags at once, so access checks see the joined tags before the inbox catches up.
    const profile = ContactProfileSchema.safeParse(contactParts(into).profile.toJSON())
    const row = chats.contact(intoId)
    chats.saveContact({
      ...row,
      id: intoId,
      name: profile.success ? contactDisplayName(profile.data) : (row?.name ?? ''),
      tags: contactTags(into),
    })
    writes.push(
      hub.defer(() => {
        services.search.indexContact(intoId, into)
        services.audit.record(op.id, 'contact.merge', fromId, { into: intoId, chats: moved, added })
      }),
    )
  }
  await Promise.all(writes)
  return { contact: contactView(services, op, intoId), moved, added }
}

export const contactRoutes = (services: Services): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  api.get('/:id', (c) => c.json(contactView(services, c.get('operator'), c.req.param('id'))))
  api.post('/:id/merge', async (c) => {
    const body = await parseJson(MergeBody, c.req)
    return c.json(await mergeContacts(services, c.get('operator'), c.req.param('id'), body.into))
  })
  return api
}
