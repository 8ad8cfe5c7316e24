/**
 * The @mention list of the comment field: which operators match what is typed after an `@` at the caret, which
 * one is active, and picking one into the text (mentions.ts has the rules). Escape closes the list until another
 * `@` is typed.
 */
import { type Accessor, createMemo, createSignal } from 'solid-js'
import type { OperatorPublic } from '../../../model'
import { type MentionQuery, matchMentionable, mentionQuery, pickMention } from '../../state/mentions'

export interface MentionInput {
  /** The operators offered now (empty: the list is closed). */
  readonly matches: Accessor<readonly OperatorPublic[]>
  readonly active: Accessor<number>
  /** The field's text or caret changed. */
  refresh(field: HTMLTextAreaElement): void
  move(step: number): void
  dismiss(): void
  /** The field's new text and caret with `operator` picked, or `null` when no list is open. */
  pick(field: HTMLTextAreaElement, operator?: OperatorPublic): { text: string; caret: number } | null
}

export const createMentionInput = (
  enabled: Accessor<boolean>,
  people: Accessor<readonly OperatorPublic[]>,
): MentionInput => {
  const [query, setQuery] = createSignal<MentionQuery | null>(null)
  const [active, setActive] = createSignal(0)
  let dismissedAt: number | null = null
  const matches = createMemo(() => {
    const q = query()
    return q && enabled() ? matchMentionable(q.query, people()) : []
  })
  return {
    matches,
    active,
    refresh(field) {
      const q = mentionQuery(field.value, field.selectionStart)
      if (q === null || q.start !== dismissedAt) dismissedAt = null
      const next = q !== null && q.start !== dismissedAt ? q : null
      if (next?.start !== query()?.start) setActive(0)
      setQuery(next)
    },
    move(step) {
      const n = matches().length
      if (n > 0) setActive((i) => (i + step + n) % n)
    },
    dismiss() {
      dismissedAt = query()?.start ?? null
      setQuery(null)
    },
    pick(field, operator) {
      const q = query()
      const chosen = operator ?? matches()[active()]
      if (!q || !chosen) return null
      // The picked name is a query of its own now: the list stays closed until another `@`.
      dismissedAt = q.start
      setQuery(null)
      return pickMention(field.value, q, field.selectionStart, chosen.name)
    },
  }
}
