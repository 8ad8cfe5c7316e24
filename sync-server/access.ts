/**
 * Authorization of docs: from an operator's role, channels and tags, each doc is read-write, read-only or denied.
 * Operators with equal rules share one inbox index doc, named by a random key kept in `access_groups`.
 */
import { randomBytes } from 'node:crypto'
import { accessSpec, canSeeChat, type DocRef, DocScope, type OperatorAccess, parseDocName } from '../model'
import type { ChatRegistry } from './chats'
import { accessOf, type OperatorRecord, type Operators } from './operators'
import type { Db } from './storage/db'

export interface AccessGroup {
  readonly key: string
  /** The rules the group's members share (the operator id is not meaningful here). */
  readonly access: OperatorAccess
}

const accessFromSpec = (spec: string): OperatorAccess => {
  if (spec === 'admin') return { operatorId: '', role: 'admin', channels: null, tags: [] }
  const parsed = JSON.parse(spec) as { channels: string[] | null; tags: string[] }
  return { operatorId: '', role: 'operator', channels: parsed.channels, tags: parsed.tags }
}

export class AccessControl {
  readonly #bySpec
  readonly #insert

  constructor(
    db: Db,
    private readonly chats: ChatRegistry,
    private readonly operators: Operators,
  ) {
    this.#bySpec = db.prepare<[string], { key: string }>('SELECT key FROM access_groups WHERE spec = ?')
    this.#insert = db.prepare<[string, string]>('INSERT INTO access_groups (key, spec) VALUES (?, ?)')
  }

  /** The key of the operator's inbox index doc. */
  groupKey(op: OperatorRecord): string {
    const spec = accessSpec(accessOf(op))
    const row = this.#bySpec.get(spec)
    if (row) return row.key
    const key = randomBytes(12).toString('base64url')
    this.#insert.run(key, spec)
    return key
  }

  /** The groups of every active operator: the index docs the server keeps current. */
  activeGroups(): AccessGroup[] {
    const groups = new Map<string, AccessGroup>()
    for (const op of this.operators.list()) {
      if (!op.active) continue
      const key = this.groupKey(op)
      if (!groups.has(key)) groups.set(key, { key, access: accessFromSpec(accessSpec(accessOf(op))) })
    }
    return [...groups.values()]
  }

  canSeeChatId(op: OperatorRecord, chatId: string): boolean {
    const chat = this.chats.chat(chatId)
    if (!chat) return false
    const contact = this.chats.contact(chat.contactId)
    return canSeeChat(accessOf(op), { channelId: chat.channelId, contactTags: contact?.tags ?? [] })
  }

  /** What the operator may do with a doc; `null` means denied (and no byte of it is sent). */
  scope(op: OperatorRecord, docName: string): DocScope | null {
    if (!op.active) return null
    const ref: DocRef | null = parseDocName(docName)
    if (!ref) return null
    switch (ref.kind) {
      case 'directory':
        return DocScope.readOnly
      case 'index':
        return ref.id === this.groupKey(op) ? DocScope.readOnly : null
      case 'chat':
        return this.canSeeChatId(op, ref.id) ? DocScope.readWrite : null
      case 'contact': {
        const chats = this.chats.chatsOfContact(ref.id)
        if (chats.some((c) => this.canSeeChatId(op, c.id))) return DocScope.readWrite
        // [MRG2] A merged contact has no chats left: read-only to whoever sees the one it went into, to follow it.
        const final = this.chats.finalContact(ref.id)
        if (final === ref.id) return null
        return this.chats.chatsOfContact(final).some((c) => this.canSeeChatId(op, c.id))
          ? DocScope.readOnly
          : null
      }
      // [NTF4] One's own notifications only: an admin cannot read anyone else's either.
      case 'notifications':
        return ref.id === op.id ? DocScope.readWrite : null
    }
  }
}
