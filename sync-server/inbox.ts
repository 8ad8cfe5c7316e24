/**
 * Keeps the inbox index docs current: one doc per access group, holding the summary of every chat its members may
 * see, written only by the server. Runs the 10-second rule: when a chat's `unassignedAt` passes, its summary is
 * marked unassigned.
 */
import {
  type ChatSummary,
  ContactProfileSchema,
  canSeeChat,
  chatSummaryOf,
  contactDisplayName,
  contactParts,
  contactTags,
  indexChats,
  indexDocName,
  parseDocName,
  readChatMeta,
  serverContext,
} from '../model'
import type { AccessControl, AccessGroup } from './access'
import type { ChatRegistry, ContactRow } from './chats'
import type { DocHub, LoadedDoc } from './docs/hub'
import type { Logger } from './logger'

export interface InboxOptions {
  readonly hub: DocHub
  readonly chats: ChatRegistry
  readonly access: AccessControl
  readonly logger: Logger
  /** Closed chats leave the index this long after their last message. */
  readonly closedRetentionMs: number
  readonly now?: () => number
  /**
   * A contact's tags changed: who may see their chats may have changed too, so open sockets re-check what they
   * hold (an operator limited to a tag loses the chat live when the tag goes).
   */
  readonly tagsChanged?: () => void
}

interface Published {
  readonly summary: ChatSummary
  readonly json: string
}

const sameSummary = (a: ChatSummary | null, b: ChatSummary): boolean =>
  a !== null && JSON.stringify(a) === JSON.stringify(b)

export class Inbox {
  readonly #hub: DocHub
  readonly #chats: ChatRegistry
  readonly #access: AccessControl
  readonly #logger: Logger
  readonly #now: () => number
  #groups: AccessGroup[] = []
  /** What was last published per chat, so an unchanged summary costs one string comparison. */
  readonly #published = new Map<string, Published>()
  readonly #contacts = new Map<string, ContactRow>()
  /** Chats whose `unassignedAt` is still ahead, and when. */
  readonly #due = new Map<string, number>()
  #timer: NodeJS.Timeout | null = null
  #retentionTimer: NodeJS.Timeout | null = null
  #off: (() => void) | null = null
  readonly #closedRetentionMs: number
  readonly #tagsChanged: () => void

  constructor(options: InboxOptions) {
    this.#tagsChanged = options.tagsChanged ?? (() => {})
    this.#hub = options.hub
    this.#chats = options.chats
    this.#access = options.access
    this.#logger = options.logger
    this.#closedRetentionMs = options.closedRetentionMs
    this.#now = options.now ?? Date.now
  }

  start(): void {
    this.#off = this.#hub.onChange((loaded) => this.#onChange(loaded))
    this.refreshGroups()
    for (const chat of this.#chats.allChats()) {
      if (chat.summary) this.#track(chat.summary, false)
    }
    // Summaries are written in the group commit after their doc's change: after a crash the last ones may lag.
    // Docs with uncompacted updates are the ones written last; recompute theirs.
    for (const prefix of ['contact:', 'chat:']) {
      for (const name of this.#hub.docsWithLog(prefix)) this.#onChange(this.#hub.open(name))
    }
    this.sweep()
    // Old closed chats age out of the index: look once an hour.
    this.#retentionTimer = setInterval(() => this.refreshGroups(), 3600_000)
    this.#retentionTimer.unref()
  }

  stop(): void {
    this.#off?.()
    this.#off = null
    if (this.#retentionTimer) clearInterval(this.#retentionTimer)
    this.#retentionTimer = null
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }

  /**
   * Recomputes the set of access groups (after operators or their access changed) and brings every group's
   * index doc to exactly the chats it may see.
   */
  refreshGroups(): void {
    this.#groups = this.#access.activeGroups()
    const all = this.#chats.allChats()
    for (const group of this.#groups) {
      const wanted = new Map<string, ChatSummary>()
      for (const chat of all) {
        if (chat.summary && this.#fits(group, chat.summary)) wanted.set(chat.id, chat.summary)
      }
      void this.#hub.transact(
        indexDocName(group.key),
        (doc) => {
          const map = indexChats(doc)
          for (const id of [...map.keys()]) if (!wanted.has(id)) map.delete(id)
          for (const [id, summary] of wanted) {
            if (!sameSummary(map.get(id) ?? null, summary)) map.set(id, summary)
          }
        },
        serverContext('index', this.#now()).origin,
      )
    }
  }

  /** Recomputes one chat's summary from its doc and publishes it if it changed. */
  refreshChat(loaded: LoadedDoc, chatId: string): void {
    const meta = readChatMeta(loaded.doc)
    if (!meta) return
    const contact = this.#contact(meta.contactId)
    const summary = chatSummaryOf(
      loaded.doc,
      { id: chatId, channelId: meta.channelId, contactId: meta.contactId },
      contact,
      this.#now(),
      meta.createdAt,
    )
    this.#publish(summary)
  }

  /** The last published summary of a chat; `undefined` when the chat is not registered. */
  #latest(chatId: string): Published | null | undefined {
    const cached = this.#published.get(chatId)
    if (cached) return cached
    const row = this.#chats.chat(chatId)
    if (!row) return undefined
    if (!row.summary) return null
    const published = { summary: row.summary, json: JSON.stringify(row.summary) }
    this.#published.set(chatId, published)
    return published
  }

  #contact(contactId: string): ContactRow {
    let contact = this.#contacts.get(contactId)
    if (!contact) {
      contact = this.#chats.contact(contactId) ?? { id: contactId, name: '', tags: [] }
      this.#contacts.set(contactId, contact)
    }
    return contact
  }

  #onChange(loaded: LoadedDoc): void {
    const ref = parseDocName(loaded.name)
    if (ref?.kind === 'chat') this.refreshChat(loaded, ref.id)
    else if (ref?.kind === 'contact') this.#refreshContact(loaded, ref.id)
  }

  #refreshContact(loaded: LoadedDoc, contactId: string): void {
    const profile = ContactProfileSchema.safeParse(contactParts(loaded.doc).profile.toJSON())
    const name = profile.success ? contactDisplayName(profile.data) : ''
    // [SRC1] The phone and email go into the summaries too, for the quick search.
    const phone = (profile.success && profile.data.phone) || ''
    const email = (profile.success && profile.data.email) || ''
    const tags = contactTags(loaded.doc)
    const before = this.#contact(contactId)
    const sameKeys = (before.phone ?? '') === phone && (before.email ?? '') === email
    if (before.name === name && sameKeys && JSON.stringify(before.tags) === JSON.stringify(tags)) return
    const contact = { id: contactId, name, tags, phone, email }
    this.#contacts.set(contactId, contact)
    this.#chats.saveContact(contact)
    if (JSON.stringify(before.tags) !== JSON.stringify(tags)) this.#tagsChanged()
    for (const chat of this.#chats.chatsOfContact(contactId)) {
      const latest = this.#latest(chat.id)
      if (!latest) continue
      const { contactPhone: _phone, contactEmail: _email, ...rest } = latest.summary
      this.#publish({
        ...rest,
        contactName: name,
        contactTags: tags,
        ...(phone && { contactPhone: phone }),
        ...(email && { contactEmail: email }),
      })
    }
  }

  /** A chat is in a group's index when the group may see it and it is not an old closed chat. */
  #fits(group: AccessGroup, summary: ChatSummary): boolean {
    if (summary.status === 'closed' && summary.lastAt < this.#now() - this.#closedRetentionMs) return false
    return canSeeChat(group.access, { channelId: summary.channelId, contactTags: summary.contactTags })
  }

  /** Saves a chat's summary and writes it to every index doc it belongs in (and out of those it left). */
  #publish(summary: ChatSummary): void {
    this.#track(summary)
    const latest = this.#latest(summary.id)
    if (latest === undefined) return
    const json = JSON.stringify(summary)
    if (latest?.json === json) return
    const before = latest?.summary ?? null
    this.#published.set(summary.id, { summary, json })
    this.#chats.saveSummary(summary)
    const origin = serverContext('index', this.#now()).origin
    for (const group of this.#groups) {
      const fits = this.#fits(group, summary)
      const wasIn = before !== null && this.#fits(group, before)
      if (!fits && !wasIn) continue
      void this.#hub.transact(
        indexDocName(group.key),
        (doc) => {
          const map = indexChats(doc)
          if (fits) map.set(summary.id, summary)
          else map.delete(summary.id)
        },
        origin,
      )
    }
  }

  /** [TEN1] Remembers when a chat is due to enter Unassigned and arms the timer for the earliest one. */
  #track(summary: ChatSummary, arm = true): void {
    const before = this.#due.get(summary.id)
    if (summary.unassignedAt !== null && !summary.unassigned) this.#due.set(summary.id, summary.unassignedAt)
    else this.#due.delete(summary.id)
    if (arm && before !== this.#due.get(summary.id)) this.#arm()
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#due.size === 0 || this.#off === null) return
    let next = Number.POSITIVE_INFINITY
    for (const at of this.#due.values()) if (at < next) next = at
    this.#timer = setTimeout(() => this.sweep(), Math.max(0, next - this.#now()))
    this.#timer.unref()
  }

  /** [TEN1] Marks every chat whose `unassignedAt` has passed; the timer calls this, tests may too. */
  sweep(): void {
    const now = this.#now()
    for (const [chatId, at] of [...this.#due]) {
      if (at > now) continue
      this.#due.delete(chatId)
      const summary = this.#latest(chatId)?.summary
      if (!summary || summary.unassignedAt !== at || summary.unassigned) continue
      this.#logger.debug({ chatId }, 'chat entered Unassigned (10-second rule)')
      this.#publish({ ...summary, unassigned: true })
    }
    this.#arm()
  }
}
