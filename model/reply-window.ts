/**
 * [WIN1] WhatsApp's customer-service window: a WhatsApp chat accepts free text only within 24 hours of the
 * customer's last message; after that, only an approved template. The WhatsApp bridge keeps its own constant for
 * the send it refuses; this is the rule as the app shows it (the live countdown and a disabled Send).
 */
import { isCustomerMessage } from './chat-state'
import type { ChannelKind, Message } from './schema'

/** [WIN1] How long after the customer's last message free text may still be sent. */
export const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000

/** [WIN1] Whether a channel of this kind limits free text to the window. */
export const hasReplyWindow = (kind: ChannelKind): boolean => kind === 'whatsapp'

/**
 * [WIN1] When the window closes: the latest `at` of the customer's non-technical messages (a button click or a
 * `/start` does not open it [TEC1]) plus `REPLY_WINDOW_MS`. `null` when the customer never wrote: no window.
 */
export const replyWindowEndsAt = (messages: readonly Message[]): number | null => {
  let last: number | null = null
  for (const m of messages) {
    if (isCustomerMessage(m) && (last === null || m.at > last)) last = m.at
  }
  return last === null ? null : last + REPLY_WINDOW_MS
}

/** [WIN1] Free text may be sent at `now`: the window has not closed (and there is one). */
export const replyWindowOpen = (endsAt: number | null, now: number): boolean =>
  endsAt !== null && now < endsAt
