/**
 * Website visitors: each gets an id and a random token the widget keeps in the browser's localStorage, so the
 * conversation survives reloads. The token is stored only as a SHA-256 hash, like operators' sessions.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { widget } from '../../channels'
import { newId } from '../../model'
import type { Db } from '../storage/db'

interface Row {
  id: string
  channel_id: string
  profile: string
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export class Visitors {
  readonly #insert
  readonly #byToken
  readonly #touch

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.#insert = db.prepare(
      'INSERT INTO widget_visitors (id, channel_id, token_hash, profile, created_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#byToken = db.prepare<[string], Row>(
      'SELECT id, channel_id, profile FROM widget_visitors WHERE token_hash = ?',
    )
    this.#touch = db.prepare('UPDATE widget_visitors SET seen_at = ? WHERE id = ?')
  }

  create(channelId: string, profile: widget.VisitorStart): { visitor: widget.Visitor; token: string } {
    const id = newId()
    const token = randomBytes(32).toString('base64url')
    const now = this.now()
    this.#insert.run(id, channelId, hashToken(token), JSON.stringify(profile), now, now)
    return { visitor: { id, profile }, token }
  }

  /** The visitor of this token on this channel, or `null` (unknown token, or another channel's). */
  verify(channelId: string, token: string): widget.Visitor | null {
    const row = this.#byToken.get(hashToken(token))
    if (!row || row.channel_id !== channelId) return null
    this.#touch.run(this.now(), row.id)
    return { id: row.id, profile: JSON.parse(row.profile) as widget.VisitorStart }
  }
}
