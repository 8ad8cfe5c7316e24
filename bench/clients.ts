/**
 * The bench clients, run in a forked worker process (`bench/clients.ts` is its entry), so that the clients'
 * CPU never shares an event loop with a server under test.
 *
 * One minimal client for all three targets: a `ws` socket and a Y.Doc driven by y-protocols' sync messages. It
 * sends sync step 1, answers the server's step 1, applies step 2 and updates, and ignores awareness. Only the
 * framing differs: y-websocket's `[varUint type][payload]` (Switchboard's `/sync/<docName>`, the bare server)
 * or Hocuspocus' `[varString docName][varUint type][payload]` after its token message. Cheaper per client than
 * the stock providers (no awareness, no timers), and identical work per update on every target.
 *
 * A sample is taken when the doc applies a message: receive time (`hrNow()`, after the apply, inside the
 * observer) minus the send time the server wrote into the message's text.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { readChatMeta } from '../model'
import {
  clockOffset,
  hrNow,
  loopMeter,
  serveParent,
  sleep,
  type WorkerCommand,
  type WorkerReport,
  withTimeout,
} from './ipc'
import { observeMessages, WARMUP_PREFIX } from './payload'

const MESSAGE_SYNC = 0
const MESSAGE_AUTH = 2
const AUTH_TOKEN = 0
const AUTH_PERMISSION_DENIED = 1

interface BenchClient {
  readonly doc: Y.Doc
  readonly socket: WebSocket
  /** Resolves once the doc holds the chat (it synced), rejects if the server refuses or the socket fails. */
  synced: Promise<void>
  /** Measured messages seen so far, over every run. */
  samples: number
  /** Samples already handed to the parent by earlier `collect`s. */
  taken: number
}

interface Recorder {
  /** Latency samples of all clients, packed: `capacity` per client. */
  readonly buffer: Float64Array
  readonly capacity: number
  unparsable: number
  recording: boolean
}

const connectClient = (
  index: number,
  command: Extract<WorkerCommand, { type: 'connect' }>,
  recorder: Recorder,
): BenchClient => {
  const { protocol, docName, token } = command
  const doc = new Y.Doc()
  const url =
    protocol === 'y-websocket' && token !== ''
      ? `${command.url}?token=${encodeURIComponent(token)}`
      : command.url
  const socket = new WebSocket(url, { perMessageDeflate: false })
  socket.binaryType = 'nodebuffer'
  const base = index * recorder.capacity
  const client: BenchClient = { doc, socket, synced: Promise.resolve(), samples: 0, taken: 0 }

  observeMessages(doc, (text) => {
    const receivedAt = hrNow()
    if (!recorder.recording || text.startsWith(WARMUP_PREFIX)) return
    const sentAt = Number(text)
    if (!Number.isFinite(sentAt)) {
      recorder.unparsable += 1
      return
    }
    if (client.samples < recorder.capacity) recorder.buffer[base + client.samples] = receivedAt - sentAt
    client.samples += 1
  })

  /** A frame head: Hocuspocus prefixes every message with the doc's name. */
  const head = (type: number): encoding.Encoder => {
    const encoder = encoding.createEncoder()
    if (protocol === 'hocuspocus') encoding.writeVarString(encoder, docName)
    encoding.writeVarUint(encoder, type)
    return encoder
  }
  const send = (encoder: encoding.Encoder): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(encoding.toUint8Array(encoder))
  }

  client.synced = new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (readChatMeta(doc) !== null) {
        doc.off('update', check)
        resolve()
      }
    }
    doc.on('update', check)
    socket.on('open', () => {
      if (protocol === 'hocuspocus') {
        const auth = head(MESSAGE_AUTH)
        encoding.writeVarUint(auth, AUTH_TOKEN)
        encoding.writeVarString(auth, token)
        send(auth)
      }
      const step1 = head(MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(step1, doc)
      send(step1)
    })
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (protocol === 'hocuspocus' && decoding.readVarString(decoder) !== docName) return
      const type = decoding.readVarUint(decoder)
      if (type === MESSAGE_SYNC) {
        const reply = head(MESSAGE_SYNC)
        const emptyLength = encoding.length(reply)
        syncProtocol.readSyncMessage(decoder, reply, doc, socket)
        if (encoding.length(reply) > emptyLength) send(reply)
      } else if (type === MESSAGE_AUTH && decoding.readVarUint(decoder) === AUTH_PERMISSION_DENIED) {
        reject(new Error(`client ${index}: permission denied: ${decoding.readVarString(decoder)}`))
      }
    })
    socket.on('error', (error) => reject(new Error(`client ${index}: ${error.message}`)))
    socket.on('close', (code, reason) =>
      reject(new Error(`client ${index}: socket closed (${code} ${reason.toString()})`)),
    )
  })
  client.synced.catch(() => undefined)
  return client
}

// ---------------------------------------------------------------------------------------------------------------
// The worker

let clients: BenchClient[] = []
let recorder: Recorder | null = null
let meter: ReturnType<typeof loopMeter> | null = null

const closeAll = async (): Promise<void> => {
  const closing = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        if (client.socket.readyState === WebSocket.CLOSED) return resolve()
        client.socket.once('close', () => resolve())
        client.socket.close()
      }),
  )
  await withTimeout(Promise.all(closing), 3000, 'sockets to close').catch(() => {
    for (const client of clients) client.socket.terminate()
  })
  for (const client of clients) client.doc.destroy()
  clients = []
}

const handle = async (command: WorkerCommand): Promise<WorkerReport> => {
  switch (command.type) {
    case 'connect': {
      const start = performance.now()
      recorder = {
        buffer: new Float64Array(command.count * command.capacity),
        capacity: command.capacity,
        unparsable: 0,
        recording: false,
      }
      const rec = recorder
      clients = Array.from({ length: command.count }, (_, index) => connectClient(index, command, rec))
      await withTimeout(
        Promise.all(clients.map((client) => client.synced)),
        command.timeoutMs,
        `${command.count} clients to sync ${command.docName}`,
      )
      return { type: 'connected', ms: performance.now() - start, clockOffset: clockOffset() }
    }
    case 'start':
      if (recorder) recorder.recording = true
      meter = loopMeter()
      return { type: 'started' }
    case 'collect': {
      const deadline = performance.now() + command.drainMs
      while (
        clients.some((client) => client.samples < command.expectedPerClient) &&
        performance.now() < deadline
      ) {
        await sleep(20)
      }
      const loop = (meter ?? loopMeter()).stop()
      meter = null
      const rec = recorder
      if (!rec) throw new Error('collect before connect')
      rec.recording = false
      const parts = clients.map((client, index) => {
        const from = index * rec.capacity
        const part = rec.buffer.subarray(
          from + Math.min(client.taken, rec.capacity),
          from + Math.min(client.samples, rec.capacity),
        )
        client.taken = client.samples
        return part
      })
      const samples = new Float64Array(parts.reduce((n, part) => n + part.length, 0))
      let at = 0
      for (const part of parts) {
        samples.set(part, at)
        at += part.length
      }
      return {
        type: 'results',
        samples,
        perClient: clients.map((client) => client.samples),
        loop,
        unparsable: rec.unparsable,
      }
    }
    case 'close':
      await closeAll()
      return { type: 'closed' }
  }
}

serveParent<WorkerCommand, WorkerReport>(handle, closeAll)
