/**
 * The inbox's own hotkeys (ui/hotkeys.ts): Shift+Enter marks the open chat read, Ctrl+Shift+↑/↓ opens the previous
 * or next chat of the list as it is shown, Ctrl+/ or F1 the help. The composer, the contact card and the mention
 * picker bind theirs where they live.
 */
import type { Accessor } from 'solid-js'
import { markRead, operatorContext, readChatMeta } from '../../../model'
import type { InboxState } from '../../state/inbox'
import type { Session } from '../../sync'
import { createHotkeys } from '../../ui/hotkeys'

/**
 * The chat `step` rows from the selected one in the list shown, staying at the ends; with none selected (or one
 * no longer in the list) ↓ opens the first and ↑ the last. `null` for an empty list.
 */
export const stepChat = (
  shown: readonly { readonly id: string }[],
  selected: string | null,
  step: 1 | -1,
): string | null => {
  if (shown.length === 0) return null
  const at = selected === null ? -1 : shown.findIndex((c) => c.id === selected)
  const next = at < 0 ? (step > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, at + step))
  return shown[next]?.id ?? null
}

export interface InboxHotkeyDeps {
  readonly session: Session
  readonly operatorId: string
  readonly inbox: InboxState
  readonly selected: Accessor<string | null>
  select(chatId: string): void
  openHelp(): void
}

export const createInboxHotkeys = (deps: InboxHotkeyDeps): void => {
  const move = (step: 1 | -1): void => {
    const next = stepChat(deps.inbox.visible(), deps.selected(), step)
    if (next !== null) deps.select(next)
  }
  createHotkeys({
    markRead: () => {
      const open = deps.session.openChats().find((c) => c.chatId === deps.selected())
      if (open && readChatMeta(open.live.doc) !== null)
        markRead(open.live.doc, operatorContext(deps.operatorId, Date.now()))
    },
    previousChat: () => move(-1),
    nextChat: () => move(1),
    help: () => deps.openHelp(),
  })
}
