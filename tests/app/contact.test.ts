/** The contact profile's plain parts: the contact's chats, the admin's field form, the shared contact docs. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chatsOfContact } from '../../app/state/contact'
import { fieldDefOf, missingFieldPart, optionLines } from '../../app/state/contact-field-settings'
import { ContactDocs, type LiveDoc } from '../../app/sync'
import type { ChatSummary } from '../../model'
import { summaryOf } from '../helpers/model'

const summary = (id: string, contactId: string, lastAt: number): ChatSummary =>
  summaryOf(id, { channelId: 'ch', contactId, contactName: 'Maria', lastAt, waiting: false, inbound: 0 })

describe('contact profile (app)', () => {
  it('lists the contact’s chats in every channel, the latest activity first', () => {
    const chats = [
      summary('a', 'c1', 10),
      summary('b', 'c2', 50),
      summary('c', 'c1', 30),
      summary('d', 'c1', 30),
    ]
    expect(chatsOfContact(chats, 'c1').map((c) => c.id)).toEqual(['c', 'd', 'a'])
    expect(chatsOfContact(chats, 'nobody')).toEqual([])
  })

  it('turns the admin’s field form into a definition and names what is missing', () => {
    const form = {
      key: ' plan ',
      label: ' Тариф ',
      type: 'select' as const,
      options: ' Базовый \n\n Золотой ',
      order: '3',
    }
    expect(optionLines(form.options)).toEqual(['Базовый', 'Золотой'])
    expect(missingFieldPart(form)).toBeNull()
    expect(fieldDefOf(form)).toEqual({
      key: 'plan',
      label: 'Тариф',
      type: 'select',
      options: ['Базовый', 'Золотой'],
      order: 3,
    })
    expect(fieldDefOf({ ...form, type: 'text', order: 'x' })).toMatchObject({ options: [], order: 0 })
    expect(missingFieldPart({ ...form, key: ' ' })).toBe('cfKey')
    expect(missingFieldPart({ ...form, label: '' })).toBe('cfLabel')
    expect(missingFieldPart({ ...form, options: '\n ' })).toBe('cfOptions')
  })

  it('shares one doc per contact among its views, closes it with the last, drops a denied one’s copy', () => {
    const opened: string[] = []
    const closed: string[] = []
    const dropped: string[] = []
    const fake = (name: string, denied: boolean): LiveDoc => ({
      name,
      doc: new Y.Doc(),
      awareness: null,
      synced: true,
      denied,
      pending: 0,
      settled: true,
      onChange: () => () => {},
      close: () => closed.push(name),
    })
    const docs = new ContactDocs({
      open: (name) => {
        opened.push(name)
        return fake(name, name.endsWith('gone'))
      },
      drop: (name) => dropped.push(name),
    })
    const panel = docs.open('c1')
    const card = docs.open('c1')
    expect(card.doc).toBe(panel.doc)
    expect(opened).toEqual(['contact:c1'])
    panel.close()
    panel.close()
    expect(closed).toEqual([])
    card.close()
    expect(closed).toEqual(['contact:c1'])
    docs.open('gone').close()
    expect(dropped).toEqual(['contact:gone'])
    const again = docs.open('c1')
    expect(opened).toEqual(['contact:c1', 'contact:gone', 'contact:c1'])
    docs.destroy()
    expect(closed.at(-1)).toBe('contact:c1')
    expect(again.name).toBe('contact:c1')
  })
})
