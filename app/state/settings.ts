/**
 * The admin's settings (seed 000 «Настройки доступа»): operators with their access, channels, the tag catalogue,
 * integration tokens and the audit log, as signals loaded over the admin HTTP API. Actions reload what they
 * changed (and the audit log, which every change extends); they throw `ApiError` for the form to show.
 */
import { type Accessor, createSignal } from 'solid-js'
import type { ChannelKind, ChannelPublic, OperatorView, Tag } from '../../model'
import {
  type AdminApi,
  ApiError,
  type ApiTokenView,
  type AuditEntry,
  type ChannelPatch,
  type CreatedChannel,
  type NewOperator,
  type OperatorPatch,
  type TokenScope,
} from '../sync'

export const SETTINGS_TABS = [
  'users',
  'channels',
  'tags',
  'contactFields',
  'templates',
  'satisfaction',
  'tokens',
  'audit',
] as const
export type SettingsTab = (typeof SETTINGS_TABS)[number]

/** Why a request failed: the server's `{message}` with its status, or status 0 when it could not be reached. */
export interface Failure {
  readonly status: number
  readonly message: string
}

export const failureOf = (err: unknown): Failure =>
  err instanceof ApiError
    ? { status: err.status, message: err.message }
    : { status: -1, message: err instanceof Error ? err.message : String(err) }

export interface RequestState {
  readonly busy: Accessor<boolean>
  readonly failure: Accessor<Failure | null>
  /** Runs `fn`, keeping its failure for the form; resolves `undefined` when it failed. */
  run<T>(fn: () => Promise<T>): Promise<T | undefined>
}

export const createRequest = (): RequestState => {
  const [busy, setBusy] = createSignal(false)
  const [failure, setFailure] = createSignal<Failure | null>(null)
  return {
    busy,
    failure,
    async run(fn) {
      setBusy(true)
      setFailure(null)
      try {
        return await fn()
      } catch (err) {
        setFailure(failureOf(err))
        return undefined
      } finally {
        setBusy(false)
      }
    },
  }
}

/** A channel setting as a form field. `secret` ones are write-only: password inputs, never prefilled. */
export interface ConfigField {
  readonly key: string
  readonly secret: boolean
  readonly required: boolean
  /** How the text becomes the config value: as is, a whole number, or a list (one per line or comma). */
  readonly parse: 'text' | 'number' | 'list'
}

const field = (key: string, secret: boolean, parse: ConfigField['parse'] = 'text'): ConfigField => ({
  key,
  secret,
  required: true,
  parse,
})
const optional = (key: string, parse: ConfigField['parse'] = 'text'): ConfigField => ({
  key,
  secret: false,
  required: false,
  parse,
})

/** What each provider needs (`channels/<kind>/schema.ts`); the widget needs nothing. */
export const CONFIG_FIELDS: Readonly<Record<ChannelKind, readonly ConfigField[]>> = {
  telegram: [field('botToken', true), field('secretToken', true)],
  whatsapp: [
    field('phoneNumberId', false),
    field('accessToken', true),
    field('appSecret', true),
    field('verifyToken', true),
    // [WTP1] For the account's approved message templates.
    optional('businessAccountId'),
  ],
  vk: [
    field('groupId', false, 'number'),
    field('accessToken', true),
    field('secret', true),
    field('confirmationCode', true),
  ],
  widget: [optional('title'), optional('greeting'), optional('color'), optional('allowedOrigins', 'list')],
}

export type ConfigValues = Readonly<Record<string, string>>

/** The fields a new channel still lacks. A sandbox messenger channel talks to no provider and needs none. */
export const missingConfig = (kind: ChannelKind, values: ConfigValues, sandbox: boolean): string[] =>
  sandbox && kind !== 'widget'
    ? []
    : CONFIG_FIELDS[kind].filter((f) => f.required && !values[f.key]?.trim()).map((f) => f.key)

/** The config to send: blank fields left out (on an edit, a blank secret keeps the stored one). */
export const configOf = (
  kind: ChannelKind,
  values: ConfigValues,
  sandbox = false,
): Record<string, unknown> => {
  if (sandbox && kind !== 'widget') return { sandbox: true }
  const config: Record<string, unknown> = {}
  for (const f of CONFIG_FIELDS[kind]) {
    const text = values[f.key]?.trim() ?? ''
    if (!text) continue
    config[f.key] =
      f.parse === 'number'
        ? Number(text)
        : f.parse === 'list'
          ? text
              .split(/[\s,]+/)
              .map((s) => s.trim())
              .filter(Boolean)
          : text
  }
  return config
}

/** A channel's stored (non-secret) settings as the form's text values: the inverse of `configOf`. */
export const valuesOf = (settings: Readonly<Record<string, unknown>>): ConfigValues =>
  Object.fromEntries(
    Object.entries(settings).flatMap(([key, value]) =>
      typeof value === 'string' || typeof value === 'number'
        ? [[key, String(value)]]
        : Array.isArray(value)
          ? [[key, value.join(', ')]]
          : [],
    ),
  )

/** The first required field of an operator form left blank (a new operator needs a password). */
export const missingOperatorField = (
  input: { name: string; email: string; password: string },
  isNew: boolean,
): 'name' | 'email' | 'password' | null =>
  !input.name.trim() ? 'name' : !input.email.trim() ? 'email' : isNew && !input.password ? 'password' : null

export interface SettingsState {
  readonly tab: Accessor<SettingsTab>
  setTab(tab: SettingsTab): void
  readonly operators: Accessor<readonly OperatorView[]>
  readonly channels: Accessor<readonly ChannelPublic[]>
  readonly tags: Accessor<readonly Tag[]>
  readonly tokens: Accessor<readonly ApiTokenView[]>
  readonly audit: Accessor<readonly AuditEntry[]>
  /** The last list that could not be loaded. */
  readonly loadFailure: Accessor<Failure | null>
  reload(): Promise<void>
  createOperator(input: NewOperator): Promise<OperatorView>
  updateOperator(id: string, patch: OperatorPatch): Promise<OperatorView>
  createChannel(input: {
    kind: ChannelKind
    name: string
    config: Record<string, unknown>
  }): Promise<CreatedChannel>
  updateChannel(id: string, patch: ChannelPatch): Promise<ChannelPublic>
  channelSettings(id: string): Promise<Record<string, unknown>>
  createTag(tag: Tag): Promise<void>
  removeTag(name: string): Promise<void>
  /** Resolves the token itself: it is shown this once. */
  createToken(input: { name: string; scope: TokenScope; channels: readonly string[] | null }): Promise<string>
  revokeToken(id: string): Promise<void>
  operatorName(id: string | null): string | null
  channelName(id: string): string
}

/** A list an admin tab keeps over the API: loaded, reloaded after each change, its load failure shown. */
export interface AdminList<T> {
  readonly items: Accessor<readonly T[]>
  readonly loadFailure: Accessor<Failure | null>
  reload(): Promise<void>
  /** Awaits a change, reloads the list, and hands back the change's answer. */
  after<R>(change: Promise<R>): Promise<R>
}

export const createAdminList = <T>(fetchList: () => Promise<readonly T[]>): AdminList<T> => {
  const [items, setItems] = createSignal<readonly T[]>([])
  const [loadFailure, setLoadFailure] = createSignal<Failure | null>(null)
  const reload = async (): Promise<void> => {
    try {
      setItems(await fetchList())
      setLoadFailure(null)
    } catch (err) {
      setLoadFailure(failureOf(err))
    }
  }
  return {
    items,
    loadFailure,
    reload,
    async after(change) {
      const result = await change
      await reload()
      return result
    },
  }
}

export const createSettings = (api: AdminApi): SettingsState => {
  const [tab, setTabSignal] = createSignal<SettingsTab>('users')
  const [operators, setOperators] = createSignal<readonly OperatorView[]>([])
  const [channels, setChannels] = createSignal<readonly ChannelPublic[]>([])
  const [tags, setTags] = createSignal<readonly Tag[]>([])
  const [tokens, setTokens] = createSignal<readonly ApiTokenView[]>([])
  const [audit, setAudit] = createSignal<readonly AuditEntry[]>([])
  const [loadFailure, setLoadFailure] = createSignal<Failure | null>(null)

  const load = async <T>(fetchList: () => Promise<T>, set: (value: T) => void): Promise<void> => {
    try {
      set(await fetchList())
    } catch (err) {
      setLoadFailure(failureOf(err))
    }
  }
  const loadOperators = () => load(api.operators, setOperators)
  const loadChannels = () => load(api.channels, setChannels)
  const loadTags = () => load(api.tags, setTags)
  const loadTokens = () => load(api.tokens, setTokens)
  const loadAudit = () => load(() => api.audit(100), setAudit)
  /** After a change: the list it touched, and the audit log it extended. */
  const after = async <T>(result: T, ...lists: (() => Promise<void>)[]): Promise<T> => {
    await Promise.all([...lists.map((l) => l()), loadAudit()])
    return result
  }

  const reload = async (): Promise<void> => {
    setLoadFailure(null)
    await Promise.all([loadOperators(), loadChannels(), loadTags(), loadTokens(), loadAudit()])
  }

  return {
    tab,
    setTab(next) {
      setTabSignal(next)
      if (next === 'audit') void loadAudit()
    },
    operators,
    channels,
    tags,
    tokens,
    audit,
    loadFailure,
    reload,
    createOperator: async (input) => after(await api.createOperator(input), loadOperators),
    updateOperator: async (id, patch) => after(await api.updateOperator(id, patch), loadOperators),
    createChannel: async (input) => after(await api.createChannel(input), loadChannels),
    updateChannel: async (id, patch) => after(await api.updateChannel(id, patch), loadChannels),
    channelSettings: (id) => api.channelSettings(id),
    createTag: async (tag) => after(await api.createTag(tag), loadTags).then(() => undefined),
    removeTag: async (name) => after(await api.removeTag(name), loadTags),
    createToken: async (input) => after((await api.createToken(input)).token, loadTokens),
    revokeToken: async (id) => after(await api.revokeToken(id), loadTokens),
    operatorName: (id) => (id === null ? null : (operators().find((o) => o.id === id)?.name ?? id)),
    channelName: (id) => channels().find((c) => c.id === id)?.name ?? id,
  }
}
