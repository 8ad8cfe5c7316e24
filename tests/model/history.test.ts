/** The fold of the history array into status and assignee, event by event, on plain arrays of events. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEvent, foldHistory, type HistoryEvent, INITIAL_ASSIGNMENT } from '../../model'
import { T0 } from '../helpers/model'

describe('the fold, event by event', () => {
  const base = { at: T0, actor: { kind: 'operator', id: 'op1' } } as const
  const assign = (id: string, to: string, expectFrom: string | null, auto?: boolean): HistoryEvent => ({
    ...base,
    id,
    type: 'assign',
    to,
    expectFrom,
    ...(auto !== undefined && { auto }),
  })
  const close: HistoryEvent = { ...base, id: 'c', type: 'close', reason: 'solved' }
  const ret: HistoryEvent = { ...base, id: 'r', type: 'return' }
  const reopen: HistoryEvent = { id: 'o', at: T0, actor: { kind: 'server' }, type: 'reopen' }

  const cases: [string, HistoryEvent[], string[], { status: string; assigneeId: string | null }][] = [
    [
      'a take of an unassigned chat is applied',
      [assign('1', 'op1', null)],
      ['applied'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
    [
      'a second identical take is unchanged',
      [assign('1', 'op1', null), assign('2', 'op1', 'op1')],
      ['applied', 'unchanged'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
    [
      'a take expecting another assignee is lost',
      [assign('1', 'op1', null), assign('2', 'op2', null)],
      ['applied', 'lost'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
    [
      'an auto-claim of an unassigned chat is applied',
      [assign('1', 'op1', null, true)],
      ['applied'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
    [
      'an auto-claim of an assigned chat is skipped',
      [assign('1', 'op1', null), assign('2', 'op2', null, true)],
      ['applied', 'skipped'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
    [
      'an assign to the assignee of a closed chat is applied',
      [assign('1', 'op1', null), close, assign('2', 'op1', 'op1')],
      ['applied', 'applied', 'applied'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
    [
      'a return is applied, a second one unchanged',
      [assign('1', 'op1', null), ret, ret],
      ['applied', 'applied', 'unchanged'],
      { status: 'open', assigneeId: null },
    ],
    [
      'a close is applied, a second one unchanged',
      [close, close],
      ['applied', 'unchanged'],
      { status: 'closed', assigneeId: null },
    ],
    [
      'a reopen of a closed chat is applied',
      [assign('1', 'op1', null), close, reopen],
      ['applied', 'applied', 'applied'],
      { status: 'open', assigneeId: null },
    ],
    [
      'a reopen of a chat that is not closed is unchanged',
      [assign('1', 'op1', null), reopen],
      ['applied', 'unchanged'],
      { status: 'in_work', assigneeId: 'op1' },
    ],
  ]
  for (const [title, events, expected, final] of cases) {
    it(`[HIS1] ${title}`, () => {
      const state = foldHistory(events)
      expect(state.entries.map((e) => e.outcome)).toEqual(expected)
      expect({ status: state.status, assigneeId: state.assigneeId }).toEqual(final)
      for (const [i, entry] of state.entries.entries()) {
        if (entry.outcome !== 'applied') expect(entry.to).toEqual(entry.from)
        if (i > 0) expect(entry.from).toEqual(state.entries[i - 1]?.to)
      }
    })
  }

  it('[STA2] [HIS1] any sequence of events folds to a legal state with a consistent history (property)', () => {
    const operatorId = fc.constantFrom('op1', 'op2', 'op3')
    const anyEvent: fc.Arbitrary<HistoryEvent> = fc.oneof(
      fc.record({
        id: fc.constant('a'),
        at: fc.nat(),
        actor: fc.constant(base.actor),
        type: fc.constant('assign' as const),
        to: operatorId,
        expectFrom: fc.option(operatorId, { nil: null }),
        auto: fc.boolean(),
      }),
      fc.constant(ret),
      fc.constant(close),
      fc.constant(reopen),
    )
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 30 }), (events) => {
        const state = foldHistory(events)
        expect(['open', 'in_work', 'closed']).toContain(state.status)
        if (state.status === 'open') expect(state.assigneeId).toBeNull()
        if (state.status === 'in_work') expect(state.assigneeId).not.toBeNull()
        if (state.status !== 'closed') expect(state.closedBy).toBeNull()
        let previous = { status: 'open', assigneeId: null as string | null }
        for (const entry of state.entries) {
          expect(entry.from).toEqual(previous)
          previous = entry.to
        }
        expect(previous).toEqual({ status: state.status, assigneeId: state.assigneeId })
      }),
      { numRuns: 300 },
    )
  })

  it('[HIS1] foldHistory is applyEvent over the array, and pure', () => {
    const events = [assign('1', 'op1', null), close, reopen, assign('2', 'op2', null, true)]
    const stepwise = events.reduce(applyEvent, INITIAL_ASSIGNMENT)
    expect(foldHistory(events)).toEqual(stepwise)
    expect(INITIAL_ASSIGNMENT.entries).toEqual([])
  })

  it('[TEN2] applied and unchanged assigns and applied closes are reactions; lost, skipped and returns are not', () => {
    const at = (t: number, e: HistoryEvent): HistoryEvent => ({ ...e, at: T0 + t })
    expect(foldHistory([at(1, assign('1', 'op1', null))]).lastReactionAt).toBe(T0 + 1)
    expect(
      foldHistory([at(1, assign('1', 'op1', null)), at(2, assign('2', 'op1', 'op1'))]).lastReactionAt,
    ).toBe(T0 + 2)
    expect(
      foldHistory([at(1, assign('1', 'op1', null)), at(2, assign('2', 'op2', null))]).lastReactionAt,
    ).toBe(T0 + 1)
    expect(
      foldHistory([at(1, assign('1', 'op1', null)), at(2, assign('2', 'op2', null, true))]).lastReactionAt,
    ).toBe(T0 + 1)
    expect(foldHistory([at(1, assign('1', 'op1', null)), at(2, ret)]).lastReactionAt).toBe(T0 + 1)
    expect(foldHistory([at(1, close)]).lastReactionAt).toBe(T0 + 1)
    expect(foldHistory([at(1, close), at(2, close)]).lastReactionAt).toBe(T0 + 1)
  })
})
