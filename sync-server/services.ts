/** Builds the server's parts from its config, once; `startServer` and tests share this wiring. */
import { AccessControl } from './access'
import { ApiTokens } from './admin/api-tokens'
import { AuditLog } from './admin/audit'
import { ContactFieldCatalogue, publishContactFields } from './admin/contact-fields'
import { TagCatalogue } from './admin/tags'
import { publishTemplates, TemplateCatalogue } from './admin/templates'
import { decoyHash, generatePassword, verifyPassword } from './auth/passwords'
import { Sessions } from './auth/sessions'
import { bridgeOf } from './bridges'
import { ChannelRegistry } from './channel-registry'
import { ChatRegistry } from './chats'
import type { Config } from './config'
import { ContactKeys, followContactKeys } from './contact-links'
import { publishDirectory } from './directory'
import { DocHub } from './docs/hub'
import { Inbox } from './inbox'
import { type InboundInput, type InboundResult, ingestInbound } from './ingest'
import { KeyedLock } from './keyed-lock'
import type { Logger } from './logger'
import { MediaFetcher, MediaStore } from './media'
import { followMentions } from './notifications'
import { OnlineOperators } from './online'
import { type OperatorRecord, Operators } from './operators'
import { Dispatcher } from './outbox/dispatcher'
import { followOutgoing } from './outbox/enqueue'
import { InboundIds } from './outbox/inbound-ids'
import { OutboxStore } from './outbox/store'
import { PresenceSummaries } from './presence'
import { ProviderTemplates } from './provider-templates'
import { ReportFollower } from './reports/follow'
import { ReportStore } from './reports/store'
import { Satisfaction } from './satisfaction/service'
import { followForSearch, SearchIndex } from './search'
import { type Db, openDb } from './storage/db'
import { DocLog } from './storage/doc-log'
import { WidgetLive } from './widget/live'
import { Visitors } from './widget/visitors'

/** What is told about access changes to the live sync connections. */
export type AccessListener = () => void

export interface Services {
  readonly config: Config
  readonly logger: Logger
  readonly db: Db
  readonly hub: DocHub
  readonly operators: Operators
  readonly sessions: Sessions
  readonly channels: ChannelRegistry
  readonly chats: ChatRegistry
  /** [LNK1] The phone and email keys a new conversation is linked to a known contact by. */
  readonly contactKeys: ContactKeys
  readonly access: AccessControl
  readonly inbox: Inbox
  /** Website visitors and what their open widgets receive. */
  readonly visitors: Visitors
  readonly widgetLive: WidgetLive
  /** [TEAM4] Who has a sync socket open, published on the directory doc's awareness. */
  readonly online: OnlineOperators
  /** Operators' messages on their way to the messengers, and who sends them. */
  readonly outbox: OutboxStore
  readonly dispatcher: Dispatcher
  /** Customers' files, downloaded from the providers. */
  readonly media: MediaStore
  readonly mediaFetcher: MediaFetcher
  readonly inboundIds: InboundIds
  /** Full-text search over messages and contacts (SQLite FTS5). */
  readonly search: SearchIndex
  /** Issue 7: every chat's episodes for the reports, kept in step with the chat docs. */
  readonly reports: ReportFollower
  readonly bridgeOf: typeof bridgeOf
  /** What admins did, the tags they keep, and the integrations' tokens. */
  readonly audit: AuditLog
  readonly tags: TagCatalogue
  /** [CNT2] The custom contact fields admins define (published in the directory doc). */
  readonly contactFields: ContactFieldCatalogue
  /** [TPL2] The shared templates (published in the directory doc); [WTP1] the messengers' own, kept a while. */
  readonly templates: TemplateCatalogue
  readonly providerTemplates: ProviderTemplates
  readonly apiTokens: ApiTokens
  /** [RAT6–RAT8] Rating requests on close, the customers' scores, the admin's settings. */
  readonly satisfaction: Satisfaction
  readonly publicUrl: string
  /** Set on the first start when no ADMIN_PASSWORD was given: main prints it once. */
  readonly generatedAdminPassword: string | null
  readonly now: () => number
  /** The operator with these credentials, or `null`; takes the same time whether the email exists or not. */
  login(email: string, password: string): Promise<OperatorRecord | null>
  /** Writes an inbound message durably (bridges call this). */
  ingest(input: InboundInput): Promise<InboundResult>
  /** After operators, channels or access rules changed: directory, index groups and open sockets follow. */
  accessChanged(): Promise<void>
  onAccessChanged(listener: AccessListener): () => void
  close(): Promise<void>
}

export interface BuildOptions {
  readonly config: Config
  readonly logger: Logger
  readonly now?: () => number
}

export const buildServices = async ({ config, logger, now = Date.now }: BuildOptions): Promise<Services> => {
  const db = openDb(config.DATA_DIR, config.SQLITE_SYNCHRONOUS)
  const hub = new DocHub({
    log: new DocLog(db),
    logger: logger.child({ part: 'hub' }),
    idleMs: config.DOC_IDLE_MS,
    compactEvery: config.COMPACT_EVERY,
    now,
  })
  const operators = new Operators(db, now)
  const sessions = new Sessions(db, config.SESSION_TTL_HOURS * 3600_000, now)
  const channels = new ChannelRegistry(db, now)
  const chats = new ChatRegistry(db, (write) => void hub.defer(write))
  const contactKeys = new ContactKeys(db, (write) => void hub.defer(write), {
    autoLink: config.CONTACT_AUTO_LINK,
    finalContact: (id) => chats.finalContact(id),
  })
  const stopContactKeys = followContactKeys(hub, contactKeys)
  const access = new AccessControl(db, chats, operators)
  const listeners = new Set<AccessListener>()
  const inbox = new Inbox({
    hub,
    chats,
    access,
    logger: logger.child({ part: 'inbox' }),
    closedRetentionMs: config.INDEX_CLOSED_DAYS * 86_400_000,
    now,
    tagsChanged: () => {
      for (const listener of listeners) listener()
    },
  })
  const presence = new PresenceSummaries({ hub })
  const online = new OnlineOperators({ hub, now, graceMs: config.ONLINE_GRACE_MS })
  const visitors = new Visitors(db, now)
  const widgetLive = new WidgetLive({
    hub,
    chats,
    channels,
    nameOf: (id) => operators.byId(id)?.name ?? null,
    now,
    logger: logger.child({ part: 'widget' }),
  })
  const audit = new AuditLog(db, now)
  const tags = new TagCatalogue(db, now)
  const contactFields = new ContactFieldCatalogue(db, now)
  const templates = new TemplateCatalogue(db, now)
  const providerTemplates = new ProviderTemplates({ channels, bridgeOf, now })
  const apiTokens = new ApiTokens(db, now)
  const satisfaction = new Satisfaction({
    db,
    hub,
    chats,
    channels,
    now,
    logger: logger.child({ part: 'satisfaction' }),
  })
  const stopRatings = satisfaction.follow()
  const search = new SearchIndex(db)
  const stopSearch = followForSearch(hub, search)
  const reports = new ReportFollower({
    hub,
    store: new ReportStore(db),
    log: new DocLog(db),
    logger: logger.child({ part: 'reports' }),
  })
  reports.start()
  const stopMentions = followMentions({
    hub,
    operators,
    access,
    now,
    logger: logger.child({ part: 'mentions' }),
  })
  const outbox = new OutboxStore(db)
  const media = new MediaStore(db, config.DATA_DIR, now)
  const inboundIds = new InboundIds(db)
  const dispatcher = new Dispatcher({
    store: outbox,
    hub,
    chats,
    channels,
    bridgeOf,
    mediaBytes: async (url) => {
      const id = media.idOf(url)
      const row = id ? media.get(id) : null
      if (!row || row.state !== 'stored') return null
      return { bytes: new Uint8Array(await media.read(row)), mime: row.mime, name: row.name ?? row.id }
    },
    providerIdOf: (chatId, messageId) => inboundIds.get(chatId, messageId),
    now,
    logger: logger.child({ part: 'dispatcher' }),
  })
  const stopFollowing = followOutgoing({
    hub,
    chats,
    channels,
    store: outbox,
    now,
    queued: () => dispatcher.kick(),
  })
  const mediaFetcher = new MediaFetcher({
    store: media,
    channels,
    bridgeOf,
    now,
    logger: logger.child({ part: 'media' }),
  })
  const locks = new KeyedLock()
  const generatedAdminPassword = await ensureAdmin(operators, config, logger)

  const services: Services = {
    config,
    logger,
    db,
    hub,
    operators,
    sessions,
    channels,
    chats,
    contactKeys,
    access,
    inbox,
    visitors,
    widgetLive,
    online,
    outbox,
    dispatcher,
    media,
    mediaFetcher,
    inboundIds,
    search,
    reports,
    bridgeOf,
    audit,
    tags,
    contactFields,
    templates,
    providerTemplates,
    apiTokens,
    satisfaction,
    generatedAdminPassword,
    publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
    now,
    async login(email, password) {
      const found = operators.credentials(email)
      const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()))
      return found && ok && found.operator.active ? found.operator : null
    },
    ingest: (input) =>
      ingestInbound(
        { hub, chats, channels, now, locks, inboundIds, contactKeys, audit, ratings: satisfaction },
        input,
      ),
    async accessChanged() {
      inbox.refreshGroups()
      await publishDirectory(hub, operators, channels, tags, now())
      for (const listener of listeners) listener()
    },
    onAccessChanged(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      presence.stop()
      online.stop()
      inbox.stop()
      widgetLive.stop()
      stopFollowing()
      stopSearch()
      stopContactKeys()
      stopMentions()
      stopRatings()
      mediaFetcher.stop()
      await dispatcher.stop()
      reports.stop()
      await hub.close()
      db.close()
    },
  }

  // Before the inbox loads the index docs, so the summaries follow every one of them.
  presence.start()
  online.start()
  inbox.start()
  await publishDirectory(hub, operators, channels, tags, now())
  await publishContactFields(hub, contactFields, now())
  await publishTemplates(hub, templates, now())
  await satisfaction.publish()
  await dispatcher.start()
  mediaFetcher.kick()
  return services
}

/** On the first start, creates the admin; returns the password when it was generated, to be shown once. */
const ensureAdmin = async (operators: Operators, config: Config, logger: Logger): Promise<string | null> => {
  if (operators.count() > 0) return null
  const password = config.ADMIN_PASSWORD ?? generatePassword()
  const admin = await operators.create({ email: config.ADMIN_EMAIL, name: 'Admin', password, role: 'admin' })
  logger.info({ email: admin.email }, 'created the admin')
  return config.ADMIN_PASSWORD === undefined ? password : null
}
