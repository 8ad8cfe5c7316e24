import { describe, expect, it } from 'vitest'
import { matchesQuery } from '../../app/state/inbox'
import { parseServerSnippet, searchMessages, snippetOf } from '../../app/state/message-search'
import { matchesQuickSearch, quickSearchOf } from '../../app/state/quick-search'
import { serverExtra } from '../../app/state/search'
import type { ServerSearchResults } from '../../app/sync'
import type { ChatSummary, Message } from '../../model'
import { summaryOf } from '../helpers/model'

const summary = (id: string, over: Partial<ChatSummary> = {}): ChatSummary =>
  summaryOf(id, { waiting: false, inbound: 0, ...over })

const message = (id: string, at: number, text: string, kind: Message['kind'] = 'text'): Message => ({
  id,
  at,
  direction: 'in',
  kind,
  author: { kind: 'customer' },
  text,
})

describe('app: the quick search', () => {
  const maria = summary('maria', {
    contactName: 'Мария Иванова',
    contactPhone: '+7 (916) 555-01-01',
    contactEmail: 'Maria@Example.com',
  })

  it('[SRC1] finds a contact by a phone written any way, and by email, whatever the case', () => {
    for (const q of ['8 916 555 01 01', '+79165550101', '916-555', '(916) 5550', '5550101']) {
      expect(matchesQuery(maria, q), q).toBe(true)
    }
    expect(matchesQuery(maria, 'maria@example')).toBe(true)
    expect(matchesQuery(maria, 'EXAMPLE.COM')).toBe(true)
    // Too few digits to mean a phone, digits the phone lacks, or digits inside words: no phone match.
    expect(matchesQuery(maria, '916')).toBe(false)
    expect(matchesQuery(maria, '8 916 555 02 02')).toBe(false)
    expect(matchesQuery(maria, 'заказ 9165')).toBe(false)
    // A contact without a phone or email is found by name as before.
    expect(matchesQuery(summary('p', { contactName: 'Пётр' }), '9165')).toBe(false)
    expect(quickSearchOf('   ')).toBeNull()
  })

  it('reads a summary changed by the server afresh (a new object), not from what it remembered', () => {
    const q = quickSearchOf('новый текст')!
    const before = summary('x', { lastMessage: { text: 'старый', at: 1, direction: 'in', kind: 'text' } })
    expect(matchesQuickSearch(before, q)).toBe(false)
    const after = {
      ...before,
      lastMessage: { text: 'Новый текст', at: 2, direction: 'in', kind: 'text' },
    } as const
    expect(matchesQuickSearch(after, q)).toBe(true)
  })
})

describe('app: the search in stored chats’ messages', () => {
  const chats = [
    {
      chatId: 'a',
      messages: [
        message('a1', 10, 'Где мой ЗАКАЗ?'),
        message('a2', 30, '/start заказ', 'technical'),
        message('a3', 50, 'заказ пришёл'),
      ],
    },
    { chatId: 'b', messages: [message('b1', 40, 'Спасибо за заказ'), message('b2', 60, 'Пока')] },
  ]

  it('finds the messages holding the text, newest first, technical lines left out, up to the limit', () => {
    const q = quickSearchOf('заказ')!
    expect(searchMessages(chats, q, 10).map((h) => h.messageId)).toEqual(['a3', 'b1', 'a1'])
    expect(searchMessages(chats, q, 2).map((h) => h.messageId)).toEqual(['a3', 'b1'])
    expect(searchMessages(chats, quickSearchOf('нет такого')!, 10)).toEqual([])
  })

  it('cuts a snippet around the match, and reads the server’s [marked] snippet the same way', () => {
    const long = `${'x'.repeat(60)} Где мой ЗАКАЗ? ${'y'.repeat(60)}`
    const s = snippetOf(long, 'заказ')
    expect(s.match).toBe('ЗАКАЗ')
    expect(s.before.startsWith('…')).toBe(true)
    expect(s.after.endsWith('…')).toBe(true)
    expect(snippetOf('короткий', 'нет')).toEqual({ before: '', match: '', after: 'короткий' })
    expect(parseServerSnippet('…мой [заказ] пришёл')).toEqual({
      before: '…мой ',
      match: 'заказ',
      after: ' пришёл',
    })
    expect(parseServerSnippet('без отметки')).toEqual({ before: '', match: '', after: 'без отметки' })
  })
})

describe('app: what the server adds below the local results', () => {
  const results: ServerSearchResults = {
    contacts: [
      {
        id: 'c1',
        name: 'Мария',
        chats: [
          { id: 'shown', channelId: 'tg' },
          { id: 'old-closed', channelId: 'vk' },
        ],
      },
      { id: 'c2', name: 'Пётр', chats: [{ id: 'filtered-out', channelId: 'tg' }] },
    ],
    messages: [
      { chatId: 'shown', messageId: 'm1', at: 5, snippet: '[заказ]', contactName: 'Мария' },
      { chatId: 'shown', messageId: 'm2', at: 4, snippet: 'мой [заказ]', contactName: 'Мария' },
      { chatId: 'old-closed', messageId: 'm3', at: 3, snippet: '[заказ]', contactName: 'Мария' },
    ],
  }
  const index = new Map([
    ['shown', summary('shown')],
    ['filtered-out', summary('filtered-out', { channelId: 'wa' })],
  ])
  const local = [{ chatId: 'shown', messageId: 'm1', at: 5, text: 'заказ' }]

  it('leaves out the chats listed and the messages found locally, deduplicated', () => {
    const extra = serverExtra(
      results,
      new Set(['shown']),
      local,
      (id) => index.get(id),
      () => true,
    )
    expect(extra.chats.map((c) => c.chatId)).toEqual(['old-closed', 'filtered-out'])
    expect(extra.messages.map((m) => m.messageId)).toEqual(['m2', 'm3'])
  })

  it('applies the filters to chats the index has; a chat it lacks shows only with no filter set', () => {
    const onlyTelegram = (s: ChatSummary | undefined) => s !== undefined && s.channelId === 'tg'
    const extra = serverExtra(results, new Set(), local, (id) => index.get(id), onlyTelegram)
    expect(extra.chats.map((c) => c.chatId)).toEqual(['shown'])
    expect(extra.messages.map((m) => m.messageId)).toEqual(['m2'])
  })
})
