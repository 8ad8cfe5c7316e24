/** Real servers for tests: port 0, a fresh SQLite file in a temp folder, real sockets. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import { type SocketLike, SyncClient } from '../../app/sync'
import { parseConfig, type RunningServer, startServer } from '../../sync-server'

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' }
/** The password `TestServer.operator()` gives every operator it creates. */
export const OPERATOR_PASSWORD = 'operator-password-1'

export interface TestServer {
  readonly server: RunningServer
  readonly url: string
  readonly wsUrl: string
  readonly dataDir: string
  readonly adminToken: string
  login(email: string, password: string): Promise<string>
  api<T = unknown>(
    path: string,
    init?: { method?: string; token?: string; body?: unknown },
  ): Promise<ApiResult<T>>
  /** Creates an operator through the admin API and returns its id and a token. */
  operator(input: {
    email: string
    name?: string
    channels?: string[] | null
    tags?: string[]
    role?: 'admin' | 'operator'
  }): Promise<{ id: string; token: string }>
  channel(
    name: string,
    kind?: 'telegram' | 'whatsapp' | 'vk' | 'widget',
    config?: Record<string, unknown>,
  ): Promise<string>
  close(options?: { keepData?: boolean }): Promise<void>
}

export interface ApiResult<T> {
  readonly status: number
  readonly body: T
}

export interface StartTestServerOptions {
  readonly dataDir?: string
  readonly now?: () => number
  readonly env?: Record<string, string>
}

/**
 * The built operator app (`npm run build`), which test servers serve at `/`. `TEST_APP_DIR` points the tests at
 * another build, so two people (or sessions) building at once do not empty each other's `dist/app`.
 */
export const APP_DIR = process.env.TEST_APP_DIR ?? fileURLToPath(new URL('../../dist/app', import.meta.url))

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'switchboard-test-'))

export const startTestServer = async (options: StartTestServerOptions = {}): Promise<TestServer> => {
  const dataDir = options.dataDir ?? tempDir()
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    APP_DIR,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  })
  const server = await startServer({ config, ...(options.now && { now: options.now }) })
  const url = server.url
  const api = async <T>(
    path: string,
    init: { method?: string; token?: string; body?: unknown } = {},
  ): Promise<ApiResult<T>> => {
    const res = await fetch(url + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(init.token && { authorization: `Bearer ${init.token}` }),
      },
      ...(init.body !== undefined && {
        body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      }),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
  }
  const login = async (email: string, password: string): Promise<string> => {
    const res = await api<{ token: string }>('/api/auth/login', { body: { email, password } })
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.token
  }
  const adminToken = await login(ADMIN.email, ADMIN.password)
  return {
    server,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir,
    adminToken,
    login,
    api,
    async operator(input) {
      const password = OPERATOR_PASSWORD
      const res = await api<{ id: string }>('/api/operators', {
        token: adminToken,
        body: { name: input.name ?? input.email, password, role: input.role ?? 'operator', ...input },
      })
      if (res.status !== 201) throw new Error(`operator not created: ${JSON.stringify(res.body)}`)
      return { id: res.body.id, token: await login(input.email, password) }
    },
    async channel(name, kind = 'widget', config = kind === 'widget' ? {} : { sandbox: true }) {
      const res = await api<{ id: string }>('/api/channels', {
        token: adminToken,
        body: { kind, name, config },
      })
      if (res.status !== 201) throw new Error(`channel not created: ${JSON.stringify(res.body)}`)
      return res.body.id
    },
    async close(closeOptions = {}) {
      await server.close()
      if (!closeOptions.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A multiplexed sync client over a real `ws` socket, as the app uses it. */
export const syncClient = (wsUrl: string, token: string): SyncClient =>
  new SyncClient({
    url: `${wsUrl}/sync`,
    token,
    createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
    minBackoffMs: 20,
    maxBackoffMs: 200,
  })

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export const eventually = async (check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
