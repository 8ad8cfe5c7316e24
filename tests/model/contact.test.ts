/** The contact commands (model/contact-commands.ts) and custom field definitions (model/contact-fields.ts). */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addContactNote,
  addContactTag,
  type ContactFieldDef,
  ContactFieldDefSchema,
  ContactInputError,
  checkFieldValue,
  contactFieldDefs,
  contactFieldDefsMap,
  contactParts,
  type DocRef,
  DomainError,
  deleteContactNote,
  ErrorCode,
  readContact,
  removeContactTag,
  setContactField,
  tagRemovalHidesContact,
  updateContactProfile,
} from '../../model'
import { asOperator, asServer, deliver, expectDomainError, replicaOf, syncBoth, T0 } from '../helpers/model'

const REF: DocRef = { kind: 'contact', id: 'contact-1' }
const def = (input: Partial<ContactFieldDef> & Pick<ContactFieldDef, 'key' | 'type'>): ContactFieldDef =>
  ContactFieldDefSchema.parse({ label: input.key, ...input })
const DEFS = [
  def({ key: 'plan', type: 'select', options: ['Базовый', 'Золотой'] }),
  def({ key: 'orders', type: 'number' }),
  def({ key: 'last_visit', type: 'date' }),
  def({ key: 'note', type: 'text' }),
]

const problemOf = (run: () => unknown): string => {
  try {
    run()
  } catch (err) {
    if (err instanceof ContactInputError) return `${err.field}:${err.problem}`
    throw err
  }
  throw new Error('expected a ContactInputError')
}

describe('contact profile', () => {
  it('[CNT1] sets, trims and clears profile fields in one transaction', () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    updateContactProfile(
      doc,
      { firstName: ' Иван ', phone: '+7 (900) 123-45-67', email: 'ivan@example.com', birthday: '1990-02-28' },
      asOperator('op1'),
    )
    expect(updates).toBe(1)
    expect(readContact(doc).profile).toEqual({
      firstName: 'Иван',
      phone: '+7 (900) 123-45-67',
      email: 'ivan@example.com',
      birthday: '1990-02-28',
    })
    updateContactProfile(doc, { phone: null, email: '  ' }, asOperator('op1'))
    expect(readContact(doc).profile).toEqual({ firstName: 'Иван', birthday: '1990-02-28' })
  })

  it('[CNT1] refuses a bad value with the field and the problem, writing nothing of the patch', () => {
    const doc = new Y.Doc()
    const ctx = asOperator('op1', Date.UTC(2024, 5, 1))
    expect(
      problemOf(() => updateContactProfile(doc, { city: 'Kazan', email: 'ivan.example.com' }, ctx)),
    ).toBe('email:not_email')
    expect(readContact(doc).profile).toEqual({})
    expect(problemOf(() => updateContactProfile(doc, { phone: 'call me' }, ctx))).toBe('phone:not_phone')
    expect(problemOf(() => updateContactProfile(doc, { phone: '12' }, ctx))).toBe('phone:not_phone')
    expect(problemOf(() => updateContactProfile(doc, { birthday: '1990-02-30' }, ctx))).toBe(
      'birthday:not_date',
    )
    expect(problemOf(() => updateContactProfile(doc, { birthday: '2024-06-02' }, ctx))).toBe(
      'birthday:future_date',
    )
    expect(problemOf(() => updateContactProfile(doc, { profileUrl: 'javascript:alert(1)' }, ctx))).toBe(
      'profileUrl:not_url',
    )
    expect(problemOf(() => updateContactProfile(doc, { city: 'x'.repeat(201) }, ctx))).toBe('city:too_long')
    expect(problemOf(() => updateContactProfile(doc, { nickname: 'Vanya' } as never, ctx))).toBe(
      'nickname:unknown_field',
    )
    expect(contactParts(doc).profile.size).toBe(0)
  })

  it('[CNT1] does not write a value that is already there', () => {
    const doc = new Y.Doc()
    updateContactProfile(doc, { city: 'Kazan' }, asOperator('op1'))
    let updates = 0
    doc.on('update', () => updates++)
    updateContactProfile(doc, { city: ' Kazan ' }, asOperator('op1'))
    expect(updates).toBe(0)
  })
})

describe('custom fields', () => {
  it('[CNT2] definitions: a select needs options, other types have none, keys are plain', () => {
    expect(ContactFieldDefSchema.safeParse({ key: 'plan', label: 'План', type: 'select' }).success).toBe(
      false,
    )
    expect(
      ContactFieldDefSchema.safeParse({ key: 'age', label: 'Возраст', type: 'number', options: ['1'] })
        .success,
    ).toBe(false)
    expect(ContactFieldDefSchema.safeParse({ key: 'План', label: 'План', type: 'text' }).success).toBe(false)
    expect(
      ContactFieldDefSchema.safeParse({ key: 'p', label: 'P', type: 'select', options: ['a', 'a'] }).success,
    ).toBe(false)
    expect(ContactFieldDefSchema.parse({ key: 'city_2', label: ' Город ', type: 'text' })).toEqual({
      key: 'city_2',
      label: 'Город',
      type: 'text',
      options: [],
      order: 0,
    })
  })

  it('[CNT2] the directory lists definitions by order, then label, skipping malformed ones', () => {
    const doc = new Y.Doc()
    const map = contactFieldDefsMap(doc)
    map.set('b', def({ key: 'b', label: 'Бета', type: 'text', order: 2 }))
    map.set('a', def({ key: 'a', label: 'Альфа', type: 'text', order: 2 }))
    map.set('z', def({ key: 'z', label: 'Последнее', type: 'text', order: 1 }))
    map.set('bad', { key: 'bad', type: 'select' } as never)
    expect(contactFieldDefs(doc).map((d) => d.key)).toEqual(['z', 'a', 'b'])
  })

  it('[CNT2] values are checked per type and stored in canonical form', () => {
    const [plan, orders, visit, text] = DEFS as [
      ContactFieldDef,
      ContactFieldDef,
      ContactFieldDef,
      ContactFieldDef,
    ]
    expect(checkFieldValue(orders, ' 1 500,50 ')).toEqual({ ok: true, value: '1500.50' })
    expect(checkFieldValue(orders, '-3')).toEqual({ ok: true, value: '-3' })
    expect(checkFieldValue(orders, '12 шт')).toEqual({ ok: false, problem: 'not_number' })
    expect(checkFieldValue(visit, '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' })
    expect(checkFieldValue(visit, '2023-02-29')).toEqual({ ok: false, problem: 'not_date' })
    expect(checkFieldValue(visit, '29.02.2024')).toEqual({ ok: false, problem: 'not_date' })
    expect(checkFieldValue(plan, 'Золотой')).toEqual({ ok: true, value: 'Золотой' })
    expect(checkFieldValue(plan, 'золотой')).toEqual({ ok: false, problem: 'not_option' })
    expect(checkFieldValue(text, 'x'.repeat(2001))).toEqual({ ok: false, problem: 'too_long' })
  })

  it('[CNT2] setContactField writes by definition, refuses unknown keys and bad values, clears any key', () => {
    const doc = new Y.Doc()
    const ctx = asOperator('op1')
    setContactField(doc, { key: 'orders', value: '1 200' }, DEFS, ctx)
    setContactField(doc, { key: 'plan', value: 'Золотой' }, DEFS, ctx)
    expect(readContact(doc).fields).toEqual({ orders: '1200', plan: 'Золотой' })
    expectDomainError(() => setContactField(doc, { key: 'vip', value: 'yes' }, DEFS, ctx), ErrorCode.notFound)
    expect(problemOf(() => setContactField(doc, { key: 'orders', value: 'many' }, DEFS, ctx))).toBe(
      'orders:not_number',
    )
    expect(readContact(doc).fields).toEqual({ orders: '1200', plan: 'Золотой' })
    // A definition deleted since: its value can still be cleared.
    contactParts(doc).fields.set('legacy', 'old')
    setContactField(doc, { key: 'legacy', value: null }, [], ctx)
    setContactField(doc, { key: 'plan', value: ' ' }, DEFS, ctx)
    expect(readContact(doc).fields).toEqual({ orders: '1200' })
  })
})

describe('contact tags', () => {
  const catalogue = ['Премиум', 'Опт']

  it('[CNT3] adds a tag from the catalogue in its spelling, refuses others, removes', () => {
    const doc = new Y.Doc()
    expect(addContactTag(doc, 'премиум', catalogue, asOperator('op1'))).toBe('Премиум')
    expect(addContactTag(doc, 'Премиум', catalogue, asOperator('op1'))).toBe('Премиум')
    expectDomainError(() => addContactTag(doc, 'VIP', catalogue, asOperator('op1')), ErrorCode.notFound)
    addContactTag(doc, 'Опт', catalogue, asOperator('op1'))
    expect(readContact(doc).tags).toEqual(['Опт', 'Премиум'])
    removeContactTag(doc, 'Премиум', asOperator('op1'))
    removeContactTag(doc, 'Премиум', asOperator('op1'))
    expect(readContact(doc).tags).toEqual(['Опт'])
  })

  it('[CNT3] says when removing a tag hides the contact from an operator with tag filters (ACC3)', () => {
    expect(tagRemovalHidesContact(['Премиум'], 'Премиум', ['Премиум'])).toBe(true)
    expect(tagRemovalHidesContact(['Премиум', 'Опт'], 'Премиум', ['Премиум', 'Опт'])).toBe(false)
    expect(tagRemovalHidesContact(['Премиум', 'Опт'], 'Опт', ['Премиум'])).toBe(false)
    expect(tagRemovalHidesContact(['Премиум'], 'Премиум', [])).toBe(false)
  })
})

describe('contact notes', () => {
  it('[CNT4] a note is the operator’s, stamped now, trimmed, never blank; a retry returns it', () => {
    const doc = new Y.Doc()
    const note = addContactNote(
      doc,
      { text: '  Перезвонить после 18:00 ', id: 'n-1' },
      asOperator('op1', T0 + 5),
    )
    expect(note).toEqual({ id: 'n-1', at: T0 + 5, authorId: 'op1', text: 'Перезвонить после 18:00' })
    expect(addContactNote(doc, { text: 'again', id: 'n-1' }, asOperator('op1', T0 + 9))).toEqual(note)
    expectDomainError(
      () => addContactNote(doc, { text: 'mine', id: 'n-1' }, asOperator('op2')),
      ErrorCode.conflict,
    )
    expectDomainError(() => addContactNote(doc, { text: ' \n ' }, asOperator('op1')), ErrorCode.invalidInput)
    expectDomainError(() => addContactNote(doc, { text: 'bot' }, asServer()), ErrorCode.notOperator)
    addContactNote(doc, { text: 'earlier', id: 'n-0' }, asOperator('op2', T0))
    expect(readContact(doc).notes.map((n) => n.id)).toEqual(['n-0', 'n-1'])
  })

  it('[CNT5] only the author deletes a note; a gone note is not_found', () => {
    const doc = new Y.Doc()
    addContactNote(doc, { text: 'mine', id: 'n-1' }, asOperator('op1'))
    addContactNote(doc, { text: 'theirs', id: 'n-2' }, asOperator('op2'))
    expectDomainError(() => deleteContactNote(doc, 'n-2', asOperator('op1')), ErrorCode.forbidden)
    deleteContactNote(doc, 'n-1', asOperator('op1'))
    expect(readContact(doc).notes.map((n) => n.id)).toEqual(['n-2'])
    expectDomainError(() => deleteContactNote(doc, 'n-1', asOperator('op1')), ErrorCode.notFound)
  })
})

describe('contact edits on the server and across replicas', () => {
  it('[CNT6] every command’s update passes the server’s validator (VAL5)', () => {
    const server = new Y.Doc()
    addContactNote(server, { text: 'from op2', id: 'n-0' }, asOperator('op2'))
    const client = replicaOf(server)
    const ctx = asOperator('op1', T0)
    const updates: Uint8Array[] = []
    client.on('update', (u: Uint8Array) => updates.push(u))
    updateContactProfile(client, { phone: '+7 900 000-00-00', city: 'Казань' }, ctx)
    updateContactProfile(client, { city: null }, ctx)
    setContactField(client, { key: 'orders', value: '3' }, DEFS, ctx)
    setContactField(client, { key: 'orders', value: null }, DEFS, ctx)
    addContactTag(client, 'Премиум', ['Премиум'], ctx)
    removeContactTag(client, 'Премиум', ctx)
    addContactNote(client, { text: 'mine', id: 'n-1' }, ctx)
    deleteContactNote(client, 'n-1', ctx)
    expect(updates).toHaveLength(8)
    for (const update of updates)
      expect(deliver(server, update, 'op1', { ref: REF, now: T0 })).toEqual({ ok: true })
    expect(readContact(server)).toEqual(readContact(client))
  })

  it('[CNT6] edits made apart merge: other fields and notes stay, one field ends the same everywhere', () => {
    const base = new Y.Doc()
    updateContactProfile(base, { firstName: 'Иван' }, asServer())
    addContactNote(base, { text: 'old', id: 'n-0' }, asOperator('op1'))
    const a = replicaOf(base, 1)
    const b = replicaOf(base, 2)
    updateContactProfile(a, { phone: '+7 900 111-11-11', city: 'Казань' }, asOperator('op1'))
    updateContactProfile(b, { email: 'ivan@example.com', city: 'Самара' }, asOperator('op2'))
    deleteContactNote(a, 'n-0', asOperator('op1'))
    addContactNote(b, { text: 'new', id: 'n-1' }, asOperator('op2'))
    setContactField(b, { key: 'plan', value: 'Базовый' }, DEFS, asOperator('op2'))
    syncBoth(a, b)
    const merged = readContact(a)
    expect(merged).toEqual(readContact(b))
    expect(merged.profile).toMatchObject({
      firstName: 'Иван',
      phone: '+7 900 111-11-11',
      email: 'ivan@example.com',
    })
    expect(['Казань', 'Самара']).toContain(merged.profile.city)
    expect(merged.notes.map((n) => n.id)).toEqual(['n-1'])
    expect(merged.fields).toEqual({ plan: 'Базовый' })
  })

  it('[CNT6] an operator cannot delete another’s note even by writing the doc directly', () => {
    const server = new Y.Doc()
    addContactNote(server, { text: 'theirs', id: 'n-2' }, asOperator('op2'))
    const client = replicaOf(server)
    const updates: Uint8Array[] = []
    client.on('update', (u: Uint8Array) => updates.push(u))
    contactParts(client).notes.delete(0, 1)
    const verdict = deliver(server, updates[0] as Uint8Array, 'op1', { ref: REF })
    expect(verdict.ok).toBe(false)
    expect(readContact(server).notes).toHaveLength(1)
    expect(() => deleteContactNote(replicaOf(server), 'n-2', asOperator('op1'))).toThrow(DomainError)
  })
})
