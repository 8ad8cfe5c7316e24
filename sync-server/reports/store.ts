/**
 * The reports store (SQLite): every chat's episodes [MET1] as of its last recompute, one row per episode
 * (`report_episodes`) and one per operator who took part in it (`report_participants`), both keyed by start so a
 * period is a range scan. `replaceChat` is the one write path: it swaps a chat's rows for its current episodes
 * [RPS1]; the follower calls it inside the hub's group commit, the benchmark in batches. Reads count and sum in
 * SQL and fetch only the times to rank (see `times`). Operator and channel ids are stored as small integers
 * (`report_keys`), so grouping compares integers and a group and a time pack into one number.
 */
import type { ChatMetrics } from '../../model'
import type { Db } from '../storage/db'
import { episodeFacts, participantFacts } from './facts'
import type { Group } from './groups'

/** A time and its group's key pack into one integer below 2^53: the key times 2^40, plus the time (< 34 years). */
const TIME_SPAN = 2 ** 40
const MAX_PACKED_KEY = 2 ** 13 - 1
/** Durations are stored below 2^40 ms (34 years), so that they pack; no real one comes near. */
const duration = (ms: number | null): number | null => (ms === null ? null : Math.min(ms, TIME_SPAN - 1))

/** Which rows a query reads: the episodes' (MET11 counts) or the participants' (MET10 counts). */
export type Source = 'episodes' | 'participants'

/** What a query reads: a period by start [MET8], optionally one channel and one operator (participants only). */
export interface Scope {
  readonly from: number
  readonly to: number
  readonly channel?: string | undefined
  readonly operator?: string | undefined
}

/** What a row of a report counts, summed over a group. */
export interface Counts {
  started: number
  taken: number
  closed: number
  solved: number
  noReply: number
  other: number
  none: number
  sent: number
  requested: number
  rated: number
  scoreSum: number
  positive: number
  customerRated: number
  customerScoreSum: number
}

export const emptyCounts = (): Counts => ({
  started: 0,
  taken: 0,
  closed: 0,
  solved: 0,
  noReply: 0,
  other: 0,
  none: 0,
  sent: 0,
  requested: 0,
  rated: 0,
  scoreSum: 0,
  positive: 0,
  customerRated: 0,
  customerScoreSum: 0,
})

/** A stored customer rating, for the list of comments. */
export interface StoredRating {
  readonly chatId: string
  readonly channelId: string
  readonly startAt: number
  readonly score: number
  readonly comment: string | null
  readonly at: number
  readonly operatorIds: string[]
}

/** Where a list of ratings resumes: after this one (newest first). */
export interface RatingCursor {
  readonly at: number
  readonly chatId: string
  readonly startAt: number
}

// Each aggregate costs on every row: the episodes closed without a reason are the closed ones less the others.
const COUNT_COLUMNS = `count(*), sum(taken), count(close_reason), sum(close_reason = 1), sum(close_reason = 2),
  sum(close_reason = 3), sum(sent), sum(rating_requested), count(customer_score), sum(customer_score),
  sum(customer_score >= 4), count(operator_score), sum(operator_score)`

const toCounts = (row: readonly unknown[], at: number): Counts => {
  const n = (i: number): number => Number(row[at + i] ?? 0)
  return {
    started: n(0),
    taken: n(1),
    closed: n(2),
    solved: n(3),
    noReply: n(4),
    other: n(5),
    none: n(2) - n(3) - n(4) - n(5),
    sent: n(6),
    requested: n(7),
    rated: n(8),
    scoreSum: n(9),
    positive: n(10),
    customerRated: n(11),
    customerScoreSum: n(12),
  }
}

type Statement = ReturnType<Db['prepare']>

export class ReportStore {
  readonly #db: Db
  readonly #keyIds = new Map<string, number>()
  readonly #keys = new Map<number, string>()
  #nextKey: number
  readonly #statements = new Map<string, Statement>()
  readonly #saveKey
  readonly #deleteEpisodes
  readonly #deleteParticipants
  readonly #insertEpisode
  readonly #insertParticipant
  readonly #markStored
  readonly #markDirty

  constructor(db: Db) {
    this.#db = db
    for (const row of db.prepare<[], { id: number; key: string }>('SELECT id, key FROM report_keys').all()) {
      this.#keyIds.set(row.key, row.id)
      this.#keys.set(row.id, row.key)
    }
    this.#nextKey = Math.max(0, ...this.#keys.keys()) + 1
    this.#saveKey = db.prepare<[number, string]>('INSERT OR IGNORE INTO report_keys (id, key) VALUES (?, ?)')
    this.#deleteEpisodes = db.prepare<[string]>('DELETE FROM report_episodes WHERE chat_id = ?')
    this.#deleteParticipants = db.prepare<[string]>('DELETE FROM report_participants WHERE chat_id = ?')
    this.#insertEpisode = db.prepare(
      `INSERT INTO report_episodes (start_at, chat_id, n, channel, closed_at, close_reason, closed_by,
        resolution_ms, first_response_ms, first_operator, first_bot, taken, operators, sent, bot_messages,
        customer_messages, rating_requested, customer_score, customer_comment, customer_rated_at,
        customer_rating_via, operator_score, operator_note, operator_rated_by, operator_rated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#insertParticipant = db.prepare(
      `INSERT INTO report_participants (start_at, operator, chat_id, n, channel, taken, sent, first_response_ms,
        close_reason, resolution_ms, rating_requested, customer_score, operator_score)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#markStored = db.prepare<[string]>(
      `INSERT INTO report_chats (chat_id, dirty) VALUES (?, 0)
       ON CONFLICT (chat_id) DO UPDATE SET dirty = 0`,
    )
    this.#markDirty = db.prepare<[string]>(
      `INSERT INTO report_chats (chat_id, dirty) VALUES (?, 1)
       ON CONFLICT (chat_id) DO UPDATE SET dirty = 1`,
    )
  }

  /**
   * [RPS1] Replaces a chat's rows with its episodes now (`null`: a doc without meta, no episodes) and marks it
   * stored. Runs inside the caller's transaction (the hub's group commit, or a batch).
   */
  replaceChat(chatId: string, metrics: ChatMetrics | null): void {
    this.#deleteEpisodes.run(chatId)
    this.#deleteParticipants.run(chatId)
    if (metrics) {
      const channel = this.#key(metrics.channelId)
      metrics.episodes.forEach((e, n) => {
        const f = episodeFacts(e)
        const customer = f.customerRating
        const operator = f.operatorRating
        this.#insertEpisode.run(
          f.startAt,
          chatId,
          n,
          channel,
          f.closedAt,
          f.closeReason,
          f.closedBy === null ? null : this.#key(f.closedBy),
          duration(f.resolutionMs),
          duration(f.firstResponseMs),
          f.firstOperator === null ? null : this.#key(f.firstOperator),
          f.firstBot,
          f.taken ? 1 : 0,
          JSON.stringify(f.operators),
          f.sent,
          f.botMessages,
          f.customerMessages,
          f.ratingRequested ? 1 : 0,
          customer?.score ?? null,
          customer?.comment ?? null,
          customer?.at ?? null,
          customer?.via ?? null,
          operator?.score ?? null,
          operator?.note ?? null,
          operator ? this.#key(operator.by) : null,
          operator?.at ?? null,
        )
        for (const p of participantFacts(e)) {
          this.#insertParticipant.run(
            f.startAt,
            this.#key(p.operatorId),
            chatId,
            n,
            channel,
            p.taken ? 1 : 0,
            p.sent,
            duration(p.firstResponseMs),
            p.closeReason,
            duration(p.resolutionMs),
            p.ratingRequested ? 1 : 0,
            p.customerScore,
            p.operatorScore,
          )
        }
      })
    }
    this.#markStored.run(chatId)
  }

  /** [RPS3] The chat changed after its rows were computed; written in the same commit as the change. */
  markDirty(chatId: string): void {
    this.#markDirty.run(chatId)
  }

  /** Chats changed since their rows were computed (a stop or crash came before the recompute). */
  dirtyChats(): string[] {
    return this.#db.prepare<[], string>('SELECT chat_id FROM report_chats WHERE dirty = 1').pluck().all()
  }

  /** Up to `limit` registered chats after `afterId` (by id) that have never been stored: the backfill's work. */
  unstoredChats(afterId: string, limit: number): { ids: string[]; last: string | null } {
    const ids = this.#db
      .prepare<[string, number], string>('SELECT id FROM chats WHERE id > ? ORDER BY id LIMIT ?')
      .pluck()
      .all(afterId, limit)
    const stored = this.#db.prepare<[string], number>('SELECT 1 FROM report_chats WHERE chat_id = ?').pluck()
    return { ids: ids.filter((id) => stored.get(id) === undefined), last: ids.at(-1) ?? null }
  }

  /** The id an operator or channel is stored under, or `undefined` when no row names it. */
  idOf(key: string): number | undefined {
    return this.#keyIds.get(key)
  }

  keyOf(id: number): string {
    return this.#keys.get(id) ?? ''
  }

  /** The stored episodes of a chat, as rows of facts, in time order (for tests and diagnostics). */
  rowsOf(chatId: string): Array<Record<string, unknown>> {
    return this.#db
      .prepare<[string], Record<string, unknown>>(
        'SELECT * FROM report_episodes WHERE chat_id = ? ORDER BY start_at',
      )
      .all(chatId)
  }

  /** Sums per group over the rows of a source in scope. */
  counts(source: Source, group: Group, scope: Scope): Map<number, Counts> {
    const where = this.#where(source, scope)
    if (!where) return new Map()
    const rows = this.#statement(
      `SELECT ${group.sql} AS g, ${COUNT_COLUMNS} FROM report_${source} WHERE ${where.sql} GROUP BY g`,
    )
      .raw()
      .all(...group.params, ...where.params) as unknown[][]
    return new Map(rows.map((row) => [Number(row[0]), toCounts(row, 1)]))
  }

  /**
   * The times of one column (`first_response_ms`, `resolution_ms`) per group, each group's sorted ascending;
   * `all` holds every time of the scope, sorted, whatever its group (rows whose group is NULL count there only).
   * One number per row, the group's key and the time packed, sorted once: SQLite hands over one integer column
   * far faster than two.
   */
  times(
    source: Source,
    column: 'first_response_ms' | 'resolution_ms',
    group: Group,
    scope: Scope,
  ): { groups: Map<number, number[]>; all: number[] } {
    const where = this.#where(source, scope)
    if (!where) return { groups: new Map(), all: [] }
    const params = [...group.params, ...where.params]
    const sql = `FROM report_${source} WHERE ${where.sql} AND ${column} IS NOT NULL`
    const groups = new Map<number, number[]>()
    let all: Float64Array
    if (group.max <= MAX_PACKED_KEY && this.#nextKey - 1 <= MAX_PACKED_KEY) {
      const packed = Float64Array.from(
        this.#statement(`SELECT coalesce(${group.sql}, 0) * ${TIME_SPAN} + ${column} ${sql}`)
          .pluck()
          .all(...params) as number[],
      ).sort()
      // Sorted by group, then time: each group is one run of the array.
      all = new Float64Array(packed.length)
      for (let i = 0; i < packed.length; ) {
        const key = Math.floor(packed[i]! / TIME_SPAN)
        const base = key * TIME_SPAN
        const end = i + 1 + upperBound(packed.subarray(i + 1), base + TIME_SPAN)
        const times = new Array<number>(end - i)
        for (let j = i; j < end; j++) {
          times[j - i] = packed[j]! - base
          all[j] = times[j - i]!
        }
        groups.set(key, times)
        i = end
      }
    } else {
      const rows = this.#statement(`SELECT coalesce(${group.sql}, 0), ${column} ${sql} ORDER BY 1, 2`)
        .raw()
        .all(...params) as Array<[number, number]>
      all = new Float64Array(rows.length)
      rows.forEach(([key, value], i) => {
        all[i] = value
        const list = groups.get(key)
        if (list) list.push(value)
        else groups.set(key, [value])
      })
    }
    all.sort()
    return { groups, all: Array.from(all) }
  }

  /** Customers' ratings of episodes in scope, newest first, after `cursor`. */
  ratings(scope: Scope, limit: number, cursor: RatingCursor | null): StoredRating[] {
    const where = this.#where('episodes', scope, 'e.')
    if (!where) return []
    const byOperator = scope.operator !== undefined
    const operatorId = byOperator ? this.idOf(scope.operator!) : undefined
    if (byOperator && operatorId === undefined) return []
    const after = cursor ? 'AND (e.customer_rated_at, e.chat_id, e.start_at) < (?, ?, ?)' : ''
    const rows = this.#statement(
      `SELECT e.chat_id, e.channel, e.start_at, e.n, e.customer_score, e.customer_comment, e.customer_rated_at
       FROM report_episodes e
       ${byOperator ? 'JOIN report_participants p ON p.start_at = e.start_at AND p.chat_id = e.chat_id AND p.n = e.n AND p.operator = ?' : ''}
       WHERE ${where.sql} AND e.customer_score IS NOT NULL ${after}
       ORDER BY e.customer_rated_at DESC, e.chat_id DESC, e.start_at DESC LIMIT ?`,
    )
      .raw()
      .all(
        ...(byOperator ? [operatorId] : []),
        ...where.params,
        ...(cursor ? [cursor.at, cursor.chatId, cursor.startAt] : []),
        limit,
      ) as Array<[string, number, number, number, number, string | null, number]>
    const who = this.#statement(
      'SELECT operator FROM report_participants WHERE start_at = ? AND chat_id = ? AND n = ? ORDER BY operator',
    ).pluck()
    return rows.map(([chatId, channel, startAt, n, score, comment, at]) => ({
      chatId,
      channelId: this.keyOf(channel),
      startAt,
      score,
      comment,
      at,
      operatorIds: (who.all(startAt, chatId, n) as number[]).map((id) => this.keyOf(id)),
    }))
  }

  /** The WHERE clause of a scope, or `null` when it names an operator or channel no row holds (nothing matches). */
  #where(source: Source, scope: Scope, prefix = ''): { sql: string; params: number[] } | null {
    const parts = [`${prefix}start_at >= ?`, `${prefix}start_at < ?`]
    const params = [scope.from, scope.to]
    if (scope.channel !== undefined) {
      const id = this.idOf(scope.channel)
      if (id === undefined) return null
      parts.push(`${prefix}channel = ?`)
      params.push(id)
    }
    if (scope.operator !== undefined && source === 'participants') {
      const id = this.idOf(scope.operator)
      if (id === undefined) return null
      parts.push(`${prefix}operator = ?`)
      params.push(id)
    }
    return { sql: parts.join(' AND '), params }
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  /** The id of an operator or channel, given one (and saved with the rows being written) if it has none. */
  #key(key: string): number {
    let id = this.#keyIds.get(key)
    if (id === undefined) {
      id = this.#nextKey++
      this.#keyIds.set(key, id)
      this.#keys.set(id, key)
    }
    // Every write names its keys: a key given in a group commit that failed is saved by the next one.
    this.#saveKey.run(id, key)
    return id
  }
}

/** The number of leading values below `limit` in an ascending array. */
const upperBound = (sorted: Float64Array, limit: number): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < limit) lo = mid + 1
    else hi = mid
  }
  return lo
}
