/**
 * Above the chat list: the operator dropdown, «Фильтры» opening the panel, and the filters in effect as removable
 * chips with «Сбросить» (seeds 000 and 001). The folders' counters do not follow the filters.
 */
import { createEffect, createSignal, For, type JSX, onCleanup, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { type FilterChip, filterChips, NO_FILTERS, withoutChip } from '../../state/filters'
import type { InboxState } from '../../state/inbox'
import { FilterPanel, REPLY_KEY, STATUS_KEY } from './FilterPanel'
import { OperatorFilter } from './OperatorFilter'

const PANEL_ID = 'chat-filters'

export const FilterBar = (props: { inbox: InboxState; directory: DirectoryState }): JSX.Element => {
  const { t } = useI18n()
  const [open, setOpen] = createSignal(false)
  let toggle: HTMLButtonElement | undefined
  // While the panel is open, Esc closes it and gives the focus back to its button.
  createEffect(() => {
    if (!open()) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return
      setOpen(false)
      toggle?.focus()
    }
    document.addEventListener('keydown', onKey)
    onCleanup(() => document.removeEventListener('keydown', onKey))
  })
  const chips = () => filterChips(props.inbox.filters(), props.inbox.statusOn())
  const label = (chip: FilterChip): string => {
    switch (chip.kind) {
      case 'tag':
        return chip.value
      case 'status':
        return t(STATUS_KEY[chip.value])
      case 'reply':
        return t(REPLY_KEY[chip.value])
      case 'channel':
        return props.directory.channel(chip.value)?.name ?? chip.value
      case 'operator':
        return props.directory.operatorName(chip.value) ?? chip.value
    }
  }
  return (
    <div class="filter-bar">
      <div class="list-filters">
        <OperatorFilter inbox={props.inbox} directory={props.directory} />
        <button
          ref={toggle}
          type="button"
          class="filters-toggle"
          aria-expanded={open()}
          aria-controls={PANEL_ID}
          onClick={() => setOpen(!open())}
        >
          {t('fltButton')}
          <Show when={chips().length > 0}>
            <span class="count" aria-hidden="true">
              {chips().length}
            </span>
          </Show>
        </button>
      </div>
      <Show when={open()}>
        <FilterPanel id={PANEL_ID} inbox={props.inbox} directory={props.directory} />
      </Show>
      <Show when={chips().length > 0}>
        <div class="filter-chips">
          <ul aria-label={t('fltActive')}>
            <For each={chips()}>
              {(chip) => (
                <li>
                  <button
                    type="button"
                    class="chip"
                    aria-label={t('fltRemove', { name: label(chip) })}
                    onClick={() => props.inbox.setFilters(withoutChip(props.inbox.filters(), chip))}
                  >
                    {label(chip)}
                    <span aria-hidden="true"> ×</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="filters-reset" onClick={() => props.inbox.setFilters(NO_FILTERS)}>
            {t('fltReset')}
          </button>
        </div>
      </Show>
    </div>
  )
}
