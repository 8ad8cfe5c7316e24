/**
 * The admin's settings (seed 000 «Настройки доступа»), in place of the chat list and the chat: tabs for users,
 * channels, tags, integration tokens and the audit log.
 */
import { For, type JSX, Match, onMount, Show, Switch } from 'solid-js'
import { type MessageKey, useI18n } from '../../i18n'
import { createSettings, SETTINGS_TABS, type SettingsTab } from '../../state/settings'
import { createAdminApi } from '../../sync'
import { AuditTab } from './AuditTab'
import { ChannelsTab } from './ChannelsTab'
import { ContactFieldsTab } from './ContactFieldsTab'
import { FormFailure } from './FormFailure'
import { SatisfactionTab } from './SatisfactionTab'
import { TagsTab } from './TagsTab'
import { TemplatesTab } from './TemplatesTab'
import { TokensTab } from './TokensTab'
import { UsersTab } from './UsersTab'

const TAB_LABEL = {
  users: 'tabUsers',
  channels: 'tabChannels',
  tags: 'tabTags',
  contactFields: 'tabContactFields',
  templates: 'tabTemplates',
  satisfaction: 'tabSatisfaction',
  tokens: 'tabTokens',
  audit: 'tabAudit',
} as const satisfies Record<SettingsTab, MessageKey>

export const SettingsScreen = (props: {
  token: string
  selfId: string
  onClose: () => void
}): JSX.Element => {
  const { t } = useI18n()
  const settings = createSettings(createAdminApi(props.token))
  onMount(() => void settings.reload())
  const tabId = (tab: SettingsTab) => `settings-tab-${tab}`
  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern has it.
  const onKeyDown = (e: KeyboardEvent): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    const at = SETTINGS_TABS.indexOf(settings.tab())
    const next = SETTINGS_TABS[(at + step + SETTINGS_TABS.length) % SETTINGS_TABS.length]!
    settings.setTab(next)
    document.getElementById(tabId(next))?.focus()
  }
  return (
    <section class="zone settings" aria-label={t('settings')}>
      <header class="settings-header">
        <h2>{t('settings')}</h2>
        <button type="button" class="ghost" onClick={props.onClose}>
          {t('backToChats')}
        </button>
      </header>
      <div class="settings-tabs" role="tablist" aria-label={t('settingsSections')} onKeyDown={onKeyDown}>
        <For each={SETTINGS_TABS}>
          {(tab) => (
            <button
              type="button"
              role="tab"
              id={tabId(tab)}
              aria-selected={settings.tab() === tab}
              aria-controls="settings-panel"
              tabIndex={settings.tab() === tab ? 0 : -1}
              onClick={() => settings.setTab(tab)}
            >
              {t(TAB_LABEL[tab])}
            </button>
          )}
        </For>
      </div>
      <Show when={settings.loadFailure()}>{(failure) => <FormFailure failure={failure()} />}</Show>
      <div class="settings-panel" id="settings-panel" role="tabpanel" aria-labelledby={tabId(settings.tab())}>
        <Switch>
          <Match when={settings.tab() === 'users'}>
            <UsersTab settings={settings} selfId={props.selfId} />
          </Match>
          <Match when={settings.tab() === 'channels'}>
            <ChannelsTab settings={settings} />
          </Match>
          <Match when={settings.tab() === 'tags'}>
            <TagsTab settings={settings} />
          </Match>
          <Match when={settings.tab() === 'contactFields'}>
            <ContactFieldsTab token={props.token} />
          </Match>
          <Match when={settings.tab() === 'templates'}>
            <TemplatesTab token={props.token} />
          </Match>
          <Match when={settings.tab() === 'satisfaction'}>
            <SatisfactionTab token={props.token} channels={settings.channels()} />
          </Match>
          <Match when={settings.tab() === 'tokens'}>
            <TokensTab settings={settings} />
          </Match>
          <Match when={settings.tab() === 'audit'}>
            <AuditTab settings={settings} />
          </Match>
        </Switch>
      </div>
    </section>
  )
}
