/** Operator accounts: credentials and access rules, in SQLite. Their public part is mirrored in the directory doc. */
import { DomainError, ErrorCode, newId, type OperatorAccess, type OperatorPublic, type Role } from '../model'
import { hashPassword } from './auth/passwords'
import type { Db } from './storage/db'

export interface OperatorRecord {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly role: Role
  /** `null`: every channel. */
  readonly channels: readonly string[] | null
  readonly tags: readonly string[]
  readonly active: boolean
  readonly createdAt: number
}

interface Row {
  id: string
  email: string
  name: string
  password_hash: string
  role: Role
  channels: string | null
  tags: string
  active: number
  created_at: number
}

const toRecord = (row: Row): OperatorRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  channels: row.channels === null ? null : (JSON.parse(row.channels) as string[]),
  tags: JSON.parse(row.tags) as string[],
  active: row.active === 1,
  createdAt: row.created_at,
})

export const accessOf = (op: OperatorRecord): OperatorAccess => ({
  operatorId: op.id,
  role: op.role,
  channels: op.channels,
  tags: op.tags,
})

export const publicOf = (op: OperatorRecord): OperatorPublic => ({
  id: op.id,
  name: op.name,
  role: op.role,
  active: op.active,
})

export interface NewOperator {
  readonly email: string
  readonly name: string
  readonly password: string
  readonly role: Role
  readonly channels?: readonly string[] | null | undefined
  readonly tags?: readonly string[] | undefined
}

export interface OperatorPatch {
  readonly email?: string | undefined
  readonly name?: string | undefined
  readonly password?: string | undefined
  readonly role?: Role | undefined
  readonly channels?: readonly string[] | null | undefined
  readonly tags?: readonly string[] | undefined
  readonly active?: boolean | undefined
}

export class Operators {
  readonly #byId
  readonly #byEmail
  readonly #all
  readonly #count

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#byId = db.prepare<[string], Row>('SELECT * FROM operators WHERE id = ?')
    this.#byEmail = db.prepare<[string], Row>('SELECT * FROM operators WHERE email = ?')
    this.#all = db.prepare<[], Row>('SELECT * FROM operators ORDER BY created_at, id')
    this.#count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operators')
  }

  count(): number {
    return this.#count.get()?.n ?? 0
  }

  list(): OperatorRecord[] {
    return this.#all.all().map(toRecord)
  }

  byId(id: string): OperatorRecord | null {
    const row = this.#byId.get(id)
    return row ? toRecord(row) : null
  }

  /** The record and its password hash, for logging in. */
  credentials(email: string): { operator: OperatorRecord; passwordHash: string } | null {
    const row = this.#byEmail.get(email.trim())
    return row ? { operator: toRecord(row), passwordHash: row.password_hash } : null
  }

  async create(input: NewOperator): Promise<OperatorRecord> {
    if (this.#byEmail.get(input.email.trim())) {
      throw new DomainError(ErrorCode.conflict, `an operator with email ${input.email} exists`)
    }
    const id = newId()
    const hash = await hashPassword(input.password)
    this.db
      .prepare(
        `INSERT INTO operators (id, email, name, password_hash, role, channels, tags, active, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      )
      .run(
        id,
        input.email.trim(),
        input.name,
        hash,
        input.role,
        input.channels == null ? null : JSON.stringify([...new Set(input.channels)]),
        JSON.stringify([...new Set(input.tags ?? [])]),
        this.now(),
      )
    return this.byId(id)!
  }

  async update(id: string, patch: OperatorPatch): Promise<OperatorRecord> {
    const current = this.byId(id)
    if (!current) throw new DomainError(ErrorCode.notFound, 'no such operator')
    if (patch.email !== undefined) {
      const other = this.#byEmail.get(patch.email.trim())
      if (other && other.id !== id) throw new DomainError(ErrorCode.conflict, 'that email is taken')
    }
    const hash = patch.password === undefined ? null : await hashPassword(patch.password)
    this.db
      .prepare(
        `UPDATE operators SET email = ?, name = ?, role = ?, channels = ?, tags = ?, active = ?,
         password_hash = coalesce(?, password_hash) WHERE id = ?`,
      )
      .run(
        (patch.email ?? current.email).trim(),
        patch.name ?? current.name,
        patch.role ?? current.role,
        patch.channels === undefined
          ? current.channels === null
            ? null
            : JSON.stringify(current.channels)
          : patch.channels === null
            ? null
            : JSON.stringify([...new Set(patch.channels)]),
        JSON.stringify([...new Set(patch.tags ?? current.tags)]),
        (patch.active ?? current.active) ? 1 : 0,
        hash,
        id,
      )
    return this.byId(id)!
  }
}
