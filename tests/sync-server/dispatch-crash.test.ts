/**
 * A server killed with SIGKILL in the middle of sending an answer to Telegram (a real child process, a local fake
 * of the Bot API): after the restart nothing is sent twice and nothing is lost.
 */
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { chatDocName, chatParts, operatorContext, sendOperatorMessage } from '../../model'
import { SECRET_TOKEN, telegramConfig, textUpdate } from '../channels/telegram.fixture'
import { startTelegramFake } from '../helpers/fakes/telegram'
import { spawnServer } from '../helpers/process'
import { ADMIN, eventually, OPERATOR_PASSWORD, startTestServer, syncClient, tempDir } from '../helpers/server'

const login = async (url: string, email: string): Promise<string> => {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: OPERATOR_PASSWORD }),
  })
  return ((await res.json()) as { token: string }).token
}

describe('outbox: a crash mid-dispatch', () => {
  it('after SIGKILL during a send, nothing is sent twice and nothing is lost', async () => {
    const dataDir = tempDir()
    const fake = await startTelegramFake()
    try {
      const setup = await startTestServer({ dataDir })
      const channel = await setup.api<{ id: string }>('/api/channels', {
        token: setup.adminToken,
        body: { kind: 'telegram', name: 'Бот', config: telegramConfig(fake.url) },
      })
      const anna = await setup.operator({ email: 'anna@test.local', name: 'Анна' })
      const hook = await fetch(`${setup.url}/hooks/${channel.body.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET_TOKEN },
        body: JSON.stringify(textUpdate('Здравствуйте')),
      })
      expect(hook.status).toBe(200)
      const chatId = setup.server.services.chats.allChats()[0]!.id
      await setup.close({ keepData: true })

      const env = { DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }
      const first = await spawnServer(env)
      // The first send hangs at the provider: the server is killed while it waits for the answer.
      fake.failNext({ kind: 'hang' })
      const client = syncClient(first.wsUrl, await login(first.url, 'anna@test.local'))
      const handle = client.open(chatDocName(chatId))
      await client.whenSynced()
      const ids = ['Первый', 'Второй', 'Третий'].map(
        (text) => sendOperatorMessage(handle.doc, { text }, operatorContext(anna.id, Date.now())).id,
      )
      await client.whenSynced() // acknowledged: durable on the server
      await eventually(
        () => fake.calls.some((c) => c.params.text === 'Первый'),
        'the first send reached Telegram',
      )
      await first.kill('SIGKILL')
      client.destroy()

      const second = await spawnServer(env)
      try {
        const reader = syncClient(second.wsUrl, await login(second.url, 'anna@test.local'))
        const doc = reader.open(chatDocName(chatId)).doc
        await reader.whenSynced()
        const delivery = chatParts(doc).delivery
        await eventually(
          () => delivery.get(ids[1]!)?.state === 'sent' && delivery.get(ids[2]!)?.state === 'sent',
          'the queued answers go out after the restart',
          15_000,
        )
        // None lost: all three are in the chat. None twice: the interrupted one was not repeated.
        expect(
          chatParts(doc)
            .messages.toArray()
            .filter((m) => m.direction === 'out')
            .map((m) => m.text),
        ).toEqual(['Первый', 'Второй', 'Третий'])
        expect(delivery.get(ids[0]!)).toMatchObject({ state: 'unknown' })
        const sendCalls = fake.calls
          .filter((c) => c.method.toLowerCase() === 'sendmessage')
          .map((c) => c.params.text)
        expect(sendCalls).toEqual(['Первый', 'Второй', 'Третий'])
        reader.destroy()
      } finally {
        await second.kill('SIGTERM')
      }
    } finally {
      await fake.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
