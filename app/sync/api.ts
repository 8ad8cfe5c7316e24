/**
 * The server's HTTP API as the app uses it: log in, who am I, log out, and the changes to a sent answer that go
 * through the messenger (edit, delete, send again), and the admin's settings. Errors are `{code, message}`.
 */
import type {
  ChannelKind,
  ChannelPublic,
  ContactProfile,
  Note,
  OperatorView,
  Role,
  Status,
  Tag,
} from '../../model'

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

/** A non-2xx answer as an `ApiError`, with the server's `{code, message}` when its body has them. */
export const errorOf = (status: number, body: unknown): ApiError => {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown }
  return new ApiError(
    status,
    typeof code === 'string' ? code : 'http_error',
    typeof message === 'string' ? message : `HTTP ${status}`,
  )
}

const messagePath = (chatId: string, messageId: string): string =>
  `/api/chats/${encodeURIComponent(chatId)}/messages/${encodeURIComponent(messageId)}`

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Call = <T>(path: string, init?: { token?: string; body?: unknown; method?: Method }) => Promise<T>

/** One JSON request: non-2xx answers become an `ApiError` carrying the server's `{code, message}`. */
export const caller =
  (baseUrl: string): Call =>
  async <T>(path: string, init: { token?: string; body?: unknown; method?: Method } = {}): Promise<T> => {
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

export const createApi = (baseUrl = ''): Api => {
  const call = caller(baseUrl)
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

// ---------------------------------------------------------------------------------------------------------------
// The admin's settings (seed 000 «Настройки доступа»): operators, channels, tags, integration tokens, the audit log.

export interface NewOperator {
  readonly email: string
  readonly name: string
  readonly password: string
  readonly role: Role
  /** `null`: every channel. */
  readonly channels: readonly string[] | null
  readonly tags: readonly string[]
}

export type OperatorPatch = Partial<NewOperator & { active: boolean }>

/** A new channel's answer: where the provider must send webhooks, or the widget's script tag. */
export interface CreatedChannel extends ChannelPublic {
  readonly webhookUrl: string
  readonly embed?: string
  readonly connected?: boolean
  readonly connectError?: string
}

export interface ChannelPatch {
  readonly name?: string
  readonly enabled?: boolean
  /** New credentials or settings, merged by the server over the current ones. */
  readonly config?: Readonly<Record<string, unknown>>
}

export type TokenScope = 'read' | 'send'

export interface ApiTokenView {
  readonly id: string
  readonly name: string
  readonly scope: TokenScope
  readonly channels: readonly string[] | null
  readonly createdBy: string
  readonly createdAt: number
  readonly lastUsedAt: number | null
  readonly revokedAt: number | null
}

export interface AuditEntry {
  readonly seq: number
  readonly at: number
  readonly actorId: string | null
  readonly action: string
  readonly target: string | null
  readonly details: Readonly<Record<string, unknown>>
}

export interface AdminApi {
  operators(): Promise<OperatorView[]>
  createOperator(input: NewOperator): Promise<OperatorView>
  updateOperator(id: string, patch: OperatorPatch): Promise<OperatorView>
  channels(): Promise<ChannelPublic[]>
  createChannel(input: {
    kind: ChannelKind
    name: string
    config: Record<string, unknown>
  }): Promise<CreatedChannel>
  updateChannel(id: string, patch: ChannelPatch): Promise<ChannelPublic>
  /** A channel's settings without its secrets (write-only), for the edit form. */
  channelSettings(id: string): Promise<Record<string, unknown>>
  tags(): Promise<Tag[]>
  createTag(tag: Tag): Promise<Tag>
  removeTag(name: string): Promise<void>
  tokens(): Promise<ApiTokenView[]>
  /** The token itself is in this answer only. */
  createToken(input: {
    name: string
    scope: TokenScope
    channels: readonly string[] | null
  }): Promise<ApiTokenView & { token: string }>
  revokeToken(id: string): Promise<void>
  audit(limit?: number): Promise<AuditEntry[]>
}

const items = <T>(answer: Promise<{ items: T[] }>): Promise<T[]> => answer.then((a) => a.items)
const seg = encodeURIComponent

/** The admin routes, called with the signed-in admin's token. */
export const createAdminApi = (token: string, baseUrl = ''): AdminApi => {
  const call = caller(baseUrl)
  return {
    operators: () => items(call('/api/operators', { token })),
    createOperator: (input) => call('/api/operators', { token, body: input }),
    updateOperator: (id, patch) => call(`/api/operators/${seg(id)}`, { token, method: 'PATCH', body: patch }),
    channels: () => items(call('/api/channels', { token })),
    createChannel: (input) => call('/api/channels', { token, body: input }),
    channelSettings: async (id) =>
      ((await call(`/api/admin/channels/${seg(id)}`, { token })) as { settings: Record<string, unknown> })
        .settings,
    updateChannel: (id, patch) =>
      call(`/api/admin/channels/${seg(id)}`, { token, method: 'PATCH', body: patch }),
    tags: () => items(call('/api/admin/tags', { token })),
    createTag: (tag) => call('/api/admin/tags', { token, body: tag }),
    removeTag: async (name) => {
      await call(`/api/admin/tags/${seg(name)}`, { token, method: 'DELETE' })
    },
    tokens: () => items(call('/api/admin/tokens', { token })),
    createToken: (input) => call('/api/admin/tokens', { token, body: input }),
    revokeToken: async (id) => {
      await call(`/api/admin/tokens/${seg(id)}`, { token, method: 'DELETE' })
    },
    audit: (limit = 100) => items(call(`/api/admin/audit?limit=${limit}`, { token })),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One contact across channels (seed 003): a contact's card, finding another contact, merging two.

/** A chat of a contact, as `GET /api/contacts/:id` lists the ones the caller may see. */
export interface ContactChat {
  readonly id: string
  readonly channelId: string
  readonly status: Status
  readonly assigneeId: string | null
  readonly lastAt: number
  readonly lastMessage: { readonly text: string; readonly at: number } | null
}

export interface ContactCard {
  readonly id: string
  readonly name: string
  /** [MRG2] Set when this contact was merged into another: that one holds its chats now. */
  readonly mergedInto: string | null
  readonly profile: ContactProfile
  readonly fields: Readonly<Record<string, string>>
  readonly tags: readonly string[]
  readonly notes: readonly Note[]
  readonly chats: readonly ContactChat[]
}

/** A contact the server search found, with the chats of it the caller may see. */
export interface ContactHit {
  readonly id: string
  readonly name: string
  readonly chats: readonly { readonly id: string; readonly channelId: string }[]
}

/** What a merge answers: the contact it went into, as it is now, and what this call changed. */
export interface MergedContact {
  readonly contact: ContactCard
  /** The chats this call moved; none when it repeated a finished merge. */
  readonly moved: readonly string[]
  readonly added: {
    readonly profile: readonly string[]
    readonly fields: readonly string[]
    readonly tags: readonly string[]
    readonly notes: readonly string[]
  }
}

export interface ContactApi {
  contact(id: string): Promise<ContactCard>
  /** Contacts by name, phone in any formatting, email or notes (`GET /api/search`), only those with chats one may see. */
  findContacts(q: string): Promise<ContactHit[]>
  /** [MRG1–MRG3] Contact `id` joins `into` with all its chats; repeating it after it succeeded changes nothing. */
  mergeContact(id: string, into: string): Promise<MergedContact>
}

/** The contact routes, called with the signed-in operator's token. */
export const createContactApi = (token: string, baseUrl = ''): ContactApi => {
  const call = caller(baseUrl)
  return {
    contact: (id) => call(`/api/contacts/${seg(id)}`, { token }),
    findContacts: async (q) =>
      (await call<{ contacts: ContactHit[] }>(`/api/search?q=${seg(q)}`, { token })).contacts,
    mergeContact: (id, into) => call(`/api/contacts/${seg(id)}/merge`, { token, body: { into } }),
  }
}
