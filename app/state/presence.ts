/**
 * Presence → Solid [PRS1]: who types in the open chat and our own typing (the chat doc's Awareness), who is in
 * the chats of the list (the server's summary on the index doc's Awareness); never written to a doc.
 */
import { type Accessor, createMemo, createSignal, onCleanup } from 'solid-js'
import type { Awareness } from 'y-protocols/awareness'
import {
  type NameOf,
  othersIn,
  type PresentOperator,
  presenceRows,
  TYPING_IDLE_MS,
  type TypingPhrase,
  typingIn,
  typingPhrase,
} from '../../model'
import type { Session } from '../sync'

/** Every state on an awareness (ours included), read again when one changes. */
export const createAwarenessStates = (awareness: Awareness | null): Accessor<readonly unknown[]> => {
  const read = (): unknown[] => (awareness ? [...awareness.getStates().values()] : [])
  const [states, setStates] = createSignal<readonly unknown[]>(read())
  if (awareness) {
    const onChange = (): void => {
      setStates(read())
    }
    awareness.on('change', onChange)
    onCleanup(() => awareness.off('change', onChange))
  }
  return states
}

/** The open chat's typing line: «Вы печатаете…», «Вы, Иван печатают…», «Иван печатает…», or nothing. */
export const createTypingLine = (
  awareness: Awareness | null,
  chatId: string,
  operatorId: string,
  nameOf: NameOf,
): Accessor<TypingPhrase | null> => {
  const states = createAwarenessStates(awareness)
  return createMemo(() => typingPhrase(typingIn(states(), chatId, operatorId, nameOf)), null, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  })
}

export interface Typing {
  /** The composer's text changed: typing while there is some, for `idleMs` after the last keystroke. */
  input(text: string): void
  /** Sent, or left: not typing any more. */
  stop(): void
}

/** Our `typing` in the chat's presence; it ends on its own, and when the owner (the chat pane) goes. */
export const createTyping = (
  awareness: Awareness | null,
  chatId: string,
  idleMs = TYPING_IDLE_MS,
): Typing => {
  let timer: ReturnType<typeof setTimeout> | null = null
  const set = (typing: string | null): void => {
    const state = awareness?.getLocalState()
    // Only a change is announced: every setLocalState goes out on the socket.
    if (awareness && state && state.typing !== typing) awareness.setLocalStateField('typing', typing)
  }
  const stop = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
    set(null)
  }
  onCleanup(stop)
  return {
    input(text) {
      if (text.trim() === '') {
        stop()
        return
      }
      set(chatId)
      if (timer) clearTimeout(timer)
      timer = setTimeout(stop, idleMs)
    },
    stop,
  }
}

export interface RowPresence {
  readonly typing: readonly PresentOperator[]
  readonly viewing: readonly PresentOperator[]
}

const NOBODY: RowPresence = { typing: [], viewing: [] }

/**
 * Who else types in or views each chat of the list, every row of it [PRS5]: from the server's presence summary
 * on the index doc's awareness [PRS7], so a chat whose doc this tab has not opened shows too.
 */
export const createListPresence = (
  session: Session,
  operatorId: string,
  nameOf: NameOf,
): ((chatId: string) => RowPresence) => {
  const states = createAwarenessStates(session.index.awareness)
  const rows = createMemo(() => presenceRows(states()))
  return (chatId) => {
    const row = rows().get(chatId)
    return row ? othersIn(row, operatorId, nameOf) : NOBODY
  }
}
