/**
 * A history with known report numbers, written through the server's real doors: customers through
 * `services.ingest` (as a bridge does), operators through the REST chat routes, each step at a time the test's
 * clock sets, so every duration is exact. Used by the app's report tests (state and browser).
 *
 * Two operators, two channels, three conversations (seconds after `base`):
 *   A, Telegram: customer 0, Anna takes 10, answers 80, closes «solved» asking for a rating 600; the customer rates
 *     5 at 620 and comments at 640 (the comment is a message too, so it opens a fourth, untaken episode, RAT4).
 *   B, VK: customer 100, Boris takes 110, answers 7,600 (2 h 5 min), closes «no reply» 10,900 (3 h).
 *   C, Telegram: customer 200, Anna takes 205, answers 230, transfers to Boris 300, Boris closes (no reason) 500.
 */
import { eventually, type TestServer } from './server'

const S = 1000
const reasons = (solved: number, noReply: number, none: number) => ({
  solved,
  no_reply: noReply,
  other: 0,
  none,
})

/** What the reports must say about that history (times in ms, medians and p90 by nearest rank, MET9). */
export const EXPECTED = {
  operators: {
    Anna: {
      taken: 2,
      closed: 1,
      firstResponse: { median: 30 * S, p90: 80 * S },
      resolution: { median: 600 * S, p90: 600 * S },
      messages: 2,
      closeReasons: reasons(1, 0, 0),
      satisfaction: { count: 1, average: 5, csat: 100 },
    },
    Boris: {
      taken: 2,
      closed: 2,
      firstResponse: { median: 7_500 * S, p90: 7_500 * S },
      resolution: { median: 300 * S, p90: 10_800 * S },
      messages: 1,
      closeReasons: reasons(0, 1, 1),
      satisfaction: { count: 0, average: null, csat: null },
    },
  },
  channels: {
    'Telegram shop': {
      taken: 2,
      closed: 2,
      firstResponse: { median: 30 * S, p90: 80 * S },
      resolution: { median: 300 * S, p90: 600 * S },
      closeReasons: reasons(1, 0, 1),
      satisfaction: { count: 1, average: 5, csat: 100 },
    },
    'VK group': {
      taken: 1,
      closed: 1,
      firstResponse: { median: 7_500 * S, p90: 7_500 * S },
      resolution: { median: 10_800 * S, p90: 10_800 * S },
      closeReasons: reasons(0, 1, 0),
      satisfaction: { count: 0, average: null, csat: null },
    },
  },
  totals: {
    taken: 3,
    closed: 3,
    firstResponse: { median: 80 * S, p90: 7_500 * S },
    resolution: { median: 600 * S, p90: 10_800 * S },
    closeReasons: reasons(1, 1, 1),
    satisfaction: { count: 1, average: 5, csat: 100 },
  },
} as const

/** A clock the server reads (`startTestServer({ now })`): frozen at a set time, or running when set to `null`. */
export interface TestClock {
  now(): number
  set(at: number | null): void
}

export const testClock = (): TestClock => {
  let frozen: number | null = null
  return {
    now: () => frozen ?? Date.now(),
    set: (at) => {
      frozen = at
    },
  }
}

export interface ReportHistory {
  readonly base: number
  readonly channels: { readonly telegram: string; readonly vk: string }
  readonly anna: { readonly id: string; readonly token: string }
  readonly boris: { readonly id: string; readonly token: string }
  readonly chats: { readonly a: string; readonly b: string; readonly c: string }
  /** The episodes' starts (A, B, C and A's reopening comment). */
  readonly starts: readonly number[]
}

export const seedReportHistory = async (
  t: TestServer,
  clock: TestClock,
  base: number,
): Promise<ReportHistory> => {
  const at = (s: number): number => base + s * 1000
  clock.set(at(-60))
  const telegram = await t.channel('Telegram shop', 'telegram')
  const vk = await t.channel('VK group', 'vk')
  const anna = await t.operator({ email: 'anna@test.local', name: 'Anna' })
  const boris = await t.operator({ email: 'boris@test.local', name: 'Boris' })
  const customer = async (channelId: string, name: string, text: string, s: number): Promise<string> => {
    clock.set(at(s))
    const { chatId } = await t.server.services.ingest({
      channelId,
      externalChatId: name,
      contact: { firstName: name },
      message: { text, at: at(s) },
    })
    await eventually(() => Boolean(t.server.services.chats.chat(chatId)?.summary), `${name}'s chat listed`)
    return chatId
  }
  const act = async (token: string, chatId: string, action: string, body: unknown, s: number) => {
    clock.set(at(s))
    const res = await t.api(`/api/chats/${chatId}/${action}`, { token, body })
    if (res.status >= 300) throw new Error(`${action} at ${s} s: ${res.status} ${JSON.stringify(res.body)}`)
  }
  const a = await customer(telegram, 'Alice', 'Where is my order?', 0)
  await act(anna.token, a, 'take', {}, 10)
  await act(anna.token, a, 'messages', { text: 'It ships today.' }, 80)
  const b = await customer(vk, 'Bruno', 'Do you ship to Kazan?', 100)
  await act(boris.token, b, 'take', {}, 110)
  const c = await customer(telegram, 'Clara', 'Can I change the size?', 200)
  await act(anna.token, c, 'take', {}, 205)
  await act(anna.token, c, 'messages', { text: 'Yes, which one?' }, 230)
  await act(anna.token, c, 'assign', { to: boris.id, comment: 'Sizes are Boris’s' }, 300)
  await act(boris.token, c, 'close', {}, 500)
  await act(anna.token, a, 'close', { reason: 'solved', askRating: true }, 600)
  await customer(telegram, 'Alice', '5', 620)
  await customer(telegram, 'Alice', 'Very helpful, thank you!', 640)
  await act(boris.token, b, 'messages', { text: 'We do, in 3 days.' }, 7_600)
  await act(boris.token, b, 'close', { reason: 'no_reply' }, 10_900)
  clock.set(null)
  // The reports store follows the chats a moment later; this makes it current now.
  await t.server.services.reports.flush()
  return {
    base,
    channels: { telegram, vk },
    anna,
    boris,
    chats: { a, b, c },
    starts: [at(0), at(100), at(200), at(640)],
  }
}
