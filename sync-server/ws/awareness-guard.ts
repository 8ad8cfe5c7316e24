/**
 * [PRS2] Presence from a connection describes that connection's operator. An awareness update (y-protocols:
 * `[count] ([clientID][clock][JSON state])*`) is decoded and every state that is neither a removal nor the
 * operator's own (`user.id`) is dropped; the rest is re-encoded and relayed as usual.
 *
 * Nor may it touch a client id it does not hold (`mayWrite`): the server's own state (the presence summary on an
 * index doc) or another operator's. An honest client does send removals of others' states (its own copy timed
 * them out); those are dropped quietly, the server times states out itself.
 *
 * Dropped, not closed: a stock y-websocket provider announces `{}` before any `user` is set, and a client that
 * says nothing about who it is should keep syncing its doc; it is just not shown to anyone.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { isOwnPresence } from '../../model'

interface AwarenessEntry {
  readonly clientId: number
  readonly clock: number
  readonly json: string
}

export interface GuardedAwareness {
  /** What may be applied and relayed; `null` when nothing is left. */
  readonly update: Uint8Array | null
  /** The client ids whose states (not removals) were dropped: forgeries, or a client that says nothing. */
  readonly dropped: readonly number[]
}

/** Throws on bytes that do not decode or on a state that is not JSON (the connection answers `badFrame`). */
export const guardAwarenessUpdate = (
  update: Uint8Array,
  operatorId: string,
  mayWrite: (clientId: number) => boolean,
): GuardedAwareness => {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const kept: AwarenessEntry[] = []
  const dropped: number[] = []
  let removalsDropped = false
  for (let i = 0; i < count; i++) {
    const entry = {
      clientId: decoding.readVarUint(decoder),
      clock: decoding.readVarUint(decoder),
      json: decoding.readVarString(decoder),
    }
    const state: unknown = JSON.parse(entry.json)
    if (isOwnPresence(state, operatorId) && mayWrite(entry.clientId)) kept.push(entry)
    else if (state === null) removalsDropped = true
    else dropped.push(entry.clientId)
  }
  if (dropped.length === 0 && !removalsDropped) return { update, dropped }
  if (kept.length === 0) return { update: null, dropped }
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, kept.length)
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.json)
  }
  return { update: encoding.toUint8Array(encoder), dropped }
}
