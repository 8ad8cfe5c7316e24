/**
 * What an operator can do in a chat. Every write is a model command on the chat's doc, as this operator, at this
 * moment; the sync client carries it to the server, which checks it again.
 */
import {
  addInternalComment,
  type CloseReason,
  type CommentInput,
  closeChat,
  markRead,
  type OperatorMessageInput,
  operatorContext,
  returnToUnassigned,
  sendOperatorMessage,
  takeChat,
  transferChat,
} from '../../model'
import type { LiveDoc } from '../sync'

export interface ChatActions {
  take(): void
  /** Hands the chat to another operator, or assigns an unassigned one [ASG3]. */
  transfer(to: string, comment?: string): void
  returnToUnassigned(): void
  /** [CLS1] The reason is optional: none is stored as none. [RAT1] `askRating`: the server asks the customer. */
  close(reason?: CloseReason, askRating?: boolean): void
  send(text: string): void
  /** An answer with more than text: a file, a reply to a message [MSG2]. */
  sendMessage(input: OperatorMessageInput): void
  /** [CMT1] An internal comment with @mentions: the customer never sees it. */
  comment(input: CommentInput): void
  markRead(): void
}

export const chatActions = (live: LiveDoc, operatorId: string): ChatActions => {
  const ctx = () => operatorContext(operatorId, Date.now())
  return {
    take: () => void takeChat(live.doc, ctx()),
    transfer: (to, comment) =>
      void transferChat(live.doc, { to, ...(comment !== undefined && { comment }) }, ctx()),
    returnToUnassigned: () => void returnToUnassigned(live.doc, {}, ctx()),
    close: (reason, askRating) =>
      void closeChat(
        live.doc,
        { ...(reason !== undefined && { reason }), ...(askRating === true && { askRating }) },
        ctx(),
      ),
    send: (text) => void sendOperatorMessage(live.doc, { text }, ctx()),
    sendMessage: (input) => void sendOperatorMessage(live.doc, input, ctx()),
    comment: (input) => void addInternalComment(live.doc, input, ctx()),
    markRead: () => markRead(live.doc, ctx()),
  }
}
