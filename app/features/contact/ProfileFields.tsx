/**
 * The contact's own data (seed 000): avatar, first and last name, their ID and profile link in the messenger (as
 * the messenger gave them: read only), phone, email, birthday, city and subscriber type, each edited in place.
 */
import { For, type JSX, Show } from 'solid-js'
import { type ContactProfile, contactDisplayName, type ProfileField } from '../../../model'
import { type MessageKey, useI18n } from '../../i18n'
import type { ContactState } from '../../state/contact'
import { Avatar } from '../../ui/Avatar'
import { EditableField, type FieldKind } from './EditableField'

const EDITABLE: readonly { field: ProfileField; label: MessageKey; kind: FieldKind }[] = [
  { field: 'firstName', label: 'contactFirstName', kind: 'text' },
  { field: 'lastName', label: 'contactLastName', kind: 'text' },
  { field: 'phone', label: 'contactPhone', kind: 'tel' },
  { field: 'email', label: 'contactEmail', kind: 'email' },
  { field: 'birthday', label: 'contactBirthday', kind: 'date' },
  { field: 'city', label: 'contactCity', kind: 'text' },
  { field: 'subscriberType', label: 'contactSubscriberType', kind: 'text' },
]

/** Only http(s) links become links: a profile URL comes from outside. */
const safeLink = (url: string | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null)

export const ContactHeader = (props: {
  profile: ContactProfile
  /** The name the index knows, while the doc has not arrived. */
  fallbackName: string
  seed: string
}): JSX.Element => {
  const { t } = useI18n()
  const name = () => contactDisplayName(props.profile) || props.fallbackName || t('unnamedContact')
  return (
    <div class="contact-header">
      <Show
        when={safeLink(props.profile.avatarUrl)}
        fallback={<Avatar name={name()} seed={props.seed} size="large" />}
      >
        {(src) => (
          <img class="avatar avatar-large contact-avatar" src={src()} alt="" referrerPolicy="no-referrer" />
        )}
      </Show>
      <p class="profile-name">{name()}</p>
    </div>
  )
}

export const ProfileFields = (props: { profile: ContactProfile; state: ContactState }): JSX.Element => {
  const { t } = useI18n()
  return (
    <div class="contact-fields">
      <Show when={props.profile.externalId || safeLink(props.profile.profileUrl)}>
        <dl class="contact-ids">
          <Show when={props.profile.externalId}>
            <dt>{t('contactExternalId')}</dt>
            <dd class="contact-external-id">{props.profile.externalId}</dd>
          </Show>
          <Show when={safeLink(props.profile.profileUrl)}>
            {(href) => (
              <>
                <dt>{t('contactProfileLink')}</dt>
                <dd>
                  <a href={href()} target="_blank" rel="noopener noreferrer">
                    {t('contactOpenProfile')}
                  </a>
                </dd>
              </>
            )}
          </Show>
        </dl>
      </Show>
      <For each={EDITABLE}>
        {(item) => (
          <EditableField
            label={t(item.label)}
            kind={item.kind}
            value={props.profile[item.field]}
            onCommit={(value) => props.state.setProfile(item.field, value)}
          />
        )}
      </For>
    </div>
  )
}
