/** [RAT8] The admin's satisfaction settings: one SQLite row, published in the directory doc for every operator. */
import {
  DEFAULT_SATISFACTION_SETTINGS,
  directoryDocName,
  type SatisfactionSettings,
  SatisfactionSettingsSchema,
  serverContext,
  writeSatisfactionSettings,
} from '../../model'
import type { DocHub } from '../docs/hub'
import type { Db } from '../storage/db'

export class SatisfactionSettingsStore {
  readonly #get
  readonly #put
  /** Read on every close that asks and every first score: kept in memory, written through. */
  #cached: SatisfactionSettings | null = null

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.#get = db.prepare<[], { settings: string }>(
      'SELECT settings FROM satisfaction_settings WHERE id = 1',
    )
    this.#put = db.prepare(
      `INSERT INTO satisfaction_settings (id, settings, updated_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    )
  }

  /** The settings, or the defaults until an admin saved some (a stored row that no longer parses, too). */
  get(): SatisfactionSettings {
    if (this.#cached) return this.#cached
    const row = this.#get.get()
    let parsed: SatisfactionSettings = DEFAULT_SATISFACTION_SETTINGS
    if (row) {
      try {
        const result = SatisfactionSettingsSchema.safeParse(JSON.parse(row.settings))
        if (result.success) parsed = result.data
      } catch {
        // A row that is not JSON reads as the defaults, as one that does not parse.
      }
    }
    this.#cached = parsed
    return parsed
  }

  set(settings: SatisfactionSettings): SatisfactionSettings {
    this.#put.run(JSON.stringify(settings), this.now())
    this.#cached = settings
    return settings
  }
}

/** [RAT8] Mirrors the settings into the directory doc, so the close dialog knows `askByDefault` offline. */
export const publishSatisfaction = (
  hub: DocHub,
  store: SatisfactionSettingsStore,
  now: number,
): Promise<boolean> => {
  const ctx = serverContext('directory', now)
  return hub.transact(directoryDocName, (doc) => writeSatisfactionSettings(doc, store.get(), ctx), ctx.origin)
}
