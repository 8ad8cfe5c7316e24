/**
 * Who is signed in. The token is kept in localStorage, and so is the last answer of `/api/me`, so the app opens
 * offline with what it had; a 401 from the server (token expired or revoked) signs out.
 */
import { type Accessor, createSignal } from 'solid-js'
import { type Api, ApiError, type Me } from '../sync'

export const TOKEN_KEY = 'switchboard.token'
export const ME_KEY = 'switchboard.me'

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface AuthState {
  readonly token: Accessor<string | null>
  /** The operator and their index doc; `null` while signed out or not known yet. */
  readonly me: Accessor<Me | null>
  /** Throws `ApiError` (401: wrong email or password). */
  login(email: string, password: string): Promise<void>
  logout(): void
  /** Asks the server again who we are: after an access change the inbox index doc is another one. */
  refresh(): Promise<void>
}

const readMe = (storage: KeyValueStore): Me | null => {
  try {
    const me = JSON.parse(storage.getItem(ME_KEY) ?? 'null') as Me | null
    return me && typeof me.indexDoc === 'string' && typeof me.operator?.id === 'string' ? me : null
  } catch {
    return null
  }
}

export const createAuth = (api: Api, storage: KeyValueStore): AuthState => {
  const [token, setToken] = createSignal(storage.getItem(TOKEN_KEY))
  const [me, setMe] = createSignal<Me | null>(token() ? readMe(storage) : null, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  })

  const signedIn = (nextToken: string, nextMe: Me): void => {
    storage.setItem(TOKEN_KEY, nextToken)
    storage.setItem(ME_KEY, JSON.stringify(nextMe))
    setToken(nextToken)
    setMe(nextMe)
  }

  const logout = (): void => {
    const old = token()
    storage.removeItem(TOKEN_KEY)
    storage.removeItem(ME_KEY)
    setToken(null)
    setMe(null)
    if (old) api.logout(old).catch(() => {}) // the session ends server-side as well, when it can be reached
  }

  const refresh = async (current: string): Promise<void> => {
    try {
      signedIn(current, await api.me(current))
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) logout()
      // Offline or the server is down: keep what we had.
    }
  }

  const saved = token()
  if (saved) void refresh(saved)

  return {
    token,
    me,
    async login(email, password) {
      const result = await api.login(email, password)
      signedIn(result.token, await api.me(result.token))
    },
    logout,
    refresh: async () => {
      const current = token()
      if (current) await refresh(current)
    },
  }
}
