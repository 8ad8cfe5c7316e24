/**
 * The report's table: a row per operator or channel and the totals (over every chat, so an episode two operators
 * took counts once there). Durations in words, a missing value as «—».
 */
import { For, type JSX } from 'solid-js'
import type { Report, ReportRow } from '../../../model'
import { useI18n } from '../../i18n'
import { ChannelBadge } from '../../ui/ChannelBadge'
import { formatCount, formatDuration, formatPercent, formatScore } from './format'
import { REASON_LABEL } from './ReasonsChart'

const REASONS = ['solved', 'no_reply', 'other', 'none'] as const

const Cells = (props: { row: ReportRow }): JSX.Element => {
  const { locale } = useI18n()
  const count = (n: number) => formatCount(n, locale())
  const time = (ms: number | null) => formatDuration(ms, locale())
  const r = () => props.row
  return (
    <>
      <td>{count(r().taken)}</td>
      <td>{count(r().closed)}</td>
      <td class="time">{time(r().firstResponse.median)}</td>
      <td class="time">{time(r().firstResponse.p90)}</td>
      <td class="time">{time(r().resolution.median)}</td>
      <td class="time">{time(r().resolution.p90)}</td>
      <td>{count(r().messages)}</td>
      <For each={REASONS}>{(reason) => <td>{count(r().closeReasons[reason])}</td>}</For>
      <td>{count(r().satisfaction.count)}</td>
      <td>{formatScore(r().satisfaction.average, locale())}</td>
      <td>{formatPercent(r().satisfaction.csat, locale())}</td>
      <td>{formatScore(r().customerRating.average, locale())}</td>
    </>
  )
}

export const ReportTable = (props: { report: Report; caption: string }): JSX.Element => {
  const { t } = useI18n()
  return (
    <div class="report-table-box">
      <table class="report-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t(props.report.by === 'operator' ? 'operator' : 'channel')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('rptTaken')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('rptClosed')}
            </th>
            <th scope="colgroup" colSpan={2}>
              {t('rptFirstResponse')}
            </th>
            <th scope="colgroup" colSpan={2}>
              {t('rptResolution')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('rptMessages')}
            </th>
            <th scope="colgroup" colSpan={4}>
              {t('rptCloseReasons')}
            </th>
            <th scope="colgroup" colSpan={3}>
              {t('rptRatings')}
            </th>
            <th scope="col" rowSpan={2} title={t('rptCustomerRatingHint')}>
              {t('rptCustomerRating')}
            </th>
          </tr>
          <tr>
            <th scope="col">{t('rptMedian')}</th>
            <th scope="col" title={t('rptP90Hint')}>
              {t('rptP90')}
            </th>
            <th scope="col">{t('rptMedian')}</th>
            <th scope="col" title={t('rptP90Hint')}>
              {t('rptP90')}
            </th>
            <For each={REASONS}>{(reason) => <th scope="col">{t(REASON_LABEL[reason])}</th>}</For>
            <th scope="col">{t('rptRatingCount')}</th>
            <th scope="col">{t('rptRatingAverage')}</th>
            <th scope="col" title={t('rptCsatHint')}>
              {t('rptCsat')}
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.report.rows}>
            {(row) => (
              <tr>
                <th scope="row">
                  {row.kind && <ChannelBadge kind={row.kind} />}
                  {row.name}
                </th>
                <Cells row={row} />
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('rptTotal')}</th>
            <Cells row={props.report.totals} />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
