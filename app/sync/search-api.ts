/** `GET /api/search`: the server's full search (SQLite FTS5), only over the chats the operator may see. */
import { caller } from './api'

export interface ServerSearchResults {
  /** Contacts by name, phone, email or notes, each with the chats of theirs the operator may see. */
  readonly contacts: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly chats: ReadonlyArray<{ readonly id: string; readonly channelId: string }>
  }>
  /** Messages by their text, newest first; the snippet marks the match `[like this]`. */
  readonly messages: ReadonlyArray<{
    readonly chatId: string
    readonly messageId: string
    readonly at: number
    readonly snippet: string
    readonly contactName: string
  }>
}

export const searchOnServer = (
  token: string,
  q: string,
  limit = 20,
  baseUrl = '',
): Promise<ServerSearchResults> =>
  caller(baseUrl)<ServerSearchResults>(`/api/search?q=${encodeURIComponent(q)}&limit=${limit}`, { token })
