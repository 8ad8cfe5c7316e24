/**
 * Integration tokens: for bots and scripts that use the REST API without an operator's login. Created and revoked
 * by admins; the token is shown once and stored only as a SHA-256 hash. Scope `read` reads chats and messages;
 * `send` also posts messages, written as a bot named after the token. `channels` limits what it reaches.
 */
import { createHash, randomBytes } from 'node:crypto'
import { newId } from '../../model'
import type { OperatorRecord } from '../operators'
import type { Db } from '../storage/db'

export type TokenScope = 'read' | 'send'

export interface ApiToken {
  readonly id: string
  readonly name: string
  readonly scope: TokenScope
  /** `null`: every channel. */
  readonly channels: readonly string[] | null
  readonly createdBy: string
  readonly createdAt: number
  readonly lastUsedAt: number | null
  readonly revokedAt: number | null
}

interface Raw {
  id: string
  name: string
  scope: TokenScope
  channels: string | null
  created_by: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** Integration tokens start with this, so the server tells them from session tokens at a glance. */
export const TOKEN_PREFIX = 'sbt_'

const hash = (token: string): string => createHash('sha256').update(token).digest('hex')
const toToken = (r: Raw): ApiToken => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  channels: r.channels === null ? null : (JSON.parse(r.channels) as string[]),
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
})

export class ApiTokens {
  readonly #byHash
  readonly #touch

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.#byHash = db.prepare<[string], Raw>('SELECT * FROM api_tokens WHERE token_hash = ?')
    this.#touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?')
  }

  create(input: { name: string; scope: TokenScope; channels: string[] | null; createdBy: string }): {
    token: string
    record: ApiToken
  } {
    const id = newId()
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
    this.db
      .prepare(
        'INSERT INTO api_tokens (id, name, token_hash, scope, channels, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        input.name,
        hash(token),
        input.scope,
        input.channels === null ? null : JSON.stringify(input.channels),
        input.createdBy,
        this.now(),
      )
    return { token, record: this.list().find((t) => t.id === id)! }
  }

  list(): ApiToken[] {
    return this.db.prepare<[], Raw>('SELECT * FROM api_tokens ORDER BY created_at DESC').all().map(toToken)
  }

  /** The live token behind a bearer value, or `null`; remembers when it was last used (at most once a minute). */
  verify(token: string): ApiToken | null {
    if (!token.startsWith(TOKEN_PREFIX)) return null
    const row = this.#byHash.get(hash(token))
    if (!row || row.revoked_at !== null) return null
    if (row.last_used_at === null || this.now() - row.last_used_at > 60_000)
      this.#touch.run(this.now(), row.id)
    return toToken(row)
  }

  revoke(id: string): boolean {
    return (
      this.db
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(this.now(), id).changes > 0
    )
  }
}

/** What an integration token may call: reads of chats and files; with `send`, posting messages too. */
export const integrationMay = (token: ApiToken, method: string, path: string): boolean => {
  const chats = path === '/api/chats' || path.startsWith('/api/chats/')
  if (method === 'GET') {
    return chats || path.startsWith('/api/media/') || path === '/api/channels' || path === '/api/search'
  }
  return token.scope === 'send' && method === 'POST' && /^\/api\/chats\/[^/]+\/messages$/.test(path)
}

/** The access an integration has, in the shape access checks read: an operator's, limited to its channels. */
export const integrationViewer = (token: ApiToken): OperatorRecord => ({
  id: `token:${token.id}`,
  email: '',
  name: token.name,
  role: 'operator',
  channels: token.channels,
  tags: [],
  active: true,
  createdAt: token.createdAt,
})
