/**
 * Chats over plain HTTP, for integrations and bots that are not Yjs clients (DESIGN.md §3). Every write goes
 * through the same model commands and doc hub as the app's, so a message posted here enters the same outbox, and
 * every read is limited to the chats the operator may see (a chat they may not see is a 404, as if absent).
 */
import { Hono } from 'hono'
import type * as Y from 'yjs'
import { z } from 'zod'
import {
  type ChatSummary,
  CloseInput,
  type CommandContext,
  chatDocName,
  chatParts,
  closeChat,
  DomainError,
  ErrorCode,
  Folder,
  findMessage,
  inFolder,
  MAX_TEXT,
  type Message,
  OperatorMessageInput,
  operatorContext,
  ReturnInput,
  recordOutgoingEdit,
  recordRemoval,
  requireOwnOutgoing,
  returnToUnassigned,
  StatusSchema,
  sendBotMessage,
  sendOperatorMessage,
  serverContext,
  setDelivery,
  TransferInput,
  takeChat,
  transferChat,
  unreadFor,
} from '../model'
import { bridgeContext } from './bridges'
import { type ApiEnv, fail, parseJson, parseWith } from './http'
import { isSandbox } from './outbox/dispatcher'
import type { Services } from './services'

const ListQuery = z.object({
  folder: z.enum([Folder.unassigned, Folder.mine, Folder.all]).default(Folder.all),
  status: StatusSchema.optional(),
  tag: z.string().min(1).max(100).optional(),
  channel: z.string().min(1).max(64).optional(),
  operator: z.string().min(1).max(64).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

const PageQuery = z.object({
  before: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

const AssignBody = TransferInput.extend({}).strict()
const SendBody = OperatorMessageInput.pick({ id: true, text: true, replyTo: true }).strict()

/** `lastAt` and id of the last item of a page: the next page starts after it. */
const encodeCursor = (s: ChatSummary): string => Buffer.from(`${s.lastAt}:${s.id}`).toString('base64url')
const decodeCursor = (cursor: string): { lastAt: number; id: string } => {
  const [at, ...id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':')
  const lastAt = Number(at)
  if (!Number.isFinite(lastAt) || id.length === 0)
    return fail(ErrorCode.invalidInput, 'cursor: not one of ours')
  return { lastAt, id: id.join(':') }
}

const chatItem = (s: ChatSummary, operatorId: string) => ({
  id: s.id,
  channelId: s.channelId,
  status: s.status,
  assigneeId: s.assigneeId,
  unread: unreadFor(s, operatorId),
  waiting: s.waiting,
  contact: { id: s.contactId, name: s.contactName, tags: s.contactTags },
  lastMessage: s.lastMessage && {
    text: s.lastMessage.text,
    at: s.lastMessage.at,
    direction: s.lastMessage.direction,
  },
  lastAt: s.lastAt,
})

const messageItem = (
  m: Message,
  delivery: string | null,
  changes: { edited?: { text: string; at: number } | undefined; removed?: boolean } = {},
) => ({
  id: m.id,
  direction: m.direction,
  kind: m.kind,
  text: m.text,
  at: m.at,
  authorId: m.author.kind === 'operator' ? m.author.id : null,
  author: m.author,
  delivery,
  replyTo: m.replyTo ?? null,
  ...(m.media && { media: m.media }),
  ...(m.template && { template: m.template }),
  edited: changes.edited ? { text: changes.edited.text, at: changes.edited.at } : null,
  deleted: changes.removed ?? false,
})

export const chatRoutes = (services: Services): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  const { chats, hub, access, now } = services

  /** The chat's summary, when the operator may see it; a 404 otherwise. */
  const visible = (operator: ApiEnv['Variables']['operator'], chatId: string): ChatSummary => {
    const chat = chats.chat(chatId)
    if (!chat || !access.canSeeChatId(operator, chatId)) return fail(ErrorCode.notFound, 'no such chat')
    return chat.summary ?? fail(ErrorCode.notFound, 'no such chat')
  }

  api.get('/', (c) => {
    const op = c.get('operator')
    const query = parseWith(ListQuery, c.req.query())
    const after = query.cursor ? decodeCursor(query.cursor) : null
    const t = now()
    const needle = query.q?.toLocaleLowerCase()
    const matching: ChatSummary[] = []
    for (const row of chats.allChats()) {
      const s = row.summary
      if (!s || !access.canSeeChatId(op, s.id)) continue
      if (!inFolder(s, query.folder, op.id, t)) continue
      if (query.status && s.status !== query.status) continue
      if (query.channel && s.channelId !== query.channel) continue
      if (query.operator && s.assigneeId !== query.operator) continue
      if (query.tag && !s.contactTags.includes(query.tag)) continue
      const text = `${s.contactName}\n${s.lastMessage?.text ?? ''}`.toLocaleLowerCase()
      if (needle && !text.includes(needle)) continue
      matching.push(s)
    }
    // Newest first, ties by id: a total order, so a cursor resumes exactly after the last item sent.
    matching.sort((a, b) => b.lastAt - a.lastAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    const from = after
      ? matching.findIndex((s) => s.lastAt < after.lastAt || (s.lastAt === after.lastAt && s.id < after.id))
      : 0
    const start = from < 0 ? matching.length : from
    const items = matching.slice(start, start + query.limit)
    const more = start + query.limit < matching.length
    const last = items.at(-1)
    return c.json({
      items: items.map((s) => chatItem(s, op.id)),
      nextCursor: more && last ? encodeCursor(last) : null,
    })
  })

  api.get('/:id', (c) => {
    const op = c.get('operator')
    const summary = visible(op, c.req.param('id'))
    return c.json(chatItem(summary, op.id))
  })

  api.get('/:id/messages', (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const query = parseWith(PageQuery, c.req.query())
    const parts = chatParts(hub.open(chatDocName(chatId)).doc)
    const all = parts.messages.toArray().filter((m) => m.direction !== 'internal')
    const end = query.before === undefined ? all.length : all.findIndex((m) => m.id === query.before)
    if (end < 0) return fail(ErrorCode.invalidInput, 'before: no such message in this chat')
    const start = Math.max(0, end - query.limit)
    return c.json({
      items: all.slice(start, end).map((m) =>
        messageItem(m, parts.delivery.get(m.id)?.state ?? null, {
          edited: parts.edits.get(m.id),
          removed: parts.removed.has(m.id),
        }),
      ),
      hasMore: start > 0,
    })
  })

  /** Runs a model command on the chat as the operator, durably; domain errors become 4xx. */
  const act = <T>(chatId: string, ctx: CommandContext, command: (doc: Y.Doc) => T): Promise<T> =>
    hub.transact(chatDocName(chatId), command, ctx.origin)

  api.post('/:id/messages', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const body = await parseJson(SendBody, c.req)
    const integration = c.get('integration')
    // An integration writes as a bot named after its token; an operator as themselves (claiming an unassigned chat).
    if (integration) {
      const ctx = serverContext(`integration:${integration.id}`, now())
      const message = await hub.transact(
        chatDocName(chatId),
        (doc) => sendBotMessage(doc, { ...body, botName: integration.name }, ctx),
        ctx.origin,
      )
      return c.json(messageItem(message, null), 201)
    }
    const ctx = operatorContext(op.id, now())
    const message = await hub.transact(
      chatDocName(chatId),
      (doc) => sendOperatorMessage(doc, body, ctx),
      ctx.origin,
    )
    return c.json(messageItem(message, null), 201)
  })

  api.post('/:id/take', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const ctx = operatorContext(op.id, now())
    const event = await act(chatId, ctx, (doc) => takeChat(doc, ctx))
    return c.json({ event, chat: chatItem(visible(op, chatId), op.id) })
  })

  api.post('/:id/assign', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const body = await parseJson(AssignBody, c.req)
    const target = services.operators.byId(body.to)
    if (!target || !target.active) return fail(ErrorCode.invalidInput, 'to: no such active operator')
    if (!access.canSeeChatId(target, chatId))
      return fail(ErrorCode.forbidden, 'to: that operator may not see this chat')
    const ctx = operatorContext(op.id, now())
    const event = await act(chatId, ctx, (doc) => transferChat(doc, body, ctx))
    return c.json({ event })
  })

  api.post('/:id/return', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const body = await parseJson(ReturnInput.strict(), c.req)
    const ctx = operatorContext(op.id, now())
    const event = await act(chatId, ctx, (doc) => returnToUnassigned(doc, body, ctx))
    return c.json({ event })
  })

  api.post('/:id/close', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const body = await parseJson(CloseInput.strict(), c.req)
    const ctx = operatorContext(op.id, now())
    const event = await act(chatId, ctx, (doc) => closeChat(doc, body, ctx))
    return c.json({ event })
  })

  /** An operator's own answer that went out through a messenger: the row, the bridge, and the call context. */
  const sentAnswer = (op: ApiEnv['Variables']['operator'], chatId: string, messageId: string) => {
    const doc = hub.open(chatDocName(chatId)).doc
    const message = requireOwnOutgoing(doc, messageId, op.id)
    const row = services.outbox.byMessage(chatId, messageId)
    const chat = chats.chat(chatId)
    const channel = chat ? services.channels.byId(chat.channelId) : null
    if (!row || !channel || row.state !== 'sent' || row.providerMessageId === null || !chat?.externalId) {
      return fail(
        ErrorCode.conflict,
        'the message has not reached the messenger: nothing to change there yet',
      )
    }
    const bridge = services.bridgeOf(channel.kind)
    const target = {
      externalChatId: chat.externalId,
      providerMessageId: row.providerMessageId,
      sentAt: row.updatedAt,
    }
    return { message, channel, bridge, target, sandbox: isSandbox(channel.config) }
  }

  const EditBody = z.object({ text: z.string().trim().min(1).max(MAX_TEXT) }).strict()

  // [EDT2] Edit an answer in the messenger, then record it: the customer and the history agree.
  api.patch('/:id/messages/:messageId', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const body = await parseJson(EditBody, c.req)
    const { channel, bridge, target, sandbox } = sentAnswer(op, chatId, c.req.param('messageId'))
    if (!sandbox) {
      if (!bridge) return fail(ErrorCode.conflict, 'this channel cannot edit messages')
      const result = await bridge.edit(bridgeContext(channel, bridge, now), target, body.text)
      if (!result.ok) return fail(ErrorCode.conflict, `the messenger refused the edit: ${result.error}`)
    }
    const ctx = serverContext('edit', now())
    const messageId = c.req.param('messageId')
    await hub.transact(
      chatDocName(chatId),
      (doc) => recordOutgoingEdit(doc, { messageId, by: op.id, text: body.text }, ctx),
      ctx.origin,
    )
    return c.json({ ok: true })
  })

  // [EDT3] Delete an answer for the customer, within the channel's window.
  api.delete('/:id/messages/:messageId', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const { channel, bridge, target, sandbox } = sentAnswer(op, chatId, c.req.param('messageId'))
    if (!sandbox) {
      if (!bridge || bridge.deleteWindowMs === null)
        return fail(ErrorCode.conflict, 'this messenger cannot delete messages')
      if (now() - target.sentAt > bridge.deleteWindowMs) {
        const hours = Math.round(bridge.deleteWindowMs / 3_600_000)
        return fail(
          ErrorCode.conflict,
          `too late: this messenger deletes messages within ${hours} h only; edit it instead`,
        )
      }
      const result = await bridge.remove(bridgeContext(channel, bridge, now), target)
      if (!result.ok) return fail(ErrorCode.conflict, `the messenger refused to delete it: ${result.error}`)
    }
    const ctx = serverContext('delete', now())
    const messageId = c.req.param('messageId')
    await hub.transact(
      chatDocName(chatId),
      (doc) => recordRemoval(doc, { messageId, by: op.id }, ctx),
      ctx.origin,
    )
    return c.json({ ok: true })
  })

  // An answer that failed or may not have gone out: the operator decides to send it again.
  api.post('/:id/messages/:messageId/resend', async (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const messageId = c.req.param('messageId')
    const row = services.outbox.byMessage(chatId, messageId)
    if (!row) return fail(ErrorCode.notFound, 'no such answer in the outbox')
    if (row.state !== 'failed' && row.state !== 'unknown') {
      return fail(
        ErrorCode.conflict,
        `the answer is ${row.state}: only a failed or unknown one is sent again`,
      )
    }
    services.outbox.update(row, { state: 'queued', attempts: 0, nextAt: now(), error: null }, now())
    const ctx = serverContext('resend', now())
    await hub.transact(
      chatDocName(chatId),
      (doc) => setDelivery(doc, { messageId, state: 'pending' }, ctx),
      ctx.origin,
    )
    services.dispatcher.kick()
    return c.json({ ok: true })
  })

  api.get('/:id/messages/:messageId', (c) => {
    const op = c.get('operator')
    const chatId = visible(op, c.req.param('id')).id
    const parts = chatParts(hub.open(chatDocName(chatId)).doc)
    const message = findMessage(hub.open(chatDocName(chatId)).doc, c.req.param('messageId'))
    if (!message || message.direction === 'internal')
      throw new DomainError(ErrorCode.notFound, 'no such message')
    return c.json(messageItem(message, parts.delivery.get(message.id)?.state ?? null))
  })

  return api
}

const SearchQuery = z.object({
  q: z.string().trim().min(1, 'q: type something to search for').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/**
 * `GET /api/search?q=`: contacts (by name, phone in any formatting, email, notes) with their chats, and messages
 * (by text, with a snippet), both only where the operator may see the chat.
 */
export const searchRoute = (
  services: Services,
  operator: ApiEnv['Variables']['operator'],
  query: Record<string, string>,
): Response => {
  const { q, limit } = parseWith(SearchQuery, query)
  // Access filters after the match: ask for more, so a filtered page is still full.
  const found = services.search.search(q, limit * 5)
  const listed = new Set<string>()
  const contacts = found.contacts
    // [MRG2] A merged contact is found as the one it went into: its old name, phone or email still lead there.
    .map((hit) => {
      const id = services.chats.finalContact(hit.contactId)
      return id === hit.contactId ? hit : { contactId: id, name: '' }
    })
    .filter((hit) => !listed.has(hit.contactId) && listed.add(hit.contactId))
    .map((hit) => {
      const chats = services.chats
        .chatsOfContact(hit.contactId)
        .filter((chat) => services.access.canSeeChatId(operator, chat.id))
      const name = hit.name || services.chats.contact(hit.contactId)?.name || ''
      return {
        id: hit.contactId,
        name,
        chats: chats.map((chat) => ({ id: chat.id, channelId: chat.channelId })),
      }
    })
    .filter((contact) => contact.chats.length > 0)
    .slice(0, limit)
  const messages = found.messages
    .filter((hit) => services.access.canSeeChatId(operator, hit.chatId))
    .slice(0, limit)
    .map((hit) => ({ ...hit, contactName: services.chats.chat(hit.chatId)?.summary?.contactName ?? '' }))
  return Response.json({ contacts, messages })
}
