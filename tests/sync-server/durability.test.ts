import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { chatDocName, chatParts, indexChats, operatorContext, sendOperatorMessage } from '../../model'
import { spawnServer } from '../helpers/process'
import { ADMIN, startTestServer, syncClient, tempDir } from '../helpers/server'

const login = async (url: string, email: string, password: string): Promise<string> => {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  return ((await res.json()) as { token: string }).token
}

describe('sync server: durability', () => {
  it('a server killed with SIGKILL and restarted has every update it acknowledged', async () => {
    const dataDir = tempDir()
    try {
      // Prepare a workspace: 20 chats with one customer message each.
      const setup = await startTestServer({ dataDir })
      const channel = await setup.channel('Site')
      const chatIds: string[] = []
      for (let i = 0; i < 20; i++) {
        const r = await setup.server.services.ingest({
          channelId: channel,
          externalChatId: `v${i}`,
          contact: { firstName: `V${i}` },
          message: { text: `hi ${i}` },
        })
        chatIds.push(r.chatId)
      }
      const op = await setup.operator({ email: 'op@test.local' })
      await setup.close({ keepData: true })

      const env = { DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }
      const first = await spawnServer(env)
      const token = await login(first.url, 'op@test.local', 'operator-password-1')
      const client = syncClient(first.wsUrl, token)
      const handles = chatIds.map((id) => client.open(chatDocName(id)))
      await client.whenSynced()

      // Acknowledged: five rounds of a reply in every chat, each round waited for.
      const acknowledged: string[] = []
      for (let round = 0; round < 5; round++) {
        handles.forEach((h, i) => {
          const m = sendOperatorMessage(
            h.doc,
            { text: `r${round} c${i}` },
            operatorContext(op.id, Date.now()),
          )
          acknowledged.push(m.id)
        })
        await client.whenSynced()
      }
      // Then a burst that is not waited for, and the kill right in the middle of it.
      handles.forEach((h, i) => {
        sendOperatorMessage(h.doc, { text: `unacked c${i}` }, operatorContext(op.id, Date.now()))
      })
      await first.kill('SIGKILL')
      client.destroy()

      const second = await spawnServer(env)
      try {
        const token2 = await login(second.url, 'op@test.local', 'operator-password-1')
        const reader = syncClient(second.wsUrl, token2)
        const fresh = chatIds.map((id) => reader.open(chatDocName(id)))
        await reader.whenSynced()
        const stored = new Set(
          fresh.flatMap((h) =>
            chatParts(h.doc)
              .messages.toArray()
              .map((m) => m.id),
          ),
        )
        const missing = acknowledged.filter((id) => !stored.has(id))
        expect(missing).toEqual([])
        expect(acknowledged.length).toBe(100)
        reader.destroy()
      } finally {
        await second.kill('SIGTERM')
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('sync server: the inbox after a crash', () => {
  it('recomputes on start the summaries of chats written last, which may lag their docs', async () => {
    const dataDir = tempDir()
    try {
      const first = await startTestServer({ dataDir })
      const channel = await first.channel('Site')
      const { chatId } = await first.server.services.ingest({
        channelId: channel,
        externalChatId: 'v',
        contact: { firstName: 'Vera' },
        message: { text: 'the latest words' },
      })
      await first.server.hub.whenDurable()
      await first.close({ keepData: true })

      // As after a crash between a chat's commit and its summary's: the row still shows nothing.
      const db = new Database(join(dataDir, 'switchboard.sqlite'))
      db.prepare('UPDATE chats SET summary = NULL WHERE id = ?').run(chatId)
      db.close()

      const second = await startTestServer({ dataDir })
      try {
        await second.server.hub.whenDurable()
        const summary = second.server.services.chats.chat(chatId)?.summary
        expect(summary?.lastMessage?.text).toBe('the latest words')
        const me = await second.api<{ indexDoc: string }>('/api/me', { token: second.adminToken })
        expect(indexChats(second.server.hub.open(me.body.indexDoc).doc).get(chatId)?.contactName).toBe('Vera')
      } finally {
        await second.close({ keepData: true })
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
