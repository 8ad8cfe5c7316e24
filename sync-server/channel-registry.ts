/** Channels an admin configured. Their credentials stay here, server-side; the directory doc gets the rest. */
import { type ChannelKind, type ChannelPublic, DomainError, ErrorCode, newId } from '../model'
import type { Db } from './storage/db'

export interface ChannelRecord extends ChannelPublic {
  /** The provider's credentials and options; never sent to a client. */
  readonly config: Readonly<Record<string, unknown>>
  readonly createdAt: number
}

interface Row {
  id: string
  kind: ChannelKind
  name: string
  config: string
  enabled: number
  created_at: number
}

const toRecord = (r: Row): ChannelRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  enabled: r.enabled === 1,
  config: JSON.parse(r.config) as Record<string, unknown>,
  createdAt: r.created_at,
})

export const publicChannel = (c: ChannelRecord): ChannelPublic => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  enabled: c.enabled,
})

export class ChannelRegistry {
  readonly #byId
  readonly #all

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#byId = db.prepare<[string], Row>('SELECT * FROM channels WHERE id = ?')
    this.#all = db.prepare<[], Row>('SELECT * FROM channels ORDER BY created_at, id')
  }

  list(): ChannelRecord[] {
    return this.#all.all().map(toRecord)
  }

  byId(id: string): ChannelRecord | null {
    const row = this.#byId.get(id)
    return row ? toRecord(row) : null
  }

  create(input: { kind: ChannelKind; name: string; config: Record<string, unknown> }): ChannelRecord {
    const id = newId()
    this.db
      .prepare('INSERT INTO channels (id, kind, name, config, enabled, created_at) VALUES (?, ?, ?, ?, 1, ?)')
      .run(id, input.kind, input.name, JSON.stringify(input.config), this.now())
    return this.byId(id)!
  }

  /** New credentials or settings (already checked against the bridge's schema). */
  setConfig(id: string, config: Record<string, unknown>): ChannelRecord {
    if (!this.byId(id)) throw new DomainError(ErrorCode.notFound, 'no such channel')
    this.db.prepare('UPDATE channels SET config = ? WHERE id = ?').run(JSON.stringify(config), id)
    return this.byId(id)!
  }

  update(id: string, patch: { name?: string | undefined; enabled?: boolean | undefined }): ChannelRecord {
    const current = this.byId(id)
    if (!current) throw new DomainError(ErrorCode.notFound, 'no such channel')
    this.db
      .prepare('UPDATE channels SET name = ?, enabled = ? WHERE id = ?')
      .run(patch.name ?? current.name, (patch.enabled ?? current.enabled) ? 1 : 0, id)
    return this.byId(id)!
  }
}
