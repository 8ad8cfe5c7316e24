/**
 * The composer of the open chat: the text, the mode (an answer to the customer, or an internal comment with
 * @mentions [CMT1]), the message replied to, and the attached files, kept as a draft per operator and chat
 * (drafts.ts). A file is uploaded as soon as it is attached (sync/upload.ts) and sent only by Send, in an answer
 * whose text is its caption. Offline, a file waits in the composer and uploads once the connection is back; until
 * then Send says why it is disabled (an answer without files can still be written offline: it syncs later). We
 * chose that over queueing the answer: the answer must carry the file's address, which only the upload gives, and
 * a file kept in the page is lost by a reload, so the operator should see it has not gone. A file taken off is
 * deleted on the server; one that finishes uploading after the chat was left joins that chat's draft.
 */
import { type Accessor, createEffect, createSignal, onCleanup, untrack } from 'solid-js'
import {
  MAX_TEXT,
  type Message,
  mimeOfFile,
  newId,
  type OperatorMessageInput,
  type UploadKind,
  uploadKindOf,
} from '../../model'
import { ApiError, discardMedia, uploadMedia } from '../sync'
import type { ChatActions } from './actions'
import type { ComposerMode, DraftAttachment, Drafts } from './drafts'
import { type Mentionable, mentionedIn } from './mentions'

export type Media = NonNullable<Message['media']>

/** `refused`: a type that may not be sent, never uploaded [MED1]; `failed`: the server refused it. */
export type AttachmentStatus = 'waiting' | 'uploading' | 'ready' | 'failed' | 'refused'

export interface Attachment {
  readonly key: string
  readonly name: string
  readonly mime: string
  readonly size: number
  readonly kind: UploadKind | null
  /** What the preview shows: the picked file while it uploads (`blob:`), then the server's copy. */
  readonly preview: string | null
  readonly status: AttachmentStatus
  readonly media: Media | null
  /** The server's refusal, for `failed`. */
  readonly error: string | null
}

/** Why Send is disabled, when there is something to tell. */
export type SendBlock =
  | 'empty'
  | 'notReady'
  | 'tooLong'
  | 'windowClosed'
  | 'filesWaiting'
  | 'filesUploading'
  | 'filesFailed'

export interface ComposerInput {
  readonly token: string
  readonly chatId: string
  readonly actions: ChatActions
  readonly drafts: Drafts
  readonly online: Accessor<boolean>
  /** The chat's doc has arrived. */
  readonly ready: Accessor<boolean>
  /** [WIN1] WhatsApp's reply window has closed: no free text (a comment is still fine). */
  readonly windowClosed: Accessor<boolean>
  /** Who may be mentioned. */
  readonly mentionable: Accessor<readonly Mentionable[]>
}

export interface ComposerState {
  readonly text: Accessor<string>
  setText(text: string): void
  readonly mode: Accessor<ComposerMode>
  setMode(mode: ComposerMode): void
  readonly replyTo: Accessor<string | null>
  reply(messageId: string | null): void
  readonly attachments: Accessor<readonly Attachment[]>
  addFiles(files: readonly File[]): void
  remove(key: string): void
  /** `null` when Send may be pressed. */
  readonly blocked: Accessor<SendBlock | null>
  /** Sends (an answer with its files, or a comment) and clears what was sent; `false` when it may not. */
  send(): boolean
}

const fromDraft = (a: DraftAttachment): Attachment => ({
  key: newId(),
  name: a.media.name ?? a.kind,
  mime: a.media.mime,
  size: a.media.size ?? 0,
  kind: a.kind,
  preview: a.media.url,
  status: 'ready',
  media: a.media,
  error: null,
})

export const createComposer = (input: ComposerInput): ComposerState => {
  const { chatId, actions, drafts } = input
  const draft = drafts.read(chatId)
  const [text, setText] = createSignal(draft.text)
  const [mode, setMode] = createSignal<ComposerMode>(draft.mode)
  const [replyTo, setReplyTo] = createSignal<string | null>(draft.replyTo)
  const [attachments, setAttachments] = createSignal<readonly Attachment[]>(draft.attachments.map(fromDraft))
  /** The picked files not uploaded yet; not reactive. */
  const files = new Map<string, File>()

  const patch = (key: string, change: Partial<Attachment>): void => {
    setAttachments((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)))
  }
  const revoke = (a: Attachment): void => {
    if (a.preview?.startsWith('blob:')) URL.revokeObjectURL(a.preview)
  }
  let disposed = false
  onCleanup(() => {
    disposed = true
    for (const a of untrack(attachments)) revoke(a)
  })

  const upload = async (key: string): Promise<void> => {
    const file = files.get(key)
    const a = untrack(attachments).find((x) => x.key === key)
    if (!file || !a || a.status === 'uploading') return
    patch(key, { status: 'uploading', error: null })
    try {
      const up = await uploadMedia(input.token, chatId, file, a.name, a.mime)
      files.delete(key)
      const media = { url: up.url, mime: up.mime, name: up.name, size: up.size }
      if (disposed) {
        // The chat was left while it uploaded: it joins the chat's draft, to be there when the chat is back.
        const draft = drafts.read(chatId)
        drafts.write(chatId, { ...draft, attachments: [...draft.attachments, { kind: up.kind, media }] })
        return
      }
      // Taken off while it uploaded: the server's copy goes too.
      if (!untrack(attachments).some((x) => x.key === key)) {
        void discardMedia(input.token, up.url)
        return
      }
      patch(key, { status: 'ready', media })
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      // Not reached: it waits for the connection. Refused (too big, a type the server will not take): said.
      if (err.status === 0) patch(key, { status: 'waiting' })
      else patch(key, { status: 'failed', error: err.message })
    }
  }

  // Back online: what waited goes up.
  createEffect(() => {
    if (!input.online()) return
    for (const a of untrack(attachments)) if (a.status === 'waiting') void upload(a.key)
  })

  // The draft follows every change; the files not uploaded yet are not part of it.
  createEffect(() => {
    drafts.write(chatId, {
      text: text(),
      mode: mode(),
      replyTo: replyTo(),
      attachments: attachments().flatMap((a) =>
        a.status === 'ready' && a.media && a.kind ? [{ kind: a.kind, media: a.media }] : [],
      ),
    })
  })

  const addFiles = (picked: readonly File[]): void => {
    const added: Attachment[] = picked.map((file) => {
      const mime = mimeOfFile(file.type, file.name)
      const kind = uploadKindOf(mime)
      const key = newId()
      if (kind !== null) files.set(key, file)
      return {
        key,
        name: file.name || kind || 'file',
        mime,
        size: file.size,
        kind,
        preview: kind === 'image' ? URL.createObjectURL(file) : null,
        status: kind === null ? 'refused' : 'waiting',
        media: null,
        error: null,
      }
    })
    if (added.length === 0) return
    setAttachments((list) => [...list, ...added])
    // Files go with an answer, not a comment.
    setMode('message')
    if (input.online()) for (const a of added) if (a.status === 'waiting') void upload(a.key)
  }

  const remove = (key: string): void => {
    const a = attachments().find((x) => x.key === key)
    if (a) revoke(a)
    // Uploaded but not sent: the server deletes its copy.
    if (a?.media) void discardMedia(input.token, a.media.url)
    files.delete(key)
    setAttachments((list) => list.filter((x) => x.key !== key))
  }

  const blocked = (): SendBlock | null => {
    if (!input.ready()) return 'notReady'
    if (text().length > MAX_TEXT) return 'tooLong'
    if (mode() === 'comment') return text().trim() === '' ? 'empty' : null
    if (input.windowClosed()) return 'windowClosed'
    const list = attachments()
    if (list.some((a) => a.status === 'failed' || a.status === 'refused')) return 'filesFailed'
    if (list.some((a) => a.status === 'uploading')) return 'filesUploading'
    if (list.some((a) => a.status === 'waiting')) return 'filesWaiting'
    return text().trim() === '' && list.length === 0 ? 'empty' : null
  }

  const send = (): boolean => {
    if (blocked() !== null) return false
    const body = text()
    if (mode() === 'comment') {
      actions.comment({ text: body, mentions: mentionedIn(body, input.mentionable()) })
      setText('')
      return true
    }
    const replying = replyTo()
    const answers: OperatorMessageInput[] = attachments().map((a, i) => ({
      id: newId(),
      kind: a.kind!,
      media: a.media!,
      // The text is the first file's caption, and that message is the reply.
      text: i === 0 ? body : '',
      ...(i === 0 && replying !== null && { replyTo: replying }),
    }))
    if (answers.length === 0)
      answers.push({ id: newId(), text: body, ...(replying !== null && { replyTo: replying }) })
    for (const answer of answers) actions.sendMessage(answer)
    for (const a of attachments()) revoke(a)
    setAttachments([])
    setReplyTo(null)
    setText('')
    return true
  }

  return {
    text,
    setText,
    mode,
    setMode,
    replyTo,
    reply: (id) => {
      setReplyTo(id)
      if (id !== null) setMode('message')
    },
    attachments,
    addFiles,
    remove,
    blocked,
    send,
  }
}
