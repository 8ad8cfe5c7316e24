/**
 * [TEN1] `folderTime`: the inbox computes its folders at a time that moves with the clock only when some chat's
 * `unassignedAt` passed, so the list of thousands of chats is not filtered and sorted again every second. Whatever
 * time it picks, every chat must be in the same folders as at the real time.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { folderTime } from '../../app/state/inbox'
import { type ChatSummary, Folder, inFolder } from '../../model'
import { summaryOf } from '../helpers/model'

const summary = (id: string, unassignedAt: number | null): ChatSummary =>
  summaryOf(id, { channelId: 'tg-1', contactId: `contact-${id}`, lastAt: 1_000, unassignedAt })

describe('app inbox: folderTime', () => {
  it('[TEN1] stays at the last time while no unassignedAt passes, moves to now when one does', () => {
    const chats = [summary('a', null), summary('b', 1_000), summary('c', 5_000)]
    expect(folderTime(chats, 1_000, 2_000)).toBe(1_000)
    expect(folderTime(chats, 1_000, 4_999)).toBe(1_000)
    expect(folderTime(chats, 1_000, 5_000)).toBe(5_000)
    expect(folderTime(chats, 1_000, 9_000)).toBe(9_000)
    // A chat that arrives already past its moment moves the time too.
    expect(folderTime([...chats, summary('d', 1_500)], 1_000, 2_000)).toBe(2_000)
  })

  it('[TEN1] puts every chat in the folders it is in at the real time', () => {
    const time = fc.integer({ min: 0, max: 100_000 })
    fc.assert(
      fc.property(fc.array(fc.option(time, { nil: null }), { maxLength: 30 }), time, time, (ats, a, b) => {
        const [prev, now] = a <= b ? [a, b] : [b, a]
        const chats = ats.map((at, i) => summary(`c${i}`, at))
        const at = folderTime(chats, prev, now)
        for (const chat of chats) {
          expect(inFolder(chat, Folder.unassigned, 'op-1', at)).toBe(
            inFolder(chat, Folder.unassigned, 'op-1', now),
          )
        }
      }),
    )
  })
})
