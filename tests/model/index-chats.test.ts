import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ChatSummary, IndexKey, indexChats } from '../../model'

const summary = (id: string, extra: Partial<ChatSummary> = {}): ChatSummary => ({
  id,
  channelId: 'tg',
  contactId: `c-${id}`,
  contactName: `Клиент ${id}`,
  contactTags: [],
  status: 'open',
  assigneeId: null,
  closedBy: null,
  lastMessage: { text: 'Привет', at: 1, direction: 'in', kind: 'text' },
  lastAt: 1,
  waiting: true,
  unassignedAt: 10_001,
  unassigned: false,
  inbound: 1,
  unread: {},
  markedUnread: [],
  ...extra,
})

describe('the inbox index', () => {
  it('[IDX2] stores summaries as JSON strings and reads them back, on another replica too', () => {
    const doc = new Y.Doc()
    indexChats(doc).set('a', summary('a'))
    indexChats(doc).set('b', summary('b', { status: 'in_work', assigneeId: 'op1' }))
    expect(typeof doc.getMap(IndexKey.chats).get('a')).toBe('string')
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    const view = indexChats(replica)
    expect(view.size).toBe(2)
    expect(view.get('b')).toEqual(summary('b', { status: 'in_work', assigneeId: 'op1' }))
    expect([...view.keys()].sort()).toEqual(['a', 'b'])
    view.delete('a')
    expect(view.has('a')).toBe(false)
    expect(view.values().map((s) => s.id)).toEqual(['b'])
  })

  it('[IDX2] an unchanged summary keeps its identity; a changed one is read anew', () => {
    const doc = new Y.Doc()
    indexChats(doc).set('a', summary('a'))
    indexChats(doc).set('b', summary('b'))
    const [a1, b1] = indexChats(doc).values()
    indexChats(doc).set('b', summary('b', { waiting: false }))
    const [a2, b2] = indexChats(doc).values()
    expect(a2).toBe(a1)
    expect(b2).not.toBe(b1)
    expect(b2?.waiting).toBe(false)
  })

  it('[IDX2] reads a summary an older server stored as an object', () => {
    const doc = new Y.Doc()
    doc.getMap(IndexKey.chats).set('old', summary('old'))
    expect(indexChats(doc).get('old')?.contactName).toBe('Клиент old')
  })
})
