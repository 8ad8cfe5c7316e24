/**
 * The chats' IndexedDB databases (one per chat doc, y-indexeddb's layout: `<prefix>chat:<id>`), as the warm set
 * lists and deletes them.
 */
import { chatDocName, DocKind } from '../../model'
import { listStoredDocs } from './stored-docs'

export interface ChatStores {
  /** The chats stored now. */
  list(): Promise<string[]>
  /** Deletes a chat's stored copy; resolves once it is gone. */
  drop(chatId: string): Promise<void>
}

/** `prefix` is what precedes the doc name in a database's name (`switchboard/<operatorId>/`). */
export const indexedDbChatStores = (factory: IDBFactory, prefix: string): ChatStores => ({
  // `databases()` is missing in older browsers (none listed): the warm set's own record still knows what it stored.
  list: () => listStoredDocs(factory, prefix, DocKind.chat),
  drop: (chatId) =>
    new Promise((resolve, reject) => {
      // A connection still open (a doc closing this instant) delays the delete until it closes; it never fails it.
      const request = factory.deleteDatabase(prefix + chatDocName(chatId))
      request.onsuccess = () => resolve()
      request.onerror = () => reject(request.error ?? new Error(`could not delete ${chatId}`))
    }),
})
