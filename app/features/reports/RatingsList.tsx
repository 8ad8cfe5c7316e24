/** The customers' ratings of the period with their comments, newest first, a page at a time («Ещё»). */
import { For, type JSX, Show } from 'solid-js'
import { formatFullTime, useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import type { ReportsState } from '../../state/reports'
import { ChannelBadge } from '../../ui/ChannelBadge'

const stars = (score: number): string => '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score))

export const RatingsList = (props: {
  reports: ReportsState
  directory: DirectoryState
  online: boolean
}): JSX.Element => {
  const { t, locale } = useI18n()
  const names = (ids: readonly string[]) => ids.map((id) => props.directory.operatorName(id) ?? id).join(', ')
  return (
    <section class="report-ratings" aria-labelledby="report-ratings-heading">
      <h3 id="report-ratings-heading">{t('rptFeedback')}</h3>
      <Show when={props.reports.ratings().length > 0} fallback={<p class="empty">{t('rptNoRatings')}</p>}>
        <ol class="report-rating-list">
          <For each={props.reports.ratings()}>
            {(item) => {
              const channel = props.directory.channel(item.channelId)
              return (
                <li class="report-rating-item">
                  <div class="report-rating-head">
                    <span
                      class="report-rating-stars"
                      role="img"
                      aria-label={t('rptScore', { score: item.score })}
                    >
                      {stars(item.score)}
                    </span>
                    <ChannelBadge kind={channel?.kind} />
                    <strong>{item.contactName || t('unnamedContact')}</strong>
                    <time dateTime={new Date(item.at).toISOString()}>
                      {formatFullTime(item.at, locale())}
                    </time>
                  </div>
                  <Show when={item.comment}>
                    {(comment) => <p class="report-rating-comment">{comment()}</p>}
                  </Show>
                  <Show when={item.operatorIds.length > 0}>
                    <p class="hint">{t('rptRatedOperators', { names: names(item.operatorIds) })}</p>
                  </Show>
                </li>
              )
            }}
          </For>
        </ol>
        <Show when={props.reports.hasMoreRatings()}>
          <button type="button" disabled={!props.online} onClick={() => void props.reports.moreRatings()}>
            {t('rptMore')}
          </button>
        </Show>
      </Show>
    </section>
  )
}
