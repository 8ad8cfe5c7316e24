/** [ACC1–ACC3] Who may see which chat: roles, channels and contact tags (seed 000, «Настройки доступа»). */
import type { Role } from './schema'

export interface OperatorAccess {
  readonly operatorId: string
  readonly role: Role
  /** Channel ids the operator works in; `null` means every channel (the default). */
  readonly channels: readonly string[] | null
  /** The contact must carry at least one of these tags; empty means no filter (the default). */
  readonly tags: readonly string[]
}

export interface ChatAccessFacts {
  readonly channelId: string
  readonly contactTags: readonly string[]
}

/** [ACC1] [ACC2] Whether the operator works in the channel (a tag filter narrows chats, not channels). */
export const worksInChannel = (
  access: Pick<OperatorAccess, 'role' | 'channels'>,
  channelId: string,
): boolean => access.role === 'admin' || access.channels === null || access.channels.includes(channelId)

export const canSeeChat = (access: OperatorAccess, chat: ChatAccessFacts): boolean => {
  if (access.role === 'admin') return true
  if (!worksInChannel(access, chat.channelId)) return false
  if (access.tags.length === 0) return true
  return access.tags.some((tag) => chat.contactTags.includes(tag))
}

/**
 * Operators whose access rules are equal see exactly the same chats, so they share one inbox index doc. This is
 * the canonical text of a rule set; the server names one index doc per distinct text.
 */
export const accessSpec = (access: OperatorAccess): string =>
  access.role === 'admin'
    ? 'admin'
    : JSON.stringify({
        channels: access.channels === null ? null : [...new Set(access.channels)].sort(),
        tags: [...new Set(access.tags)].sort(),
      })
