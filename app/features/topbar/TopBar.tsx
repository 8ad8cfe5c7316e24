/**
 * The bar over the inbox: online or not, changes waiting to sync, the tools given (mentions, hotkeys), who is
 * signed in, language, log out.
 */
import type { JSX } from 'solid-js'
import { useI18n } from '../../i18n'
import type { ConnectionState } from '../../state/connection'
import { LanguageSelect } from '../../ui/LanguageSelect'

export const TopBar = (props: {
  connection: ConnectionState
  operatorName: string
  onLogout: () => void
  /** More controls before the operator's name (the mentions' bell, the hotkeys' help). */
  tools?: JSX.Element
}): JSX.Element => {
  const { t } = useI18n()
  const online = () => props.connection.online()
  return (
    <header class="topbar">
      <span class="brand">{t('appName')}</span>
      {/* <output> is a live status region: a screen reader hears when the connection drops. */}
      <output class="connection" classList={{ online: online() }}>
        <span class="dot" aria-hidden="true" />
        {online() ? t('online') : t('offline')}
      </output>
      <output class="pending" classList={{ idle: props.connection.pending() === 0 }}>
        {t('pending', { n: props.connection.pending() })}
      </output>
      <span class="spacer" />
      {props.tools}
      <span class="me">{props.operatorName}</span>
      <LanguageSelect />
      <button type="button" class="ghost" onClick={() => props.onLogout()}>
        {t('logout')}
      </button>
    </header>
  )
}
