/**
 * The open chat's messenger side: each message's marks (delivery, edit, reaction, deletion), what the operator
 * may do with it, the requests that change a sent answer in the messenger (send again, edit, delete for the
 * customer: online only, through the HTTP API, each with its own progress and error), and WhatsApp's reply window.
 */
import { type Accessor, createMemo } from 'solid-js'
import { createStore } from 'solid-js/store'
import { type ChannelKind, hasReplyWindow, type Message, replyWindowEndsAt } from '../../model'
import { ApiError, createApi, type LiveDoc, type Session } from '../sync'
import type { ChatSnapshot } from './chat'
import { createMessageMarks, type MessageMarks } from './chat-marks'
import { createClock } from './clock'
import { createConnection } from './connection'
import { createMessageLabels, type MessageLabelsState } from './message-labels'
import { type MessageOptions, messageOptions } from './message-options'
import { type ReplyWindow, replyWindowAt, sameWindow } from './reply-window'

export interface RequestState {
  readonly busy: boolean
  /** The server's refusal (`status` 4xx and its message), or `status` 0 when it could not be reached. */
  readonly error: { readonly status: number; readonly message: string } | null
}

export interface MessengerState {
  readonly marks: MessageMarks
  /** [MRK1] [MTG1] Operators' own reaction marks and tags on each message. */
  readonly labels: MessageLabelsState
  /** Requests need the server: offline, their buttons are disabled. */
  readonly online: Accessor<boolean>
  options(message: Message): MessageOptions
  /** The last request about this message, while it runs and after it failed. */
  request(messageId: string): RequestState | undefined
  /** Each resolves `true` once the server did it, `false` when it refused or could not be asked. */
  resend(messageId: string): Promise<boolean>
  edit(messageId: string, text: string): Promise<boolean>
  remove(messageId: string): Promise<boolean>
  /** [WIN1] For a WhatsApp chat, its reply window now; `null` for any other chat. */
  readonly replyWindow: Accessor<ReplyWindow | null>
}

export interface MessengerInput {
  readonly session: Session
  readonly live: LiveDoc
  readonly chatId: string
  readonly operatorId: string
  readonly chat: Accessor<ChatSnapshot>
  /** The chat's channel kind; `undefined` while the directory does not know it. */
  readonly channelKind: Accessor<ChannelKind | undefined>
}

export const createMessenger = (input: MessengerInput): MessengerState => {
  const { session, chatId, operatorId } = input
  const marks = createMessageMarks(input.live)
  const { online } = createConnection(session)
  const api = createApi()
  const [requests, setRequests] = createStore<Record<string, RequestState>>({})

  const run = async (messageId: string, call: () => Promise<void>): Promise<boolean> => {
    if (!online() || requests[messageId]?.busy) return false
    setRequests(messageId, { busy: true, error: null })
    try {
      await call()
      setRequests(messageId, { busy: false, error: null })
      return true
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setRequests(messageId, { busy: false })
        throw err
      }
      setRequests(messageId, { busy: false, error: { status: err.status, message: err.message } })
      return false
    }
  }

  // Rows read the kind: a memo, so a new message (a new snapshot) does not make every row ask again.
  const kind = createMemo(() => input.channelKind())
  const windowed = () => {
    const k = kind()
    return k !== undefined && hasReplyWindow(k)
  }
  const now = createClock()
  const endsAt = createMemo(() => (windowed() ? replyWindowEndsAt(input.chat().messages) : null))
  const replyWindow = createMemo(() => (windowed() ? replyWindowAt(endsAt(), now()) : null), null, {
    equals: sameWindow,
  })

  return {
    marks,
    labels: createMessageLabels(input.live, operatorId, session.directory),
    online,
    options: (message) =>
      messageOptions({
        message,
        operatorId,
        kind: kind(),
        delivery: marks.delivery(message.id),
        removed: marks.removal(message.id) !== undefined,
      }),
    request: (id) => requests[id],
    resend: (id) => run(id, () => api.resendMessage(session.token, chatId, id)),
    edit: (id, text) => run(id, () => api.editMessage(session.token, chatId, id, text)),
    remove: (id) => run(id, () => api.removeMessage(session.token, chatId, id)),
    replyWindow,
  }
}
