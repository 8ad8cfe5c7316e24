/** Opens the SQLite database (WAL, synchronous=FULL) and brings its schema up to date. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

export type Db = Database.Database

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (doc, seq);
  CREATE TABLE doc_snapshots (
    doc TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator')),
    channels TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_operator ON sessions (operator_id);
  CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]'
  );
  CREATE TABLE chats (
    id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    external_id TEXT,
    summary TEXT,
    last_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX chats_contact ON chats (contact_id);
  CREATE UNIQUE INDEX chats_external ON chats (channel_id, external_id);
  CREATE TABLE access_groups (
    key TEXT PRIMARY KEY,
    spec TEXT NOT NULL UNIQUE
  );
  `,
  `
  CREATE TABLE doc_clients (
    doc TEXT NOT NULL,
    client INTEGER NOT NULL,
    operator_id TEXT NOT NULL,
    PRIMARY KEY (doc, client)
  );
  `,
  `
  CREATE TABLE widget_visitors (
    id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    profile TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    provider_message_id TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (chat_id, message_id)
  );
  CREATE INDEX outbox_due ON outbox (state, next_at);
  CREATE INDEX outbox_chat ON outbox (chat_id, seq);
  CREATE INDEX outbox_provider ON outbox (channel_id, provider_message_id);
  CREATE TABLE media (
    id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    chat_id TEXT,
    ref TEXT NOT NULL,
    mime TEXT NOT NULL,
    name TEXT,
    size INTEGER,
    state TEXT NOT NULL CHECK (state IN ('pending', 'stored', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    error TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX media_due ON media (state, next_at);
  CREATE TABLE inbound_ids (
    chat_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    provider_message_id TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
  );
  `,
  `
  CREATE TABLE tags (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    color TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL DEFAULT '{}'
  );
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'send')),
    channels TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
  );
  `,
  `
  CREATE VIRTUAL TABLE search_messages USING fts5(
    text, chat_id UNINDEXED, message_id UNINDEXED, at UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE VIRTUAL TABLE search_contacts USING fts5(
    name, email, notes, contact_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TABLE contact_phones (
    contact_id TEXT PRIMARY KEY,
    digits TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE contact_fields (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'select')),
    options TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  `,
  // One contact across channels (sync-server/contact-links.ts): where a merged contact went, and the keys a new
  // conversation is linked by; existing contacts get theirs from the search index.
  `
  ALTER TABLE contacts ADD COLUMN merged_into TEXT;
  CREATE TABLE contact_keys (
    contact_id TEXT PRIMARY KEY,
    phone TEXT,
    email TEXT
  );
  CREATE INDEX contact_keys_phone ON contact_keys (phone);
  CREATE INDEX contact_keys_email ON contact_keys (email);
  INSERT OR IGNORE INTO contact_keys (contact_id, phone, email)
    SELECT s.contact_id,
      (SELECT p.digits FROM contact_phones p WHERE p.contact_id = s.contact_id AND length(p.digits) >= 7),
      NULLIF(lower(trim(s.email)), '')
    FROM search_contacts s;
  `,
  // Search (issue 6): the index summaries carry the contact's phone and email [SRC1]; FTS5 answers newest first
  // with prefix indexes for short prefixes; a contact's FTS row is found by id (a DELETE by an UNINDEXED column
  // scans the whole table), and phones by trigram rather than a LIKE over every row.
  `
  ALTER TABLE contacts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
  ALTER TABLE contacts ADD COLUMN email TEXT NOT NULL DEFAULT '';
  CREATE VIRTUAL TABLE search_messages_v2 USING fts5(
    text, chat_id UNINDEXED, message_id UNINDEXED, at UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  INSERT INTO search_messages_v2 (rowid, text, chat_id, message_id, at)
    SELECT rowid, text, chat_id, message_id, at FROM search_messages;
  DROP TABLE search_messages;
  ALTER TABLE search_messages_v2 RENAME TO search_messages;
  CREATE TABLE search_contact_rows (contact_id TEXT PRIMARY KEY, row INTEGER NOT NULL);
  INSERT INTO search_contact_rows (contact_id, row)
    SELECT contact_id, max(rowid) FROM search_contacts GROUP BY contact_id;
  CREATE VIRTUAL TABLE search_contacts_v2 USING fts5(
    name, email, notes, contact_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  INSERT INTO search_contacts_v2 (rowid, name, email, notes, contact_id)
    SELECT s.rowid, s.name, s.email, s.notes, s.contact_id
    FROM search_contacts s JOIN search_contact_rows r ON r.row = s.rowid;
  CREATE VIRTUAL TABLE search_phones USING fts5(digits, contact_id UNINDEXED, tokenize = 'trigram');
  INSERT INTO search_phones (rowid, digits, contact_id)
    SELECT r.row, p.digits, p.contact_id FROM contact_phones p JOIN search_contact_rows r USING (contact_id);
  UPDATE contacts SET
    email = coalesce((SELECT s.email FROM search_contact_rows r JOIN search_contacts_v2 s ON s.rowid = r.row
      WHERE r.contact_id = contacts.id), ''),
    phone = coalesce((SELECT p.digits FROM contact_phones p WHERE p.contact_id = contacts.id), '');
  DROP TABLE search_contacts;
  ALTER TABLE search_contacts_v2 RENAME TO search_contacts;
  DROP TABLE contact_phones;
  `,
  // Templates (issue 6): the shared canned replies admins keep [TPL2].
  `
  CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    folder TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // Reports (issue 7): each chat's episodes [MET1] as of its last recompute [RPS1], one row per episode and one
  // per operator who took part in it, keyed by start so a period is a range; operator and channel ids as small
  // integers (report_keys), so reports group on integers. report_chats: chats stored, and those changed since.
  `
  CREATE TABLE report_keys (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
  );
  CREATE TABLE report_chats (
    chat_id TEXT PRIMARY KEY,
    dirty INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX report_chats_dirty ON report_chats (dirty) WHERE dirty = 1;
  CREATE TABLE report_episodes (
    start_at INTEGER NOT NULL,
    chat_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    channel INTEGER NOT NULL,
    closed_at INTEGER,
    close_reason INTEGER,
    closed_by INTEGER,
    resolution_ms INTEGER,
    first_response_ms INTEGER,
    first_operator INTEGER,
    first_bot TEXT,
    taken INTEGER NOT NULL,
    operators TEXT NOT NULL,
    sent INTEGER NOT NULL,
    bot_messages INTEGER NOT NULL,
    customer_messages INTEGER NOT NULL,
    rating_requested INTEGER NOT NULL,
    customer_score INTEGER,
    customer_comment TEXT,
    customer_rated_at INTEGER,
    customer_rating_via TEXT,
    operator_score INTEGER,
    operator_note TEXT,
    operator_rated_by INTEGER,
    operator_rated_at INTEGER,
    PRIMARY KEY (start_at, chat_id, n)
  ) WITHOUT ROWID;
  CREATE INDEX report_episodes_chat ON report_episodes (chat_id);
  CREATE TABLE report_participants (
    start_at INTEGER NOT NULL,
    operator INTEGER NOT NULL,
    chat_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    channel INTEGER NOT NULL,
    taken INTEGER NOT NULL,
    sent INTEGER NOT NULL,
    first_response_ms INTEGER,
    close_reason INTEGER,
    resolution_ms INTEGER,
    rating_requested INTEGER NOT NULL,
    customer_score INTEGER,
    operator_score INTEGER,
    PRIMARY KEY (start_at, operator, chat_id, n)
  ) WITHOUT ROWID;
  CREATE INDEX report_participants_operator ON report_participants (operator, start_at);
  CREATE INDEX report_participants_chat ON report_participants (chat_id);
  `,
  // Satisfaction (issue 7 §3): the admin's settings [RAT8], one row.
  `
  CREATE TABLE satisfaction_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    settings TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
]

export const openDb = (dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Db => {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'switchboard.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

const migrate = (db: Db): void => {
  const version = db.pragma('user_version', { simple: true }) as number
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}
