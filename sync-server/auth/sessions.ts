/** Login tokens: random, stored only as a SHA-256 hash, with an expiry. */
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../storage/db'

export interface Session {
  readonly operatorId: string
  readonly expiresAt: number
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export class Sessions {
  readonly #insert
  readonly #get
  readonly #delete
  readonly #deleteForOperator
  readonly #purge

  constructor(
    db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#insert = db.prepare<[string, string, number, number]>(
      'INSERT INTO sessions (token_hash, operator_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    )
    this.#get = db.prepare<[string], { operator_id: string; expires_at: number }>(
      'SELECT operator_id, expires_at FROM sessions WHERE token_hash = ?',
    )
    this.#delete = db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?')
    this.#deleteForOperator = db.prepare<[string]>('DELETE FROM sessions WHERE operator_id = ?')
    this.#purge = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?')
  }

  create(operatorId: string): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url')
    const now = this.now()
    const expiresAt = now + this.ttlMs
    this.#insert.run(hashToken(token), operatorId, now, expiresAt)
    return { token, expiresAt }
  }

  /** The session behind a token, or `null` when it is unknown or expired. */
  verify(token: string): Session | null {
    if (token.length < 20 || token.length > 200) return null
    const row = this.#get.get(hashToken(token))
    if (!row) return null
    if (row.expires_at <= this.now()) {
      this.#delete.run(hashToken(token))
      return null
    }
    return { operatorId: row.operator_id, expiresAt: row.expires_at }
  }

  revoke(token: string): void {
    this.#delete.run(hashToken(token))
  }

  revokeAll(operatorId: string): void {
    this.#deleteForOperator.run(operatorId)
  }

  purgeExpired(): number {
    return this.#purge.run(this.now()).changes
  }
}
