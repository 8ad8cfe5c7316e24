import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import {
  CloseCode,
  chatDocName,
  chatParts,
  DirectoryKey,
  directoryDocName,
  MessageType,
  operatorContext,
  sendOperatorMessage,
} from '../../model'
import { startTestServer, syncClient, type TestServer } from '../helpers/server'

const MAX = 4096

/** Opens a raw socket, sends the given frames and resolves with the close code and the frames received. */
const exchange = (
  url: string,
  frames: Array<Uint8Array | string>,
  waitMs = 2_000,
): Promise<{ code: number | null; received: Uint8Array[] }> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const received: Uint8Array[] = []
    const timer = setTimeout(() => {
      ws.terminate()
      resolve({ code: null, received })
    }, waitMs)
    ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
    ws.on('open', () => {
      for (const f of frames) ws.send(f)
    })
    ws.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, received })
    })
    ws.on('error', (err) => {
      if (!String(err).includes('1009') && !String(err).includes('Max payload')) reject(err)
    })
  })

const frame = (docName: string | null, write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  if (docName !== null) encoding.writeVarString(e, docName)
  write(e)
  return encoding.toUint8Array(e)
}

describe('sync server: garbage on the socket', () => {
  let t: TestServer
  let chatId: string
  let token: string

  beforeAll(async () => {
    t = await startTestServer({ env: { MAX_MESSAGE_BYTES: String(MAX) } })
    const channel = await t.channel('Site')
    chatId = (
      await t.server.services.ingest({
        channelId: channel,
        externalChatId: 'v',
        contact: { firstName: 'V' },
        message: { text: 'hi' },
      })
    ).chatId
    token = t.adminToken
  })

  afterAll(async () => {
    await t.close()
  })

  it('bad frames, text frames, unknown types and oversized frames close that connection with a named code', async () => {
    // A healthy connection stays open through all of it and keeps syncing.
    const healthy = syncClient(t.wsUrl, token)
    const handle = healthy.open(chatDocName(chatId))
    await healthy.whenSynced()

    const multi = `${t.wsUrl}/sync?token=${token}`
    const single = `${t.wsUrl}/sync/${chatDocName(chatId)}?token=${token}`
    const results = {
      text: (await exchange(multi, ['hello'])).code,
      truncated: (await exchange(multi, [new Uint8Array([0xff, 0xff, 0xff])])).code,
      unknownType: (await exchange(multi, [frame(chatDocName(chatId), (e) => encoding.writeVarUint(e, 42))]))
        .code,
      unknownSync: (
        await exchange(multi, [
          frame(chatDocName(chatId), (e) => {
            encoding.writeVarUint(e, MessageType.sync)
            encoding.writeVarUint(e, 7)
            encoding.writeVarUint8Array(e, new Uint8Array([1]))
          }),
        ])
      ).code,
      badUpdateBytes: (
        await exchange(single, [
          frame(null, (e) => {
            encoding.writeVarUint(e, MessageType.sync)
            encoding.writeVarUint(e, syncProtocol.messageYjsUpdate)
            encoding.writeVarUint8Array(e, new Uint8Array([9, 9, 9, 9]))
          }),
        ])
      ).code,
      badAwareness: (
        await exchange(single, [
          frame(null, (e) => {
            encoding.writeVarUint(e, MessageType.awareness)
            encoding.writeVarUint8Array(e, new Uint8Array([1, 5, 1, 3, 123, 120, 125]))
          }),
        ])
      ).code,
      trailing: (
        await exchange(single, [
          frame(null, (e) => {
            encoding.writeVarUint(e, MessageType.queryAwareness)
            encoding.writeVarUint(e, 1)
          }),
        ])
      ).code,
      oversized: (await exchange(multi, [new Uint8Array(MAX * 3)])).code,
    }
    expect(results).toEqual({
      text: CloseCode.badFrame,
      truncated: CloseCode.badFrame,
      unknownType: CloseCode.badFrame,
      unknownSync: CloseCode.badFrame,
      badUpdateBytes: CloseCode.refused,
      badAwareness: CloseCode.badFrame,
      trailing: CloseCode.badFrame,
      oversized: CloseCode.tooBig,
    })

    sendOperatorMessage(
      handle.doc,
      { text: 'still here' },
      operatorContext(t.server.services.operators.list()[0]!.id, Date.now()),
    )
    await healthy.whenSynced()
    expect(chatParts(t.server.hub.open(chatDocName(chatId)).doc).messages.length).toBe(2)
    healthy.destroy()
    const health = await t.api<{ ok: boolean }>('/api/health')
    expect(health.body.ok).toBe(true)
  })

  it('a raw write to a read-only doc is answered with a reset on the multiplexed socket and 4409 on a stock one', async () => {
    const writer = new Y.Doc()
    writer.getMap(DirectoryKey.tags).set('vip', { name: 'vip' })
    const update = Y.encodeStateAsUpdate(writer)
    const writeFrame = (docName: string | null) =>
      frame(docName, (e) => {
        encoding.writeVarUint(e, MessageType.sync)
        syncProtocol.writeUpdate(e, update)
      })

    const multi = await exchange(`${t.wsUrl}/sync?token=${token}`, [writeFrame(directoryDocName)], 500)
    const types = multi.received.map((bytes) => {
      const d = decoding.createDecoder(bytes)
      expect(decoding.readVarString(d)).toBe(directoryDocName)
      return decoding.readVarUint(d)
    })
    expect(types).toContain(MessageType.reset)
    expect(multi.code).toBeNull()

    const stock = await exchange(`${t.wsUrl}/sync/${directoryDocName}?token=${token}`, [writeFrame(null)])
    expect(stock.code).toBe(CloseCode.refused)
    expect(t.server.hub.open(directoryDocName).doc.getMap(DirectoryKey.tags).size).toBe(0)
  })
})
