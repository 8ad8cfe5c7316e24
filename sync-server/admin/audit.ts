/** What admins did and whose access changed: an append-only log, read by admins (`GET /api/audit`). */
import type { Db } from '../storage/db'

export interface AuditEntry {
  readonly seq: number
  readonly at: number
  readonly actorId: string | null
  readonly action: string
  readonly target: string | null
  readonly details: Readonly<Record<string, unknown>>
}

interface Raw {
  seq: number
  at: number
  actor_id: string | null
  action: string
  target: string | null
  details: string
}

/** A field holding a credential (a password, a token, a secret, a key, a confirmation code): write-only everywhere. */
export const isSecretKey = (key: string): boolean => /password|token|secret|key|code/i.test(key)

/** Secrets never reach the log: credential fields are named, not shown. */
export const redact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? '(changed)' : redact(v)]),
    )
  }
  return value
}

export class AuditLog {
  readonly #insert
  readonly #page

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.#insert = db.prepare(
      'INSERT INTO audit_log (at, actor_id, action, target, details) VALUES (?, ?, ?, ?, ?)',
    )
    this.#page = db.prepare<[number, number], Raw>(
      'SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?',
    )
  }

  record(
    actorId: string | null,
    action: string,
    target: string | null,
    details: Record<string, unknown> = {},
  ): void {
    this.#insert.run(this.now(), actorId, action, target, JSON.stringify(redact(details)))
  }

  /** Newest first, before `before` (a seq). */
  page(before: number, limit: number): AuditEntry[] {
    return this.#page.all(before, limit).map((r) => ({
      seq: r.seq,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      target: r.target,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }))
  }
}
