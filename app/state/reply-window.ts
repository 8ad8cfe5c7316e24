/** WhatsApp's reply window as the composer shows it: open with the hours and minutes left, or closed [WIN1]. */
import { replyWindowOpen } from '../../model'

export type ReplyWindow =
  | { readonly open: true; readonly hours: number; readonly minutes: number }
  | { readonly open: false }

const MINUTE = 60_000

/**
 * At `now`, for a window ending at `endsAt` (`null`: the customer never wrote). The minutes are rounded up: the
 * countdown says «0 ч 1 мин» until the very end, never «0 ч 0 мин» while free text can still go.
 */
export const replyWindowAt = (endsAt: number | null, now: number): ReplyWindow => {
  if (endsAt === null || !replyWindowOpen(endsAt, now)) return { open: false }
  const left = Math.ceil((endsAt - now) / MINUTE)
  return { open: true, hours: Math.floor(left / 60), minutes: left % 60 }
}

/** The countdown ticks every second; a view hears of it only when the minutes change. */
export const sameWindow = (a: ReplyWindow | null, b: ReplyWindow | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.open === b.open &&
    (!a.open || (b.open && a.hours === b.hours && a.minutes === b.minutes)))
