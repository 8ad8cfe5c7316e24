/**
 * Seed 004's rules for sounds (what sounds when), the unread count of the title, and seed 003's hotkeys: pure
 * functions, no browser.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stepChat } from '../../app/features/notifications/inbox-hotkeys'
import { SOUND_SECONDS } from '../../app/features/notifications/sound'
import {
  AlertSound,
  type AlertState,
  badgeCount,
  INITIAL_ALERTS,
  nextAlerts,
  REMINDER_MS,
  sameWatched,
  titleWith,
  type Watched,
  watchedOf,
} from '../../app/state/notifications-alerts'
import { soundsOn } from '../../app/state/notifications-settings'
import { HOTKEY_IDS, HOTKEYS, type HotkeyId, isHotkey, type KeyPress } from '../../app/ui/hotkeys'
import type { ChatSummary } from '../../model'
import { summaryOf } from '../helpers/model'

const ME = 'op-me'
const NOW = 1_000_000

const summary = (id: string, over: Partial<ChatSummary> = {}): ChatSummary =>
  summaryOf(id, {
    channelId: 'tg-1',
    contactId: `contact-${id}`,
    lastAt: 1_000,
    unassignedAt: NOW - 1,
    unassigned: true,
    ...over,
  })

const watch = (chats: ChatSummary[], mentions: string[] = [], now = NOW): Watched =>
  watchedOf(chats, ME, now, mentions)

/** Runs a sequence of looks, returning the sound of each (or null). */
const run = (looks: { w: Watched; hidden: boolean; now: number }[]): (string | null)[] => {
  let state: AlertState = INITIAL_ALERTS
  return looks.map(({ w, hidden, now }) => {
    const next = nextAlerts(state, w, { hidden, now })
    state = next.state
    return next.alert?.sound ?? null
  })
}

describe('what the alerts watch', () => {
  it('the chats in Unassigned or Mine that are not closed, and the unread mentions', () => {
    const w = watch(
      [
        summary('unassigned'),
        summary('waiting-10s', { unassignedAt: NOW + 5_000, unassigned: false }),
        summary('mine', { status: 'in_work', assigneeId: ME, unread: { [ME]: 0 } }),
        summary('theirs', { status: 'in_work', assigneeId: 'op-2' }),
        summary('closed-mine', { status: 'closed', assigneeId: ME }),
      ],
      ['n-1'],
    )
    expect([...w.chats.keys()]).toEqual(['unassigned', 'mine'])
    expect(w.chats.get('mine')).toEqual({ inbound: 1, unread: 0 })
    expect([...w.mentions]).toEqual(['n-1'])
  })

  it('the title and favicon count unread chats there plus unread mentions', () => {
    const w = watch(
      [
        summary('a'),
        summary('b', { unread: { [ME]: 0 } }),
        summary('c', { markedUnread: [ME], unread: { [ME]: 0 } }),
      ],
      ['n-1', 'n-2'],
    )
    expect(badgeCount(w)).toBe(4)
    expect(titleWith('Switchboard', 4)).toBe('(4) Switchboard')
    expect(titleWith('Switchboard', 0)).toBe('Switchboard')
  })

  it('a view recomputed with the same content is the same', () => {
    expect(sameWatched(watch([summary('a')], ['n']), watch([summary('a')], ['n']))).toBe(true)
    expect(sameWatched(watch([summary('a')]), watch([summary('a', { inbound: 2 })]))).toBe(false)
    expect(sameWatched(watch([summary('a')]), watch([summary('a')], ['n']))).toBe(false)
  })
})

describe('seed 004: what sounds when', () => {
  const base = watch([summary('a')])

  it('the first look plays nothing, even hidden: it is the baseline', () => {
    expect(run([{ w: watch([summary('a'), summary('b')]), hidden: true, now: NOW }])).toEqual([null])
  })

  it('a chat coming into Unassigned or Mine plays «new chat», only while hidden', () => {
    const two = watch([summary('a'), summary('b')])
    expect(
      run([
        { w: base, hidden: true, now: NOW },
        { w: two, hidden: true, now: NOW + 1 },
      ]),
    ).toEqual([null, AlertSound.newChat])
    expect(
      run([
        { w: base, hidden: false, now: NOW },
        { w: two, hidden: false, now: NOW + 1 },
      ]),
    ).toEqual([null, null])
    // Handed to me: it leaves Unassigned for my Mine, still watched, and is no news.
    const mine = watch([summary('a', { status: 'in_work', assigneeId: ME })])
    expect(
      run([
        { w: base, hidden: true, now: NOW },
        { w: mine, hidden: true, now: NOW + 1 },
      ]),
    ).toEqual([null, null])
  })

  it('a customer message in a chat already there plays «new message»; a new chat wins over it', () => {
    const grew = watch([summary('a', { inbound: 2 })])
    expect(
      run([
        { w: base, hidden: true, now: NOW },
        { w: grew, hidden: true, now: NOW + 1 },
      ]),
    ).toEqual([null, AlertSound.newMessage])
    const both = watch([summary('a', { inbound: 2 }), summary('b')])
    const out = nextAlerts({ seen: base, remindAt: null }, both, { hidden: true, now: NOW })
    expect(out.alert).toEqual({ sound: AlertSound.newChat, chats: ['b', 'a'], mentions: [] })
  })

  it('a new mention plays «new message»', () => {
    const mentioned = watch([summary('a')], ['n-1'])
    const out = nextAlerts({ seen: base, remindAt: null }, mentioned, { hidden: true, now: NOW })
    expect(out.alert).toEqual({ sound: AlertSound.newMessage, chats: [], mentions: ['n-1'] })
  })

  it('reminds every minute after a sound while something is unread and the app stays hidden', () => {
    const two = watch([summary('a'), summary('b')])
    const looks = [
      { w: base, hidden: true, now: NOW },
      { w: two, hidden: true, now: NOW + 1_000 },
      { w: two, hidden: true, now: NOW + 1_000 + REMINDER_MS - 1 },
      { w: two, hidden: true, now: NOW + 1_000 + REMINDER_MS },
      { w: two, hidden: true, now: NOW + 1_000 + REMINDER_MS + 30_000 },
      { w: two, hidden: true, now: NOW + 1_000 + 2 * REMINDER_MS },
    ]
    expect(run(looks)).toEqual([
      null,
      AlertSound.newChat,
      null,
      AlertSound.reminder,
      null,
      AlertSound.reminder,
    ])
  })

  it('coming back to the app, or nothing left unread, stops the reminders', () => {
    const two = watch([summary('a'), summary('b')])
    const back = [
      { w: base, hidden: true, now: NOW },
      { w: two, hidden: true, now: NOW + 1 },
      { w: two, hidden: false, now: NOW + 2 },
      { w: two, hidden: true, now: NOW + 3 },
      { w: two, hidden: true, now: NOW + 3 + 2 * REMINDER_MS },
    ]
    expect(run(back)).toEqual([null, AlertSound.newChat, null, null, null])
    const read = watch([summary('a', { unread: { [ME]: 0 } }), summary('b', { unread: { [ME]: 0 } })])
    const allRead = [
      { w: base, hidden: true, now: NOW },
      { w: two, hidden: true, now: NOW + 1 },
      { w: read, hidden: true, now: NOW + 2 },
      { w: read, hidden: true, now: NOW + 2 * REMINDER_MS },
    ]
    expect(run(allRead)).toEqual([null, AlertSound.newChat, null, null])
  })

  it('no reminder without a sound first: unread chats alone, while hidden, stay quiet', () => {
    const looks = [0, 1, 2, 3].map((i) => ({ w: base, hidden: true, now: NOW + i * REMINDER_MS }))
    expect(run(looks)).toEqual([null, null, null, null])
  })

  it('property: nothing sounds while the app is visible, nor at the first look; a reminder comes a minute after the last sound at the earliest', () => {
    const chat = fc.record({ id: fc.constantFrom('a', 'b', 'c'), inbound: fc.nat(3), read: fc.boolean() })
    const look = fc.record({
      chats: fc.array(chat, { maxLength: 3 }),
      hidden: fc.boolean(),
      dt: fc.nat(90_000),
    })
    fc.assert(
      fc.property(fc.array(look, { maxLength: 12 }), (looks) => {
        let state: AlertState = INITIAL_ALERTS
        let now = NOW
        let lastSound: number | null = null
        for (const [i, l] of looks.entries()) {
          now += l.dt
          const w = watch(
            l.chats.map((c) => summary(c.id, { inbound: c.inbound, unread: c.read ? { [ME]: 0 } : {} })),
            [],
            now,
          )
          const next = nextAlerts(state, w, { hidden: l.hidden, now })
          if (!l.hidden || i === 0) expect(next.alert).toBeNull()
          if (!l.hidden) lastSound = null
          if (next.alert?.sound === AlertSound.reminder) {
            expect(lastSound).not.toBeNull()
            expect(now - lastSound!).toBeGreaterThanOrEqual(REMINDER_MS)
          }
          if (next.alert) lastSound = now
          state = next.state
        }
      }),
    )
  })

  it('the three sounds differ in length, so a listener (and a browser test) tells them apart', () => {
    const lengths = Object.values(SOUND_SECONDS)
    expect(new Set(lengths).size).toBe(3)
    for (const s of lengths) expect(s).toBeLessThan(1)
  })

  it('sounds are on unless the operator turned them off', () => {
    expect(soundsOn(null)).toBe(true)
    expect(soundsOn('on')).toBe(true)
    expect(soundsOn('off')).toBe(false)
  })
})

/** A keydown with focus on `target` (a fake element answering `closest` for the selectors we ask). */
const press = (over: Partial<KeyPress> & { key: string }, target: KeyPress['target'] = null): KeyPress => ({
  code: '',
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  target,
  ...over,
})

const element = (kind: 'textarea-in-composer' | 'textarea-in-dialog' | 'search' | 'button'): EventTarget =>
  ({
    closest: (selector: string) => {
      const isField = kind !== 'button'
      if (selector.includes('textarea')) return isField ? element(kind) : null
      if (selector === '.composer') return kind.includes('composer') ? {} : null
      if (selector === 'dialog') return kind.includes('dialog') ? {} : null
      return null
    },
  }) as unknown as EventTarget

const which = (p: KeyPress): HotkeyId[] => HOTKEY_IDS.filter((id) => isHotkey(HOTKEYS[id], p))

describe('seed 003: hotkeys', () => {
  it('each key of the seed’s list is one hotkey', () => {
    expect(which(press({ key: 'Enter', ctrlKey: true }))).toEqual(['send'])
    expect(which(press({ key: 'Enter', metaKey: true }))).toEqual(['send'])
    expect(which(press({ key: 'Enter', shiftKey: true }))).toEqual(['markRead'])
    expect(which(press({ key: 'ArrowUp', ctrlKey: true, shiftKey: true }))).toEqual(['previousChat'])
    expect(which(press({ key: 'ArrowDown', ctrlKey: true, shiftKey: true }))).toEqual(['nextChat'])
    expect(which(press({ key: 'S', code: 'KeyS', ctrlKey: true, shiftKey: true }))).toEqual(['contactCard'])
    expect(which(press({ key: 'Escape' }))).toEqual(['closeCard'])
    expect(which(press({ key: 'A', code: 'KeyA', ctrlKey: true, shiftKey: true }))).toEqual(['mention'])
    expect(which(press({ key: '/', code: 'Slash', ctrlKey: true }))).toEqual(['help'])
    expect(which(press({ key: 'F1', code: 'F1' }))).toEqual(['help'])
    // Plain keys are nobody's.
    expect(which(press({ key: 'Enter' }))).toEqual([])
    expect(which(press({ key: 'ArrowDown', ctrlKey: true }))).toEqual([])
    expect(which(press({ key: 's', code: 'KeyS', ctrlKey: true }))).toEqual([])
  })

  it('letters match by the physical key too: Ctrl+Shift+S in a Russian layout types «Ы»', () => {
    expect(which(press({ key: 'Ы', code: 'KeyS', ctrlKey: true, shiftKey: true }))).toEqual(['contactCard'])
    expect(which(press({ key: 'Ф', code: 'KeyA', ctrlKey: true, shiftKey: true }))).toEqual(['mention'])
  })

  it('Shift+Enter marks read outside fields and in the composer, not in a dialog’s field or the search', () => {
    const shiftEnter = (target: EventTarget | null) => which(press({ key: 'Enter', shiftKey: true }, target))
    expect(shiftEnter(element('button'))).toEqual(['markRead'])
    expect(shiftEnter(element('textarea-in-composer'))).toEqual(['markRead'])
    expect(shiftEnter(element('textarea-in-dialog'))).toEqual([])
    expect(shiftEnter(element('search'))).toEqual([])
    // The others work from any field: switching chats while typing is what they are for.
    expect(which(press({ key: 'ArrowDown', ctrlKey: true, shiftKey: true }, element('search')))).toEqual([
      'nextChat',
    ])
  })

  it('the help lists every hotkey with its keys and words', () => {
    for (const id of HOTKEY_IDS) {
      expect(HOTKEYS[id].keys.length).toBe(HOTKEYS[id].combos.length)
      expect(HOTKEYS[id].label).toMatch(/^hk/)
    }
    expect(HOTKEY_IDS).toEqual([
      'send',
      'markRead',
      'previousChat',
      'nextChat',
      'contactCard',
      'closeCard',
      'mention',
      'help',
    ])
  })

  it('Ctrl+Shift+↑/↓ steps through the list as shown, stopping at the ends', () => {
    const shown = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
    expect(stepChat(shown, 'b', 1)).toBe('c')
    expect(stepChat(shown, 'b', -1)).toBe('a')
    expect(stepChat(shown, 'c', 1)).toBe('c')
    expect(stepChat(shown, 'a', -1)).toBe('a')
    expect(stepChat(shown, null, 1)).toBe('a')
    expect(stepChat(shown, null, -1)).toBe('c')
    expect(stepChat(shown, 'gone', 1)).toBe('a')
    expect(stepChat([], 'a', 1)).toBeNull()
  })
})
