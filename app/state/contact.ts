/**
 * The contact of the chat on screen (seed 000 «Профиль контакта», seed 003 «карта клиента»): its doc read as it
 * changes, and every edit a model command on it as this operator, so it works offline and syncs; the custom field
 * definitions and the tag catalogue from the directory doc; the contact's chats in every channel from the inbox
 * index; and WhatsApp's reply window of the open chat [WIN1].
 */
import { type Accessor, createEffect, createMemo, createSignal, onCleanup, untrack } from 'solid-js'
import type * as Y from 'yjs'
import {
  addContactNote,
  addContactTag,
  type ChannelKind,
  type ChatSummary,
  type ContactFieldDef,
  ContactInputError,
  type ContactSnapshot,
  chatParts,
  contactFieldDefs,
  DomainError,
  deleteContactNote,
  directoryParts,
  hasReplyWindow,
  operatorContext,
  type ProfileField,
  readContact,
  removeContactTag,
  replyWindowEndsAt,
  setContactField,
  updateContactProfile,
} from '../../model'
import type { LiveDoc, Session } from '../sync'
import { createDocValue } from './doc-value'
import { type ReplyWindow, replyWindowAt, sameWindow } from './reply-window'

/** Why an edit was refused: a problem code the app words (`contactProblemKey`), or the model's own message. */
export type EditResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: string; readonly message: string }

const OK: EditResult = { ok: true }

/** Runs a command; a domain refusal becomes a result for the form, anything else is a bug and is thrown. */
const attempt = (write: () => unknown): EditResult => {
  try {
    write()
    return OK
  } catch (err) {
    if (err instanceof ContactInputError) return { ok: false, problem: err.problem, message: err.message }
    if (err instanceof DomainError) return { ok: false, problem: err.code, message: err.message }
    throw err
  }
}

export interface ContactState {
  readonly contact: Accessor<ContactSnapshot>
  /** The server has answered for this doc at least once, or the offline copy had content. */
  readonly loaded: Accessor<boolean>
  /** The server refused the doc: the operator may no longer see this contact. */
  readonly denied: Accessor<boolean>
  setProfile(field: ProfileField, value: string): EditResult
  setField(key: string, value: string, defs: readonly ContactFieldDef[]): EditResult
  addTag(tag: string, catalogue: readonly string[]): EditResult
  removeTag(tag: string): EditResult
  addNote(text: string): EditResult
  deleteNote(noteId: string): EditResult
}

const hasContent = (doc: Y.Doc): boolean => {
  const c = readContact(doc)
  return Object.keys(c.profile).length + Object.keys(c.fields).length + c.notes.length + c.tags.length > 0
}

/** The contact's doc, opened through the session for the owner's life. */
export const createContact = (session: Session, contactId: string, operatorId: string): ContactState => {
  const live: LiveDoc = session.contacts.open(contactId)
  onCleanup(() => live.close())
  const contact = createDocValue(live, readContact)
  const [status, setStatus] = createSignal({
    synced: live.synced || hasContent(live.doc),
    denied: live.denied,
  })
  const offStatus = live.onChange(() => {
    const prev = status()
    // Loaded once, loaded for good: a later disconnect does not hide what is on screen.
    const next = { synced: prev.synced || live.synced || hasContent(live.doc), denied: live.denied }
    if (next.synced !== prev.synced || next.denied !== prev.denied) setStatus(next)
  })
  onCleanup(offStatus)
  const ctx = () => operatorContext(operatorId, Date.now())
  return {
    contact,
    loaded: () => status().synced,
    denied: () => status().denied,
    setProfile: (field, value) => attempt(() => updateContactProfile(live.doc, { [field]: value }, ctx())),
    setField: (key, value, defs) => attempt(() => setContactField(live.doc, { key, value }, defs, ctx())),
    addTag: (tag, catalogue) => attempt(() => addContactTag(live.doc, tag, catalogue, ctx())),
    removeTag: (tag) => attempt(() => removeContactTag(live.doc, tag, ctx())),
    addNote: (text) => attempt(() => addContactNote(live.doc, { text }, ctx())),
    deleteNote: (noteId) => attempt(() => deleteContactNote(live.doc, noteId, ctx())),
  }
}

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]))

/** What the directory says about contacts: the custom field definitions [CNT2] and the tag catalogue [CNT3]. */
export interface ContactDirectory {
  readonly fieldDefs: Accessor<readonly ContactFieldDef[]>
  /** Tag names, sorted. */
  readonly tagNames: Accessor<readonly string[]>
  tagColor(name: string): string | undefined
}

export const createContactDirectory = (directory: LiveDoc): ContactDirectory => {
  const fieldDefs = createDocValue(directory, contactFieldDefs, sameList)
  const tags = createDocValue(
    directory,
    (doc) => [...directoryParts(doc).tags.values()].sort((a, b) => a.name.localeCompare(b.name)),
    sameList,
  )
  const tagNames = createMemo(() => tags().map((t) => t.name), [], { equals: sameList })
  return { fieldDefs, tagNames, tagColor: (name) => tags().find((t) => t.name === name)?.color }
}

/** [seed 003] The contact's chats in every channel, from the local index: the latest activity first. */
export const chatsOfContact = (chats: readonly ChatSummary[], contactId: string): ChatSummary[] =>
  chats
    .filter((c) => c.contactId === contactId)
    .sort((a, b) => b.lastAt - a.lastAt || a.id.localeCompare(b.id))

/**
 * [WIN1] The reply window of a chat whose doc is open on screen (the chat pane opened it; the profile only reads
 * it, so our presence there stays the pane's), for a channel kind that has one; `null` otherwise.
 */
export const createOpenChatReplyWindow = (
  session: Session,
  chatId: Accessor<string | null>,
  kind: Accessor<ChannelKind | undefined>,
  now: Accessor<number>,
): Accessor<ReplyWindow | null> => {
  const [endsAt, setEndsAt] = createSignal<number | null>(null)
  let attached: { live: LiveDoc; doc: Y.Doc; off: () => void } | null = null
  const detach = (): void => {
    attached?.off()
    attached = null
  }
  const follow = (id: string | null, windowed: boolean): void => {
    const live = id && windowed ? session.openChats().find((c) => c.chatId === id)?.live : undefined
    if (live && attached?.live === live && attached.doc === live.doc) return
    detach()
    if (!live) {
      setEndsAt(null)
      return
    }
    const doc = live.doc
    const read = (): void => {
      setEndsAt(replyWindowEndsAt(chatParts(doc).messages.toArray()))
    }
    read()
    doc.on('afterTransaction', read)
    // The pane's doc is replaced when the server refused our copy: follow the new one.
    const offLive = live.onChange(() => {
      if (live.doc !== doc) follow(id, windowed)
    })
    attached = {
      live,
      doc,
      off: () => {
        doc.off('afterTransaction', read)
        offLive()
      },
    }
  }
  const windowed = createMemo(() => {
    const k = kind()
    return k !== undefined && hasReplyWindow(k)
  })
  createEffect(() => follow(chatId(), windowed()))
  // The pane opens its doc on its own schedule: look again whenever the session's open chats change.
  const offChats = session.onChats(() => follow(untrack(chatId), untrack(windowed)))
  onCleanup(() => {
    offChats()
    detach()
  })
  return createMemo(() => (windowed() ? replyWindowAt(endsAt(), now()) : null), null, { equals: sameWindow })
}
