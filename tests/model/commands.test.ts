import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addInternalComment,
  chatParts,
  chatState,
  closeChat,
  createChat,
  ErrorCode,
  findMessage,
  ingestInboundMessage,
  MAX_TEXT,
  markRead,
  markUnread,
  readChatMeta,
  returnToUnassigned,
  sendBotMessage,
  sendOperatorMessage,
  takeChat,
  transferChat,
} from '../../model'
import {
  asBot,
  asChannel,
  asOperator,
  asServer,
  CHAT,
  captureUpdates,
  expectDomainError,
  judge,
  messagesOf,
  newChat,
  replicaOf,
  T0,
  updateOf,
} from '../helpers/model'

describe('createChat', () => {
  it('[CHT1] writes the chat’s meta with the creation time', () => {
    expect(readChatMeta(newChat(T0))).toEqual({ ...CHAT, createdAt: T0 })
  })

  it('[CHT1] is idempotent for the same chat: a second call writes nothing', () => {
    const doc = newChat(T0)
    const updates = captureUpdates(doc, () => createChat(doc, CHAT, asServer(T0 + 5)))
    expect(updates).toEqual([])
    expect(readChatMeta(doc)?.createdAt).toBe(T0)
  })

  it('[CHT1] refuses a doc that holds another chat, channel or contact with conflict', () => {
    const doc = newChat()
    expectDomainError(() => createChat(doc, { ...CHAT, chatId: 'other' }, asServer()), ErrorCode.conflict)
    expectDomainError(() => createChat(doc, { ...CHAT, channelId: 'vk-1' }, asServer()), ErrorCode.conflict)
    expectDomainError(
      () => createChat(doc, { ...CHAT, contactId: 'contact-2' }, asServer()),
      ErrorCode.conflict,
    )
    expect(readChatMeta(doc)).toEqual({ ...CHAT, createdAt: T0 })
  })

  it('[CHT1] refuses an operator with forbidden; a channel may create its chat', () => {
    const doc = new Y.Doc()
    const updates = captureUpdates(doc, () =>
      expectDomainError(() => createChat(doc, CHAT, asOperator('op1')), ErrorCode.forbidden),
    )
    expect(updates).toEqual([])
    createChat(doc, CHAT, asChannel(T0 + 1))
    expect(readChatMeta(doc)).toEqual({ ...CHAT, createdAt: T0 + 1 })
  })

  it('[CHT1] refuses bad input with invalid_input', () => {
    expectDomainError(
      () => createChat(new Y.Doc(), { ...CHAT, chatId: '' }, asServer()),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => createChat(new Y.Doc(), { ...CHAT, contactId: 'x'.repeat(65) }, asServer()),
      ErrorCode.invalidInput,
    )
  })

  const commands: Record<string, (doc: Y.Doc) => unknown> = {
    ingestInboundMessage: (doc) => ingestInboundMessage(doc, { text: 'hi' }, asChannel()),
    sendOperatorMessage: (doc) => sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1')),
    sendBotMessage: (doc) => sendBotMessage(doc, { text: 'hi', botName: 'bot' }, asServer()),
    addInternalComment: (doc) => addInternalComment(doc, { text: 'hi' }, asOperator('op1')),
    takeChat: (doc) => takeChat(doc, asOperator('op1')),
    transferChat: (doc) => transferChat(doc, { to: 'op2' }, asOperator('op1')),
    returnToUnassigned: (doc) => returnToUnassigned(doc, {}, asOperator('op1')),
    closeChat: (doc) => closeChat(doc, {}, asOperator('op1')),
    markRead: (doc) => markRead(doc, asOperator('op1')),
    markUnread: (doc) => markUnread(doc, asOperator('op1')),
  }
  for (const [name, run] of Object.entries(commands)) {
    it(`[CHT1] ${name} refuses a doc without meta with chat_missing and writes nothing`, () => {
      const doc = new Y.Doc()
      const updates = captureUpdates(doc, () => expectDomainError(() => run(doc), ErrorCode.chatMissing))
      expect(updates).toEqual([])
    })
  }
})

describe('ingestInboundMessage', () => {
  it('[MSG4] appends the customer’s message, stamped with the provider’s time when given', () => {
    const doc = newChat()
    const { message, reopened } = ingestInboundMessage(
      doc,
      { id: 'tg-77', text: 'hello', at: T0 + 1, replyTo: 'm0' },
      asChannel(T0 + 9),
    )
    expect(reopened).toBe(false)
    expect(message).toEqual({
      id: 'tg-77',
      at: T0 + 1,
      direction: 'in',
      kind: 'text',
      author: { kind: 'customer' },
      text: 'hello',
      replyTo: 'm0',
    })
    expect(messagesOf(doc)).toEqual([message])
    expect(chatParts(doc).history.length).toBe(0)
  })

  it('[MSG4] stamps the server’s clock when the provider gives no time, and makes an id', () => {
    const doc = newChat()
    const { message } = ingestInboundMessage(
      doc,
      { kind: 'image', media: { url: 'u', mime: 'image/png' } },
      asServer(T0 + 3),
    )
    expect(message.at).toBe(T0 + 3)
    expect(message.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(message.media).toEqual({ url: 'u', mime: 'image/png' })
  })

  it('[MSG4] refuses an operator actor with forbidden', () => {
    expectDomainError(
      () => ingestInboundMessage(newChat(), { text: 'x' }, asOperator('op1')),
      ErrorCode.forbidden,
    )
  })

  it('[MSG4] refuses bad input with invalid_input', () => {
    const doc = newChat()
    const bad: unknown[] = [
      { kind: 'bogus' },
      { text: 'x'.repeat(MAX_TEXT + 1) },
      { text: 'x', at: -1 },
      { text: 'x', at: 1.5 },
      { text: 'x', id: '' },
      { media: { mime: 'x' } },
    ]
    for (const input of bad) {
      expectDomainError(() => ingestInboundMessage(doc, input as never, asChannel()), ErrorCode.invalidInput)
    }
    expect(messagesOf(doc)).toEqual([])
  })

  it('[REO1] a non-technical message into a closed chat reopens it with a reopen event by the channel', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    closeChat(doc, {}, asOperator('op1', T0 + 2))
    const { reopened } = ingestInboundMessage(doc, { text: 'again' }, asChannel(T0 + 3))
    expect(reopened).toBe(true)
    const last = chatParts(doc).history.get(2)
    expect(last).toMatchObject({
      type: 'reopen',
      at: T0 + 3,
      actor: { kind: 'channel', channelId: CHAT.channelId },
    })
    expect(chatState(doc).assignment).toMatchObject({ status: 'open', assigneeId: null, closedBy: null })
  })

  it('[TEC1] a technical message into a closed chat does not reopen it', () => {
    const doc = newChat()
    closeChat(doc, {}, asOperator('op1', T0 + 1))
    const { reopened } = ingestInboundMessage(doc, { kind: 'technical', text: '/start' }, asChannel(T0 + 2))
    expect(reopened).toBe(false)
    expect(chatState(doc).assignment.status).toBe('closed')
    expect(messagesOf(doc).map((m) => m.kind)).toEqual(['technical'])
  })

  it('[REO1] a message into an open or in-work chat writes no history', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { text: 'a' }, asChannel(T0 + 1))
    takeChat(doc, asOperator('op1', T0 + 2))
    ingestInboundMessage(doc, { text: 'b' }, asChannel(T0 + 3))
    expect(
      chatParts(doc)
        .history.toArray()
        .map((e) => e.type),
    ).toEqual(['assign'])
  })
})

describe('sendOperatorMessage', () => {
  it('[MSG2] appends an outgoing message authored as the operator, stamped now', () => {
    const doc = newChat()
    const message = sendOperatorMessage(
      doc,
      { id: 'm1', text: 'hi', replyTo: 'c1' },
      asOperator('op1', T0 + 4),
    )
    expect(message).toEqual({
      id: 'm1',
      at: T0 + 4,
      direction: 'out',
      kind: 'text',
      author: { kind: 'operator', id: 'op1' },
      text: 'hi',
      replyTo: 'c1',
    })
    expect(messagesOf(doc)).toEqual([message])
  })

  it('[MSG2] writes the message and the auto-claim in one transaction', () => {
    const doc = newChat()
    const updates = captureUpdates(doc, () => sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1')))
    expect(updates).toHaveLength(1)
  })

  it('[ASG2] sending in a chat with no assignee claims it for the sender', () => {
    const doc = newChat()
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 4))
    expect(chatParts(doc).history.toArray()).toEqual([
      expect.objectContaining({
        type: 'assign',
        to: 'op1',
        expectFrom: null,
        auto: true,
        at: T0 + 4,
        actor: { kind: 'operator', id: 'op1' },
      }),
    ])
    expect(chatState(doc).assignment).toMatchObject({ status: 'in_work', assigneeId: 'op1' })
  })

  it('[ASG2] sending in a chat assigned to someone else claims nothing', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op2', T0 + 1))
    sendOperatorMessage(doc, { text: 'hi' }, asOperator('op1', T0 + 2))
    expect(chatParts(doc).history.length).toBe(1)
    expect(chatState(doc).assignment.assigneeId).toBe('op2')
  })

  it('[MSG2] accepts media without text', () => {
    const doc = newChat()
    const m = sendOperatorMessage(
      doc,
      { kind: 'document', media: { url: 'f', mime: 'application/pdf' } },
      asOperator('op1'),
    )
    expect(m).toMatchObject({ kind: 'document', text: '', media: { url: 'f', mime: 'application/pdf' } })
  })

  it('[MSG2] refuses a channel, server or bot actor with not_operator', () => {
    for (const ctx of [asChannel(), asServer(), asBot()]) {
      expectDomainError(() => sendOperatorMessage(newChat(), { text: 'hi' }, ctx), ErrorCode.notOperator)
    }
  })

  it('[MSG2] refuses no content, a technical kind or too long a text with invalid_input', () => {
    const doc = newChat()
    const bad: unknown[] = [
      {},
      { text: '   ' },
      { kind: 'technical', text: 'x' },
      { text: 'x'.repeat(MAX_TEXT + 1) },
    ]
    for (const input of bad) {
      expectDomainError(
        () => sendOperatorMessage(doc, input as never, asOperator('op1')),
        ErrorCode.invalidInput,
      )
    }
    expect(messagesOf(doc)).toEqual([])
    expect(chatParts(doc).history.length).toBe(0)
  })

  it('[MSG1] sending again with an id already in the chat returns the stored message and writes nothing', () => {
    const doc = newChat()
    const first = sendOperatorMessage(doc, { id: 'm1', text: 'hi' }, asOperator('op1', T0 + 1))
    // A retried REST send: stored and dispatched once.
    const updates = captureUpdates(doc, () => {
      expect(sendOperatorMessage(doc, { id: 'm1', text: 'hi' }, asOperator('op1', T0 + 2))).toEqual(first)
    })
    expect(updates).toEqual([])
    expect(messagesOf(doc)).toEqual([first])
    expect(chatParts(doc).history.length).toBe(1)
  })

  it('[MSG1] refuses an id taken by another operator’s or the customer’s message with conflict', () => {
    const doc = newChat()
    ingestInboundMessage(doc, { id: 'in-1', text: 'hello' }, asChannel(T0 + 1))
    sendOperatorMessage(doc, { id: 'm1', text: 'hi' }, asOperator('op2', T0 + 2))
    addInternalComment(doc, { id: 'n1', text: 'note' }, asOperator('op1', T0 + 3))
    const updates = captureUpdates(doc, () => {
      for (const id of ['in-1', 'm1', 'n1']) {
        expectDomainError(
          () => sendOperatorMessage(doc, { id, text: 'mine' }, asOperator('op1', T0 + 4)),
          ErrorCode.conflict,
        )
      }
    })
    expect(updates).toEqual([])
    expect(messagesOf(doc).map((m) => m.id)).toEqual(['in-1', 'm1', 'n1'])
  })

  it('[MSG1] findMessage finds a message by id, or null', () => {
    const doc = newChat()
    const m = sendOperatorMessage(doc, { id: 'm1', text: 'hi' }, asOperator('op1'))
    expect(findMessage(doc, 'm1')).toEqual(m)
    expect(findMessage(doc, 'm2')).toBeNull()
  })

  it('[MSG1] the server refuses a client message whose id is already in the chat', () => {
    const server = newChat()
    ingestInboundMessage(server, { id: 'in-1', text: 'hello' }, asChannel())
    const client = replicaOf(server)
    // The command itself refuses, so only a client bypassing it can send such an item.
    expectDomainError(
      () => sendOperatorMessage(client, { id: 'in-1', text: 'hi' }, asOperator('op1')),
      ErrorCode.conflict,
    )
    const update = updateOf(client, () =>
      chatParts(client).messages.push([
        {
          id: 'in-1',
          at: T0,
          direction: 'out',
          kind: 'text',
          author: { kind: 'operator', id: 'op1' },
          text: 'hi',
        },
      ]),
    )
    expect(judge(server, update)).toEqual({ ok: false, reason: 'messages: that message id is taken' })
  })
})

describe('message ids are unique in a chat', () => {
  it('[MSG1] [MSG4] a webhook delivered twice stores the customer’s message once and reopens nothing again', () => {
    const doc = newChat()
    takeChat(doc, asOperator('op1', T0 + 1))
    closeChat(doc, {}, asOperator('op1', T0 + 2))
    const first = ingestInboundMessage(doc, { id: 'tg-1', text: 'again' }, asChannel(T0 + 3))
    expect(first.reopened).toBe(true)
    closeChat(doc, {}, asOperator('op1', T0 + 4))
    const updates = captureUpdates(doc, () => {
      expect(ingestInboundMessage(doc, { id: 'tg-1', text: 'again' }, asChannel(T0 + 5))).toEqual({
        message: first.message,
        reopened: false,
      })
    })
    expect(updates).toEqual([])
    expect(chatState(doc).assignment.status).toBe('closed')
  })

  it('[MSG1] [MSG4] refuses ingesting under the id of an outgoing message or comment with conflict', () => {
    const doc = newChat()
    sendOperatorMessage(doc, { id: 'm1', text: 'hi' }, asOperator('op1'))
    addInternalComment(doc, { id: 'n1', text: 'note' }, asOperator('op1'))
    for (const id of ['m1', 'n1']) {
      expectDomainError(() => ingestInboundMessage(doc, { id, text: 'x' }, asChannel()), ErrorCode.conflict)
    }
    expect(messagesOf(doc)).toHaveLength(2)
  })

  it('[MSG1] [MSG3] the same bot message again is stored once; another author under its id is a conflict', () => {
    const doc = newChat()
    const m = sendBotMessage(doc, { id: 'b1', text: 'hi', botName: 'greeter' }, asServer(T0 + 1))
    expect(sendBotMessage(doc, { id: 'b1', text: 'hi', botName: 'greeter' }, asServer(T0 + 2))).toEqual(m)
    expectDomainError(
      () => sendBotMessage(doc, { id: 'b1', text: 'hi', botName: 'crm' }, asServer(T0 + 3)),
      ErrorCode.conflict,
    )
    expect(messagesOf(doc)).toEqual([m])
  })

  it('[MSG1] [CMT1] the same comment again is stored once; another operator under its id is a conflict', () => {
    const doc = newChat()
    const n = addInternalComment(doc, { id: 'n1', text: 'note' }, asOperator('op1', T0 + 1))
    expect(addInternalComment(doc, { id: 'n1', text: 'note' }, asOperator('op1', T0 + 2))).toEqual(n)
    expectDomainError(
      () => addInternalComment(doc, { id: 'n1', text: 'note' }, asOperator('op2', T0 + 3)),
      ErrorCode.conflict,
    )
    sendOperatorMessage(doc, { id: 'm1', text: 'hi' }, asOperator('op1', T0 + 4))
    expectDomainError(
      () => addInternalComment(doc, { id: 'm1', text: 'note' }, asOperator('op1', T0 + 5)),
      ErrorCode.conflict,
    )
    expect(messagesOf(doc).map((m) => m.id)).toEqual(['n1', 'm1'])
  })
})

describe('sendBotMessage', () => {
  it('[MSG3] appends an outgoing bot message that claims nothing', () => {
    const doc = newChat()
    const m = sendBotMessage(doc, { text: 'Hi, how can I help?', botName: 'greeter' }, asServer(T0 + 2))
    expect(m).toMatchObject({ direction: 'out', author: { kind: 'bot', name: 'greeter' }, at: T0 + 2 })
    expect(messagesOf(doc)).toEqual([m])
    expect(chatParts(doc).history.length).toBe(0)
    expect(chatState(doc).assignment).toMatchObject({ status: 'open', assigneeId: null })
  })

  it('[MSG3] a channel may write an integration’s reply', () => {
    const m = sendBotMessage(newChat(), { text: 'order shipped', botName: 'crm' }, asChannel())
    expect(m.author).toEqual({ kind: 'bot', name: 'crm' })
  })

  it('[MSG3] refuses an operator actor with forbidden', () => {
    expectDomainError(
      () => sendBotMessage(newChat(), { text: 'x', botName: 'b' }, asOperator('op1')),
      ErrorCode.forbidden,
    )
  })

  it('[MSG3] refuses a missing bot name or content with invalid_input', () => {
    for (const input of [
      { text: 'x' },
      { text: 'x', botName: '' },
      { botName: 'b' },
      { text: ' ', botName: 'b' },
    ]) {
      expectDomainError(() => sendBotMessage(newChat(), input as never, asServer()), ErrorCode.invalidInput)
    }
  })
})

describe('addInternalComment', () => {
  it('[CMT1] appends an internal comment with deduplicated mentions, claiming nothing', () => {
    const doc = newChat()
    const m = addInternalComment(
      doc,
      { text: '@op2 look', mentions: ['op2', 'op2', 'op3'] },
      asOperator('op1', T0 + 1),
    )
    expect(m).toMatchObject({
      direction: 'internal',
      kind: 'text',
      author: { kind: 'operator', id: 'op1' },
      mentions: ['op2', 'op3'],
      at: T0 + 1,
    })
    expect(chatParts(doc).history.length).toBe(0)
  })

  it('[CMT1] refuses a non-operator with not_operator', () => {
    expectDomainError(() => addInternalComment(newChat(), { text: 'x' }, asServer()), ErrorCode.notOperator)
  })

  it('[CMT1] refuses an empty or blank text or too many mentions with invalid_input', () => {
    const many = Array.from({ length: 51 }, (_, i) => `op${i}`)
    for (const input of [
      { text: '' },
      { text: ' \n\t ' },
      { text: 'x', mentions: many },
      { text: 'x', mentions: [''] },
    ]) {
      expectDomainError(() => addInternalComment(newChat(), input, asOperator('op1')), ErrorCode.invalidInput)
    }
  })
})
