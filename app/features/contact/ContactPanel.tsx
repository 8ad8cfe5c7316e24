/** Zone 4, «Профиль контакта»: for now the contact's name, channel, status and assignee. */
import { type JSX, Show } from 'solid-js'
import type { ChatSummary } from '../../../model'
import { useI18n } from '../../i18n'
import type { DirectoryState } from '../../state/directory'
import { Avatar } from '../../ui/Avatar'
import { ChannelBadge } from '../../ui/ChannelBadge'
import { StatusLabel } from '../../ui/StatusLabel'

export const ContactPanel = (props: {
  summary: ChatSummary | undefined
  directory: DirectoryState
}): JSX.Element => {
  const { t } = useI18n()
  return (
    <aside class="zone profile" aria-label={t('contactProfile')}>
      <h2>{t('contactProfile')}</h2>
      <Show when={props.summary} fallback={<p class="empty">{t('pickChat')}</p>}>
        {(s) => {
          const channel = () => props.directory.channel(s().channelId)
          return (
            <div class="profile-body">
              <Avatar name={s().contactName || '?'} seed={s().contactId} size="large" />
              <p class="profile-name">{s().contactName || t('unnamedContact')}</p>
              <dl>
                <dt>{t('channel')}</dt>
                <dd>
                  <ChannelBadge kind={channel()?.kind} /> {channel()?.name ?? ''}
                </dd>
                <dt>{t('status')}</dt>
                <dd>
                  <StatusLabel status={s().status} />
                </dd>
                <dt>{t('assignee')}</dt>
                <dd>{props.directory.operatorName(s().assigneeId) ?? t('notAssigned')}</dd>
              </dl>
            </div>
          )
        }}
      </Show>
    </aside>
  )
}
