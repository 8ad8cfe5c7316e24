/**
 * Transaction origins: who wrote a change. Every observer switches on `kind`, so the dispatcher never re-sends
 * what a bridge just ingested and the server never echoes a client's update back to it.
 */
export type Origin =
  /** An operator's own command, in the app or through REST. */
  | { readonly kind: 'operator'; readonly operatorId: string }
  /** A messenger bridge writing inbound messages or delivery states. */
  | { readonly kind: 'channel'; readonly channelId: string }
  /** The server itself: timers, the index maintainer, the reconciler. */
  | { readonly kind: 'server'; readonly reason: string }
  /** Loading from storage. */
  | { readonly kind: 'persistence' }
  /** An update received from a connected client. */
  | { readonly kind: 'connection'; readonly connId: string; readonly operatorId: string }

/** Who acts, as recorded in history and message authorship. */
export type Actor =
  | { readonly kind: 'operator'; readonly id: string }
  | { readonly kind: 'channel'; readonly channelId: string }
  | { readonly kind: 'bot'; readonly name: string }
  | { readonly kind: 'server' }

/** What every command receives besides its input. */
export interface CommandContext {
  readonly actor: Actor
  readonly origin: Origin
  /** Milliseconds since the epoch; passed in so rules stay pure functions of time. */
  readonly now: number
}

export const operatorContext = (operatorId: string, now: number): CommandContext => ({
  actor: { kind: 'operator', id: operatorId },
  origin: { kind: 'operator', operatorId },
  now,
})

export const channelContext = (channelId: string, now: number): CommandContext => ({
  actor: { kind: 'channel', channelId },
  origin: { kind: 'channel', channelId },
  now,
})

export const serverContext = (reason: string, now: number): CommandContext => ({
  actor: { kind: 'server' },
  origin: { kind: 'server', reason },
  now,
})
