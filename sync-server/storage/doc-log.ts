/**
 * Every doc is an append-only log of Yjs updates, compacted from time to time into one snapshot made with
 * `Y.encodeStateAsUpdate` (far faster than `Y.mergeUpdates`).
 */
import type { Db } from './db'

export interface StoredDoc {
  /** Snapshot first (if any), then the updates after it, in order. */
  readonly updates: Uint8Array[]
  /** Log entries after the snapshot. */
  readonly logLength: number
  /** The last sequence number read; a snapshot covering it may replace everything up to it. */
  readonly lastSeq: number
}

export class DocLog {
  readonly #insert
  readonly #snapshot
  readonly #updatesAfter
  readonly #saveSnapshot
  readonly #deleteUpTo
  readonly #owners
  readonly #saveOwner

  constructor(readonly db: Db) {
    this.#insert = db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)')
    this.#snapshot = db.prepare<[string], { data: Buffer; seq: number }>(
      'SELECT data, seq FROM doc_snapshots WHERE doc = ?',
    )
    this.#updatesAfter = db.prepare<[string, number], { data: Buffer; seq: number }>(
      'SELECT data, seq FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq',
    )
    this.#saveSnapshot = db.prepare<[string, Uint8Array, number, number]>(
      `INSERT INTO doc_snapshots (doc, data, seq, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET data = excluded.data, seq = excluded.seq, updated_at = excluded.updated_at`,
    )
    this.#deleteUpTo = db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?')
    this.#owners = db.prepare<[string], { client: number; operator_id: string }>(
      'SELECT client, operator_id FROM doc_clients WHERE doc = ?',
    )
    this.#saveOwner = db.prepare<[string, number, string]>(
      'INSERT OR IGNORE INTO doc_clients (doc, client, operator_id) VALUES (?, ?, ?)',
    )
  }

  read(doc: string): StoredDoc {
    const snapshot = this.#snapshot.get(doc)
    const after = snapshot?.seq ?? 0
    const rows = this.#updatesAfter.all(doc, after)
    const updates = rows.map((r) => new Uint8Array(r.data))
    if (snapshot) updates.unshift(new Uint8Array(snapshot.data))
    return { updates, logLength: rows.length, lastSeq: rows.at(-1)?.seq ?? after }
  }

  /** Appends one update; call inside a transaction to commit several at once. Returns its sequence number. */
  append(doc: string, update: Uint8Array): number {
    return Number(this.#insert.run(doc, update).lastInsertRowid)
  }

  /** Replaces the log up to `seq` with a snapshot of the doc's whole state, atomically. */
  compact(doc: string, snapshot: Uint8Array, seq: number, now: number): void {
    this.db.transaction(() => {
      this.#saveSnapshot.run(doc, snapshot, seq, now)
      this.#deleteUpTo.run(doc, seq)
    })()
  }

  /** Which operator first wrote under each Yjs client id of the doc. */
  owners(doc: string): Map<number, string> {
    return new Map(this.#owners.all(doc).map((r) => [r.client, r.operator_id]))
  }

  saveOwner(doc: string, client: number, operatorId: string): void {
    this.#saveOwner.run(doc, client, operatorId)
  }

  /** Docs whose names start with `prefix` and that have updates not yet compacted into their snapshot. */
  docsWithLog(prefix: string): string[] {
    return this.db
      .prepare<[number, string], { doc: string }>(
        'SELECT DISTINCT doc FROM doc_updates WHERE substr(doc, 1, ?) = ?',
      )
      .all(prefix.length, prefix)
      .map((r) => r.doc)
  }
}
