/**
 * The app benchmarks' workspace: a real server data dir with `chats` chats (each with a contact and a few
 * messages, spread over two weeks, in every status, assigned to several operators) and one chat with
 * `bigMessages` messages. Everything is written through the server's own doors, as production writes it:
 * `services.ingest` (the bridges' door) creates each chat and contact, and the model's commands run through
 * `hub.transact` (the door server-side writers use) for the replies, takes, returns and closes. Not measured.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as Y from 'yjs'
import {
  type ChannelKind,
  type CommandContext,
  channelContext,
  chatDocName,
  closeChat,
  ingestInboundMessage,
  operatorContext,
  returnToUnassigned,
  sendBotMessage,
  sendOperatorMessage,
  serverContext,
  takeChat,
} from '../../model'
import { buildServices, createLogger, parseConfig, type Services } from '../../sync-server'
import { random } from '../search-data'

export const BENCH_PASSWORD = 'bench-password-123'
/** The operator the browser logs in as. */
export const BENCH_OPERATOR = { email: 'anna@bench.local', name: 'Anna Bench' } as const
/** The long chat's contact, as its card shows it. */
export const BIG_CHAT_CONTACT = { firstName: 'Big', lastName: 'Chat' } as const
const OTHER_OPERATORS = [
  { email: 'ivan@bench.local', name: 'Ivan Bench' },
  { email: 'olga@bench.local', name: 'Olga Bench' },
] as const
const CHANNELS: ReadonlyArray<{ kind: ChannelKind; name: string }> = [
  { kind: 'telegram', name: 'Telegram bot' },
  { kind: 'whatsapp', name: 'WhatsApp' },
  { kind: 'vk', name: 'VK community' },
  { kind: 'widget', name: 'Website chat' },
]
const FIRST = [
  'Maria',
  'Alexey',
  'Olga',
  'Dmitry',
  'Ekaterina',
  'Sergey',
  'Natalia',
  'Pavel',
  'Irina',
  'Oleg',
]
const LAST = [
  'Ivanova',
  'Kuznetsov',
  'Sokolova',
  'Popov',
  'Lebedeva',
  'Novikov',
  'Morozova',
  'Volkov',
  'Orlov',
]
const ASKS = [
  'Hello! Where is my order?',
  'Could you tell me the delivery time to Kazan, please?',
  'Can I change the size?',
  'Thanks, I got everything 👍',
  'The payment does not go through, what should I do?',
  'Do you have pickup points?',
  'I would like to return an item',
  'When is the next sale?',
]
const REPLIES = [
  'Good afternoon! Let me check that for you.',
  'Your order left the warehouse yesterday, it arrives in 2–3 days.',
  'Yes, of course: send us the order number and the size you need.',
  'Please try another card or pay on delivery.',
  'Here is the link to the returns form.',
]

/** What a seeded dir holds, kept beside the data as `bench-seed.json` so a later run can reuse it. */
export interface SeedInfo {
  readonly version: number
  readonly chats: number
  readonly bigMessages: number
  readonly bigChatId: string
  /** The text of the long chat's last message: the benchmark checks it is on screen. */
  readonly bigLastText: string
}

const SEED_VERSION = 1
const INFO_FILE = 'bench-seed.json'
const DAY = 86_400_000
const MINUTE = 60_000

export const seedConfig = (dataDir: string, overrides: Record<string, string> = {}) =>
  parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: 'admin@bench.local',
    ADMIN_PASSWORD: BENCH_PASSWORD,
    LOG_LEVEL: 'silent',
    ...overrides,
  })

/** The seed stored in `dataDir`, if it has the wanted size. */
export const readSeed = (dataDir: string, chats: number, bigMessages: number): SeedInfo | null => {
  const file = join(dataDir, INFO_FILE)
  if (!existsSync(file)) return null
  const info = JSON.parse(readFileSync(file, 'utf8')) as SeedInfo
  return info.version === SEED_VERSION && info.chats === chats && info.bigMessages === bigMessages
    ? info
    : null
}

interface Workspace {
  readonly services: Services
  readonly channels: readonly string[]
  /** The bench operator first. */
  readonly operators: readonly string[]
  readonly setClock: (at: number) => void
}

/** One follow-up of a chat after its first message: a model command, by whom, at the time it is given. */
interface Step {
  readonly ctx: (at: number) => CommandContext
  readonly run: (doc: Y.Doc, ctx: CommandContext) => void
}

const scenario = (w: Workspace, rnd: () => number, channelId: string): Step[] => {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  // The bench operator gets about half of the assigned chats, so Mine is well filled.
  const operator = rnd() < 0.5 ? w.operators[0]! : pick(w.operators.slice(1))
  const byOperator = (at: number) => operatorContext(operator, at)
  const ask: Step = {
    ctx: (at) => channelContext(channelId, at),
    run: (doc, ctx) => void ingestInboundMessage(doc, { text: pick(ASKS), at: ctx.now }, ctx),
  }
  const reply: Step = {
    ctx: byOperator,
    run: (doc, ctx) => void sendOperatorMessage(doc, { text: pick(REPLIES) }, ctx),
  }
  const bot: Step = {
    ctx: (at) => serverContext('bot', at),
    run: (doc, ctx) =>
      void sendBotMessage(doc, { text: 'Thanks! An operator will answer soon.', botName: 'Shop bot' }, ctx),
  }
  const take: Step = { ctx: byOperator, run: (doc, ctx) => void takeChat(doc, ctx) }
  const giveBack: Step = {
    ctx: byOperator,
    run: (doc, ctx) => void returnToUnassigned(doc, { comment: 'Not mine' }, ctx),
  }
  const reason = pick(['solved', 'no_reply', 'other'] as const)
  const close: Step = { ctx: byOperator, run: (doc, ctx) => void closeChat(doc, { reason }, ctx) }
  const roll = rnd()
  if (roll < 0.3) return rnd() < 0.5 ? [] : [ask] // waiting in Unassigned
  if (roll < 0.38) return [bot] // a bot answered: not in Unassigned
  if (roll < 0.43) return [take]
  if (roll < 0.7) return rnd() < 0.5 ? [reply] : [reply, ask] // in work, answered or waiting again
  if (roll < 0.75) return [reply, giveBack]
  return [reply, close]
}

const seedChats = async (w: Workspace, count: number, from: number, to: number, log: (s: string) => void) => {
  const rnd = random(42)
  const batch = 100
  const windowMs = (to - from) / Math.ceil(count / batch)
  for (let start = 0; start < count; start += batch) {
    const t0 = from + (start / batch) * windowMs
    const n = Math.min(batch, count - start)
    const chats = Array.from({ length: n }, (_, k) => {
      const i = start + k
      const channelId = w.channels[i % w.channels.length]!
      return {
        i,
        channelId,
        firstAt: Math.round(t0 + rnd() * windowMs * 0.5),
        contact: { firstName: FIRST[i % FIRST.length]!, lastName: `${LAST[(i * 7) % LAST.length]!} ${i}` },
        steps: scenario(w, rnd, channelId),
      }
    })
    // The server's clock while the customers write: chats are created in the middle of the window.
    w.setClock(Math.round(t0 + windowMs * 0.5))
    const created = await Promise.all(
      chats.map((c) =>
        w.services.ingest({
          channelId: c.channelId,
          externalChatId: `bench-${c.i}`,
          contact: c.contact,
          message: { text: ASKS[c.i % ASKS.length]!, at: c.firstAt },
        }),
      ),
    )
    const end = Math.round(t0 + windowMs)
    w.setClock(end)
    await Promise.all(
      chats.map((c, k) => {
        const gap = (end - c.firstAt) / (c.steps.length + 1)
        // Separate transactions with their own origins, all in the same group commit.
        return Promise.all(
          c.steps.map((step, j) => {
            const ctx = step.ctx(Math.round(c.firstAt + gap * (j + 1)))
            return w.services.hub.transact(
              chatDocName(created[k]!.chatId),
              (doc) => step.run(doc, ctx),
              ctx.origin,
            )
          }),
        )
      }),
    )
    if ((start / batch) % 20 === 0) log(`seeded ${start + n} of ${count} chats`)
  }
}

/** The long chat: customer and operators in turn over ten days, returned to Unassigned, the customer last. */
const seedBigChat = async (
  w: Workspace,
  messages: number,
  to: number,
): Promise<{ id: string; lastText: string }> => {
  const rnd = random(7)
  const channelId = w.channels[0]!
  const from = to - 10 * DAY
  const step = (to - from) / messages
  const atOf = (i: number) => Math.round(from + i * step)
  w.setClock(atOf(0))
  const { chatId } = await w.services.ingest({
    channelId,
    externalChatId: 'bench-big',
    contact: BIG_CHAT_CONTACT,
    message: { text: 'Message 1: hello, I have a long story to tell', at: atOf(0) },
  })
  const name = chatDocName(chatId)
  const perTransaction = 500
  const lastText = `Message ${messages}: the last one`
  for (let first = 1; first < messages; first += perTransaction) {
    const last = Math.min(messages, first + perTransaction)
    w.setClock(atOf(last))
    await w.services.hub.transact(
      name,
      (doc) => {
        for (let i = first; i < last; i++) {
          const at = atOf(i)
          const text = `Message ${i + 1}: ${i === messages - 1 ? 'the last one' : pickText(rnd, i)}`
          if (i === messages - 1 || rnd() < 0.55)
            ingestInboundMessage(doc, { text, at }, channelContext(channelId, at))
          else sendOperatorMessage(doc, { text }, operatorContext(w.operators[Math.floor(rnd() * 2)]!, at))
          // Handed back just before the customer's last message, so the chat tops Unassigned.
          if (i === messages - 2) returnToUnassigned(doc, {}, operatorContext(w.operators[0]!, at))
        }
      },
      channelContext(channelId, 0).origin,
    )
  }
  return { id: chatId, lastText }
}

const pickText = (rnd: () => number, i: number): string =>
  i % 2 === 0 ? ASKS[Math.floor(rnd() * ASKS.length)]! : REPLIES[Math.floor(rnd() * REPLIES.length)]!

/**
 * Seeds `dataDir` (empty or new). The clock handed to the server is moved along as the chats are written, so
 * their times are spread over the last two weeks; at the end it is the real time again and the 10-second rule is
 * swept, so the stored summaries are what a server running now publishes.
 */
export const seedWorkspace = async (
  dataDir: string,
  options: { chats: number; bigMessages: number; log: (line: string) => void },
): Promise<SeedInfo> => {
  const real = Date.now()
  let clock = real - 15 * DAY
  // NORMAL: seeding is not measured, and the data written is the same as with FULL.
  const config = seedConfig(dataDir, { SQLITE_SYNCHRONOUS: 'NORMAL', DOC_IDLE_MS: '5000' })
  const services = await buildServices({ config, logger: createLogger('silent'), now: () => clock })
  try {
    const bench = await services.operators.create({
      ...BENCH_OPERATOR,
      password: BENCH_PASSWORD,
      role: 'operator',
    })
    const others = await Promise.all(
      OTHER_OPERATORS.map((op) =>
        services.operators.create({ ...op, password: BENCH_PASSWORD, role: 'operator' }),
      ),
    )
    const channels = CHANNELS.map((c) => services.channels.create({ ...c, config: {} }).id)
    await services.accessChanged()
    const w: Workspace = {
      services,
      channels,
      operators: [bench.id, ...others.map((o) => o.id)],
      setClock: (at) => {
        clock = at
      },
    }
    const started = Date.now()
    await seedChats(w, options.chats, real - 14 * DAY, real - 30 * MINUTE, options.log)
    options.log(`seeded ${options.chats} chats in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    const big = await seedBigChat(w, options.bigMessages, real - 10 * MINUTE)
    options.log(`seeded the chat with ${options.bigMessages} messages`)
    clock = Date.now()
    services.inbox.sweep()
    await services.hub.whenDurable()
    const info: SeedInfo = {
      version: SEED_VERSION,
      chats: options.chats,
      bigMessages: options.bigMessages,
      bigChatId: big.id,
      bigLastText: big.lastText,
    }
    writeFileSync(join(dataDir, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`)
    return info
  } finally {
    await services.close()
  }
}
