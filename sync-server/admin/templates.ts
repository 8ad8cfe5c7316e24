/** The shared templates admins keep (seed 003 «чат-шаблоны»), published in the directory doc [TPL2]. */
import {
  DomainError,
  directoryDocName,
  directoryParts,
  ErrorCode,
  newId,
  serverContext,
  type Template,
} from '../../model'
import { mirrorMap } from '../directory'
import type { DocHub } from '../docs/hub'
import type { Db } from '../storage/db'

interface Raw {
  id: string
  title: string
  text: string
  folder: string | null
}

const toTemplate = (r: Raw): Template => ({
  id: r.id,
  title: r.title,
  text: r.text,
  ...(r.folder ? { folder: r.folder } : {}),
})

export type TemplateInput = Omit<Template, 'id'>
export interface TemplatePatch {
  readonly title?: string | undefined
  readonly text?: string | undefined
  /** `null` takes the template out of its folder. */
  readonly folder?: string | null | undefined
}

export class TemplateCatalogue {
  readonly #all
  readonly #one
  readonly #insert
  readonly #update
  readonly #delete

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.#all = db.prepare<[], Raw>(
      'SELECT id, title, text, folder FROM templates ORDER BY folder, title, id',
    )
    this.#one = db.prepare<[string], Raw>('SELECT id, title, text, folder FROM templates WHERE id = ?')
    this.#insert = db.prepare(
      'INSERT INTO templates (id, title, text, folder, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#update = db.prepare(
      'UPDATE templates SET title = ?, text = ?, folder = ?, updated_at = ? WHERE id = ?',
    )
    this.#delete = db.prepare('DELETE FROM templates WHERE id = ?')
  }

  /** Every template, by folder (none first), then title. */
  list(): Template[] {
    return this.#all.all().map(toTemplate)
  }

  get(id: string): Template {
    const row = this.#one.get(id)
    if (!row) throw new DomainError(ErrorCode.notFound, 'no such template')
    return toTemplate(row)
  }

  create(input: TemplateInput): Template {
    const id = newId()
    const at = this.now()
    this.#insert.run(id, input.title, input.text, input.folder ?? null, at, at)
    return this.get(id)
  }

  update(id: string, patch: TemplatePatch): Template {
    const current = this.get(id)
    const folder = patch.folder === undefined ? (current.folder ?? null) : patch.folder
    this.#update.run(patch.title ?? current.title, patch.text ?? current.text, folder, this.now(), id)
    return this.get(id)
  }

  remove(id: string): void {
    if (this.#delete.run(id).changes === 0) throw new DomainError(ErrorCode.notFound, 'no such template')
  }
}

/** [TPL2] Mirrors the catalogue into the directory doc (like the tags in directory.ts): operators have it offline. */
export const publishTemplates = (hub: DocHub, catalogue: TemplateCatalogue, now: number): Promise<void> =>
  hub.transact(
    directoryDocName,
    (doc) => {
      mirrorMap(directoryParts(doc).templates, new Map(catalogue.list().map((t) => [t.id, t])))
    },
    serverContext('directory', now).origin,
  )
