/**
 * «Команда», the admin's live team view (issue 7 §1) in place of the chat list and the chat: the Unassigned queue,
 * then each operator with their online state, chats in work, chats waiting for a reply and the longest wait, which
 * ticks. A row opens the inbox at that queue or operator's chats.
 */
import { For, type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import { formatFullTime } from '../../i18n/format'
import type { TeamState } from '../../state/team'
import { EMPTY, formatDuration } from '../reports/format'

export const TeamScreen = (props: {
  team: TeamState
  /** The ticking clock, for the waits. */
  now: number
  onOpenOperator: (operatorId: string) => void
  onOpenUnassigned: () => void
  onClose: () => void
}): JSX.Element => {
  const { t, locale } = useI18n()
  const snapshot = () => props.team.snapshot()
  const known = () => props.team.known()
  const Wait = (p: { since: number | null }): JSX.Element => (
    <Show when={p.since} fallback={EMPTY}>
      {(since) => (
        <span title={formatFullTime(since(), locale())}>
          {formatDuration(Math.max(0, props.now - since()), locale())}
        </span>
      )}
    </Show>
  )
  return (
    <section class="zone team" aria-labelledby="team-heading">
      <header class="settings-header">
        <h2 id="team-heading">{t('team')}</h2>
        <button type="button" class="ghost" onClick={() => props.onClose()}>
          {t('backToChats')}
        </button>
      </header>
      <Show when={!known()}>
        {/* Offline: the server's online state cannot reach us, and the index is the copy of the last sync. */}
        <output class="team-offline">
          {props.team.lastOnlineAt() === null
            ? t('teamOffline')
            : t('teamOfflineSince', { time: formatFullTime(props.team.lastOnlineAt()!, locale()) })}
        </output>
      </Show>
      <table class="settings-table team-table" aria-labelledby="team-heading">
        <thead>
          <tr>
            <th scope="col">{t('operator')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('teamChats')}</th>
            <th scope="col">{t('fltWaiting')}</th>
            <th scope="col">{t('teamOldestWait')}</th>
          </tr>
        </thead>
        <tbody>
          <tr class="team-queue">
            <th scope="row">
              <button type="button" class="team-link" onClick={() => props.onOpenUnassigned()}>
                {t('folderUnassigned')}
              </button>
            </th>
            <td>{t('teamQueue')}</td>
            <td>{snapshot().unassigned.count}</td>
            <td>{snapshot().unassigned.waiting}</td>
            <td>
              <Wait since={snapshot().unassigned.oldestWaitSince} />
            </td>
          </tr>
          <For each={snapshot().operators}>
            {(op) => (
              <tr classList={{ inactive: !op.active }}>
                <th scope="row">
                  <button type="button" class="team-link" onClick={() => props.onOpenOperator(op.id)}>
                    {op.name}
                  </button>
                </th>
                <td>
                  <span
                    class="team-presence"
                    classList={{ online: known() && op.onlineSince !== null, unknown: !known() }}
                    title={
                      known() && op.onlineSince !== null
                        ? t('onlineSince', { time: formatFullTime(op.onlineSince, locale()) })
                        : undefined
                    }
                  >
                    <span class="dot" aria-hidden="true" />
                    {!known() ? t('teamOnlineUnknown') : op.onlineSince !== null ? t('online') : t('offline')}
                  </span>
                </td>
                <td>{op.inWork}</td>
                <td>{op.waiting}</td>
                <td>
                  <Wait since={op.oldestWaitSince} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="team-note">{t('teamNote')}</p>
    </section>
  )
}
