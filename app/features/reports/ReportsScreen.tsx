/**
 * «Отчёты» (issue 7 §2): in place of the chat list and the chat, the numbers of a period per operator or per
 * channel, the charts, the customers' feedback and the CSV export. Admins see everyone; an operator sees their
 * own numbers (the server answers nothing else), so their screen says so and leaves out the operator picker and
 * the comparison between operators. Online only: offline it says so, keeping the last numbers with their time.
 */
import { type Accessor, createEffect, type JSX, on, onMount, Show } from 'solid-js'
import type { Role } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { localTimeZone } from '../../state/report-period'
import { createReports } from '../../state/reports'
import { createReportsApi } from '../../sync'
import { FormFailure } from '../settings/FormFailure'
import { CompareChart } from './CompareChart'
import { DailyChart } from './DailyChart'
import { formatDays } from './format'
import { RatingsList } from './RatingsList'
import { ReasonsChart } from './ReasonsChart'
import { ReportControls } from './ReportControls'
import { ReportTable } from './ReportTable'
import { SatisfactionChart } from './SatisfactionChart'
import { saveFile } from './save-file'

export const ReportsScreen = (props: {
  token: string
  operator: { readonly id: string; readonly name: string; readonly role: Role }
  directory: DirectoryState
  online: Accessor<boolean>
  onClose: () => void
}): JSX.Element => {
  const { t, locale } = useI18n()
  const admin = props.operator.role === 'admin'
  const reports = createReports({
    api: createReportsApi(props.token),
    tz: localTimeZone(),
    now: () => Date.now(),
    online: props.online,
    admin,
  })
  onMount(() => void reports.reload())
  // Back online: load what was chosen meanwhile, or the first numbers.
  createEffect(
    on(
      props.online,
      (online) => {
        if (online && (reports.stale() || reports.report() === null)) void reports.reload()
      },
      { defer: true },
    ),
  )
  const periodText = () => {
    const shown = reports.shown()
    return shown ? formatDays(shown.firstDay, shown.lastDay, locale()) : ''
  }
  const anything = () =>
    (reports.report()?.rows.length ?? 0) > 0 ||
    (reports.series()?.days.some((d) => d.started > 0 || d.closed > 0) ?? false)
  // An operator's own row compared with nobody is no comparison; per channel it still is.
  const compare = () => {
    const report = reports.report()
    return report !== null && report.rows.length > 0 && (admin || report.by === 'channel')
  }
  const exportCsv = async (): Promise<void> => {
    const file = await reports.exportCsv(locale())
    if (file) saveFile(file)
  }
  return (
    <section class="zone reports" aria-label={t('rptTitle')} aria-busy={reports.loading()}>
      <header class="settings-header">
        <h2>{t('rptTitle')}</h2>
        <div class="report-actions">
          <button
            type="button"
            disabled={!props.online() || reports.exporting() || reports.period() === null}
            onClick={() => void exportCsv()}
          >
            {t('rptExport')}
          </button>
          <button type="button" class="ghost" onClick={props.onClose}>
            {t('backToChats')}
          </button>
        </div>
      </header>
      <Show when={!admin}>
        <p class="report-own">{t('rptOwnNumbers', { name: props.operator.name })}</p>
      </Show>
      <ReportControls reports={reports} directory={props.directory} admin={admin} />
      <Show when={!props.online()}>
        <output class="notice">
          {reports.loadedAt() === null
            ? t('rptOffline')
            : reports.stale()
              ? t('rptStale')
              : t('rptOfflineStale', { time: formatFullTime(reports.loadedAt()!, locale()) })}
        </output>
      </Show>
      <FormFailure failure={reports.failure() ?? reports.exportFailure()} />
      <Show when={reports.loading() && reports.report() === null}>
        <p class="empty">{t('rptLoading')}</p>
      </Show>
      <Show when={reports.report()}>
        {(report) => (
          <>
            <ReportTable report={report()} caption={t('rptTable', { period: periodText() })} />
            <Show when={anything()} fallback={<p class="empty">{t('rptNothing')}</p>}>
              <section class="report-charts" aria-label={t('rptCharts')}>
                <Show when={reports.series()}>
                  {(series) => <DailyChart series={series()} period={periodText()} />}
                </Show>
                <Show when={compare()}>
                  <CompareChart rows={report().rows} by={report().by} />
                </Show>
                <ReasonsChart reasons={report().totals.closeReasons} />
                {/* Ratings per day only when there are any: the feedback below says when there are none. */}
                <Show when={report().totals.satisfaction.count > 0 && reports.series()}>
                  {(series) => (
                    <SatisfactionChart series={series()} satisfaction={report().totals.satisfaction} />
                  )}
                </Show>
              </section>
            </Show>
            <RatingsList reports={reports} directory={props.directory} online={props.online()} />
          </>
        )}
      </Show>
    </section>
  )
}
