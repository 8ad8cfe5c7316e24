/**
 * Docs this operator's browser stored in IndexedDB (y-indexeddb's layout: a database per doc, named
 * `<prefix><docName>`, with an `updates` store of Yjs updates), listed and read into a throwaway Y.Doc without
 * opening them on the socket or writing to their databases: what the local search reads for the chats the warm set
 * stored but does not hold open (offline after a reload, most of them) and for the contacts' notes.
 */
import * as Y from 'yjs'
import { type DocKind, parseDocName } from '../../model'

/** y-indexeddb's object store of updates. */
const UPDATES = 'updates'

/** The ids of the stored docs of one kind; none where the browser cannot list its databases. */
export const listStoredDocs = async (
  factory: IDBFactory,
  prefix: string,
  kind: typeof DocKind.chat | typeof DocKind.contact,
): Promise<string[]> => {
  const all = typeof factory.databases === 'function' ? await factory.databases() : []
  return all.flatMap(({ name }) => {
    const ref = name?.startsWith(prefix) ? parseDocName(name.slice(prefix.length)) : null
    return ref?.kind === kind ? [ref.id] : []
  })
}

const readUpdates = (factory: IDBFactory, name: string): Promise<Uint8Array[] | null> =>
  new Promise((resolve) => {
    const open = factory.open(name)
    // No such database: opening it would create one. Abort, so nothing is written.
    open.onupgradeneeded = () => open.transaction?.abort()
    open.onerror = () => resolve(null)
    open.onblocked = () => resolve(null)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains(UPDATES)) {
        db.close()
        resolve(null)
        return
      }
      const request = db.transaction(UPDATES, 'readonly').objectStore(UPDATES).getAll()
      request.onsuccess = () => {
        db.close()
        resolve(request.result as Uint8Array[])
      }
      request.onerror = () => {
        db.close()
        resolve(null)
      }
    }
  })

/** What `read` takes from the stored copy of `docName`; `null` when it is not stored (or cannot be read). */
export const readStoredDoc = async <T>(
  factory: IDBFactory,
  prefix: string,
  docName: string,
  read: (doc: Y.Doc) => T,
): Promise<T | null> => {
  const updates = await readUpdates(factory, prefix + docName)
  if (updates === null || updates.length === 0) return null
  const doc = new Y.Doc()
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    return read(doc)
  } catch {
    // A copy that does not decode is left out of the search rather than failing it.
    return null
  } finally {
    doc.destroy()
  }
}
