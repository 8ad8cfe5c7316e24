import { describe, expect, it } from 'vitest'
import {
  anyFilter,
  filterChips,
  filtersKey,
  type ListFilters,
  matchesFilters,
  NO_FILTERS,
  parseFilters,
  readFilters,
  replyStateOf,
  saveFilters,
  statusApplies,
  tagOptions,
  toggled,
  withoutChip,
} from '../../app/state/filters'
import { type ChatSummary, Folder } from '../../model'
import { summaryOf } from '../helpers/model'

const chat = (id: string, over: Partial<ChatSummary> = {}): ChatSummary =>
  summaryOf(id, { lastMessage: { text: 'hi', at: 1, direction: 'in', kind: 'text' }, ...over })

const CHATS = [
  chat('vip-waiting-tg', { contactTags: ['VIP'], channelId: 'tg', status: 'in_work', assigneeId: 'anna' }),
  chat('vip-answered-vk', {
    contactTags: ['VIP', 'Опт'],
    channelId: 'vk',
    status: 'in_work',
    assigneeId: 'ivan',
    waiting: false,
    lastMessage: { text: 'ok', at: 2, direction: 'out', kind: 'text' },
  }),
  chat('plain-closed-tg', { status: 'closed', assigneeId: 'anna', waiting: false }),
  chat('empty-open-wa', { channelId: 'wa', waiting: false, lastMessage: null }),
]

const ids = (f: ListFilters, statusOn = true): string[] =>
  CHATS.filter((s) => matchesFilters(s, f, statusOn)).map((s) => s.id)

describe('app: chat list filters', () => {
  it('no filter keeps every chat', () => {
    expect(ids(NO_FILTERS)).toEqual(CHATS.map((s) => s.id))
  })

  it('each kind narrows the list: tags (any of them), status, channel, operator, answered / waiting', () => {
    expect(ids({ ...NO_FILTERS, tags: ['VIP'] })).toEqual(['vip-waiting-tg', 'vip-answered-vk'])
    expect(ids({ ...NO_FILTERS, tags: ['Опт', 'Нет такого'] })).toEqual(['vip-answered-vk'])
    expect(ids({ ...NO_FILTERS, statuses: ['closed', 'open'] })).toEqual(['plain-closed-tg', 'empty-open-wa'])
    expect(ids({ ...NO_FILTERS, channel: 'tg' })).toEqual(['vip-waiting-tg', 'plain-closed-tg'])
    expect(ids({ ...NO_FILTERS, operator: 'anna' })).toEqual(['vip-waiting-tg', 'plain-closed-tg'])
    expect(ids({ ...NO_FILTERS, reply: 'waiting' })).toEqual(['vip-waiting-tg'])
    // A chat without messages is neither answered nor waiting.
    expect(ids({ ...NO_FILTERS, reply: 'answered' })).toEqual(['vip-answered-vk', 'plain-closed-tg'])
  })

  it('kinds combine with AND', () => {
    expect(ids({ ...NO_FILTERS, tags: ['VIP'], channel: 'tg' })).toEqual(['vip-waiting-tg'])
    expect(ids({ ...NO_FILTERS, tags: ['VIP'], reply: 'answered', operator: 'anna' })).toEqual([])
    expect(ids({ ...NO_FILTERS, operator: 'anna', statuses: ['in_work'], reply: 'waiting' })).toEqual([
      'vip-waiting-tg',
    ])
  })

  it('status applies in Mine and All and to a search, not in Unassigned, where it shows no chip', () => {
    expect(statusApplies(Folder.unassigned, false)).toBe(false)
    expect(statusApplies(Folder.mine, false)).toBe(true)
    expect(statusApplies(Folder.all, false)).toBe(true)
    expect(statusApplies(Folder.unassigned, true)).toBe(true)
    const closedOnly: ListFilters = { ...NO_FILTERS, statuses: ['closed'] }
    expect(ids(closedOnly, false)).toEqual(CHATS.map((s) => s.id))
    expect(filterChips(closedOnly, false)).toEqual([])
    expect(anyFilter(closedOnly, false)).toBe(false)
    expect(anyFilter(closedOnly, true)).toBe(true)
  })

  it('shows each filter as a chip that removes just that filter', () => {
    const f: ListFilters = {
      tags: ['VIP', 'Опт'],
      statuses: ['in_work'],
      channel: 'vk',
      operator: 'ivan',
      reply: 'answered',
    }
    const chips = filterChips(f, true)
    expect(chips).toEqual([
      { kind: 'channel', value: 'vk' },
      { kind: 'operator', value: 'ivan' },
      { kind: 'status', value: 'in_work' },
      { kind: 'reply', value: 'answered' },
      { kind: 'tag', value: 'VIP' },
      { kind: 'tag', value: 'Опт' },
    ])
    expect(withoutChip(f, { kind: 'tag', value: 'VIP' })).toEqual({ ...f, tags: ['Опт'] })
    expect(withoutChip(f, { kind: 'channel', value: 'vk' })).toEqual({ ...f, channel: null })
    expect(withoutChip(f, { kind: 'reply', value: 'answered' })).toEqual({ ...f, reply: null })
    expect(withoutChip(f, { kind: 'status', value: 'in_work' })).toEqual({ ...f, statuses: [] })
    expect(chips.reduce(withoutChip, f)).toEqual(NO_FILTERS)
    expect(toggled(['a'], 'b', true)).toEqual(['a', 'b'])
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b'])
    expect(toggled(['a'], 'a', true)).toEqual(['a'])
  })

  it('offers the tags the chats carry, and any already picked, by name', () => {
    expect(tagOptions(CHATS, ['Старый'])).toEqual(['VIP', 'Опт', 'Старый'])
  })

  it('answered / waiting follows the last message that counts (seed 001)', () => {
    expect(replyStateOf(CHATS[0]!)).toBe('waiting')
    expect(replyStateOf(CHATS[1]!)).toBe('answered')
    expect(replyStateOf(CHATS[3]!)).toBeNull()
  })

  it('keeps the filters per operator across reloads, and reads nothing it does not understand', () => {
    const saved = new Map<string, string>()
    const store = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => saved.set(k, v),
    }
    const f: ListFilters = {
      tags: ['VIP'],
      statuses: ['closed'],
      channel: 'tg',
      operator: null,
      reply: 'waiting',
    }
    saveFilters(store, 'anna', f)
    expect(readFilters(store, 'anna')).toEqual(f)
    expect(readFilters(store, 'ivan')).toEqual(NO_FILTERS)
    expect(saved.has(filtersKey('anna'))).toBe(true)
    expect(parseFilters('not json')).toEqual(NO_FILTERS)
    expect(
      parseFilters(
        JSON.stringify({
          tags: ['VIP', 3, '', 'VIP'],
          statuses: ['closed', 'lost'],
          channel: 7,
          reply: 'maybe',
        }),
      ),
    ).toEqual({ ...NO_FILTERS, tags: ['VIP'], statuses: ['closed'] })
    // A storage that refuses writes (full, disabled) leaves the filters working in the tab.
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(() => saveFilters(full, 'anna', f)).not.toThrow()
  })
})
