/** The latest 100 entries of the audit log: when, who, what and to what, newest first. */
import { For, type JSX, Show } from 'solid-js'
import { formatFullTime, useI18n } from '../../i18n'
import type { SettingsState } from '../../state/settings'
import type { AuditEntry } from '../../sync'

export const AuditTab = (props: { settings: SettingsState }): JSX.Element => {
  const { t, locale } = useI18n()
  // A target is an operator's, a channel's or a token's id: show a name where we know one.
  const target = (entry: AuditEntry): string => {
    if (entry.target === null) return ''
    const [kind] = entry.action.split('.')
    if (kind === 'operator') return props.settings.operatorName(entry.target) ?? entry.target
    if (kind === 'channel') return props.settings.channelName(entry.target)
    if (kind === 'token')
      return props.settings.tokens().find((k) => k.id === entry.target)?.name ?? entry.target
    return entry.target
  }
  return (
    <Show when={props.settings.audit().length > 0} fallback={<p class="empty">{t('noEntries')}</p>}>
      <table class="settings-table" aria-label={t('tabAudit')}>
        <thead>
          <tr>
            <th>{t('auditTime')}</th>
            <th>{t('auditWho')}</th>
            <th>{t('auditAction')}</th>
            <th>{t('auditTarget')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.settings.audit()}>
            {(entry) => (
              <tr>
                <td>{formatFullTime(entry.at, locale())}</td>
                <td>{props.settings.operatorName(entry.actorId) ?? t('system')}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{target(entry)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  )
}
