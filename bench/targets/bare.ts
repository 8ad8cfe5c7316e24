/**
 * The floor: a `ws` server that keeps one Y.Doc, answers a client's sync step 1 with its state, and re-sends the
 * exact bytes of each update, framed once as a y-websocket sync "update" message, to every socket. No auth, no
 * persistence, no per-connection work beyond `send`: no Yjs server can deliver faster.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket, WebSocketServer } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { appendBenchMessage, createBenchChat, docNameOf, LATENCY_CHAT } from '../payload'
import { runTarget } from './driver'

const MESSAGE_SYNC = 0

await runTarget(async () => {
  const doc = new Y.Doc()
  const sockets = new Set<WebSocket>()
  doc.on('update', (update: Uint8Array) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeUpdate(encoder, update)
    const frame = encoding.toUint8Array(encoder)
    for (const socket of sockets) {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame)
    }
  })
  createBenchChat(doc, LATENCY_CHAT)

  const http = createServer((_, response) => response.writeHead(404).end())
  const wss = new WebSocketServer({ server: http })
  wss.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => sockets.delete(socket))
    socket.on('message', (data: Buffer) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MESSAGE_SYNC)
        syncProtocol.readSyncMessage(decoder, encoder, doc, socket)
        if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder))
      } catch {
        socket.close(4400, 'bad frame')
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = http.address() as AddressInfo

  return {
    url: `ws://127.0.0.1:${port}/${docNameOf(LATENCY_CHAT)}`,
    docName: docNameOf(LATENCY_CHAT),
    protocol: 'y-websocket',
    token: '',
    durability: null,
    write: (text) => {
      appendBenchMessage(doc, text)
      return undefined
    },
    durableWriter: async () => null,
    close: async () => {
      for (const socket of sockets) socket.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
      doc.destroy()
    },
  }
})
