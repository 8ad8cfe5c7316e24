/** The tag catalogue admins keep: names and colours operators pick from (published in the directory doc). */
import { DomainError, ErrorCode, type Tag } from '../../model'
import type { Db } from '../storage/db'

const fail = (message: string): never => {
  throw new DomainError(ErrorCode.notFound, message)
}

export class TagCatalogue {
  readonly #all

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.#all = db.prepare<[], Tag & { color: string | null }>('SELECT name, color FROM tags ORDER BY name')
  }

  list(): Tag[] {
    return this.#all.all().map((t) => ({ name: t.name, ...(t.color ? { color: t.color } : {}) }))
  }

  /** The stored spelling of a tag, matched without regard to case in any alphabet (SQLite's NOCASE is ASCII only). */
  #find(name: string): string | null {
    const wanted = name.toLocaleLowerCase()
    return this.list().find((t) => t.name.toLocaleLowerCase() === wanted)?.name ?? null
  }

  create(tag: Tag): Tag {
    if (this.#find(tag.name) !== null) throw new DomainError(ErrorCode.conflict, 'that tag exists')
    this.db
      .prepare('INSERT INTO tags (name, color, created_at) VALUES (?, ?, ?)')
      .run(tag.name, tag.color ?? null, this.now())
    return tag
  }

  update(name: string, patch: { color?: string | undefined }): Tag {
    const stored = this.#find(name) ?? fail('no such tag')
    this.db.prepare('UPDATE tags SET color = ? WHERE name = ?').run(patch.color ?? null, stored)
    return this.list().find((t) => t.name === stored)!
  }

  remove(name: string): void {
    const stored = this.#find(name) ?? fail('no such tag')
    this.db.prepare('DELETE FROM tags WHERE name = ?').run(stored)
  }
}
