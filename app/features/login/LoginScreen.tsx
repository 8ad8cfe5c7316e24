/** «Войти»: email and password; a wrong pair is said plainly. */
import { createSignal, type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import type { AuthState } from '../../state/auth'
import { ApiError } from '../../sync'
import { LanguageSelect } from '../../ui/LanguageSelect'

export const LoginScreen = (props: { auth: AuthState; notice?: string | null }): JSX.Element => {
  const { t } = useI18n()
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)

  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await props.auth.login(email().trim(), password())
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('loginFailed'))
      else setError(t('loginError', { message: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="login">
      <form class="login-form" onSubmit={submit}>
        <h1>{t('appName')}</h1>
        <Show when={props.notice}>
          <p class="notice">{props.notice}</p>
        </Show>
        <label>
          <span>{t('email')}</span>
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email()}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('password')}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <p class="error" role="alert">
          {error() ?? ''}
        </p>
        <button type="submit" class="primary" disabled={busy()}>
          {t('login')}
        </button>
        <LanguageSelect />
      </form>
    </main>
  )
}
