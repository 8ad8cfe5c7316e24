/**
 * What the report is about: the period (presets or two days of one's own), the grouping, a channel and, for an
 * admin, one operator. Each change asks the server again.
 */
import { For, type JSX, Show } from 'solid-js'
import { type MessageKey, useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import {
  MAX_PERIOD_DAYS,
  PERIOD_PRESETS,
  type PeriodPreset,
  type PeriodProblem,
} from '../../state/report-period'
import type { ReportsState } from '../../state/reports'

const PRESET_LABEL = {
  today: 'rptToday',
  yesterday: 'rptYesterday',
  last7: 'rptLast7',
  last30: 'rptLast30',
  thisMonth: 'rptThisMonth',
  lastMonth: 'rptLastMonth',
  custom: 'rptCustom',
} as const satisfies Record<PeriodPreset, MessageKey>

const PROBLEM_TEXT = {
  missing: 'rptPeriodMissing',
  reversed: 'rptPeriodReversed',
  tooLong: 'rptPeriodTooLong',
} as const satisfies Record<PeriodProblem, MessageKey>

const ALL = ''

export const ReportControls = (props: {
  reports: ReportsState
  directory: DirectoryState
  admin: boolean
}): JSX.Element => {
  const { t } = useI18n()
  const r = props.reports
  const setDay = (which: 'first' | 'last', value: string): void => {
    void r.setCustomDays({ ...r.customDays(), [which]: value })
  }
  return (
    <form class="report-controls" aria-label={t('rptControls')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('rptPeriod')}
        <select value={r.preset()} onChange={(e) => void r.setPreset(e.currentTarget.value as PeriodPreset)}>
          <For each={PERIOD_PRESETS}>
            {(preset) => (
              <option value={preset} selected={r.preset() === preset}>
                {t(PRESET_LABEL[preset])}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={r.preset() === 'custom'}>
        <label>
          {t('rptFirstDay')}
          <input
            type="date"
            value={r.customDays().first}
            onChange={(e) => setDay('first', e.currentTarget.value)}
          />
        </label>
        <label>
          {t('rptLastDay')}
          <input
            type="date"
            value={r.customDays().last}
            onChange={(e) => setDay('last', e.currentTarget.value)}
          />
        </label>
      </Show>
      <fieldset class="report-grouping">
        <legend>{t('rptGrouping')}</legend>
        <label>
          <input
            type="radio"
            name="report-by"
            checked={r.by() === 'operator'}
            onChange={() => void r.setBy('operator')}
          />
          {t('rptByOperator')}
        </label>
        <label>
          <input
            type="radio"
            name="report-by"
            checked={r.by() === 'channel'}
            onChange={() => void r.setBy('channel')}
          />
          {t('rptByChannel')}
        </label>
      </fieldset>
      <label>
        {t('channel')}
        <select
          value={r.channel() ?? ALL}
          onChange={(e) => void r.setChannel(e.currentTarget.value === ALL ? null : e.currentTarget.value)}
        >
          <option value={ALL}>{t('allChannels')}</option>
          <For each={props.directory.channels()}>
            {(channel) => (
              <option value={channel.id} selected={r.channel() === channel.id}>
                {channel.name}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={props.admin}>
        <label>
          {t('operator')}
          <select
            value={r.operator() ?? ALL}
            onChange={(e) => void r.setOperator(e.currentTarget.value === ALL ? null : e.currentTarget.value)}
          >
            <option value={ALL}>{t('allOperators')}</option>
            <For
              each={[...props.directory.operators().values()].sort((a, b) => a.name.localeCompare(b.name))}
            >
              {(op) => (
                <option value={op.id} selected={r.operator() === op.id}>
                  {op.name}
                </option>
              )}
            </For>
          </select>
        </label>
      </Show>
      <Show when={r.problem()}>
        {(problem) => (
          <p class="error" role="alert">
            {t(PROBLEM_TEXT[problem()], { n: MAX_PERIOD_DAYS })}
          </p>
        )}
      </Show>
    </form>
  )
}
