import { describe, expect, it } from 'vitest'
import {
  planWarmSet,
  readWarmSettings,
  WARM_SETTINGS_KEY,
  WarmRecord,
  type WarmSetInput,
} from '../../app/sync'
import type { ChatSummary } from '../../model'
import { summaryOf } from '../helpers/model'

const T0 = 1_700_000_000_000
const ME = 'op-me'

const summary = (id: string, lastAt: number, over: Partial<ChatSummary> = {}): ChatSummary =>
  summaryOf(id, { channelId: 'ch', contactId: `k-${id}`, lastAt, ...over })

const plan = (input: Partial<WarmSetInput>) =>
  planWarmSet({ summaries: [], operatorId: ME, open: [], unsynced: [], stored: new Map(), ...input })

/** A Storage-shaped map: the record's own code reads and writes it exactly as it does localStorage. */
const memoryStore = () => {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  }
}

describe('warm set: which chats the app keeps offline', () => {
  it('keeps the open chats, mine not closed, and the most recent N by last activity, in that order', () => {
    const summaries = [
      summary('old-mine', T0, { assigneeId: ME, status: 'in_work' }),
      summary('old-mine-closed', T0 + 1, { assigneeId: ME, status: 'closed' }),
      summary('old-other', T0 + 2, { assigneeId: 'op-other', status: 'in_work' }),
      summary('new-1', T0 + 30),
      summary('new-2', T0 + 20),
      summary('new-3', T0 + 10),
    ]
    const result = plan({ summaries, open: ['old-other'], sizes: { recent: 2, spare: 0 } })
    expect(result.warm).toEqual(['old-other', 'old-mine', 'new-1', 'new-2'])
  })

  it('keeps chats with changes not yet on the server, even when the index no longer lists them', () => {
    const result = plan({
      summaries: [summary('a', T0)],
      unsynced: ['gone', 'b-unsynced'],
      stored: new Map([
        ['gone', 0],
        ['b-unsynced', 0],
      ]),
      sizes: { recent: 1, spare: 0 },
    })
    expect(result.warm).toEqual(['b-unsynced', 'gone', 'a'])
    expect(result.evict).toEqual([])
  })

  it('orders equal last activity by chat id, and the plan does not depend on the input order', () => {
    const summaries = [summary('b', T0), summary('a', T0), summary('c', T0 + 1)]
    const stored = new Map([
      ['x', 5],
      ['y', 5],
      ['w', 1],
    ])
    const one = plan({ summaries, stored, sizes: { recent: 2, spare: 0 } })
    const other = plan({
      summaries: [...summaries].reverse(),
      stored: new Map([...stored].reverse()),
      sizes: { recent: 2, spare: 0 },
    })
    expect(one.warm).toEqual(['c', 'a'])
    expect(other).toEqual(one)
  })

  it('evicts stored chats outside the warm set beyond the spare ones, least recently used first', () => {
    const summaries = [summary('warm-1', T0 + 100), summary('warm-2', T0 + 90), summary('cold', T0)]
    const stored = new Map([
      ['warm-1', 1],
      ['used-long-ago', T0 - 5_000],
      ['never-used', 0],
      ['used-lately', T0 - 10],
      ['used-yesterday', T0 - 1_000],
      ['cold', T0 - 2_000],
    ])
    const result = plan({ summaries, stored, sizes: { recent: 2, spare: 2 } })
    expect(result.warm).toEqual(['warm-1', 'warm-2'])
    // Five stored chats are cold; the two used last stay (used-lately, used-yesterday).
    expect(result.evict).toEqual(['never-used', 'used-long-ago', 'cold'])
  })

  it('never evicts an open, mine or unsynced chat, however long ago it was used', () => {
    const summaries = [summary('mine', T0, { assigneeId: ME, status: 'in_work' }), summary('new', T0 + 9)]
    const stored = new Map([
      ['mine', 0],
      ['open', 0],
      ['unsynced', 0],
      ['new', 0],
      ['cold', 0],
    ])
    const result = plan({
      summaries,
      stored,
      open: ['open'],
      unsynced: ['unsynced'],
      sizes: { recent: 1, spare: 0 },
    })
    expect(result.evict).toEqual(['cold'])
  })

  it('evicts nothing while the stored chats fit, and keeps 200 recent and 100 spare by default', () => {
    const summaries = Array.from({ length: 450 }, (_, i) => summary(`c${String(i).padStart(3, '0')}`, T0 + i))
    const stored = new Map(summaries.map((s, i) => [s.id, i]))
    const result = plan({ summaries, stored })
    expect(result.warm).toHaveLength(200)
    expect(result.warm[0]).toBe('c449')
    // 250 stored chats are cold; the 100 used last stay, the 150 used first go.
    expect(result.evict).toHaveLength(150)
    expect(result.evict[0]).toBe('c000')
    expect(result.evict.at(-1)).toBe('c149')
    expect(plan({ summaries: summaries.slice(0, 10), stored: new Map([['c000', 0]]) }).evict).toEqual([])
  })

  it('reads its sizes from localStorage when set there, and falls back to the defaults for anything else', () => {
    const store = memoryStore()
    expect(readWarmSettings(store)).toEqual({ recent: 200, spare: 100, concurrency: 8 })
    store.setItem(WARM_SETTINGS_KEY, JSON.stringify({ recent: 3, spare: 0, concurrency: 0 }))
    expect(readWarmSettings(store)).toEqual({ recent: 3, spare: 0, concurrency: 8 })
    store.setItem(WARM_SETTINGS_KEY, '{not json')
    expect(readWarmSettings(store)).toEqual({ recent: 200, spare: 100, concurrency: 8 })
  })
})

describe('warm set: the record of stored chats', () => {
  it('remembers last use and unsynced changes across reloads, one write per task', async () => {
    const store = memoryStore()
    const record = new WarmRecord(store, 'switchboard.warm/op-me')
    record.touch('a', 10)
    record.touch('a', 5) // an older time never moves the last use back
    record.touch('b', 20)
    record.setUnsynced('b', true)
    record.adopt(['b', 'c'])
    expect(store.items.size).toBe(0)
    await Promise.resolve()
    const again = new WarmRecord(store, 'switchboard.warm/op-me')
    expect([...again.usedTimes()]).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 0],
    ])
    expect(again.unsynced()).toEqual(['b'])
    again.forget('a')
    again.setUnsynced('b', false)
    await Promise.resolve()
    const third = new WarmRecord(store, 'switchboard.warm/op-me')
    expect([...third.usedTimes().keys()]).toEqual(['b', 'c'])
    expect(third.unsynced()).toEqual([])
  })
})
