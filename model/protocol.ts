/**
 * The sync wire protocol shared by the server and every client.
 *
 * `/sync/<docName>` speaks y-websocket's protocol unchanged: a frame is `[varUint messageType][payload]`.
 * `/sync` (multiplexed) carries many docs over one socket: a frame is `[varString docName][varUint messageType]
 * [payload]`, the framing Hocuspocus uses, with y-websocket's message types plus the ones below.
 */
export const MessageType = {
  /** y-protocols sync: step 1, step 2 or update. */
  sync: 0,
  /** y-protocols awareness update. */
  awareness: 1,
  /** y-protocols auth: the server grants or denies a doc (`permissionDenied` carries the reason). */
  auth: 2,
  /** Ask the server for every awareness state of the doc. */
  queryAwareness: 3,
  /** Server → client, multiplexed only: `[varUint count]` updates of this doc are now durable. */
  ack: 8,
  /** Client → server, multiplexed only: stop sending this doc. */
  close: 7,
  /**
   * Server → client, multiplexed only: an update was refused; discard the local copy of this doc and sync it
   * again from scratch, so the client's copy cannot drift from the server's.
   */
  reset: 9,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** y-protocols' auth sub-messages. */
export const AuthMessage = { permissionDenied: 0, granted: 1 } as const

/** What the server grants a connection on one doc. */
export const DocScope = { readWrite: 'read-write', readOnly: 'readonly' } as const
export type DocScope = (typeof DocScope)[keyof typeof DocScope]

/** Close codes of the sync socket. */
export const CloseCode = {
  normal: 1000,
  /** Too large a frame (the WebSocket standard's "message too big"). */
  tooBig: 1009,
  /** A frame that does not decode, a text frame, or an unknown message type. */
  badFrame: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  /** A stock client wrote an update the server refused; it must not retry the same write. */
  refused: 4409,
  /** The server is shutting down. */
  goingAway: 1001,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]
