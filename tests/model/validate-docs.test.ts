/** validateClientUpdate on contact, directory and index docs, with real Yjs updates. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type ChatSummary,
  contactParts,
  contactTags,
  type DocRef,
  directoryParts,
  indexChats,
  type Note,
  type Verdict,
  validateClientUpdate,
} from '../../model'
import { deliver, diff, replicaOf, T0, updateOf } from '../helpers/model'

const ok: Verdict = { ok: true }
const refused = (reason: RegExp) => ({ ok: false, reason: expect.stringMatching(reason) })
const note = (authorId: string, id = 'n-1'): Note => ({ id, at: T0, authorId, text: 'called, no answer' })

describe('contact docs', () => {
  const ref: DocRef = { kind: 'contact', id: 'contact-1' }
  const setup = (): { server: Y.Doc; client: Y.Doc } => {
    const server = new Y.Doc()
    const parts = contactParts(server)
    server.transact(() => {
      parts.profile.set('firstName', 'Ivan')
      parts.profile.set('externalId', 'tg:42')
      parts.fields.set('plan', 'basic')
      parts.tags.set('vip', true)
      parts.notes.push([note('op2', 'n-0')])
    })
    return { server, client: replicaOf(server) }
  }
  const judgeWrite = (write: (doc: Y.Doc) => void): Verdict => {
    const { server, client } = setup()
    const update = updateOf(client, () => write(client))
    const verdict = validateClientUpdate(ref, server, update, 'op1')
    expect(validateClientUpdate(ref, server, diff(client, server), 'op1')).toEqual(verdict)
    return verdict
  }

  const allowed: [string, (doc: Y.Doc) => void][] = [
    ['setting a profile field', (doc) => contactParts(doc).profile.set('phone', '+7 900 000-00-00')],
    ['overwriting a profile field', (doc) => contactParts(doc).profile.set('firstName', 'Иван')],
    ['clearing a profile field', (doc) => contactParts(doc).profile.delete('firstName')],
    ['setting a custom field', (doc) => contactParts(doc).fields.set('plan', 'gold')],
    ['deleting a custom field', (doc) => contactParts(doc).fields.delete('plan')],
    ['adding a tag', (doc) => contactParts(doc).tags.set('Премиум', true)],
    ['removing a tag', (doc) => contactParts(doc).tags.delete('vip')],
    ['adding a note as oneself', (doc) => contactParts(doc).notes.push([note('op1')])],
    [
      'several edits at once',
      (doc) =>
        doc.transact(() => {
          const parts = contactParts(doc)
          parts.profile.set('city', 'Kazan')
          parts.profile.set('city', 'Samara')
          parts.tags.set('new', true)
          parts.notes.push([note('op1', 'n-1'), note('op1', 'n-2')])
        }),
    ],
  ]
  for (const [title, write] of allowed) {
    it(`[VAL5] accepts ${title}`, () => expect(judgeWrite(write)).toEqual(ok))
  }

  const forbidden: [string, (doc: Y.Doc) => void, RegExp][] = [
    [
      'a note authored as someone else',
      (doc) => contactParts(doc).notes.push([note('op2')]),
      /authored as you/,
    ],
    [
      'a note that does not match its schema',
      (doc) => contactParts(doc).notes.push([{ id: 'n' } as never]),
      /schema/,
    ],
    [
      'an unknown profile field',
      (doc) => contactParts(doc).profile.set('nickname', 'Vanya'),
      /unknown profile field/,
    ],
    [
      'too long a profile field',
      (doc) => contactParts(doc).profile.set('email', 'x'.repeat(400)),
      /email is invalid/,
    ],
    ['a non-string profile field', (doc) => doc.getMap('profile').set('city', 42), /city is invalid/],
    [
      'a custom field that is not a string',
      (doc) => doc.getMap('fields').set('age', 42),
      /invalid custom field/,
    ],
    [
      'too long a custom field name',
      (doc) => contactParts(doc).fields.set('k'.repeat(101), 'v'),
      /invalid custom field/,
    ],
    ['a tag whose value is not true', (doc) => doc.getMap('tags').set('vip', 'yes'), /invalid tag/],
    ['an unknown root part', (doc) => doc.getMap('secrets').set('x', 'y'), /unknown part secrets/],
    ['a nested Yjs type', (doc) => doc.getMap('fields').set('x', new Y.Map()), /plain JSON/],
  ]
  for (const [title, write, reason] of forbidden) {
    it(`[VAL5] refuses ${title}`, () => expect(judgeWrite(write)).toEqual(refused(reason)))
  }

  it('[VAL5] refuses deleting another operator’s note', () => {
    expect(judgeWrite((doc) => contactParts(doc).notes.delete(0))).toEqual(
      refused(/notes: deletion is not allowed/),
    )
  })

  it('[VAL5] an operator may delete their own notes', () => {
    const { server } = setup()
    const op1 = replicaOf(server)
    const added = updateOf(op1, () => contactParts(op1).notes.push([note('op1', 'n-1'), note('op1', 'n-2')]))
    expect(deliver(server, added, 'op1', { ref })).toEqual(ok)
    const removed = updateOf(op1, () => contactParts(op1).notes.delete(2))
    expect(deliver(server, removed, 'op2', { ref })).toEqual(refused(/notes: deletion is not allowed/))
    expect(deliver(server, removed, 'op1', { ref })).toEqual(ok)
    expect(
      contactParts(server)
        .notes.toArray()
        .map((n) => n.id),
    ).toEqual(['n-0', 'n-1'])
    const theOther = updateOf(op1, () => contactParts(op1).notes.delete(0))
    expect(deliver(server, theOther, 'op1', { ref })).toEqual(refused(/notes: deletion is not allowed/))
  })

  it('[VAL5] accepts a note of one’s own written and deleted offline, in one sync', () => {
    const { server, client } = setup()
    contactParts(client).notes.push([note('op1', 'n-1')])
    contactParts(client).notes.delete(1)
    contactParts(client).tags.set('called', true)
    expect(deliver(server, diff(client, server), 'op1', { ref })).toEqual(ok)
  })

  it('[VAL5] an accepted edit lands in the server’s copy', () => {
    const { server, client } = setup()
    const update = updateOf(client, () => contactParts(client).tags.set('Премиум', true))
    expect(validateClientUpdate(ref, server, update, 'op1')).toEqual(ok)
    Y.applyUpdate(server, update)
    expect(contactTags(server)).toEqual(['vip', 'Премиум'])
  })
})

describe('directory and index docs are read-only to operators', () => {
  const directoryRef: DocRef = { kind: 'directory' }
  const indexRef: DocRef = { kind: 'index', id: 'admin' }
  const summary = (over: Partial<ChatSummary>): ChatSummary => ({
    id: 'chat-1',
    channelId: 'tg-1',
    contactId: 'contact-1',
    contactName: 'Ivan',
    contactTags: [],
    status: 'open',
    assigneeId: null,
    closedBy: null,
    lastMessage: null,
    lastAt: T0,
    waiting: false,
    unassignedAt: null,
    unassigned: false,
    inbound: 0,
    unread: {},
    markedUnread: [],
    ...over,
  })
  const directory = (): Y.Doc => {
    const doc = new Y.Doc()
    const parts = directoryParts(doc)
    parts.operators.set('op1', { id: 'op1', name: 'Anna', role: 'operator', active: true })
    parts.operators.set('op1', { id: 'op1', name: 'Anna K.', role: 'operator', active: true })
    parts.channels.set('tg-1', { id: 'tg-1', kind: 'telegram', name: 'Support bot', enabled: true })
    parts.tags.set('vip', { name: 'vip' })
    return doc
  }
  /** An index doc whose summaries were rewritten, so it holds deletions. */
  const index = (): Y.Doc => {
    const doc = new Y.Doc()
    indexChats(doc).set('chat-1', summary({}))
    indexChats(doc).set('chat-1', summary({ waiting: true, inbound: 1 }))
    indexChats(doc).set('chat-2', summary({ id: 'chat-2' }))
    indexChats(doc).delete('chat-2')
    return doc
  }
  const cases: [string, DocRef, () => Y.Doc, (doc: Y.Doc) => void][] = [
    [
      'making oneself admin in the directory',
      directoryRef,
      directory,
      (doc) =>
        directoryParts(doc).operators.set('op1', { id: 'op1', name: 'A', role: 'admin', active: true }),
    ],
    ['deleting a directory tag', directoryRef, directory, (doc) => directoryParts(doc).tags.delete('vip')],
    ['a new root part of the directory', directoryRef, directory, (doc) => doc.getMap('extra').set('x', 1)],
    [
      'adding an index row',
      indexRef,
      index,
      (doc) => indexChats(doc).set('chat-9', summary({ id: 'chat-9' })),
    ],
    [
      'rewriting an index row',
      indexRef,
      index,
      (doc) => indexChats(doc).set('chat-1', summary({ assigneeId: 'op1', status: 'in_work' })),
    ],
    ['deleting an index row', indexRef, index, (doc) => indexChats(doc).delete('chat-1')],
  ]
  for (const [title, ref, make, write] of cases) {
    it(`[VAL2] refuses ${title}`, () => {
      const server = make()
      const client = replicaOf(server)
      const update = updateOf(client, () => write(client))
      expect(validateClientUpdate(ref, server, update, 'op1').ok).toBe(false)
      expect(validateClientUpdate(ref, server, diff(client, server), 'op1').ok).toBe(false)
    })
  }

  for (const [kind, ref, make] of [
    ['directory', directoryRef, directory],
    ['index', indexRef, index],
  ] as const) {
    it(`[VAL4] accepts an empty update, and a sync step 2 with only known deletions, to the ${kind} doc`, () => {
      const server = make()
      const client = replicaOf(server)
      const step2 = diff(client, server)
      expect(Y.decodeUpdate(step2).structs).toEqual([])
      expect(Y.decodeUpdate(step2).ds.clients.size).toBe(1)
      expect(validateClientUpdate(ref, server, step2, 'op1')).toEqual(ok)
      expect(validateClientUpdate(ref, server, Y.encodeStateAsUpdate(client), 'op1')).toEqual(ok)
      expect(validateClientUpdate(ref, server, Y.encodeStateAsUpdate(new Y.Doc()), 'op1')).toEqual(ok)
    })
  }

  it('[VAL2] refuses a deletion of an index entry the server does not have', () => {
    const server = index()
    const client = replicaOf(server)
    indexChats(client).set('chat-3', summary({ id: 'chat-3' }))
    indexChats(client).delete('chat-3')
    expect(validateClientUpdate(indexRef, server, diff(client, server), 'op1').ok).toBe(false)
  })
})
