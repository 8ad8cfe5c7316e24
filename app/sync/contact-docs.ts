/**
 * Contact docs (`contact:<id>`) as the session holds them: one Y.Doc per contact per tab, kept in IndexedDB and
 * synced on the shared socket, however many views want it (the profile zone, the full card). The doc closes with
 * its last view; a doc the server denied (the operator may no longer see the contact) leaves no offline copy.
 */
import { contactDocName } from '../../model'
import { type LiveDoc, viewOf } from './live-doc'

export interface ContactDocsOptions {
  /** Opens a doc with no presence, stored in IndexedDB when the session persists. */
  readonly open: (name: string) => LiveDoc
  /** Deletes a doc's stored copy (none when nothing is stored). */
  readonly drop?: (name: string) => void
}

interface Held {
  readonly live: LiveDoc
  views: number
}

export class ContactDocs {
  readonly #options: ContactDocsOptions
  readonly #held = new Map<string, Held>()

  constructor(options: ContactDocsOptions) {
    this.#options = options
  }

  /** A view of the contact's doc; `close()` it when it leaves the screen. */
  open(contactId: string): LiveDoc {
    const name = contactDocName(contactId)
    let held = this.#held.get(name)
    if (!held) {
      held = { live: this.#options.open(name), views: 0 }
      this.#held.set(name, held)
    }
    held.views++
    return this.#view(name, held)
  }

  destroy(): void {
    for (const held of this.#held.values()) held.live.close()
    this.#held.clear()
  }

  #release(name: string, held: Held): void {
    held.views--
    if (held.views > 0 || this.#held.get(name) !== held) return
    this.#held.delete(name)
    const denied = held.live.denied
    held.live.close()
    if (denied) this.#options.drop?.(name)
  }

  #view(name: string, held: Held): LiveDoc {
    return viewOf(held.live, null, () => this.#release(name, held))
  }
}
