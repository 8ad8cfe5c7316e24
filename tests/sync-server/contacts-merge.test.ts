/**
 * One contact across channels against a real server: a new conversation linked to the contact it names by phone
 * or email [LNK1], and `POST /api/contacts/:id/merge` [MRG1–MRG3] with its effects on the registry, the chat docs,
 * the operators' inbox index docs (through real sync clients), search and the audit log; a merge killed with
 * SIGKILL in a real child process leaves all of it or none.
 */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncClient } from '../../app/sync'
import {
  type ChatSummary,
  chatDocName,
  contactDocName,
  contactParts,
  indexChats,
  readChatMeta,
  readContactMerge,
  serverContext,
} from '../../model'
import { ADMIN, eventually, startTestServer, syncClient, type TestServer, tempDir } from '../helpers/server'

interface ContactView {
  id: string
  name: string
  mergedInto: string | null
  profile: Record<string, string>
  fields: Record<string, string>
  tags: string[]
  notes: { id: string; at: number }[]
  chats: { id: string; channelId: string }[]
}
interface MergeAnswer {
  contact: ContactView
  moved: string[]
  added: { profile: string[]; fields: string[]; tags: string[]; notes: string[] }
}
interface Found {
  contacts: { id: string; name: string; chats: { id: string }[] }[]
}

type Profile = Record<string, string>

const ingestInto = (t: TestServer) => (channelId: string, externalChatId: string, contact: Profile) =>
  t.server.services.ingest({
    channelId,
    externalChatId,
    contact,
    message: { text: `hi from ${externalChatId}` },
  })

const audit = (t: TestServer, action: string) =>
  t.server.services.audit.page(Number.MAX_SAFE_INTEGER, 100).filter((e) => e.action === action)

describe('contacts: automatic linking of a new conversation', () => {
  let t: TestServer
  let telegram: string
  let whatsapp: string
  let vk: string

  afterEach(async () => {
    await t.close()
  })

  const start = async (env: Record<string, string> = {}) => {
    t = await startTestServer({ env })
    telegram = await t.channel('Telegram', 'telegram')
    whatsapp = await t.channel('WhatsApp', 'whatsapp')
    vk = await t.channel('VK', 'vk')
  }

  it('[LNK1] a WhatsApp chat whose phone is written differently joins the Telegram contact', async () => {
    await start()
    const ingest = ingestInto(t)
    const tg = await ingest(telegram, 'tg-1', { firstName: 'Мария', phone: '+7 (916) 555-01-01' })
    const wa = await ingest(whatsapp, 'wa-1', { firstName: 'Maria WA', phone: '79165550101' })
    expect(wa.created).toBe(true)
    expect(wa.contactId).toBe(tg.contactId)
    const { chats, hub } = t.server.services
    expect(
      chats
        .chatsOfContact(tg.contactId)
        .map((c) => c.id)
        .sort(),
    ).toEqual([tg.chatId, wa.chatId].sort())
    expect(readChatMeta(hub.open(chatDocName(wa.chatId)).doc)?.contactId).toBe(tg.contactId)
    // The known contact keeps its own profile: a newcomer's data never overwrites it.
    expect(contactParts(hub.open(contactDocName(tg.contactId)).doc).profile.get('firstName')).toBe('Мария')
    // The inbox shows the new chat under the known contact's name.
    await hub.whenDurable()
    const me = await t.api<{ indexDoc: string }>('/api/me', { token: t.adminToken })
    await eventually(
      () => indexChats(hub.open(me.body.indexDoc).doc).get(wa.chatId)?.contactName === 'Мария',
      'the WhatsApp chat summarized under Мария',
    )
    expect(audit(t, 'contact.auto_link')).toMatchObject([
      {
        actorId: null,
        target: tg.contactId,
        details: { chatId: wa.chatId, channelId: whatsapp, by: 'phone' },
      },
    ])
  })

  it('[LNK1] a website visitor who types a known email does not join that contact: nobody vouches for it', async () => {
    await start()
    const site = await t.channel('Сайт', 'widget')
    const known = await ingestInto(t)(telegram, 'tg-2', { firstName: 'Иван', email: 'ivan@example.com' })
    const visitor = await t.api<{ visitorId: string; token: string }>(`/api/widget/${site}/visitors`, {
      body: { name: 'Ваня', email: 'Ivan@Example.COM' },
    })
    expect(visitor.status).toBe(201)
    const sent = await t.api(`/api/widget/${site}/messages`, {
      token: visitor.body.token,
      body: { id: crypto.randomUUID(), text: 'Здравствуйте' },
    })
    expect(sent.status).toBe(201)
    const chat = t.server.services.chats.chatByExternal(site, visitor.body.visitorId)
    expect(chat).not.toBeNull()
    expect(chat?.contactId).not.toBe(known.contactId)
    const view = await t.api<ContactView>(`/api/contacts/${known.contactId}`, { token: t.adminToken })
    expect(view.body.chats.map((c) => c.channelId)).toEqual([telegram])
    expect(audit(t, 'contact.auto_link')).toEqual([])
    // The visitor's contact is no rival either: a messenger conversation with that email joins the known contact.
    const vk2 = await ingestInto(t)(vk, 'vk-9', { firstName: 'Ivan', email: 'ivan@example.com' })
    expect(vk2.contactId).toBe(known.contactId)
    // Nor does a messenger conversation join a contact only a visitor's typing stands behind.
    const other = await t.api<{ visitorId: string; token: string }>(`/api/widget/${site}/visitors`, {
      body: { name: 'Пётр', email: 'petr@example.com' },
    })
    await t.api(`/api/widget/${site}/messages`, {
      token: other.body.token,
      body: { id: crypto.randomUUID(), text: 'Добрый день' },
    })
    const petrsVisit = t.server.services.chats.chatByExternal(site, other.body.visitorId)
    const wa = await ingestInto(t)(whatsapp, 'wa-9', { firstName: 'Пётр', email: 'petr@example.com' })
    expect(wa.contactId).not.toBe(petrsVisit?.contactId)
  })

  it('[LNK1] keys naming two different contacts link nothing; too short a phone links nothing', async () => {
    await start()
    const ingest = ingestInto(t)
    const byPhone = await ingest(telegram, 'a', { firstName: 'A', phone: '+7 916 000-00-01' })
    const byEmail = await ingest(vk, 'b', { firstName: 'B', email: 'b@example.com' })
    const both = await ingest(whatsapp, 'c', { firstName: 'C', phone: '79160000001', email: 'b@example.com' })
    expect(both.contactId).not.toBe(byPhone.contactId)
    expect(both.contactId).not.toBe(byEmail.contactId)

    // An operator gives another contact the same phone: from then on that phone is ambiguous too.
    const other = await ingest(vk, 'd', { firstName: 'D' })
    await t.server.hub.transact(
      contactDocName(other.contactId),
      (doc) => contactParts(doc).profile.set('phone', '8 (916) 555-77-88'),
      serverContext('test', Date.now()).origin,
    )
    const sameAsOther = await ingest(telegram, 'e', { firstName: 'E', phone: '89165557788' })
    expect(sameAsOther.contactId).toBe(other.contactId)
    await t.server.hub.transact(
      contactDocName(byEmail.contactId),
      (doc) => contactParts(doc).profile.set('phone', '8 916 555 77 88'),
      serverContext('test', Date.now()).origin,
    )
    await t.server.hub.whenDurable()
    const ambiguous = await ingest(whatsapp, 'f', { firstName: 'F', phone: '8-916-555-77-88' })
    expect([other.contactId, byEmail.contactId]).not.toContain(ambiguous.contactId)

    const short1 = await ingest(telegram, 'g', { firstName: 'G', phone: '12-34' })
    const short2 = await ingest(vk, 'h', { firstName: 'H', phone: '1234' })
    expect(short2.contactId).not.toBe(short1.contactId)
    expect(audit(t, 'contact.auto_link').map((e) => e.details.chatId)).toEqual([sameAsOther.chatId])
  })

  it('[LNK1] with CONTACT_AUTO_LINK=false every new conversation gets its own contact', async () => {
    await start({ CONTACT_AUTO_LINK: 'false' })
    const ingest = ingestInto(t)
    const tg = await ingest(telegram, 'tg-1', { firstName: 'Мария', phone: '+7 (916) 555-01-01' })
    const wa = await ingest(whatsapp, 'wa-1', { firstName: 'Maria', phone: '79165550101', email: 'm@x.ru' })
    expect(wa.contactId).not.toBe(tg.contactId)
    expect(audit(t, 'contact.auto_link')).toEqual([])
  })
})

describe('contacts: merging', () => {
  let t: TestServer
  let telegram: string
  let vk: string
  const clients: SyncClient[] = []

  beforeEach(async () => {
    t = await startTestServer()
    telegram = await t.channel('Telegram', 'telegram')
    vk = await t.channel('VK', 'vk')
  })

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await t.close()
  })

  const connect = (token: string): SyncClient => {
    const client = syncClient(t.wsUrl, token)
    clients.push(client)
    return client
  }

  /** Мария writes in Telegram; «Маша Иванова» in VK, tagged, with a note and a custom field. */
  const twoContacts = async () => {
    const ingest = ingestInto(t)
    const maria = await ingest(telegram, 'tg-maria', { firstName: 'Мария', phone: '+7 916 555-01-01' })
    const masha = await ingest(vk, 'vk-masha', {
      firstName: 'Маша',
      lastName: 'Иванова',
      email: 'masha@example.com',
      phone: '+7 999 123-45-67',
    })
    const origin = serverContext('test', Date.now()).origin
    await t.server.hub.transact(
      contactDocName(masha.contactId),
      (doc) => {
        const p = contactParts(doc)
        p.tags.set('vip', true)
        p.fields.set('size', 'M')
        p.notes.push([{ id: 'n-masha', at: 1_000, authorId: 'someone', text: 'Просила звонить вечером' }])
      },
      origin,
    )
    await t.server.hub.transact(
      contactDocName(maria.contactId),
      (doc) => contactParts(doc).notes.push([{ id: 'n-maria', at: 2_000, authorId: 'someone', text: 'VIP' }]),
      origin,
    )
    await t.server.hub.whenDurable()
    return { maria, masha }
  }

  const merge = (token: string, from: string, into: string) =>
    t.api<MergeAnswer & { code?: string; message?: string }>(`/api/contacts/${from}/merge`, {
      token,
      body: { into },
    })

  const indexOf = async (client: SyncClient, token: string) => {
    const me = await t.api<{ indexDoc: string }>('/api/me', { token })
    return client.open(me.body.indexDoc)
  }

  it('[MRG1] [CHT2] moves every chat, merges the profile, and the operators’ index docs show the new name', async () => {
    const { maria, masha } = await twoContacts()
    const anna = await t.operator({ email: 'anna@test.local' })
    const vera = await t.operator({ email: 'vera@test.local', channels: [vk] })
    const annaIndex = await indexOf(connect(anna.token), anna.token)
    const veraIndex = await indexOf(connect(vera.token), vera.token)
    const followed = connect(anna.token).open(contactDocName(masha.contactId))
    await eventually(
      () => indexChats(veraIndex.doc).get(masha.chatId)?.contactName === 'Маша Иванова',
      'synced',
    )

    const res = await merge(anna.token, masha.contactId, maria.contactId)
    expect(res.status).toBe(200)
    expect(res.body.moved).toEqual([masha.chatId])
    expect(res.body.added).toEqual({
      profile: ['lastName', 'email'],
      fields: ['size'],
      tags: ['vip'],
      notes: ['n-masha'],
    })
    expect(res.body.contact).toMatchObject({
      id: maria.contactId,
      name: 'Мария Иванова',
      mergedInto: null,
      profile: {
        firstName: 'Мария',
        lastName: 'Иванова',
        phone: '+7 916 555-01-01',
        email: 'masha@example.com',
      },
      fields: { size: 'M' },
      tags: ['vip'],
    })
    expect(res.body.contact.notes.map((n) => n.id)).toEqual(['n-masha', 'n-maria'])
    expect(res.body.contact.chats.map((c) => c.id).sort()).toEqual([maria.chatId, masha.chatId].sort())

    const { chats, hub } = t.server.services
    expect(chats.chat(masha.chatId)?.contactId).toBe(maria.contactId)
    expect(readChatMeta(hub.open(chatDocName(masha.chatId)).doc)?.contactId).toBe(maria.contactId)
    expect(readContactMerge(hub.open(contactDocName(masha.contactId)).doc)).toMatchObject({
      into: maria.contactId,
      by: anna.id,
    })
    // Both operators' index docs, as their sync clients hold them: the new contact on every chat they may see.
    const shows = (summary: ChatSummary | undefined) =>
      summary?.contactId === maria.contactId && summary.contactName === 'Мария Иванова'
    await eventually(
      () => [maria.chatId, masha.chatId].every((id) => shows(indexChats(annaIndex.doc).get(id))),
      'Anna’s index shows both chats under Мария Иванова',
    )
    await eventually(() => shows(indexChats(veraIndex.doc).get(masha.chatId)), 'Vera’s index follows')
    expect(indexChats(veraIndex.doc).has(maria.chatId)).toBe(false)
    // An open copy of the merged contact learns where it went.
    await eventually(() => readContactMerge(followed.doc)?.into === maria.contactId, 'the open copy follows')

    // The merged contact is still readable (read-only) to whoever sees the one it went into.
    const merged = await t.api<ContactView>(`/api/contacts/${masha.contactId}`, { token: anna.token })
    expect(merged.body).toMatchObject({ mergedInto: maria.contactId, chats: [] })
    const late = connect(anna.token).open(contactDocName(masha.contactId))
    await eventually(() => late.synced, 'a new copy of the merged contact syncs')
    expect(late.scope).toBe('readonly')
    // Vera sees only her VK chat of the contact.
    const asVera = await t.api<ContactView>(`/api/contacts/${maria.contactId}`, { token: vera.token })
    expect(asVera.body.chats.map((c) => c.id)).toEqual([masha.chatId])
    expect(audit(t, 'contact.merge')).toMatchObject([
      {
        actorId: anna.id,
        target: masha.contactId,
        details: { into: maria.contactId, chats: [masha.chatId] },
      },
    ])
  })

  it('[MRG1] a retried merge is safe: same answer, nothing moved or written again', async () => {
    const { maria, masha } = await twoContacts()
    const first = await merge(t.adminToken, masha.contactId, maria.contactId)
    expect(first.status).toBe(200)
    await t.server.hub.whenDurable()
    const { hub } = t.server.services
    const docs = [contactDocName(maria.contactId), contactDocName(masha.contactId), chatDocName(masha.chatId)]
    const before = docs.map((name) => hub.open(name).lastSeq)
    const again = await merge(t.adminToken, masha.contactId, maria.contactId)
    expect(again.status).toBe(200)
    expect(again.body.moved).toEqual([])
    expect(again.body.added).toEqual({ profile: [], fields: [], tags: [], notes: [] })
    expect(again.body.contact).toEqual(first.body.contact)
    await hub.whenDurable()
    expect(docs.map((name) => hub.open(name).lastSeq)).toEqual(before)
    expect(audit(t, 'contact.merge')).toHaveLength(1)
    // Merging it elsewhere now, or into it, is a conflict.
    const third = await ingestInto(t)(vk, 'vk-3', { firstName: 'Третий' })
    expect((await merge(t.adminToken, masha.contactId, third.contactId)).body.code).toBe('conflict')
    expect((await merge(t.adminToken, third.contactId, masha.contactId)).body.code).toBe('conflict')
  })

  it('[MRG3] refuses an operator who may not see every chat of both; unknown ids 404, itself 400', async () => {
    const { maria, masha } = await twoContacts()
    const vera = await t.operator({ email: 'vera@test.local', channels: [vk] })
    const refused = await merge(vera.token, masha.contactId, maria.contactId)
    expect(refused.status).toBe(403)
    expect(refused.body).toEqual({ code: 'forbidden', message: expect.stringMatching(/every chat/) })
    expect(t.server.services.chats.chat(masha.chatId)?.contactId).toBe(masha.contactId)
    expect((await merge(vera.token, 'no-such-contact', maria.contactId)).status).toBe(404)
    expect((await merge(t.adminToken, masha.contactId, 'no-such-contact')).status).toBe(404)
    const self = await merge(t.adminToken, masha.contactId, masha.contactId)
    expect(self.status).toBe(400)
    expect(self.body.code).toBe('invalid_input')
    const bad = await t.api<{ code: string }>(`/api/contacts/${masha.contactId}/merge`, {
      token: t.adminToken,
      body: { into: '' },
    })
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_input' } })
    // A contact none of whose chats she may see is not there for her.
    expect((await t.api(`/api/contacts/${maria.contactId}`, { token: vera.token })).status).toBe(404)
    expect((await t.api('/api/contacts/nobody', { token: vera.token })).status).toBe(404)
  })

  it('[MRG2] search finds both chats under the merged contact, by its name or by the old one', async () => {
    const { maria, masha } = await twoContacts()
    expect((await merge(t.adminToken, masha.contactId, maria.contactId)).status).toBe(200)
    await t.server.hub.whenDurable()
    for (const q of ['Мария', 'Иванова', 'Маша', '+7 999 123 45 67', 'masha@example']) {
      const found = await t.api<Found>(`/api/search?q=${encodeURIComponent(q)}`, { token: t.adminToken })
      expect(
        found.body.contacts.map((c) => c.id),
        q,
      ).toEqual([maria.contactId])
      expect(found.body.contacts[0]?.chats.map((c) => c.id).sort(), q).toEqual(
        [maria.chatId, masha.chatId].sort(),
      )
    }
    // A new conversation with the merged contact's old phone joins the contact it went into.
    const later = await ingestInto(t)(telegram, 'tg-later', { phone: '79991234567' })
    expect(later.contactId).toBe(maria.contactId)
  })
})

describe('contacts: a merge killed with SIGKILL', () => {
  const child = fileURLToPath(new URL('./fixtures/merge-and-die.ts', import.meta.url))
  const root = fileURLToPath(new URL('../..', import.meta.url))

  /** Runs the merge in a child process that kills itself at `kill`; resolves with what it printed. */
  const mergeAndDie = (env: Record<string, string>): Promise<string> =>
    new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child], {
        cwd: root,
        env: { ...process.env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
      })
      proc.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString()
      })
      proc.once('error', reject)
      proc.once('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve(out) : reject(new Error(`the child did not die by SIGKILL:\n${out}`)),
      )
    })

  const prepare = async (dataDir: string) => {
    const setup = await startTestServer({ dataDir })
    const telegram = await setup.channel('Telegram', 'telegram')
    const vk = await setup.channel('VK', 'vk')
    const ingest = ingestInto(setup)
    const maria = await ingest(telegram, 'tg-maria', { firstName: 'Мария' })
    const masha = await ingest(vk, 'vk-masha', { firstName: 'Маша', email: 'masha@example.com' })
    await setup.close({ keepData: true })
    return { maria, masha }
  }

  it('[MRG3] killed before its commit: nothing of it is stored, and the retry completes it', async () => {
    const dataDir = tempDir()
    try {
      const { maria, masha } = await prepare(dataDir)
      const out = await mergeAndDie({
        DATA_DIR: dataDir,
        FROM: masha.contactId,
        INTO: maria.contactId,
        KILL: 'before-commit',
      })
      expect(out).toContain('queued')
      const t = await startTestServer({ dataDir })
      try {
        const { chats, hub } = t.server.services
        expect(chats.chat(masha.chatId)?.contactId).toBe(masha.contactId)
        expect(chats.mergedInto(masha.contactId)).toBeNull()
        expect(readChatMeta(hub.open(chatDocName(masha.chatId)).doc)?.contactId).toBe(masha.contactId)
        expect(readContactMerge(hub.open(contactDocName(masha.contactId)).doc)).toBeNull()
        expect(
          contactParts(hub.open(contactDocName(maria.contactId)).doc).profile.get('email'),
        ).toBeUndefined()
        const retry = await t.api<MergeAnswer>(`/api/contacts/${masha.contactId}/merge`, {
          token: t.adminToken,
          body: { into: maria.contactId },
        })
        expect(retry.status).toBe(200)
        expect(retry.body.moved).toEqual([masha.chatId])
      } finally {
        await t.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('[MRG3] killed right after its commit: all of it is stored, and the index catches up at start', async () => {
    const dataDir = tempDir()
    try {
      const { maria, masha } = await prepare(dataDir)
      const out = await mergeAndDie({
        DATA_DIR: dataDir,
        FROM: masha.contactId,
        INTO: maria.contactId,
        KILL: 'after-commit',
      })
      expect(out).toContain('durable')
      // The kill came between the merge's commit and the inbox's: the stored summary still names the old contact.
      const db = new Database(join(dataDir, 'switchboard.sqlite'), { readonly: true })
      const row = db.prepare('SELECT contact_id, summary FROM chats WHERE id = ?').get(masha.chatId) as {
        contact_id: string
        summary: string
      }
      db.close()
      expect(row.contact_id).toBe(maria.contactId)
      expect((JSON.parse(row.summary) as ChatSummary).contactId).toBe(masha.contactId)
      const t = await startTestServer({ dataDir })
      try {
        const { chats, hub } = t.server.services
        expect(chats.chat(masha.chatId)?.contactId).toBe(maria.contactId)
        expect(chats.mergedInto(masha.contactId)).toBe(maria.contactId)
        expect(readChatMeta(hub.open(chatDocName(masha.chatId)).doc)?.contactId).toBe(maria.contactId)
        expect(readContactMerge(hub.open(contactDocName(masha.contactId)).doc)?.into).toBe(maria.contactId)
        expect(contactParts(hub.open(contactDocName(maria.contactId)).doc).profile.get('email')).toBe(
          'masha@example.com',
        )
        const me = await t.api<{ indexDoc: string }>('/api/me', { token: t.adminToken })
        await eventually(
          () => indexChats(hub.open(me.body.indexDoc).doc).get(masha.chatId)?.contactId === maria.contactId,
          'the index summary recomputed at start',
        )
        expect(indexChats(hub.open(me.body.indexDoc).doc).get(masha.chatId)?.contactName).toBe('Мария')
        const retry = await t.api<MergeAnswer>(`/api/contacts/${masha.contactId}/merge`, {
          token: t.adminToken,
          body: { into: maria.contactId },
        })
        expect(retry).toMatchObject({ status: 200, body: { moved: [] } })
        expect(audit(t, 'contact.merge')).toHaveLength(1)
      } finally {
        await t.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
