/**
 * [LNK1] Automatic linking: a customer who writes from a second messenger joins the contact they already are,
 * when the new conversation's phone or email names exactly one known contact.
 *
 * Why this is safe enough to do without asking anyone:
 * - Only a NEW conversation is linked, and only on an exact key: the phone's digits (at least 7, so no short codes)
 *   or the whole email. Two contacts matching is ambiguous and links nothing; an operator can still merge by hand.
 * - Only keys a messenger vouches for link, on both sides: the new conversation comes from a messenger (Telegram,
 *   WhatsApp, VK give the phone or email of the account writing), and the known contact has a messenger chat. A
 *   website visitor types their name and email unchecked: anyone could claim a customer's email and be shown to
 *   operators as that customer, with that customer's history beside the chat. Visitors are merged by hand.
 * - Nothing reaches the customer: every channel (the widget too) shows the customer only their own conversation;
 *   the link is what operators see. The chat keeps its own channel, shown on its card.
 * - The known contact's profile is not touched by the newcomer's data: a widget visitor types their email and
 *   name unverified, and must not be able to rename or re-tag someone else's contact.
 * - Each link is written to the audit log, since the new chat takes the contact's tags, which decide who sees it
 *   (ACC3). An admin who does not want it sets CONTACT_AUTO_LINK=false.
 *
 * The keys live in `contact_keys`, kept with the contact docs: a new contact's are seen by the very next lookup
 * (two conversations of one customer arriving together link to each other) and commit with its doc; an
 * operator's edit of the phone or email follows in the group commit after it.
 */
import {
  autoLinkTarget,
  type ContactMatchKeys,
  type ContactProfile,
  ContactProfileSchema,
  contactMatchKeys,
  contactParts,
  DocKind,
  parseDocName,
} from '../model'
import type { Defer } from './chats'
import type { DocHub, LoadedDoc } from './docs/hub'
import type { Db } from './storage/db'

/** Which key made the link. */
export type LinkedBy = 'phone' | 'email'

export interface AutoLink {
  readonly contactId: string
  readonly by: LinkedBy
}

export interface ContactKeysOptions {
  /** CONTACT_AUTO_LINK: when off, keys are still kept (turning it on later works at once) but nothing links. */
  readonly autoLink: boolean
  /** The contact that stands for a contact now (a merged one stands for the one it went into). */
  readonly finalContact: (contactId: string) => string
}

const sameKeys = (a: ContactMatchKeys | undefined, b: ContactMatchKeys): boolean =>
  a !== undefined && a.phone === b.phone && a.email === b.email

export class ContactKeys {
  readonly #get
  readonly #upsert
  readonly #byPhone
  readonly #byEmail
  /** Written, not yet committed. */
  readonly #pending = new Map<string, ContactMatchKeys>()

  constructor(
    db: Db,
    private readonly defer: Defer,
    private readonly options: ContactKeysOptions,
  ) {
    this.#get = db.prepare<[string], ContactMatchKeys>(
      'SELECT phone, email FROM contact_keys WHERE contact_id = ?',
    )
    this.#upsert = db.prepare<[string, string | null, string | null]>(
      `INSERT INTO contact_keys (contact_id, phone, email) VALUES (?, ?, ?)
       ON CONFLICT (contact_id) DO UPDATE SET phone = excluded.phone, email = excluded.email`,
    )
    // Enough rows to tell one contact from several, even when merged contacts stand for one.
    this.#byPhone = db.prepare<[string], { contact_id: string }>(
      'SELECT contact_id FROM contact_keys WHERE phone = ? LIMIT 50',
    )
    this.#byEmail = db.prepare<[string], { contact_id: string }>(
      'SELECT contact_id FROM contact_keys WHERE email = ? LIMIT 50',
    )
  }

  keysOf(contactId: string): ContactMatchKeys | undefined {
    return this.#pending.get(contactId) ?? this.#get.get(contactId)
  }

  /** Keeps a contact's keys, from its profile; unchanged keys write nothing. */
  remember(contactId: string, profile: Pick<ContactProfile, 'phone' | 'email'>): void {
    const keys = contactMatchKeys(profile)
    if (sameKeys(this.keysOf(contactId), keys)) return
    this.#pending.set(contactId, keys)
    this.defer(() => {
      this.#upsert.run(contactId, keys.phone, keys.email)
      if (this.#pending.get(contactId) === keys) this.#pending.delete(contactId)
    })
  }

  /**
   * [LNK1] The known contact a new conversation with this profile joins, or `null`. Only contacts `eligible` says
   * yes to count as matches (see the caller: ones the messenger vouches for).
   */
  linkFor(
    profile: Pick<ContactProfile, 'phone' | 'email'>,
    eligible: (contactId: string) => boolean = () => true,
  ): AutoLink | null {
    if (!this.options.autoLink) return null
    const keys = contactMatchKeys(profile)
    const matched = new Map<string, LinkedBy>()
    const add = (contactId: string, by: LinkedBy): void => {
      const final = this.options.finalContact(contactId)
      if (!matched.has(final) && eligible(final)) matched.set(final, by)
    }
    const lookups: Array<[LinkedBy, string | null, { all(v: string): { contact_id: string }[] }]> = [
      ['phone', keys.phone, this.#byPhone],
      ['email', keys.email, this.#byEmail],
    ]
    for (const [by, value, query] of lookups) {
      if (value === null) continue
      // A stored row whose keys are being rewritten counts by its new keys only.
      for (const row of query.all(value)) if (!this.#pending.has(row.contact_id)) add(row.contact_id, by)
      for (const [contactId, pending] of this.#pending) if (pending[by] === value) add(contactId, by)
    }
    const contactId = autoLinkTarget(matched.keys())
    return contactId === null ? null : { contactId, by: matched.get(contactId) ?? 'phone' }
  }
}

const MatchFields = ContactProfileSchema.pick({ phone: true, email: true })

/** Keeps the keys in step with the contact docs (an operator edits a phone); returns the function that stops it. */
export const followContactKeys = (hub: DocHub, keys: ContactKeys): (() => void) => {
  const follow = (loaded: LoadedDoc): void => {
    const ref = parseDocName(loaded.name)
    if (ref?.kind !== DocKind.contact) return
    const profile = contactParts(loaded.doc).profile
    const parsed = MatchFields.safeParse({ phone: profile.get('phone'), email: profile.get('email') })
    keys.remember(ref.id, parsed.success ? parsed.data : {})
  }
  // After a crash the keys of the last edits may lag their docs: those docs are the ones with a log to compact.
  for (const name of hub.docsWithLog('contact:')) follow(hub.open(name))
  return hub.onChange(follow)
}
