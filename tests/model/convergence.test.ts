/**
 * [CNV1] Seeded multi-replica runs: one server replica and 2–4 operators' replicas of one chat, connected in a
 * star like the real sync (each client ↔ the server), with random commands at random times, inbound messages,
 * disconnections, reconnections (queued updates or a sync step 1/2 exchange) and reordered delivery. Every client
 * update is judged by validateClientUpdate against the server's copy when it arrives, as the sync server does
 * (with the recorded owners of Yjs client ids [VAL6] and the server's clock), so honest clients are never
 * refused; at the end every replica holds the same doc and the folded state keeps its invariants.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addInternalComment,
  applyRemoteUpdate,
  ChatKey,
  type CloseReason,
  chatParts,
  chatState,
  chatSummaryOf,
  closeChat,
  createChat,
  type DeliveryState,
  ingestInboundMessage,
  MAX_CLOCK_SKEW_MS,
  markMessage,
  markRead,
  markUnread,
  returnToUnassigned,
  sendOperatorMessage,
  setDelivery,
  setMessageTags,
  takeChat,
  transferChat,
} from '../../model'
import {
  asChannel,
  asOperator,
  asServer,
  CHAT,
  claimClients,
  clientOwners,
  diff,
  judge,
  T0,
} from '../helpers/model'

/** The tag catalogue of the runs. */
const LABEL_TAGS = ['Премиум', 'Жалоба', 'Опт'] as const

const CHAT_FACTS = { id: CHAT.chatId, channelId: CHAT.channelId, contactId: CHAT.contactId }

type Command =
  | { type: 'take' | 'return' | 'send' | 'comment' | 'read' | 'unread' }
  | { type: 'transfer'; to: number }
  | { type: 'close'; reason: CloseReason | null }
  | { type: 'mark'; pick: number; mark: 'positive' | 'negative' | null }
  | { type: 'tags'; pick: number; tags: string[] }

type Step =
  | { kind: 'command'; replica: number; command: Command; now: number }
  | { kind: 'inbound'; technical: boolean; now: number }
  | { kind: 'delivery'; pick: number; state: DeliveryState; now: number }
  | { kind: 'toggle'; client: number; resync: boolean }
  | { kind: 'deliver'; link: number; count: number; seed: number }

/** Every time of a run is within the allowed skew of the server's clock, which starts at T0. */
const time = fc.integer({ min: 0, max: MAX_CLOCK_SKEW_MS }).map((t) => T0 + t)
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom<Command>(
    { type: 'take' },
    { type: 'return' },
    { type: 'send' },
    { type: 'comment' },
    { type: 'read' },
    { type: 'unread' },
  ),
  fc.record({ type: fc.constant('transfer' as const), to: fc.nat(4) }),
  fc.record({
    type: fc.constant('close' as const),
    reason: fc.constantFrom<CloseReason | null>('solved', 'no_reply', 'other', null),
  }),
  // [MRK1] [MTG1] Labels on a message the replica has, picked by position.
  fc.record({
    type: fc.constant('mark' as const),
    pick: fc.nat(),
    mark: fc.constantFrom<'positive' | 'negative' | null>('positive', 'negative', null),
  }),
  fc.record({
    type: fc.constant('tags' as const),
    pick: fc.nat(),
    tags: fc.subarray([...LABEL_TAGS]),
  }),
)
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('command' as const), replica: fc.nat(4), command, now: time }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('inbound' as const), technical: fc.boolean(), now: time }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delivery' as const),
      pick: fc.nat(),
      state: fc.constantFrom<DeliveryState>('pending', 'sent', 'delivered', 'read', 'failed', 'unknown'),
      now: time,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('toggle' as const), client: fc.nat(3), resync: fc.boolean() }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      link: fc.nat(7),
      count: fc.nat(6),
      seed: fc.nat(),
    }),
  },
)

/** A small seeded generator, so a shuffle is part of the (shrinkable) step. */
const random = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The transaction origin of updates received from the network, so they are not queued again. */
const REMOTE = Symbol('remote')
/** The origin of a client's update applied on the server: relayed to every other client. */
class FromClient {
  constructor(readonly client: number) {}
}

/** Replica 0 is the server; replicas 1… are clients, each one operator (`op<i>`; the server acts as `op0`). */
class Network {
  readonly docs: Y.Doc[]
  readonly online: boolean[]
  /** Per client: its updates not yet at the server (a socket keeps their order). */
  readonly toServer: Uint8Array[][]
  /** Per client: the server's updates not yet at the client (delivered in any order). */
  readonly toClient: Uint8Array[][]
  readonly judged: { client: number; ok: boolean; reason?: string }[] = []
  /** The server's clock: the latest time any step has seen so far. */
  clock = T0

  /** `ids` fixes each replica's Yjs client id (server first), so a run is determined by its steps and ids. */
  constructor(
    readonly size: number,
    ids: readonly number[],
  ) {
    const server = new Y.Doc()
    server.clientID = ids[0]!
    createChat(server, CHAT, asServer(T0))
    const initial = Y.encodeStateAsUpdate(server)
    this.docs = [server]
    this.online = [true]
    this.toServer = [[]]
    this.toClient = [[]]
    for (let i = 1; i < size; i++) {
      const doc = new Y.Doc()
      doc.clientID = ids[i]!
      Y.applyUpdate(doc, initial, REMOTE)
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.toServer[i]!.push(update)
      })
      this.docs.push(doc)
      this.online.push(true)
      this.toServer.push([])
      this.toClient.push([])
    }
    server.on('update', (update: Uint8Array, origin: unknown) => {
      for (let j = 1; j < size; j++) {
        if (!(origin instanceof FromClient && origin.client === j)) this.toClient[j]!.push(update)
      }
    })
  }

  get server(): Y.Doc {
    return this.docs[0]!
  }

  /** What the sync server does with a client's update: judge it, record whose client ids it wrote, apply it. */
  receive(client: number, update: Uint8Array): void {
    const operatorId = `op${client}`
    const verdict = judge(this.server, update, operatorId, { now: this.clock })
    this.judged.push({ client, ...verdict })
    expect(verdict, `update of ${operatorId} refused`).toEqual({ ok: true })
    claimClients(this.server, update, operatorId)
    applyRemoteUpdate(this.server, update, new FromClient(client))
  }

  deliverToServer(client: number, count: number): void {
    if (!this.online[client]) return
    for (const update of this.toServer[client]!.splice(0, count)) this.receive(client, update)
  }

  deliverToClient(client: number, count: number, seed: number): void {
    if (!this.online[client]) return
    const queue = this.toClient[client]!
    const next = random(seed)
    for (let n = 0; n < count && queue.length > 0; n++) {
      const [update] = queue.splice(Math.floor(next() * queue.length), 1)
      applyRemoteUpdate(this.docs[client]!, update!, REMOTE)
    }
  }

  toggle(client: number, resync: boolean): void {
    if (this.online[client]) {
      this.online[client] = false
      return
    }
    this.online[client] = true
    if (!resync) return // the queues deliver what piled up
    // A fresh connection: sync step 1/2 both ways replaces whatever was queued.
    const doc = this.docs[client]!
    this.toServer[client] = []
    this.toClient[client] = []
    this.receive(client, diff(doc, this.server))
    applyRemoteUpdate(doc, diff(this.server, doc), REMOTE)
  }

  settle(): void {
    for (let i = 1; i < this.size; i++) this.online[i] = true
    while (this.toServer.some((q) => q.length > 0) || this.toClient.some((q) => q.length > 0)) {
      for (let i = 1; i < this.size; i++) this.deliverToServer(i, Number.POSITIVE_INFINITY)
      for (let i = 1; i < this.size; i++) this.deliverToClient(i, Number.POSITIVE_INFINITY, i)
    }
  }
}

const run = (doc: Y.Doc, operator: number, c: Command, now: number, size: number): void => {
  const ctx = asOperator(`op${operator}`, now)
  switch (c.type) {
    case 'take':
      takeChat(doc, ctx)
      break
    case 'transfer':
      transferChat(doc, { to: `op${c.to % size}`, comment: 'over to you' }, ctx)
      break
    case 'return':
      returnToUnassigned(doc, {}, ctx)
      break
    case 'close':
      closeChat(doc, c.reason === null ? {} : { reason: c.reason }, ctx)
      break
    case 'send':
      sendOperatorMessage(doc, { text: `reply of op${operator}` }, ctx)
      break
    case 'comment':
      addInternalComment(doc, { text: 'internal', mentions: [`op${(operator + 1) % size}`] }, ctx)
      break
    case 'read':
      markRead(doc, ctx)
      break
    case 'unread':
      markUnread(doc, ctx)
      break
    case 'mark':
    case 'tags': {
      const messages = chatParts(doc).messages.toArray()
      const target = messages[c.pick % Math.max(messages.length, 1)]
      if (!target) break
      if (c.type === 'mark') markMessage(doc, { messageId: target.id, mark: c.mark }, ctx)
      else setMessageTags(doc, { messageId: target.id, tags: c.tags }, LABEL_TAGS, ctx)
      break
    }
  }
}

const apply = (net: Network, s: Step): void => {
  if ('now' in s) net.clock = Math.max(net.clock, s.now)
  switch (s.kind) {
    case 'command': {
      const replica = s.replica % net.size
      run(net.docs[replica]!, replica, s.command, s.now, net.size)
      break
    }
    case 'inbound': {
      const kind = s.technical ? 'technical' : 'text'
      ingestInboundMessage(net.server, { text: s.technical ? '/start' : 'hello?', kind }, asChannel(s.now))
      break
    }
    case 'delivery': {
      const out = chatParts(net.server)
        .messages.toArray()
        .filter((m) => m.direction === 'out')
      const target = out[s.pick % Math.max(out.length, 1)]
      if (target) setDelivery(net.server, { messageId: target.id, state: s.state }, asServer(s.now))
      break
    }
    case 'toggle':
      net.toggle(1 + (s.client % (net.size - 1)), s.resync)
      break
    case 'deliver': {
      const link = s.link % (2 * (net.size - 1))
      const client = 1 + (link % (net.size - 1))
      if (link < net.size - 1) net.deliverToServer(client, 1 + s.count)
      else net.deliverToClient(client, 1 + s.count, s.seed)
      break
    }
  }
}

/** STA1, STA2 and HIS1 on a folded state; MSG1 on the messages. */
const expectInvariants = (doc: Y.Doc): void => {
  const { assignment } = chatState(doc)
  expect(['open', 'in_work', 'closed']).toContain(assignment.status)
  if (assignment.status === 'open') expect(assignment.assigneeId).toBeNull()
  if (assignment.status === 'in_work') expect(assignment.assigneeId).not.toBeNull()
  expect(assignment.entries).toHaveLength(chatParts(doc).history.length)
  let previous: { status: string; assigneeId: string | null } = { status: 'open', assigneeId: null }
  for (const entry of assignment.entries) {
    expect(entry.from).toEqual(previous)
    if (entry.outcome !== 'applied') expect(entry.to).toEqual(entry.from)
    previous = entry.to
  }
  expect(previous).toEqual({ status: assignment.status, assigneeId: assignment.assigneeId })
  const ids = chatParts(doc).messages.map((m) => m.id)
  expect(new Set(ids).size).toBe(ids.length)
}

/** Every root part as JSON, and that there are no others. */
const rootsOf = (doc: Y.Doc): Record<string, unknown> => {
  const parts = chatParts(doc)
  expect([...doc.share.keys()].sort()).toEqual(Object.values(ChatKey).sort())
  return Object.fromEntries(
    Object.values(ChatKey).map((key) => [
      key,
      key === ChatKey.messages ? parts.messages.toArray() : parts[key].toJSON(),
    ]),
  )
}

describe('convergence', () => {
  it('[CNV1] [STA2] [HIS1] [VAL4] [VAL6] replicas that received the same updates hold the same doc and state, invariants hold, and no honest update is refused', () => {
    let judged = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }),
        fc.array(step, { minLength: 5, maxLength: 80, size: 'max' }),
        fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 5, maxLength: 5 }),
        (size, steps, ids) => {
          const net = new Network(size, ids)
          for (const s of steps) apply(net, s)
          net.settle()
          judged += net.judged.length
          const [server, ...clients] = net.docs
          const now = T0 + 200_000
          const contact = { name: 'Ivan', tags: [] }
          for (const doc of clients) {
            expect(doc.store.pendingStructs).toBeNull()
            expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(server!))
            expect(rootsOf(doc)).toEqual(rootsOf(server!))
            expect(chatState(doc)).toEqual(chatState(server!))
            expect(chatSummaryOf(doc, CHAT_FACTS, contact, now)).toEqual(
              chatSummaryOf(server!, CHAT_FACTS, contact, now),
            )
          }
          for (const doc of net.docs) expectInvariants(doc)
          // [VAL6] Each client wrote under its own client id only, and the server recorded it as that operator's.
          for (const [id, operatorId] of clientOwners(server!)) {
            const replica = net.docs.findIndex((doc) => doc.clientID === id)
            expect(operatorId).toBe(`op${replica}`)
          }
        },
      ),
      { numRuns: 200 },
    )
    expect(judged).toBeGreaterThan(500) // the runs did exercise the validator
  })
})
