/**
 * Files of messages, kept in `DATA_DIR/media`: customers' media downloaded through the provider's API after the
 * message is stored (so a slow or failing download never loses the message), retried with backoff; served at
 * `/api/media/:id` to operators who may see the chat.
 */
import { mkdirSync } from 'node:fs'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChannelBridge, MediaRef } from '../channels'
import { newId } from '../model'
import { bridgeContext } from './bridges'
import type { ChannelRegistry } from './channel-registry'
import type { Logger } from './logger'
import { backoffMs } from './outbox/dispatcher'
import type { Db } from './storage/db'

export type MediaState = 'pending' | 'stored' | 'failed'

export interface MediaRow {
  readonly id: string
  readonly channelId: string
  readonly chatId: string | null
  readonly ref: MediaRef
  readonly mime: string
  readonly name: string | null
  readonly size: number | null
  readonly state: MediaState
  readonly attempts: number
}

interface Raw {
  id: string
  channel_id: string
  chat_id: string | null
  ref: string
  mime: string
  name: string | null
  size: number | null
  state: MediaState
  attempts: number
}

const toRow = (r: Raw): MediaRow => ({
  id: r.id,
  channelId: r.channel_id,
  chatId: r.chat_id,
  ref: JSON.parse(r.ref) as MediaRef,
  mime: r.mime,
  name: r.name,
  size: r.size,
  state: r.state,
  attempts: r.attempts,
})

/** The URL operators load a stored file from. */
export const mediaPath = (id: string): string => `/api/media/${id}`
const MEDIA_PATH = /^\/api\/media\/([A-Za-z0-9_-]{1,64})$/

/** Gives up on a file after this many failed downloads (about a day with the backoff's cap). */
const MAX_ATTEMPTS = 300

export class MediaStore {
  readonly dir: string
  readonly #insert
  readonly #get
  readonly #due
  readonly #nextWake
  readonly #set
  readonly #attach
  readonly #delete

  constructor(
    db: Db,
    dataDir: string,
    private readonly now: () => number,
  ) {
    this.dir = join(dataDir, 'media')
    mkdirSync(this.dir, { recursive: true })
    this.#insert = db.prepare(
      `INSERT INTO media (id, channel_id, chat_id, ref, mime, name, size, state, attempts, next_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    )
    this.#get = db.prepare<[string], Raw>('SELECT * FROM media WHERE id = ?')
    this.#due = db.prepare<[number, number], Raw>(
      `SELECT * FROM media WHERE state = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?`,
    )
    this.#nextWake = db.prepare<[], { at: number | null }>(
      `SELECT MIN(next_at) AS at FROM media WHERE state = 'pending'`,
    )
    this.#attach = db.prepare('UPDATE media SET chat_id = ? WHERE id = ?')
    this.#delete = db.prepare('DELETE FROM media WHERE id = ?')
    this.#set = db.prepare(
      'UPDATE media SET state = ?, attempts = ?, next_at = ?, size = ?, mime = ?, error = ? WHERE id = ?',
    )
  }

  /** A provider's file to download; returns the id its message links to. */
  register(channelId: string, chatId: string | null, ref: MediaRef): string {
    const id = newId()
    const now = this.now()
    this.#insert.run(
      id,
      channelId,
      chatId,
      JSON.stringify(ref),
      ref.mime,
      ref.name ?? null,
      ref.size ?? null,
      'pending',
      now,
      now,
    )
    return id
  }

  /**
   * An operator's file for an answer in a chat, stored at once: written to disk first, then recorded, so a row
   * never names a file that is not there. Its `ref` says who uploaded it (it is never downloaded).
   */
  async upload(input: {
    readonly channelId: string
    readonly chatId: string
    readonly operatorId: string
    readonly bytes: Uint8Array
    readonly mime: string
    readonly name: string
  }): Promise<MediaRow> {
    const id = newId()
    const file = join(this.dir, id)
    await writeFile(`${file}.part`, input.bytes)
    await rename(`${file}.part`, file)
    const size = input.bytes.length
    const ref: MediaRef = { ref: `upload:${input.operatorId}`, mime: input.mime, name: input.name, size }
    const now = this.now()
    this.#insert.run(
      id,
      input.channelId,
      input.chatId,
      JSON.stringify(ref),
      input.mime,
      input.name,
      size,
      'stored',
      now,
      now,
    )
    return this.get(id)!
  }

  /** Who uploaded a file (`upload`), or `null` for a customer's file. */
  uploaderOf(row: MediaRow): string | null {
    return row.ref.ref.startsWith('upload:') ? row.ref.ref.slice('upload:'.length) : null
  }

  /** Forgets a file and deletes it from disk (an upload taken off before it was sent). */
  async remove(row: MediaRow): Promise<void> {
    this.#delete.run(row.id)
    await rm(join(this.dir, row.id), { force: true })
  }

  /** The chat a file belongs to, once the message that carries it made the chat. */
  attach(id: string, chatId: string): void {
    this.#attach.run(chatId, id)
  }

  get(id: string): MediaRow | null {
    const r = this.#get.get(id)
    return r ? toRow(r) : null
  }

  /** The id of a URL of ours (`/api/media/<id>`), else `null`. */
  idOf(url: string): string | null {
    return MEDIA_PATH.exec(url)?.[1] ?? null
  }

  due(limit: number): MediaRow[] {
    return this.#due.all(this.now(), limit).map(toRow)
  }

  nextWake(): number | null {
    return this.#nextWake.get()?.at ?? null
  }

  async save(row: MediaRow, bytes: Uint8Array, mime: string): Promise<void> {
    const file = join(this.dir, row.id)
    await writeFile(`${file}.part`, bytes)
    await rename(`${file}.part`, file)
    this.#set.run('stored', row.attempts + 1, this.now(), bytes.length, mime || row.mime, null, row.id)
  }

  failed(row: MediaRow, error: string): void {
    const attempts = row.attempts + 1
    const state: MediaState = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending'
    this.#set.run(state, attempts, this.now() + backoffMs(attempts), row.size, row.mime, error, row.id)
  }

  read(row: MediaRow): Promise<Buffer> {
    return readFile(join(this.dir, row.id))
  }
}

/** Downloads pending files, a few at a time, retrying with backoff. */
export class MediaFetcher {
  #timer: NodeJS.Timeout | null = null
  #running = false
  #stopped = false

  constructor(
    private readonly deps: {
      readonly store: MediaStore
      readonly channels: ChannelRegistry
      readonly bridgeOf: (kind: string) => ChannelBridge<{ apiBaseUrl?: string }> | null
      readonly now: () => number
      readonly logger: Logger
      readonly fetch?: typeof fetch
    },
  ) {}

  kick(): void {
    if (this.#stopped) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.#run(), 0)
    this.#timer.unref?.()
  }

  stop(): void {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
  }

  async #run(): Promise<void> {
    if (this.#running || this.#stopped) return
    this.#running = true
    try {
      for (let batch = this.deps.store.due(4); batch.length > 0; batch = this.deps.store.due(4)) {
        await Promise.all(batch.map((row) => this.#fetch(row)))
        if (this.#stopped) return
      }
    } finally {
      this.#running = false
    }
    const next = this.deps.store.nextWake()
    if (next !== null && !this.#stopped) {
      this.#timer = setTimeout(() => void this.#run(), Math.max(50, next - this.deps.now()))
      this.#timer.unref?.()
    }
  }

  async #fetch(row: MediaRow): Promise<void> {
    const channel = this.deps.channels.byId(row.channelId)
    const bridge = channel ? this.deps.bridgeOf(channel.kind) : null
    if (!channel || !bridge) {
      this.deps.store.failed(row, 'the channel has no bridge')
      return
    }
    const ctx = bridgeContext(channel, bridge, this.deps.now, {
      timeoutMs: 60_000,
      ...(this.deps.fetch && { fetch: this.deps.fetch }),
    })
    try {
      const file = await bridge.downloadMedia(ctx, row.ref)
      await this.deps.store.save(row, file.bytes, file.mime)
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      this.deps.logger.warn({ mediaId: row.id, error }, 'media download failed; will retry')
      this.deps.store.failed(row, error)
    }
  }
}
