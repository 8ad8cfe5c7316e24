/**
 * The merge dialog's state (`app/state/contact-merge.ts`) and the contact HTTP client (`createContactApi`) against
 * a real server: finding the other contact, merging into it, and the refusals as the dialog tells them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createContactMerge, mergeCandidates, mergeProblemOf } from '../../app/state/contact-merge'
import { ApiError, createContactApi } from '../../app/sync'
import { startTestServer, type TestServer } from '../helpers/server'

describe('app: merging contacts', () => {
  it('tells a refusal by its kind, keeping the server’s words for the rest', () => {
    expect(mergeProblemOf(new ApiError(403, 'forbidden', 'no'))).toEqual({ kind: 'forbidden', message: 'no' })
    expect(mergeProblemOf(new ApiError(404, 'not_found', 'gone')).kind).toBe('not_found')
    expect(mergeProblemOf(new ApiError(409, 'conflict', 'merged elsewhere'))).toEqual({
      kind: 'conflict',
      message: 'merged elsewhere',
    })
    expect(mergeProblemOf(new ApiError(0, 'network', 'fetch failed')).kind).toBe('offline')
    expect(mergeProblemOf(new Error('boom'))).toEqual({ kind: 'other', message: 'boom' })
    const hit = (id: string) => ({ id, name: id, chats: [] })
    expect(mergeCandidates([hit('a'), hit('b')], 'a')).toEqual([hit('b')])
  })

  describe('against the server', () => {
    let t: TestServer
    let maria: { chatId: string; contactId: string }
    let masha: { chatId: string; contactId: string }
    let vk: string

    beforeEach(async () => {
      t = await startTestServer()
      const telegram = await t.channel('Telegram', 'telegram')
      vk = await t.channel('VK', 'vk')
      const ingest = (channelId: string, id: string, contact: Record<string, string>) =>
        t.server.services.ingest({
          channelId,
          externalChatId: id,
          contact,
          message: { text: 'Здравствуйте' },
        })
      maria = await ingest(telegram, 'tg', {
        firstName: 'Мария',
        lastName: 'Иванова',
        phone: '+7 916 555-01-01',
      })
      masha = await ingest(vk, 'vk', { firstName: 'Маша', lastName: 'Иванова' })
      await t.server.hub.whenDurable()
    })

    afterEach(async () => {
      await t.close()
    })

    it('finds the other contact (never itself) and merges into it', async () => {
      const anna = await t.operator({ email: 'anna@test.local' })
      const state = createContactMerge(createContactApi(anna.token, t.url), () => masha.contactId)
      state.setQuery('Иванова')
      await state.search()
      // Both are Ивановы: the contact being merged is left out, so the one left is picked for you.
      expect(state.results()?.map((c) => c.id)).toEqual([maria.contactId])
      expect(state.chosen()).toBe(maria.contactId)
      state.setQuery('916 555 01 01')
      await state.search()
      expect(state.results()?.map((c) => c.id)).toEqual([maria.contactId])
      const result = await state.merge()
      expect(state.problem()).toBeNull()
      expect(result?.contact.id).toBe(maria.contactId)
      expect(result?.moved).toEqual([masha.chatId])
      expect(result?.contact.chats.map((c) => c.id).sort()).toEqual([maria.chatId, masha.chatId].sort())
      // The merged contact's card says where it went.
      const card = await createContactApi(anna.token, t.url).contact(masha.contactId)
      expect(card.mergedInto).toBe(maria.contactId)
      state.setQuery('')
      await state.search()
      expect(state.results()).toBeNull()
    })

    it('says why it cannot merge: not every chat visible, no connection', async () => {
      // Vera works in VK only: she finds Маша's contact but not Мария's Telegram chat.
      const vera = await t.operator({ email: 'vera@test.local', channels: [vk] })
      const api = createContactApi(vera.token, t.url)
      const fromMaria = createContactMerge(api, () => maria.contactId)
      fromMaria.setQuery('Маша')
      await fromMaria.search()
      expect(fromMaria.results()?.map((c) => c.id)).toEqual([masha.contactId])
      expect(await fromMaria.merge()).toBeUndefined()
      expect(fromMaria.problem()).toMatchObject({ kind: 'forbidden' })
      expect(t.server.services.chats.chat(masha.chatId)?.contactId).toBe(masha.contactId)

      const offline = createContactMerge(
        createContactApi(vera.token, 'http://127.0.0.1:9'),
        () => masha.contactId,
      )
      offline.setQuery('Мария')
      await offline.search()
      expect(offline.problem()?.kind).toBe('offline')
      expect(offline.results()).toBeNull()
    })
  })
})
