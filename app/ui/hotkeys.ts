/**
 * The app's hotkeys (seed 003, «Список горячих клавиш в разделе Чаты»), named once: the keys of each, where it
 * works, and the words the help overlay shows. A feature binds its own with `createHotkeys` where its action lives
 * (the composer its send, the contact card its Esc); the help lists every hotkey here, bound or not yet.
 *
 * Keys are matched by the physical key (`code`) as well as by the character, so Ctrl+Shift+S works in a Russian
 * layout too (there the key types «Ы»). Ctrl is ⌘ on a Mac. A keydown some element already handled
 * (`defaultPrevented`, the composer's own Ctrl+Enter) is left alone.
 */
import { onCleanup } from 'solid-js'
import type { MessageKey } from '../i18n'

export interface Combo {
  /** `KeyboardEvent.code`: the physical key. */
  readonly code?: string
  /** `KeyboardEvent.key`: the character or the named key. */
  readonly key?: string
  /** Ctrl, or ⌘ on a Mac. */
  readonly mod?: boolean
  readonly shift?: boolean
  readonly alt?: boolean
}

/** Where focus may be for a hotkey to work: anywhere, not in a text field, or in some fields only. */
export type FieldRule = boolean | ((field: Element) => boolean)

export interface Hotkey {
  readonly combos: readonly Combo[]
  /** As the help shows them, one list per combo: `[['Ctrl', 'Shift', '↑']]`. */
  readonly keys: readonly (readonly string[])[]
  readonly label: MessageKey
  /** A note under the label in the help, if any. */
  readonly note?: MessageKey
  /** Whether it works while focus is in a text field (`true`: everywhere). */
  readonly inFields: FieldRule
}

/**
 * [seed 003] Shift+Enter marks the open chat read. Outside text fields, and in the composer's box too, where it
 * does not start a new line: Enter alone does that there (seed 003: Enter breaks the line, Ctrl+Enter sends), so
 * the key means one thing wherever the operator types their answer. In any other field (a dialog's comment, the
 * search) it keeps its usual meaning.
 */
const inComposer = (field: Element): boolean =>
  field.closest('.composer') !== null && !field.closest('dialog')

export const HOTKEYS = {
  send: {
    combos: [{ key: 'Enter', mod: true }],
    keys: [['Ctrl', 'Enter']],
    label: 'hkSend',
    inFields: true,
  },
  markRead: {
    combos: [{ key: 'Enter', shift: true }],
    keys: [['Shift', 'Enter']],
    label: 'hkMarkRead',
    note: 'hkMarkReadNote',
    inFields: inComposer,
  },
  previousChat: {
    combos: [{ key: 'ArrowUp', mod: true, shift: true }],
    keys: [['Ctrl', 'Shift', '↑']],
    label: 'hkPreviousChat',
    inFields: true,
  },
  nextChat: {
    combos: [{ key: 'ArrowDown', mod: true, shift: true }],
    keys: [['Ctrl', 'Shift', '↓']],
    label: 'hkNextChat',
    inFields: true,
  },
  contactCard: {
    combos: [{ code: 'KeyS', key: 's', mod: true, shift: true }],
    keys: [['Ctrl', 'Shift', 'S']],
    label: 'hkContactCard',
    inFields: true,
  },
  closeCard: {
    combos: [{ key: 'Escape' }],
    keys: [['Esc']],
    label: 'hkCloseCard',
    inFields: true,
  },
  mention: {
    combos: [{ code: 'KeyA', key: 'a', mod: true, shift: true }],
    keys: [['Ctrl', 'Shift', 'A']],
    label: 'hkMention',
    inFields: true,
  },
  help: {
    combos: [{ code: 'Slash', key: '/', mod: true }, { key: 'F1' }],
    keys: [['Ctrl', '/'], ['F1']],
    label: 'hkHelp',
    inFields: true,
  },
} as const satisfies Record<string, Hotkey>

export type HotkeyId = keyof typeof HOTKEYS
/** In the order the help lists them. */
export const HOTKEY_IDS = Object.keys(HOTKEYS) as HotkeyId[]

/** The part of a keydown the matcher reads (a KeyboardEvent is one). */
export interface KeyPress {
  readonly key: string
  readonly code: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly shiftKey: boolean
  readonly altKey: boolean
  readonly target: EventTarget | null
}

const FIELDS = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])'

/** The text field focus is in, if it is in one. */
export const fieldOf = (target: EventTarget | null): Element | null => {
  const el = target as Partial<Element> | null
  return typeof el?.closest === 'function' ? (el.closest(FIELDS) as Element | null) : null
}

export const matchesCombo = (combo: Combo, press: KeyPress): boolean =>
  (combo.code !== undefined && press.code === combo.code) ||
  (combo.key !== undefined && press.key.toLowerCase() === combo.key.toLowerCase())
    ? (press.ctrlKey || press.metaKey) === (combo.mod ?? false) &&
      press.shiftKey === (combo.shift ?? false) &&
      press.altKey === (combo.alt ?? false)
    : false

/** Whether a keydown is this hotkey, where focus is. */
export const isHotkey = (hotkey: Hotkey, press: KeyPress): boolean => {
  if (!hotkey.combos.some((combo) => matchesCombo(combo, press))) return false
  const field = fieldOf(press.target)
  if (field === null || hotkey.inFields === true) return true
  return typeof hotkey.inFields === 'function' && hotkey.inFields(field)
}

export type HotkeyHandlers = Partial<Record<HotkeyId, (event: KeyboardEvent) => void>>

/** Calls the handler of the hotkey pressed (its default action prevented); returns the function that stops. */
export const makeHotkeys = (target: EventTarget, handlers: HotkeyHandlers): (() => void) => {
  const onKeyDown = (event: Event): void => {
    const press = event as KeyboardEvent
    if (press.defaultPrevented || press.isComposing) return
    for (const id of HOTKEY_IDS) {
      const handler = handlers[id]
      if (handler && isHotkey(HOTKEYS[id], press)) {
        press.preventDefault()
        handler(press)
        return
      }
    }
  }
  target.addEventListener('keydown', onKeyDown)
  return () => target.removeEventListener('keydown', onKeyDown)
}

/** `makeHotkeys` on the document for the owner's life. */
export const createHotkeys = (handlers: HotkeyHandlers): void => {
  onCleanup(makeHotkeys(document, handlers))
}
