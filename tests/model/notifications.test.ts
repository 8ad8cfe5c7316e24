/** Notifications of mentions: who a comment notifies, recording once, marking read, and what a client may write. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addInternalComment,
  type DocRef,
  ErrorCode,
  isNotificationRead,
  type Message,
  markNotificationsRead,
  mentionTargets,
  NOTIFICATION_TEXT_MAX,
  NOTIFICATIONS_KEPT,
  notificationsDocName,
  notificationsParts,
  parseDocName,
  readNotifications,
  recordMention,
  sendOperatorMessage,
} from '../../model'
import {
  asOperator,
  asServer,
  expectDomainError,
  judge,
  newChat,
  replicaOf,
  T0,
  updateOf,
} from '../helpers/model'

const comment = (over: Partial<Message> = {}): Message => ({
  id: 'c-1',
  at: T0,
  direction: 'internal',
  kind: 'text',
  author: { kind: 'operator', id: 'anna' },
  text: '@boris посмотри',
  mentions: ['boris'],
  ...over,
})

describe('whom a comment notifies', () => {
  it('[NTF1] the mentioned operators, each once, never the author; other messages nobody', () => {
    const chat = newChat()
    const m = addInternalComment(
      chat,
      { text: '@anna @boris @vera', mentions: ['boris', 'anna', 'vera', 'boris'] },
      asOperator('anna', T0 + 1),
    )
    expect(mentionTargets(m)).toEqual(['boris', 'vera'])
    expect(mentionTargets(comment({ mentions: ['anna'] }))).toEqual([])
    expect(mentionTargets(comment({ mentions: [] }))).toEqual([])
    const reply = sendOperatorMessage(chat, { text: '@boris' }, asOperator('anna', T0 + 2))
    expect(mentionTargets({ ...reply, mentions: ['boris'] })).toEqual([])
  })

  it('[DOC1] [NTF4] the doc name is notifications:<operator id>', () => {
    expect(notificationsDocName('boris-1')).toBe('notifications:boris-1')
    expect(parseDocName('notifications:boris-1')).toEqual({ kind: 'notifications', id: 'boris-1' })
    expect(parseDocName('notifications:')).toBeNull()
    expect(parseDocName('notifications:a/b')).toBeNull()
  })
})

describe('recording a mention', () => {
  it('[NTF2] records a comment once, with who, where, when and the text', () => {
    const doc = new Y.Doc()
    const n = recordMention(doc, { chatId: 'chat-1', message: comment() }, asServer(T0 + 50))
    expect(n).toMatchObject({
      kind: 'mention',
      chatId: 'chat-1',
      messageId: 'c-1',
      authorId: 'anna',
      text: '@boris посмотри',
      at: T0,
      notifiedAt: T0 + 50,
    })
    expect(recordMention(doc, { chatId: 'chat-1', message: comment() }, asServer(T0 + 60))).toBeNull()
    expect(readNotifications(doc)).toHaveLength(1)
    // The same message id in another chat is another comment.
    expect(recordMention(doc, { chatId: 'chat-2', message: comment() }, asServer(T0 + 70))).not.toBeNull()
    expect(readNotifications(doc).map((x) => x.chatId)).toEqual(['chat-2', 'chat-1'])
  })

  it('[NTF2] only the server records; a long text is cut', () => {
    expectDomainError(
      () => recordMention(new Y.Doc(), { chatId: 'chat-1', message: comment() }, asOperator('anna')),
      ErrorCode.forbidden,
    )
    const doc = new Y.Doc()
    recordMention(doc, { chatId: 'c', message: comment({ text: 'x'.repeat(2000) }) }, asServer())
    expect(readNotifications(doc)[0]?.text).toHaveLength(NOTIFICATION_TEXT_MAX)
  })

  it(`[NTF5] keeps the newest ${NOTIFICATIONS_KEPT}, dropping the oldest with their read marks`, () => {
    const doc = new Y.Doc()
    const first = recordMention(doc, { chatId: 'c', message: comment({ id: 'm-0' }) }, asServer(T0))!
    markNotificationsRead(doc, [first.id], asOperator('boris', T0 + 1))
    for (let i = 1; i <= NOTIFICATIONS_KEPT; i++)
      recordMention(doc, { chatId: 'c', message: comment({ id: `m-${i}` }) }, asServer(T0 + i))
    const kept = readNotifications(doc)
    expect(kept).toHaveLength(NOTIFICATIONS_KEPT)
    expect(kept[0]?.messageId).toBe(`m-${NOTIFICATIONS_KEPT}`)
    expect(kept.at(-1)?.messageId).toBe('m-1')
    expect(notificationsParts(doc).reads.has(first.id)).toBe(false)
  })
})

describe('marking notifications read', () => {
  const withTwo = () => {
    const doc = new Y.Doc()
    const a = recordMention(doc, { chatId: 'c', message: comment({ id: 'm-1' }) }, asServer(T0))!
    const b = recordMention(doc, { chatId: 'c', message: comment({ id: 'm-2' }) }, asServer(T0 + 1))!
    return { doc, a, b }
  }

  it('[NTF3] marks the given ones, then all; marking again writes nothing; unknown ids are ignored', () => {
    const { doc, a, b } = withTwo()
    expect(markNotificationsRead(doc, [a.id, 'nope'], asOperator('boris', T0 + 5))).toBe(1)
    expect(isNotificationRead(doc, a.id)).toBe(true)
    expect(isNotificationRead(doc, b.id)).toBe(false)
    expect(markNotificationsRead(doc, [a.id], asOperator('boris', T0 + 6))).toBe(0)
    expect(notificationsParts(doc).reads.get(a.id)).toEqual({ at: T0 + 5 })
    expect(markNotificationsRead(doc, 'all', asOperator('boris', T0 + 7))).toBe(1)
    expect(isNotificationRead(doc, b.id)).toBe(true)
    expect(notificationsParts(doc).reads.has('nope')).toBe(false)
  })

  it('[NTF3] only an operator marks read', () => {
    const { doc, a } = withTwo()
    expectDomainError(() => markNotificationsRead(doc, [a.id], asServer()), ErrorCode.notOperator)
  })
})

describe('[NTF4] what an operator may write into their notifications doc', () => {
  const ref: DocRef = { kind: 'notifications', id: 'boris' }
  const setup = () => {
    const server = new Y.Doc()
    const n = recordMention(server, { chatId: 'c', message: comment() }, asServer(T0))!
    return { server, client: replicaOf(server), n }
  }

  it('accepts marking read in one’s own doc', () => {
    const { server, client, n } = setup()
    const update = updateOf(client, () => markNotificationsRead(client, [n.id], asOperator('boris', T0 + 1)))
    expect(judge(server, update, 'boris', { ref, now: T0 + 2 })).toEqual({ ok: true })
    Y.applyUpdate(server, update)
    expect(isNotificationRead(server, n.id)).toBe(true)
  })

  it('refuses anything else: another’s doc, adding or removing notifications, deleting or malformed read marks, a future stamp', () => {
    const cases: [string, string, (doc: Y.Doc) => void][] = [
      ['another operator’s doc', 'vera', (doc) => markNotificationsRead(doc, 'all', asOperator('vera', T0))],
      [
        'a notification of one’s own making',
        'boris',
        (doc) => notificationsParts(doc).items.push([{ ...readNotifications(doc)[0]!, id: 'fake' }]),
      ],
      ['deleting a notification', 'boris', (doc) => notificationsParts(doc).items.delete(0, 1)],
      ['a malformed read mark', 'boris', (doc) => notificationsParts(doc).reads.set('x', { at: -1 })],
      [
        'a read mark far in the future',
        'boris',
        (doc) => notificationsParts(doc).reads.set('x', { at: T0 * 2 }),
      ],
      ['an unknown part', 'boris', (doc) => doc.getMap('other').set('x', 1)],
    ]
    for (const [what, operatorId, write] of cases) {
      const { server, client } = setup()
      const update = updateOf(client, () => write(client))
      expect(judge(server, update, operatorId, { ref, now: T0 }).ok, what).toBe(false)
    }
    // Deleting a read mark, once written.
    const { server, client, n } = setup()
    markNotificationsRead(server, [n.id], asOperator('boris', T0))
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const update = updateOf(client, () => notificationsParts(client).reads.delete(n.id))
    expect(judge(server, update, 'boris', { ref, now: T0 }).ok).toBe(false)
  })
})
