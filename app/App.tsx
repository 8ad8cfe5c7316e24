/** The app: the login screen until someone is signed in, then their inbox. */
import { createMemo, createSignal, type JSX, Show } from 'solid-js'
import { InboxScreen } from './features/inbox/InboxScreen'
import { LoginScreen } from './features/login/LoginScreen'
import { createI18n, I18nProvider, useI18n } from './i18n'
import { createAuth } from './state/auth'
import { createApi } from './sync'

const Screens = (): JSX.Element => {
  const { t } = useI18n()
  const auth = createAuth(createApi(), localStorage)
  const [notice, setNotice] = createSignal<string | null>(null)
  // One inbox (and one session) per signed-in identity; a refreshed profile alone does not start another.
  const signedIn = createMemo(
    () => {
      const token = auth.token()
      const me = auth.me()
      return token && me ? { token, me, key: `${token}|${me.operator.id}|${me.indexDoc}` } : null
    },
    null,
    { equals: (a, b) => a?.key === b?.key },
  )
  return (
    <Show
      when={signedIn()}
      keyed
      fallback={
        <Show when={!auth.token()} fallback={<p class="empty">{t('loading')}</p>}>
          <LoginScreen auth={auth} notice={notice()} />
        </Show>
      }
    >
      {(current) => (
        <InboxScreen
          me={current.me}
          token={current.token}
          onLogout={() => {
            setNotice(null)
            auth.logout()
          }}
          onAccessChanged={() => void auth.refresh()}
          onSessionEnded={() => {
            setNotice(t('sessionEnded'))
            auth.logout()
          }}
        />
      )}
    </Show>
  )
}

export const App = (): JSX.Element => (
  <I18nProvider i18n={createI18n(localStorage, navigator.language)}>
    <Screens />
  </I18nProvider>
)
