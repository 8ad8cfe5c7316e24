/** Drafts per operator and chat (app/state/drafts.ts), over a Storage-shaped map. */
import { describe, expect, it } from 'vitest'
import { draftKey, EMPTY_DRAFT, makeDrafts } from '../../app/state/drafts'

const memoryStorage = () => {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  }
}

const draft = {
  text: 'Здравствуйте! Отправляю счёт',
  mode: 'message' as const,
  replyTo: 'tg:1:55',
  attachments: [
    {
      kind: 'document' as const,
      media: { url: '/api/media/f1', mime: 'application/pdf', name: 'счёт.pdf', size: 9 },
    },
  ],
}

describe('composer drafts', () => {
  it('keeps each chat’s draft per operator, and gives it back', () => {
    const storage = memoryStorage()
    const anna = makeDrafts(storage, 'anna')
    anna.write('chat-1', draft)
    anna.write('chat-2', { ...EMPTY_DRAFT, text: '@Иван посмотри', mode: 'comment' })
    expect(anna.read('chat-1')).toEqual(draft)
    expect(anna.read('chat-2')).toMatchObject({ text: '@Иван посмотри', mode: 'comment' })
    // Another operator in the same browser has none of them.
    expect(makeDrafts(storage, 'ivan').read('chat-1')).toEqual(EMPTY_DRAFT)
    expect([...storage.map.keys()].sort()).toEqual([draftKey('anna', 'chat-1'), draftKey('anna', 'chat-2')])
  })

  it('an empty draft (after Send) removes the entry; a value that does not parse reads as none', () => {
    const storage = memoryStorage()
    const drafts = makeDrafts(storage, 'anna')
    drafts.write('chat-1', draft)
    drafts.write('chat-1', EMPTY_DRAFT)
    expect(storage.map.size).toBe(0)
    storage.setItem(draftKey('anna', 'chat-3'), '{"text": 5')
    storage.setItem(draftKey('anna', 'chat-4'), '{"text": "x", "mode": "shout"}')
    expect(drafts.read('chat-3')).toEqual(EMPTY_DRAFT)
    expect(drafts.read('chat-4')).toEqual(EMPTY_DRAFT)
  })

  it('a full storage loses the newest keystrokes, never the typing', () => {
    const storage = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError')
      },
    }
    expect(() => makeDrafts(storage, 'anna').write('chat-1', draft)).not.toThrow()
  })
})
