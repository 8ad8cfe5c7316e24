/**
 * One WebSocket per tab carrying every doc the app has open: frames are `[docName][y-websocket message]`
 * (model/protocol.ts). Counts local changes until the server acknowledges them as durable, reconnects with
 * backoff, and resyncs a doc from scratch when the server refuses an update to it.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { AuthMessage, applyRemoteUpdate, CloseCode, type DocScope, MessageType } from '../../model'

/** The part of the WebSocket interface this client uses (the browser's, or `ws` in Node). */
export interface SocketLike {
  binaryType: string
  readonly readyState: number
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: { code: number; reason: string }) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
}
export type SocketFactory = (url: string) => SocketLike

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'unauthorized'

export interface DocEvents {
  /** The server granted the doc. */
  granted?: (scope: DocScope) => void
  /** The server denied the doc (or revoked it); nothing more of it comes. */
  denied?: (reason: string) => void
  /** The server refused an update; `doc` is now a fresh doc synced from the server. */
  reset?: (doc: Y.Doc, reason: string) => void
  /** The first full sync with the server finished (again after every reconnect). */
  synced?: () => void
}

export interface DocHandle {
  readonly name: string
  /** The current doc; replaced by a fresh one after a reset. */
  readonly doc: Y.Doc
  readonly scope: DocScope | null
  readonly synced: boolean
  /** This doc's local changes not yet acknowledged as durable by the server. */
  readonly pending: number
  /** Synced, and every frame of ours acknowledged: nothing of this doc waits to reach the server. */
  readonly settled: boolean
  /** Presence on this doc from now on (`null`: none); the previous presence is withdrawn from peers. */
  setAwareness(awareness: awarenessProtocol.Awareness | null): void
  close(): void
}

interface DocEntry {
  name: string
  doc: Y.Doc
  awareness: awarenessProtocol.Awareness | null
  events: DocEvents
  scope: DocScope | null
  denied: boolean
  synced: boolean
  /** We answered the server's sync step 1 on this connection: live updates may flow. */
  answered: boolean
  /** Local updates not yet sent. */
  unsent: number
  /** Per frame sent and not yet acknowledged: how many local updates it carries. */
  inFlight: number[]
  offUpdate: () => void
  offAwareness: () => void
}

export interface SyncClientOptions {
  /** `ws(s)://host/sync`; the token is added as a query parameter when given. */
  readonly url: string
  readonly token?: string
  readonly createSocket: SocketFactory
  readonly minBackoffMs?: number
  readonly maxBackoffMs?: number
  /**
   * Asked after a connection attempt that never opened. A browser reports a refused upgrade (401) as a plain
   * failure (1006), so the client cannot tell "logged out" from "no network" by itself: answer `false` when the
   * session is no longer valid (e.g. `GET /api/me` says 401) and the client stops with status `unauthorized`.
   */
  readonly stillAuthorized?: () => Promise<boolean>
}

const OPEN = 1

export class SyncClient {
  readonly #docs = new Map<string, DocEntry>()
  readonly #options: SyncClientOptions
  readonly #statusListeners = new Set<(status: ConnectionStatus) => void>()
  readonly #pendingListeners = new Set<(pending: number) => void>()
  #socket: SocketLike | null = null
  #status: ConnectionStatus = 'offline'
  #attempt = 0
  #retry: ReturnType<typeof setTimeout> | null = null
  #destroyed = false

  constructor(options: SyncClientOptions) {
    this.#options = options
    // In a browser, reconnect as soon as the network is back instead of waiting out the backoff.
    globalThis.addEventListener?.('online', this.#onOnline)
    this.#connect()
  }

  #onOnline = (): void => {
    if (this.#destroyed || this.#status !== 'offline' || this.#retry === null) return
    clearTimeout(this.#retry)
    this.#retry = null
    this.#attempt = 0
    this.#connect()
  }

  get status(): ConnectionStatus {
    return this.#status
  }

  /** Local changes not yet acknowledged as durable by the server, over every doc. */
  get pending(): number {
    let n = 0
    for (const entry of this.#docs.values()) n += entry.unsent + entry.inFlight.reduce((a, b) => a + b, 0)
    return n
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener)
    return () => this.#statusListeners.delete(listener)
  }

  onPending(listener: (pending: number) => void): () => void {
    this.#pendingListeners.add(listener)
    return () => this.#pendingListeners.delete(listener)
  }

  /** Opens a doc on the shared socket. The same name twice returns the same handle. */
  open(
    name: string,
    doc: Y.Doc = new Y.Doc(),
    options: { awareness?: awarenessProtocol.Awareness; events?: DocEvents } = {},
  ): DocHandle {
    const existing = this.#docs.get(name)
    if (existing) return this.#handle(existing)
    const entry: DocEntry = {
      name,
      doc,
      awareness: options.awareness ?? null,
      events: options.events ?? {},
      scope: null,
      denied: false,
      synced: false,
      answered: false,
      unsent: 0,
      inFlight: [],
      offUpdate: () => {},
      offAwareness: () => {},
    }
    this.#bindDoc(entry)
    this.#bindAwareness(entry)
    this.#docs.set(name, entry)
    if (this.#isOpen()) this.#startDoc(entry)
    return this.#handle(entry)
  }

  /** Resolves when every local change so far is durable on the server. */
  whenSynced(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new Error(`still ${this.pending} changes waiting to sync`))
      }, timeoutMs)
      const check = (): void => {
        const allSynced = [...this.#docs.values()].every((e) => e.synced || e.denied)
        if (this.pending === 0 && allSynced) {
          clearTimeout(timer)
          off()
          resolve()
        }
      }
      const offPending = this.onPending(check)
      const interval = setInterval(check, 20)
      const off = (): void => {
        offPending()
        clearInterval(interval)
      }
      check()
    })
  }

  destroy(): void {
    this.#destroyed = true
    globalThis.removeEventListener?.('online', this.#onOnline)
    if (this.#retry) clearTimeout(this.#retry)
    for (const entry of [...this.#docs.values()]) this.#closeDoc(entry)
    this.#socket?.close(CloseCode.normal, 'bye')
    this.#socket = null
    this.#setStatus('offline')
  }

  #handle(entry: DocEntry): DocHandle {
    return {
      name: entry.name,
      get doc() {
        return entry.doc
      },
      get scope() {
        return entry.scope
      },
      get synced() {
        return entry.synced
      },
      get pending() {
        return entry.unsent + entry.inFlight.reduce((a, b) => a + b, 0)
      },
      get settled() {
        return entry.synced && entry.unsent === 0 && entry.inFlight.length === 0
      },
      setAwareness: (awareness) => this.#setAwareness(entry, awareness),
      close: () => this.#closeDoc(entry),
    }
  }

  #setAwareness(entry: DocEntry, awareness: awarenessProtocol.Awareness | null): void {
    if (this.#docs.get(entry.name) !== entry || entry.awareness === awareness) return
    const old = entry.awareness
    // Withdrawn while still bound, so the removal goes out and peers stop showing us.
    if (old) awarenessProtocol.removeAwarenessStates(old, [old.clientID], 'local')
    entry.offAwareness()
    entry.offAwareness = () => {}
    entry.awareness = awareness
    this.#bindAwareness(entry)
    if (!awareness || !this.#isOpen() || entry.denied) return
    // Peers' presence came (and was dropped) while the doc had none: ask for it, then announce ours.
    this.#sendFrame(entry.name, (e) => encoding.writeVarUint(e, MessageType.queryAwareness))
    if (awareness.getLocalState()) {
      this.#sendFrame(entry.name, (e) => {
        encoding.writeVarUint(e, MessageType.awareness)
        encoding.writeVarUint8Array(
          e,
          awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]),
        )
      })
    }
  }

  #closeDoc(entry: DocEntry): void {
    if (this.#docs.get(entry.name) !== entry) return
    entry.offUpdate()
    entry.offAwareness()
    if (entry.awareness) {
      awarenessProtocol.removeAwarenessStates(entry.awareness, [entry.awareness.clientID], 'local')
    }
    this.#docs.delete(entry.name)
    if (this.#isOpen() && !entry.denied) {
      this.#sendFrame(entry.name, (e) => encoding.writeVarUint(e, MessageType.close))
    }
    this.#notifyPending()
  }

  #bindDoc(entry: DocEntry): void {
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin === this) return
      if (entry.denied || entry.scope === 'readonly') return
      if (this.#isOpen() && entry.answered) {
        this.#sendFrame(entry.name, (e) => {
          encoding.writeVarUint(e, MessageType.sync)
          syncProtocol.writeUpdate(e, update)
        })
        entry.inFlight.push(1)
      } else {
        entry.unsent++
      }
      this.#notifyPending()
    }
    entry.doc.on('update', onUpdate)
    entry.offUpdate = () => entry.doc.off('update', onUpdate)
  }

  #bindAwareness(entry: DocEntry): void {
    const awareness = entry.awareness
    if (!awareness) return
    const onChange = (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ): void => {
      if (origin === this || !this.#isOpen() || entry.denied) return
      const changed = [...added, ...updated, ...removed]
      this.#sendFrame(entry.name, (e) => {
        encoding.writeVarUint(e, MessageType.awareness)
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, changed))
      })
    }
    awareness.on('update', onChange)
    entry.offAwareness = () => awareness.off('update', onChange)
  }

  #isOpen(): boolean {
    return this.#socket !== null && this.#socket.readyState === OPEN && this.#status === 'online'
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return
    this.#status = status
    for (const listener of this.#statusListeners) listener(status)
  }

  #notifyPending(): void {
    const pending = this.pending
    for (const listener of this.#pendingListeners) listener(pending)
  }

  #connect(): void {
    if (this.#destroyed) return
    this.#setStatus('connecting')
    const url = new URL(this.#options.url)
    if (this.#options.token) url.searchParams.set('token', this.#options.token)
    const socket = this.#options.createSocket(url.toString())
    socket.binaryType = 'arraybuffer'
    this.#socket = socket
    let opened = false
    socket.onopen = () => {
      opened = true
      this.#attempt = 0
      this.#setStatus('online')
      for (const entry of this.#docs.values()) this.#startDoc(entry)
    }
    socket.onmessage = (ev) => this.#onFrame(ev.data)
    socket.onerror = () => {}
    socket.onclose = (ev) => {
      if (this.#socket !== socket) return
      this.#socket = null
      for (const entry of this.#docs.values()) {
        // Whatever was in flight is not known to be durable: it is sent again with the next sync.
        entry.unsent += entry.inFlight.reduce((a, b) => a + b, 0)
        entry.inFlight = []
        entry.synced = false
        entry.answered = false
        entry.scope = null
        this.#forgetOthers(entry)
      }
      this.#notifyPending()
      if (ev.code === CloseCode.unauthorized) {
        this.#setStatus('unauthorized')
        return
      }
      this.#setStatus('offline')
      const check = this.#options.stillAuthorized
      if (opened || !check) {
        this.#scheduleReconnect()
        return
      }
      check().then(
        (ok) => {
          if (this.#destroyed) return
          if (ok) this.#scheduleReconnect()
          else this.#setStatus('unauthorized')
        },
        // The check itself failed (no network): keep trying.
        () => this.#scheduleReconnect(),
      )
    }
  }

  #scheduleReconnect(): void {
    if (this.#destroyed) return
    const min = this.#options.minBackoffMs ?? 100
    const max = this.#options.maxBackoffMs ?? 5_000
    const delay = Math.min(max, min * 2 ** this.#attempt) * (0.5 + Math.random() / 2)
    this.#attempt++
    this.#retry = setTimeout(() => {
      this.#retry = null
      this.#connect()
    }, delay)
  }

  /** Offline, the others' presence is unknown: drop it rather than show ghosts (the server resends it). */
  #forgetOthers(entry: DocEntry): void {
    const awareness = entry.awareness
    if (!awareness) return
    const others = [...awareness.getStates().keys()].filter((client) => client !== awareness.clientID)
    if (others.length > 0) awarenessProtocol.removeAwarenessStates(awareness, others, this)
  }

  /** Opening a doc: our state vector (sync step 1), then our awareness. */
  #startDoc(entry: DocEntry): void {
    entry.denied = false
    this.#sendFrame(entry.name, (e) => {
      encoding.writeVarUint(e, MessageType.sync)
      syncProtocol.writeSyncStep1(e, entry.doc)
    })
    const awareness = entry.awareness
    if (awareness?.getLocalState()) {
      this.#sendFrame(entry.name, (e) => {
        encoding.writeVarUint(e, MessageType.awareness)
        encoding.writeVarUint8Array(
          e,
          awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]),
        )
      })
    }
  }

  #sendFrame(name: string, write: (encoder: encoding.Encoder) => void): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, name)
    write(encoder)
    this.#socket?.send(encoding.toUint8Array(encoder))
  }

  #onFrame(data: unknown): void {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array)
    const decoder = decoding.createDecoder(bytes)
    const name = decoding.readVarString(decoder)
    const entry = this.#docs.get(name)
    if (!entry) return
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.sync:
        this.#onSync(entry, decoder)
        break
      case MessageType.awareness:
        if (entry.awareness) {
          awarenessProtocol.applyAwarenessUpdate(entry.awareness, decoding.readVarUint8Array(decoder), this)
        }
        break
      case MessageType.auth:
        this.#onAuth(entry, decoder)
        break
      case MessageType.ack: {
        let count = decoding.readVarUint(decoder)
        while (count-- > 0 && entry.inFlight.length > 0) entry.inFlight.shift()
        this.#notifyPending()
        break
      }
      case MessageType.reset:
        this.#reset(entry, decoding.readVarString(decoder))
        break
      default:
        break
    }
  }

  #onSync(entry: DocEntry, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        // The server's state vector: send everything it lacks, which carries every unsent local change.
        if (entry.scope === 'readonly') return
        this.#sendFrame(entry.name, (e) => {
          encoding.writeVarUint(e, MessageType.sync)
          syncProtocol.writeSyncStep2(e, entry.doc, payload)
        })
        entry.inFlight.push(entry.unsent)
        entry.unsent = 0
        entry.answered = true
        this.#notifyPending()
        return
      }
      case syncProtocol.messageYjsSyncStep2:
        applyRemoteUpdate(entry.doc, payload, this)
        if (!entry.synced) {
          entry.synced = true
          entry.events.synced?.()
          this.#notifyPending()
        }
        return
      case syncProtocol.messageYjsUpdate:
        applyRemoteUpdate(entry.doc, payload, this)
        return
    }
  }

  #onAuth(entry: DocEntry, decoder: decoding.Decoder): void {
    const kind = decoding.readVarUint(decoder)
    const text = decoding.readVarString(decoder)
    if (kind === AuthMessage.granted) {
      entry.scope = text as DocScope
      entry.denied = false
      if (entry.scope === 'readonly' && entry.unsent > 0) {
        // Local changes to a read-only doc are never sent: they are not "waiting to sync".
        entry.unsent = 0
        this.#notifyPending()
      }
      entry.events.granted?.(entry.scope)
    } else {
      entry.denied = true
      entry.synced = false
      entry.answered = false
      entry.scope = null
      entry.unsent = 0
      entry.inFlight = []
      entry.events.denied?.(text)
      this.#notifyPending()
    }
  }

  /** The server refused our update: drop the local copy and sync the doc afresh. */
  #reset(entry: DocEntry, reason: string): void {
    entry.offUpdate()
    entry.doc = new Y.Doc()
    entry.unsent = 0
    entry.inFlight = []
    entry.synced = false
    entry.answered = false
    this.#bindDoc(entry)
    entry.events.reset?.(entry.doc, reason)
    this.#notifyPending()
    if (this.#isOpen()) {
      this.#sendFrame(entry.name, (e) => {
        encoding.writeVarUint(e, MessageType.sync)
        syncProtocol.writeSyncStep1(e, entry.doc)
      })
      // The fresh doc holds nothing of ours; from now on every local change goes out live.
      entry.answered = true
    }
  }
}
