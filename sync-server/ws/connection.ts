/**
 * One sync socket. In `single` mode it serves one doc with y-websocket's protocol unchanged (a stock
 * `WebsocketProvider`); in `multi` mode every frame is prefixed with its doc name and docs are opened on demand,
 * each authorized on its first frame.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import {
  AuthMessage,
  CloseCode,
  DocScope,
  isOwnPresence,
  MessageType,
  type Origin,
  parseDocName,
  validateClientUpdate,
  writtenClients,
} from '../../model'
import type { AccessControl } from '../access'
import type { DocHub, LoadedDoc, Subscriber } from '../docs/hub'
import type { Logger } from '../logger'
import type { OperatorRecord } from '../operators'
import { guardAwarenessUpdate } from './awareness-guard'

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
}

export interface ConnectionDeps {
  readonly hub: DocHub
  readonly access: AccessControl
  readonly logger: Logger
  /** The operator as of now, or `null` once deactivated or the session ended. */
  readonly currentOperator: () => OperatorRecord | null
  readonly sessionExpiresAt: number
  readonly now: () => number
}

interface OpenDoc {
  readonly name: string
  readonly scope: DocScope
  readonly subscriber: Subscriber
  readonly loaded: LoadedDoc
}

const encodeFrame = (prefix: Uint8Array | null, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  if (prefix) encoding.writeUint8Array(encoder, prefix)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

const docPrefix = (name: string): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, name)
  return encoding.toUint8Array(encoder)
}

export class SyncConnection {
  readonly #docs = new Map<string, OpenDoc>()
  /** Docs this socket asked for and was denied; they get no further answer but the first. */
  readonly #denied = new Set<string>()
  readonly #log: Logger
  #closed = false

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly mode: { kind: 'single'; docName: string } | { kind: 'multi' },
    private readonly deps: ConnectionDeps,
  ) {
    this.#log = deps.logger.child({ connId: id })
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary))
    ws.on('close', () => this.#cleanup())
    ws.on('error', (err) => this.#log.debug({ err }, 'socket error'))
    if (mode.kind === 'single') this.#openSingle(mode.docName)
  }

  /** Stops serving a doc whose access was revoked; in single mode that closes the socket. */
  revoke(docName: string): void {
    if (this.mode.kind === 'single') {
      if (docName === this.mode.docName) this.close(CloseCode.forbidden, 'access revoked')
      return
    }
    const open = this.#docs.get(docName)
    if (!open) return
    this.#close(open)
    this.#sendPermissionDenied(docName, 'access revoked')
  }

  /** Checks every open doc against the operator's access as it is now. */
  recheck(): void {
    if (this.#closed) return
    const op = this.deps.currentOperator()
    if (!op || !op.active) {
      this.close(CloseCode.unauthorized, 'session ended')
      return
    }
    for (const name of [...this.#docs.keys()]) {
      if (this.deps.access.scope(op, name) === null) this.revoke(name)
    }
  }

  get openDocs(): readonly string[] {
    return [...this.#docs.keys()]
  }

  close(code: number, reason: string): void {
    if (this.#closed) return
    this.#log.info({ code, reason }, 'closing sync connection')
    this.ws.close(code, reason.slice(0, 120))
    this.#cleanup()
  }

  #operator(): OperatorRecord {
    const op = this.deps.currentOperator()
    if (!op || !op.active || this.deps.sessionExpiresAt <= this.deps.now()) {
      throw new SessionEnded()
    }
    return op
  }

  #openSingle(name: string): void {
    const op = this.#operator()
    const scope = this.deps.access.scope(op, name)
    if (!scope) {
      this.close(CloseCode.forbidden, 'forbidden')
      return
    }
    const open = this.#subscribe(name, scope)
    this.#sendSyncStep1(open)
    this.#sendAwarenessStates(open)
  }

  #subscribe(name: string, scope: DocScope): OpenDoc {
    const prefix = this.mode.kind === 'multi' ? docPrefix(name) : null
    const subscriber: Subscriber = {
      id: this.id,
      send: (_doc, message) => this.#send(prefix ? concat(prefix, message) : message),
    }
    const loaded = this.deps.hub.subscribe(name, subscriber)
    const open: OpenDoc = { name, scope, subscriber, loaded }
    this.#docs.set(name, open)
    return open
  }

  #close(open: OpenDoc): void {
    this.#docs.delete(open.name)
    this.deps.hub.unsubscribe(open.name, open.subscriber)
  }

  #cleanup(): void {
    if (this.#closed) return
    this.#closed = true
    for (const open of [...this.#docs.values()]) this.#close(open)
  }

  #send(message: Uint8Array): void {
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) return
    this.ws.send(message, { binary: true })
  }

  #frame(name: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
    return encodeFrame(this.mode.kind === 'multi' ? docPrefix(name) : null, write)
  }

  #onMessage(data: unknown, isBinary: boolean): void {
    if (this.#closed) return
    try {
      if (!isBinary) throw new ProtocolError('binary frames only')
      const bytes = toBytes(data)
      const decoder = decoding.createDecoder(bytes)
      const name = this.mode.kind === 'single' ? this.mode.docName : decoding.readVarString(decoder)
      const open = this.#docs.get(name) ?? (this.mode.kind === 'multi' ? this.#openMulti(name) : null)
      // A denied doc's frames are dropped unread: the client was told once.
      if (!open) return
      this.#onDocMessage(open, decoder)
      if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes in frame')
    } catch (err) {
      if (err instanceof SessionEnded) {
        this.close(CloseCode.unauthorized, 'session ended')
      } else if (err instanceof ProtocolError || isDecodingError(err)) {
        this.#log.warn({ err: String(err) }, 'malformed frame')
        this.close(CloseCode.badFrame, err instanceof ProtocolError ? err.message : 'malformed frame')
      } else {
        this.#log.error({ err }, 'sync message failed')
        this.close(1011, 'internal error')
      }
    }
  }

  /** First frame of a doc on a multiplexed socket: authorize it. */
  #openMulti(name: string): OpenDoc | null {
    const op = this.#operator()
    const scope = parseDocName(name) ? this.deps.access.scope(op, name) : null
    if (!scope) {
      if (!this.#denied.has(name)) {
        this.#denied.add(name)
        this.#sendPermissionDenied(name, 'forbidden')
      }
      return null
    }
    this.#denied.delete(name)
    const open = this.#subscribe(name, scope)
    this.#send(
      this.#frame(name, (e) => {
        encoding.writeVarUint(e, MessageType.auth)
        encoding.writeVarUint(e, AuthMessage.granted)
        encoding.writeVarString(e, scope)
      }),
    )
    this.#sendSyncStep1(open)
    this.#sendAwarenessStates(open)
    return open
  }

  #onDocMessage(open: OpenDoc, decoder: decoding.Decoder): void {
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.sync:
        this.#onSync(open, decoder)
        return
      case MessageType.awareness:
        this.#onAwareness(open, decoding.readVarUint8Array(decoder))
        return
      case MessageType.queryAwareness:
        this.#sendAwarenessStates(open)
        return
      case MessageType.close:
        if (this.mode.kind !== 'multi') throw new ProtocolError('unknown message type')
        this.#close(open)
        return
      default:
        throw new ProtocolError(`unknown message type ${type}`)
    }
  }

  /**
   * [PRS2] Only the operator's own presence is relayed, under a client id that holds no one else's state (nor the
   * server's own); on a doc the operator may only read there is none of theirs (see awareness-guard.ts).
   */
  #onAwareness(open: OpenDoc, update: Uint8Array): void {
    const op = this.#operator()
    const { awareness } = open.loaded
    const mayWrite = (client: number): boolean =>
      open.scope !== DocScope.readOnly &&
      client !== awareness.clientID &&
      isOwnPresence(awareness.getStates().get(client) ?? null, op.id)
    const guarded = guardAwarenessUpdate(update, op.id, mayWrite)
    if (guarded.dropped.length > 0) {
      this.#log.warn(
        { docName: open.name, clients: guarded.dropped },
        'dropped presence that is not the operator’s own',
      )
    }
    if (guarded.update) this.deps.hub.applyAwareness(open.name, guarded.update, open.subscriber)
  }

  #onSync(open: OpenDoc, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    const op = this.#operator()
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        // Answer with what the client lacks, but only from what is durable.
        void this.deps.hub.whenDurable().then(() => {
          if (!this.#docs.has(open.name)) return
          this.#send(
            this.#frame(open.name, (e) => {
              encoding.writeVarUint(e, MessageType.sync)
              syncProtocol.writeSyncStep2(e, open.loaded.doc, payload)
            }),
          )
        })
        return
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        this.#onUpdate(open, payload, op)
        return
      default:
        throw new ProtocolError(`unknown sync message ${syncType}`)
    }
  }

  #onUpdate(open: OpenDoc, update: Uint8Array, op: OperatorRecord): void {
    const ref = parseDocName(open.name)!
    const { doc, owners } = open.loaded
    const verdict = validateClientUpdate(ref, doc, update, op.id, {
      now: this.deps.now(),
      owners: { owner: (client) => owners.get(client) },
    })
    if (!verdict.ok) {
      this.#log.warn({ docName: open.name, reason: verdict.reason }, 'refused a client update')
      if (this.mode.kind === 'single') {
        this.close(CloseCode.refused, `refused: ${verdict.reason}`)
      } else {
        this.#send(
          this.#frame(open.name, (e) => {
            encoding.writeVarUint(e, MessageType.reset)
            encoding.writeVarString(e, verdict.reason)
          }),
        )
      }
      return
    }
    const origin: Origin = { kind: 'connection', connId: this.id, operatorId: op.id }
    const claims = writtenClients(doc, update)
    void this.deps.hub.applyClientUpdate(open.name, update, origin, claims).then(
      () => {
        if (this.mode.kind === 'multi' && this.#docs.has(open.name)) {
          this.#send(
            this.#frame(open.name, (e) => {
              encoding.writeVarUint(e, MessageType.ack)
              encoding.writeVarUint(e, 1)
            }),
          )
        }
      },
      (err: unknown) => {
        this.#log.error({ err, docName: open.name }, 'a client update was not stored')
        this.close(1011, 'storage failed')
      },
    )
  }

  #sendSyncStep1(open: OpenDoc): void {
    this.#send(
      this.#frame(open.name, (e) => {
        encoding.writeVarUint(e, MessageType.sync)
        syncProtocol.writeSyncStep1(e, open.loaded.doc)
      }),
    )
  }

  #sendAwarenessStates(open: OpenDoc): void {
    const states = open.loaded.awareness.getStates()
    if (states.size === 0) return
    this.#send(
      this.#frame(open.name, (e) => {
        encoding.writeVarUint(e, MessageType.awareness)
        encoding.writeVarUint8Array(
          e,
          awarenessProtocol.encodeAwarenessUpdate(open.loaded.awareness, [...states.keys()]),
        )
      }),
    )
  }

  #sendPermissionDenied(name: string, reason: string): void {
    this.#send(
      this.#frame(name, (e) => {
        encoding.writeVarUint(e, MessageType.auth)
        encoding.writeVarUint(e, AuthMessage.permissionDenied)
        encoding.writeVarString(e, reason)
      }),
    )
  }
}

class SessionEnded extends Error {}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

const toBytes = (data: unknown): Uint8Array => {
  if (data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[])
  throw new ProtocolError('unexpected frame payload')
}

/** lib0's decoders throw plain errors on truncated input. */
const isDecodingError = (err: unknown): boolean =>
  err instanceof SyntaxError ||
  err instanceof RangeError ||
  (err instanceof Error &&
    /Unexpected end of array|Integer out of Range|Invalid typed array/i.test(err.message))
