/**
 * What an operator can do in a chat. Every write is a model command on the chat's doc, as this operator, at this
 * moment; the sync client carries it to the server, which checks it again.
 */
import {
  closeChat,
  markRead,
  operatorContext,
  returnToUnassigned,
  sendOperatorMessage,
  takeChat,
} from '../../model'
import type { LiveDoc } from '../sync'

export interface ChatActions {
  take(): void
  returnToUnassigned(): void
  close(): void
  send(text: string): void
  markRead(): void
}

export const chatActions = (live: LiveDoc, operatorId: string): ChatActions => {
  const ctx = () => operatorContext(operatorId, Date.now())
  return {
    take: () => void takeChat(live.doc, ctx()),
    returnToUnassigned: () => void returnToUnassigned(live.doc, {}, ctx()),
    close: () => void closeChat(live.doc, {}, ctx()),
    send: (text) => void sendOperatorMessage(live.doc, { text }, ctx()),
    markRead: () => markRead(live.doc, ctx()),
  }
}
