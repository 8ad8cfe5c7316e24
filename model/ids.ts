import { uuidv4 } from 'lib0/random'

/** The platform's UUID generator where there is one (Node, browsers in a secure context). */
declare const crypto: { randomUUID?: () => string } | undefined

/** A new random id: used for chats, contacts, messages and history events. */
export const newId: () => string =
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? () => (crypto as { randomUUID: () => string }).randomUUID()
    : uuidv4

/** The kinds of Yjs documents and how they are named on the wire and in storage. */
export const DocKind = {
  chat: 'chat',
  contact: 'contact',
  directory: 'directory',
  index: 'index',
  notifications: 'notifications',
} as const
export type DocKind = (typeof DocKind)[keyof typeof DocKind]

export type DocRef =
  | { kind: 'chat'; id: string }
  | { kind: 'contact'; id: string }
  | { kind: 'directory' }
  | { kind: 'index'; id: string }
  /** [NTF4] One operator's notifications; `id` is the operator's. */
  | { kind: 'notifications'; id: string }

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const chatDocName = (chatId: string): string => `chat:${chatId}`
export const contactDocName = (contactId: string): string => `contact:${contactId}`
export const directoryDocName = 'directory'
export const indexDocName = (groupKey: string): string => `index:${groupKey}`
export const notificationsDocName = (operatorId: string): string => `notifications:${operatorId}`

/** Parses a doc name; `null` for anything that is not one of ours (the server then denies it). */
export const parseDocName = (name: string): DocRef | null => {
  if (name === directoryDocName) return { kind: 'directory' }
  const colon = name.indexOf(':')
  if (colon < 0) return null
  const kind = name.slice(0, colon)
  const id = name.slice(colon + 1)
  if (!ID_PATTERN.test(id)) return null
  switch (kind) {
    case DocKind.chat:
      return { kind: 'chat', id }
    case DocKind.contact:
      return { kind: 'contact', id }
    case DocKind.index:
      return { kind: 'index', id }
    case DocKind.notifications:
      return { kind: 'notifications', id }
    default:
      return null
  }
}
