/**
 * Applying an update that came from elsewhere (the network, another replica), so that everything delivered is
 * integrated, whatever the order of delivery.
 *
 * Yjs keeps the structs of an update whose dependencies have not arrived as "pending" and retries them when a
 * later update brings one of the missing clocks. Yjs 13.6 records, for a struct blocked on another client's
 * struct, that client's *own* earliest gap found in the same update instead of the clock actually needed, so a
 * pending set can wait for a clock that has already arrived: the retry never comes, and a struct that depends on
 * the pending ones joins them. Found by the convergence property test (CNV1), reproduced in
 * tests/model/remote-update.test.ts with twelve updates. Retrying once more after each update costs nothing when
 * nothing is pending and integrates what can be integrated when something is.
 */
import * as Y from 'yjs'

export const applyRemoteUpdate = (doc: Y.Doc, update: Uint8Array, origin?: unknown): void => {
  Y.applyUpdate(doc, update, origin)
  retryPending(doc, origin)
}

/** Applies the pending structs again; those whose dependencies are now present get integrated. */
export const retryPending = (doc: Y.Doc, origin?: unknown): void => {
  const pending = doc.store.pendingStructs
  if (pending === null) return
  const before = Y.encodeStateVector(doc)
  doc.store.pendingStructs = null
  Y.applyUpdateV2(doc, pending.update, origin)
  // Something was integrated: what is left may now be unblocked too (a chain through several clients).
  if (doc.store.pendingStructs !== null && !sameBytes(before, Y.encodeStateVector(doc)))
    retryPending(doc, origin)
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i])
