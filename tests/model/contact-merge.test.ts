/** One contact across channels: linking keys, moving a chat, merging two contacts' docs, who may merge. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  autoLinkTarget,
  ContactKey,
  type ContactProfile,
  contactMatchKeys,
  contactParts,
  createChat,
  ErrorCode,
  markContactMerged,
  mayMergeContacts,
  mergeContactInto,
  moveChatToContact,
  type Note,
  readChatMeta,
  readContactMerge,
  validateClientUpdate,
  vouchesForKeys,
} from '../../model'
import {
  asChannel,
  asOperator,
  asServer,
  CHAT,
  expectDomainError,
  newChat,
  replicaOf,
  T0,
  updateOf,
} from '../helpers/model'

const note = (id: string, at: number, authorId = 'op1'): Note => ({ id, at, authorId, text: `note ${id}` })

const contact = (write: (parts: ReturnType<typeof contactParts>) => void): Y.Doc => {
  const doc = new Y.Doc()
  doc.transact(() => write(contactParts(doc)))
  return doc
}

describe('linking a new conversation', () => {
  it('[LNK1] matches a phone by its digits only, at least 7, and an email trimmed and lower-cased', () => {
    expect(contactMatchKeys({ phone: '+7 (916) 555-01-01', email: '  Maria@Example.COM ' })).toEqual({
      phone: '79165550101',
      email: 'maria@example.com',
    })
    expect(contactMatchKeys({ phone: '+7 916 555 01 01' }).phone).toBe(
      contactMatchKeys({ phone: '79165550101' }).phone,
    )
    expect(contactMatchKeys({ phone: '12-34-56', email: '   ' })).toEqual({ phone: null, email: null })
    expect(contactMatchKeys({ phone: '123-45-67' }).phone).toBe('1234567')
    expect(contactMatchKeys({} satisfies ContactProfile)).toEqual({ phone: null, email: null })
  })

  it('[LNK1] links only when exactly one contact matched; several or none link nothing', () => {
    expect(autoLinkTarget(['c1'])).toBe('c1')
    // The phone and the email both pointing at the same contact is still one contact.
    expect(autoLinkTarget(['c1', 'c1'])).toBe('c1')
    expect(autoLinkTarget(['c1', 'c2'])).toBeNull()
    expect(autoLinkTarget([])).toBeNull()
  })

  it("[LNK1] messengers vouch for the keys they give; a website visitor's typed ones prove nothing", () => {
    for (const kind of ['telegram', 'whatsapp', 'vk'] as const) expect(vouchesForKeys(kind)).toBe(true)
    expect(vouchesForKeys('widget')).toBe(false)
    expect(vouchesForKeys(undefined)).toBe(false)
  })
})

describe('moving a chat to another contact', () => {
  it('[CHT2] the server moves a chat; moving it again writes nothing', () => {
    const doc = newChat()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    expect(moveChatToContact(doc, { contactId: 'contact-2' }, asServer())).toBe(true)
    expect(readChatMeta(doc)?.contactId).toBe('contact-2')
    expect(moveChatToContact(doc, { contactId: 'contact-2' }, asServer())).toBe(false)
    expect(updates).toHaveLength(1)
    // The chat is another contact's now: creating it for the old contact is a conflict (CHT1).
    expectDomainError(() => createChat(doc, CHAT, asChannel()), ErrorCode.conflict)
  })

  it('[CHT2] an operator cannot move a chat, a doc without meta is chat_missing, a bad id is invalid', () => {
    expectDomainError(
      () => moveChatToContact(newChat(), { contactId: 'c2' }, asOperator('op1')),
      ErrorCode.forbidden,
    )
    expectDomainError(
      () => moveChatToContact(new Y.Doc(), { contactId: 'c2' }, asServer()),
      ErrorCode.chatMissing,
    )
    expectDomainError(
      () => moveChatToContact(newChat(), { contactId: '' }, asServer()),
      ErrorCode.invalidInput,
    )
  })
})

describe('merging two contacts', () => {
  const pair = () => {
    const into = contact((p) => {
      p.profile.set('firstName', 'Мария')
      p.profile.set('phone', '+7 916 555-01-01')
      p.profile.set('city', ' ')
      p.fields.set('plan', 'gold')
      p.tags.set('vip', true)
      p.notes.push([note('n2', T0 + 2), note('n4', T0 + 4)])
    })
    const from = contact((p) => {
      p.profile.set('firstName', 'Маша')
      p.profile.set('lastName', 'Иванова')
      p.profile.set('phone', '+7 999 000-00-00')
      p.profile.set('email', 'masha@example.com')
      p.profile.set('city', 'Казань')
      p.fields.set('plan', 'basic')
      p.fields.set('size', 'M')
      p.tags.set('vip', true)
      p.tags.set('опт', true)
      p.notes.push([note('n3', T0 + 3, 'op2'), note('n1', T0 + 1, 'op2'), note('n2', T0 + 2)])
    })
    return { into, from }
  }

  it('[MRG1] fills what the contact lacks, joins tags, keeps every note once in time order', () => {
    const { into, from } = pair()
    const outcome = mergeContactInto(into, from, asServer())
    const p = contactParts(into)
    expect(p.profile.toJSON()).toEqual({
      firstName: 'Мария',
      lastName: 'Иванова',
      phone: '+7 916 555-01-01',
      email: 'masha@example.com',
      // A blank value counts as empty.
      city: 'Казань',
    })
    expect(p.fields.toJSON()).toEqual({ plan: 'gold', size: 'M' })
    expect([...p.tags.keys()].sort()).toEqual(['vip', 'опт'])
    expect(p.notes.toArray().map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4'])
    expect(p.notes.toArray()[0]?.authorId).toBe('op2')
    expect(outcome).toEqual({
      profile: ['lastName', 'email', 'city'],
      fields: ['size'],
      tags: ['опт'],
      notes: ['n1', 'n3'],
    })
    // The merged contact is left as it was: only `into` is written.
    expect(contactParts(from).profile.get('firstName')).toBe('Маша')
  })

  it('[MRG1] a second run writes nothing; merging into a merged contact or into itself is refused', () => {
    const { into, from } = pair()
    mergeContactInto(into, from, asServer())
    const updates: Uint8Array[] = []
    into.on('update', (u: Uint8Array) => updates.push(u))
    expect(mergeContactInto(into, from, asServer())).toEqual({ profile: [], fields: [], tags: [], notes: [] })
    expect(updates).toEqual([])
    expectDomainError(() => mergeContactInto(into, into, asServer()), ErrorCode.invalidInput)
    markContactMerged(into, { into: 'elsewhere', by: 'op1' }, asServer())
    expectDomainError(() => mergeContactInto(into, from, asServer()), ErrorCode.conflict)
  })

  it('[MRG1] an operator cannot run a merge', () => {
    const { into, from } = pair()
    expectDomainError(() => mergeContactInto(into, from, asOperator('op1')), ErrorCode.forbidden)
    expect(contactParts(into).profile.get('lastName')).toBeUndefined()
  })

  it('[MRG1] a merge concurrent with a note added on another replica converges and keeps every note', () => {
    const { into, from } = pair()
    const other = replicaOf(into)
    // Another replica adds a note concurrently, in the middle of the times.
    contactParts(other).notes.insert(1, [note('n2b', T0 + 2, 'op3')])
    mergeContactInto(into, from, asServer())
    Y.applyUpdate(other, Y.encodeStateAsUpdate(into))
    Y.applyUpdate(into, Y.encodeStateAsUpdate(other))
    const ids = contactParts(into)
      .notes.toArray()
      .map((n) => n.id)
    expect(ids).toEqual(
      contactParts(other)
        .notes.toArray()
        .map((n) => n.id),
    )
    expect(new Set(ids)).toEqual(new Set(['n1', 'n2', 'n2b', 'n3', 'n4']))
  })

  it('[MRG2] the merged contact says where it went; again into the same writes nothing, into another conflicts', () => {
    const { from } = pair()
    expect(readContactMerge(from)).toBeNull()
    expect(markContactMerged(from, { into: 'c-into', by: 'op1' }, asServer(T0 + 5))).toBe(true)
    expect(readContactMerge(from)).toEqual({ into: 'c-into', at: T0 + 5, by: 'op1' })
    expect(markContactMerged(from, { into: 'c-into', by: 'op2' }, asServer(T0 + 9))).toBe(false)
    expect(readContactMerge(from)).toEqual({ into: 'c-into', at: T0 + 5, by: 'op1' })
    expectDomainError(
      () => markContactMerged(from, { into: 'c-other', by: 'op1' }, asServer()),
      ErrorCode.conflict,
    )
    expectDomainError(
      () => markContactMerged(pair().from, { into: 'c-into', by: 'op1' }, asOperator('op1')),
      ErrorCode.forbidden,
    )
  })

  it('[MRG2] an operator’s update may not write or remove the merge mark (VAL2)', () => {
    const ref = { kind: 'contact', id: 'c-from' } as const
    const server = pair().from
    const client = replicaOf(server)
    const write = updateOf(client, () => markContactMerged(client, { into: 'c-x', by: 'op1' }, asServer()))
    expect(validateClientUpdate(ref, server, write, 'op1')).toMatchObject({ ok: false })

    markContactMerged(server, { into: 'c-into', by: 'op1' }, asServer())
    const replica = replicaOf(server)
    const removal = updateOf(replica, () => replica.getMap(ContactKey.merged).delete('into'))
    expect(validateClientUpdate(ref, server, removal, 'op1')).toMatchObject({ ok: false })
    // Ordinary edits of a contact still pass.
    const edit = updateOf(replica, () => contactParts(replica).profile.set('city', 'Самара'))
    expect(validateClientUpdate(ref, server, edit, 'op1')).toEqual({ ok: true })
  })

  it('[MRG3] an operator may merge only when they may see every chat of both contacts', () => {
    const chats = [
      { channelId: 'tg', contactTags: ['vip'] },
      { channelId: 'wa', contactTags: [] },
    ]
    const admin = { operatorId: 'a', role: 'admin', channels: ['tg'], tags: [] } as const
    const everywhere = { operatorId: 'o1', role: 'operator', channels: null, tags: [] } as const
    const telegramOnly = { operatorId: 'o2', role: 'operator', channels: ['tg'], tags: [] } as const
    const vipOnly = { operatorId: 'o3', role: 'operator', channels: null, tags: ['vip'] } as const
    expect(mayMergeContacts(admin, chats)).toBe(true)
    expect(mayMergeContacts(everywhere, chats)).toBe(true)
    expect(mayMergeContacts(telegramOnly, chats)).toBe(false)
    expect(mayMergeContacts(vipOnly, chats)).toBe(false)
    expect(mayMergeContacts(telegramOnly, chats.slice(0, 1))).toBe(true)
  })
})
