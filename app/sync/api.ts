/**
 * The server's HTTP API as the app uses it: log in, who am I, log out, and the changes to a sent answer that go
 * through the messenger (edit, delete, send again). Errors are `{code, message}`.
 */
import type { OperatorView } from '../../model'

/** The signed-in operator, as the server describes them (`model/schema.ts`). */
export type Operator = OperatorView

export interface Me {
  readonly operator: Operator
  /** The inbox index doc of the operator's access group. */
  readonly indexDoc: string
}

export interface LoginResult {
  readonly token: string
  readonly expiresAt: number
  readonly operator: Operator
}

/** An answer other than 2xx; `status` 0 when the server could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export interface Api {
  login(email: string, password: string): Promise<LoginResult>
  me(token: string): Promise<Me>
  logout(token: string): Promise<void>
  /** [EDT2] Edits an answer in the messenger; the server records it once the messenger accepted it. */
  editMessage(token: string, chatId: string, messageId: string, text: string): Promise<void>
  /** [EDT3] Deletes an answer for the customer in the messenger (it stays in the history). */
  removeMessage(token: string, chatId: string, messageId: string): Promise<void>
  /** Sends a failed or unknown answer again, on the operator's word. */
  resendMessage(token: string, chatId: string, messageId: string): Promise<void>
}

const errorOf = (status: number, body: unknown): ApiError => {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown }
  return new ApiError(
    status,
    typeof code === 'string' ? code : 'http_error',
    typeof message === 'string' ? message : `HTTP ${status}`,
  )
}

const messagePath = (chatId: string, messageId: string): string =>
  `/api/chats/${encodeURIComponent(chatId)}/messages/${encodeURIComponent(messageId)}`

export const createApi = (baseUrl = ''): Api => {
  const call = async <T>(
    path: string,
    init: { token?: string; body?: unknown; method?: 'POST' | 'PATCH' | 'DELETE' } = {},
  ): Promise<T> => {
    let res: Response
    try {
      res = await fetch(baseUrl + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        credentials: 'same-origin',
        headers: {
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
          ...(init.token !== undefined && { authorization: `Bearer ${init.token}` }),
        },
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      })
    } catch (err) {
      throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
    }
    const text = await res.text()
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      throw new ApiError(res.status, 'bad_response', `HTTP ${res.status}: not JSON`)
    }
    if (!res.ok) throw errorOf(res.status, body)
    return body as T
  }
  return {
    login: (email, password) => call<LoginResult>('/api/auth/login', { body: { email, password } }),
    me: (token) => call<Me>('/api/me', { token }),
    logout: async (token) => {
      await call('/api/auth/logout', { token, body: {} })
    },
    editMessage: async (token, chatId, messageId, text) => {
      await call(messagePath(chatId, messageId), { token, method: 'PATCH', body: { text } })
    },
    removeMessage: async (token, chatId, messageId) => {
      await call(messagePath(chatId, messageId), { token, method: 'DELETE' })
    },
    resendMessage: async (token, chatId, messageId) => {
      await call(`${messagePath(chatId, messageId)}/resend`, { token, method: 'POST' })
    },
  }
}
