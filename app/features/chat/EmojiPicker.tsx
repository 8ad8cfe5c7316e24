/**
 * «Эмодзи»: a button opening a grid of emoji by category (recently used first), searchable by an English or
 * Russian word. The keyboard works throughout: the search field takes the focus, ↓ or Tab goes into the grid,
 * the arrow keys move by what is on screen, Enter or a click inserts at the composer's caret, Escape closes and
 * gives the focus back to the composer.
 */
import { createMemo, createSignal, For, type JSX, onCleanup, Show } from 'solid-js'
import { type MessageKey, useI18n } from '../../i18n'
import { SmileIcon } from './composer-icons'
import { EMOJI, EMOJI_CATEGORIES, type Emoji, readRecentEmoji, rememberEmoji, searchEmoji } from './emoji'
import type { EmojiCategory } from './emoji-data'

const CATEGORY_KEY: Readonly<Record<EmojiCategory, MessageKey>> = {
  smileys: 'emojiSmileys',
  people: 'emojiPeople',
  symbols: 'emojiSymbols',
  nature: 'emojiNature',
  food: 'emojiFood',
  activities: 'emojiActivities',
  travel: 'emojiTravel',
  objects: 'emojiObjects',
}

type Direction = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'

/** The emoji button nearest on screen in that direction (the grid wraps by rows, with a heading between groups). */
const nextInDirection = (buttons: HTMLElement[], from: HTMLElement, key: Direction): HTMLElement | null => {
  const at = buttons.indexOf(from)
  if (key === 'ArrowLeft') return buttons[at - 1] ?? null
  if (key === 'ArrowRight') return buttons[at + 1] ?? null
  const box = from.getBoundingClientRect()
  const down = key === 'ArrowDown'
  const candidates = buttons.filter((b) => {
    const r = b.getBoundingClientRect()
    return down ? r.top > box.top + box.height / 2 : r.top < box.top - box.height / 2
  })
  const rowTop = down
    ? Math.min(...candidates.map((b) => b.getBoundingClientRect().top))
    : Math.max(...candidates.map((b) => b.getBoundingClientRect().top))
  const row = candidates.filter((b) => b.getBoundingClientRect().top === rowTop)
  const distance = (b: HTMLElement) => Math.abs(b.getBoundingClientRect().left - box.left)
  return row.sort((a, b) => distance(a) - distance(b))[0] ?? null
}

export const EmojiPicker = (props: {
  onPick: (emoji: string) => void
  /** Closed without a pick (Escape, the button again): the composer takes the focus back. */
  onClose: () => void
}): JSX.Element => {
  const { t, locale } = useI18n()
  const [open, setOpen] = createSignal(false)
  const [query, setQuery] = createSignal('')
  const [recent, setRecent] = createSignal<Emoji[]>([])
  let root: HTMLDivElement | undefined
  let grid: HTMLDivElement | undefined
  const results = createMemo(() => searchEmoji(query()))
  const groups = createMemo(() => {
    if (query().trim() !== '') return [{ label: null, items: results() }]
    const byCategory = EMOJI_CATEGORIES.map((c) => ({
      label: t(CATEGORY_KEY[c]),
      items: EMOJI.filter((e) => e.category === c),
    }))
    return recent().length > 0 ? [{ label: t('emojiRecent'), items: recent() }, ...byCategory] : byCategory
  })

  const onPointerDown = (e: PointerEvent): void => {
    if (!root?.contains(e.target as Node)) show(false)
  }
  const show = (next: boolean): void => {
    setOpen(next)
    if (next) {
      setQuery('')
      setRecent(readRecentEmoji(localStorage))
      document.addEventListener('pointerdown', onPointerDown)
    } else {
      document.removeEventListener('pointerdown', onPointerDown)
    }
  }
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown))
  const close = (): void => {
    show(false)
    props.onClose()
  }
  const pick = (emoji: Emoji): void => {
    rememberEmoji(localStorage, emoji.char)
    show(false)
    props.onPick(emoji.char)
  }
  const buttons = (): HTMLElement[] => [...(grid?.querySelectorAll<HTMLElement>('button') ?? [])]

  const onGridKey = (e: KeyboardEvent): void => {
    const key = e.key
    if (key !== 'ArrowLeft' && key !== 'ArrowRight' && key !== 'ArrowUp' && key !== 'ArrowDown') return
    e.preventDefault()
    const all = buttons()
    const next = nextInDirection(all, document.activeElement as HTMLElement, key)
    if (next) next.focus()
    else if (key === 'ArrowUp') root?.querySelector<HTMLInputElement>('input')?.focus()
  }

  return (
    <div class="emoji-picker" ref={root}>
      <button
        type="button"
        class="composer-tool"
        aria-label={t('emoji')}
        title={t('emoji')}
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={() => (open() ? close() : show(true))}
      >
        <SmileIcon />
      </button>
      <Show when={open()}>
        <div
          class="emoji-popup"
          role="dialog"
          aria-label={t('emoji')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault()
              e.stopPropagation()
              close()
            } else if (grid?.contains(e.target as Node)) {
              onGridKey(e)
            }
          }}
        >
          <input
            type="search"
            class="emoji-search"
            aria-label={t('emojiSearch')}
            placeholder={t('emojiSearch')}
            value={query()}
            ref={(el) => queueMicrotask(() => el.focus())}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault()
                buttons()[0]?.focus()
              } else if (e.key === 'Enter') {
                e.preventDefault()
                const first = results()[0]
                if (first) pick(first)
              }
            }}
          />
          <div class="emoji-grid" ref={grid}>
            <For each={groups()}>
              {(group, g) => (
                <fieldset class="emoji-group" aria-label={group.label ?? t('emojiSearch')}>
                  <Show when={group.label}>
                    {(label) => <legend class="emoji-heading">{label()}</legend>}
                  </Show>
                  <div class="emoji-row">
                    <For each={group.items}>
                      {(emoji, i) => (
                        <button
                          type="button"
                          class="emoji-button"
                          // One stop for Tab (the first emoji); the arrow keys move inside the grid.
                          tabIndex={g() === 0 && i() === 0 ? 0 : -1}
                          aria-label={emoji.name[locale()]}
                          title={emoji.name[locale()]}
                          onClick={() => pick(emoji)}
                        >
                          {emoji.char}
                        </button>
                      )}
                    </For>
                  </div>
                </fieldset>
              )}
            </For>
            <Show when={query().trim() !== '' && results().length === 0}>
              <p class="emoji-nothing">{t('emojiNothing')}</p>
            </Show>
          </div>
        </div>
      </Show>
    </div>
  )
}
