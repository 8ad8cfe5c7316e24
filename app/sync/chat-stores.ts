/**
 * The chats' IndexedDB databases (one per chat doc, y-indexeddb's layout: `<prefix>chat:<id>`), as the warm set
 * lists and deletes them.
 */
import { chatDocName, DocKind, parseDocName } from '../../model'

export interface ChatStores {
  /** The chats stored now. */
  list(): Promise<string[]>
  /** Deletes a chat's stored copy; resolves once it is gone. */
  drop(chatId: string): Promise<void>
}

/** `prefix` is what precedes the doc name in a database's name (`switchboard/<operatorId>/`). */
export const indexedDbChatStores = (factory: IDBFactory, prefix: string): ChatStores => ({
  async list() {
    // `databases()` is missing in older browsers: the warm set's own record still knows what it stored.
    const all = typeof factory.databases === 'function' ? await factory.databases() : []
    return all.flatMap(({ name }) => {
      const ref = name?.startsWith(prefix) ? parseDocName(name.slice(prefix.length)) : null
      return ref?.kind === DocKind.chat ? [ref.id] : []
    })
  },
  drop: (chatId) =>
    new Promise((resolve, reject) => {
      // A connection still open (a doc closing this instant) delays the delete until it closes; it never fails it.
      const request = factory.deleteDatabase(prefix + chatDocName(chatId))
      request.onsuccess = () => resolve()
      request.onerror = () => reject(request.error ?? new Error(`could not delete ${chatId}`))
    }),
})
