/**
 * The filters' panel under «Фильтры»: status (in Mine and All), answered / waiting for a reply, channel and the
 * contacts' tags (seeds 000 and 001). Every change goes straight to the list; native checkboxes, radios and a
 * select, each with its label, so a keyboard and a screen reader use it as they use any form.
 */
import { createMemo, For, type JSX, Show } from 'solid-js'
import type { Status } from '../../../model'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { type ListFilters, ReplyFilter, STATUSES, tagOptions, toggled } from '../../state/filters'
import type { InboxState } from '../../state/inbox'

export const STATUS_KEY = {
  open: 'statusOpen',
  in_work: 'statusInWork',
  closed: 'statusClosed',
} as const satisfies Record<Status, string>
export const REPLY_KEY = { answered: 'fltAnswered', waiting: 'fltWaiting' } as const satisfies Record<
  ReplyFilter,
  string
>
const ANY = ''

export const FilterPanel = (props: {
  id: string
  inbox: InboxState
  directory: DirectoryState
}): JSX.Element => {
  const { t } = useI18n()
  const f = () => props.inbox.filters()
  const set = (change: Partial<ListFilters>) => props.inbox.setFilters({ ...f(), ...change })
  const tags = createMemo(() => tagOptions(props.inbox.chats(), f().tags))
  return (
    <section class="filter-panel" id={props.id} aria-label={t('fltPanel')}>
      <Show when={props.inbox.statusOn()} fallback={<p class="filter-note">{t('fltStatusElsewhere')}</p>}>
        <fieldset>
          <legend>{t('status')}</legend>
          <For each={STATUSES}>
            {(status) => (
              <label>
                <input
                  type="checkbox"
                  checked={f().statuses.includes(status)}
                  onChange={(e) => set({ statuses: toggled(f().statuses, status, e.currentTarget.checked) })}
                />{' '}
                {t(STATUS_KEY[status])}
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <fieldset>
        <legend>{t('fltReply')}</legend>
        <For each={[null, ReplyFilter.answered, ReplyFilter.waiting] as const}>
          {(reply) => (
            <label>
              <input
                type="radio"
                name={`${props.id}-reply`}
                checked={f().reply === reply}
                onChange={() => set({ reply })}
              />{' '}
              {t(reply === null ? 'fltAnyReply' : REPLY_KEY[reply])}
            </label>
          )}
        </For>
      </fieldset>
      <label class="filter-select">
        {t('channel')}
        <select
          value={f().channel ?? ANY}
          onChange={(e) => set({ channel: e.currentTarget.value === ANY ? null : e.currentTarget.value })}
        >
          <option value={ANY}>{t('allChannels')}</option>
          <For each={props.directory.channels()}>
            {(c) => (
              <option value={c.id} selected={f().channel === c.id}>
                {c.name}
              </option>
            )}
          </For>
        </select>
      </label>
      <fieldset>
        <legend>{t('tags')}</legend>
        <For each={tags()} fallback={<p class="filter-note">{t('fltNoTags')}</p>}>
          {(tag) => (
            <label>
              <input
                type="checkbox"
                checked={f().tags.includes(tag)}
                onChange={(e) => set({ tags: toggled(f().tags, tag, e.currentTarget.checked) })}
              />{' '}
              {tag}
            </label>
          )}
        </For>
      </fieldset>
    </section>
  )
}
