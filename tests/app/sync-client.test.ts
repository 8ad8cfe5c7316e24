import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { type SocketLike, SyncClient } from '../../app/sync'
import { DirectoryKey, directoryDocName } from '../../model'
import { eventually, startTestServer, type TestServer } from '../helpers/server'

describe('app sync client', () => {
  let t: TestServer

  beforeEach(async () => {
    t = await startTestServer()
  })

  afterEach(async () => {
    await t.close()
  })

  const client = (token: string, stillAuthorized?: () => Promise<boolean>): SyncClient =>
    new SyncClient({
      url: `${t.wsUrl}/sync`,
      token,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      minBackoffMs: 20,
      maxBackoffMs: 100,
      ...(stillAuthorized && { stillAuthorized }),
    })

  it('stops as unauthorized when the upgrade is refused and the session is gone, instead of retrying forever', async () => {
    const token = await t.login('admin@test.local', 'admin-password-1')
    await t.api('/api/auth/logout', { method: 'POST', token })
    let asked = 0
    const c = client(token, async () => {
      asked++
      return (await t.api('/api/me', { token })).status !== 401
    })
    try {
      await eventually(() => c.status === 'unauthorized', 'status unauthorized')
      await new Promise((r) => setTimeout(r, 300))
      expect(asked).toBe(1)
      expect(c.status).toBe('unauthorized')
    } finally {
      c.destroy()
    }
  })

  it('keeps retrying while the check says the session is fine (a network problem)', async () => {
    let asked = 0
    const c = new SyncClient({
      url: 'ws://127.0.0.1:9/sync',
      token: 'whatever-token-whatever',
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      minBackoffMs: 10,
      maxBackoffMs: 20,
      stillAuthorized: async () => {
        asked++
        return true
      },
    })
    try {
      await eventually(() => asked >= 3, 'several attempts')
      expect(c.status).not.toBe('unauthorized')
    } finally {
      c.destroy()
    }
  })

  it('local changes to a read-only doc are not counted as waiting to sync once the grant says read-only', async () => {
    const c = client(t.adminToken)
    try {
      const doc = new Y.Doc()
      doc.getMap(DirectoryKey.tags).set('local', { name: 'local' })
      const handle = c.open(directoryDocName, doc)
      doc.getMap(DirectoryKey.tags).set('local-2', { name: 'local-2' })
      await eventually(() => handle.scope === 'readonly' && handle.synced, 'granted read-only and synced')
      expect(c.pending).toBe(0)
    } finally {
      c.destroy()
    }
  })
})
