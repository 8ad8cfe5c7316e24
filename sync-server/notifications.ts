/**
 * [NTF2] Mentions reach people. When a comment mentioning operators is appended to a chat doc, whoever wrote it
 * and however it came (a live client, an offline client syncing hours later, a server-side command), each
 * mentioned operator who is active and may see the chat gets a notification in their own doc,
 * `notifications:<operatorId>`. An observer on the chat's messages, like search's: the notification is written
 * while the comment's update waits for its group commit, so both are durable together, or neither is. A comment
 * is appended once (message ids are unique, MSG1) and `recordMention` ignores a comment it already holds, so a
 * comment notifies once however often it is synced.
 */
import {
  chatParts,
  DocKind,
  type Message,
  MessageSchema,
  mentionTargets,
  messageOf,
  notificationsDocName,
  parseDocName,
  recordMention,
  serverContext,
} from '../model'
import type { AccessControl } from './access'
import type { DocHub } from './docs/hub'
import type { Logger } from './logger'
import type { Operators } from './operators'

export interface MentionDeps {
  readonly hub: DocHub
  readonly operators: Operators
  readonly access: AccessControl
  readonly now: () => number
  readonly logger: Logger
}

/** Starts following chat docs for mentions; returns the function that stops it. */
export const followMentions = (deps: MentionDeps): (() => void) => {
  const { hub, operators, access, now, logger } = deps
  const notify = (chatId: string, message: Message): void => {
    for (const target of mentionTargets(message)) {
      const op = operators.byId(target)
      // Nobody is told of a chat they may not open (ACC1–ACC3), nor is a deactivated account.
      if (!op?.active || !access.canSeeChatId(op, chatId)) continue
      const ctx = serverContext('mention', now())
      hub
        .transact(
          notificationsDocName(target),
          (doc) => recordMention(doc, { chatId, message }, ctx),
          ctx.origin,
        )
        .catch((err: unknown) => logger.error({ err, chatId, target }, 'a mention was not recorded'))
    }
  }
  return hub.onLoad((loaded) => {
    const ref = parseDocName(loaded.name)
    if (ref?.kind !== DocKind.chat) return
    const chatId = ref.id
    // Attached at load, so what the stored log holds is not seen again: only appends after it.
    chatParts(loaded.doc).messages.type.observe((event) => {
      for (const item of event.changes.added) {
        for (const raw of item.content.getContent()) {
          // Every appended message passes here, on the write path: only a comment that mentions someone is
          // validated further.
          const message = messageOf(raw) as Partial<Message> | null
          if (message?.direction !== 'internal' || !message.mentions?.length) continue
          const parsed = MessageSchema.safeParse(message)
          if (parsed.success) notify(chatId, parsed.data)
        }
      }
    })
  })
}
