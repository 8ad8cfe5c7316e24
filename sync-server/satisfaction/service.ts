/**
 * Satisfaction on the server (issue 7 §3): sends the rating request a close asked for [RAT6], records the
 * customer's button or widget score with its thanks [RAT7], and tells the ingestion door what a typed score is
 * answered with [RAT3]. The request follows chat docs like the outbox and mentions do: an observer on each loaded
 * chat's history sees a close however it came (the app live, an offline client's late sync, REST), and writes the
 * request in the same group commit, so a crash cannot keep the close and lose the request, and a retry, a restart
 * or a late merge finds the request there (its message id is derived from the close's id) and sends none.
 */
import { createHash } from 'node:crypto'
import type * as Y from 'yjs'
import {
  type ChannelKind,
  channelContext,
  chatDocName,
  chatParts,
  DocKind,
  hasRatingRequest,
  hasReplyWindow,
  parseDocName,
  type RatingAnswerResult,
  type RatingThanks,
  ratingRequestDue,
  ratingRequestForm,
  recordRatingAnswer,
  replyWindowEndsAt,
  replyWindowOpen,
  requestRating,
  type SatisfactionSettings,
  serverContext,
} from '../../model'
import type { ChannelRegistry } from '../channel-registry'
import type { ChatRegistry } from '../chats'
import type { DocHub, LoadedDoc } from '../docs/hub'
import type { Logger } from '../logger'
import type { Db } from '../storage/db'
import { publishSatisfaction, SatisfactionSettingsStore } from './settings'

export interface SatisfactionDeps {
  readonly db: Db
  readonly hub: DocHub
  readonly chats: ChatRegistry
  readonly channels: ChannelRegistry
  readonly now: () => number
  readonly logger: Logger
}

const digest = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 22)

/**
 * [RAT6] The request message's id for a close: short (27 characters, so a button's data stays far under
 * Telegram's 64 bytes) and the same on every try, whatever id the close's author made.
 */
export const ratingRequestMessageId = (closeEventId: string): string => `csat-${digest(closeEventId)}`

/** A widget score's line id: the same request, score and comment again (a retry) is the same press. */
export const widgetRatingLineId = (requestMessageId: string, score: number, comment: string | undefined) =>
  `w:rate:${digest(`${requestMessageId}\u0000${score}\u0000${comment ?? ''}`)}`

/** One customer's score through a button (a bridge's `rating` event) or the widget. */
export interface RatingAnswer {
  readonly requestMessageId: string
  readonly score: number
  readonly lineId: string
  readonly at?: number
  readonly comment?: string
}

export class Satisfaction {
  readonly #deps: SatisfactionDeps
  readonly store: SatisfactionSettingsStore

  constructor(deps: SatisfactionDeps) {
    this.#deps = deps
    this.store = new SatisfactionSettingsStore(deps.db, deps.now)
  }

  settings(): SatisfactionSettings {
    return this.store.get()
  }

  /** Saves and publishes the settings; resolves once the directory doc has them durably. */
  async save(settings: SatisfactionSettings): Promise<SatisfactionSettings> {
    this.store.set(settings)
    await this.publish()
    return settings
  }

  publish(): Promise<boolean> {
    return publishSatisfaction(this.#deps.hub, this.store, this.#deps.now())
  }

  /** Starts following loaded chat docs for closes that ask for a rating; returns the function that stops it. */
  follow(): () => void {
    return this.#deps.hub.onLoad((loaded) => {
      const ref = parseDocName(loaded.name)
      if (ref?.kind !== DocKind.chat) return
      const chatId = ref.id
      // Attached at load: the stored log is not seen again, only what is appended after it.
      chatParts(loaded.doc).history.observe((event) => {
        let asks = false
        for (const item of event.changes.added)
          for (const raw of item.content.getContent())
            if ((raw as { type?: unknown; askRating?: unknown })?.askRating === true) asks = true
        if (asks) this.#request(loaded, chatId)
      })
    })
  }

  /**
   * [RAT7] Records a score for one of this chat's requests, with its technical line and the thanks after the
   * first; `null` when the conversation is not ours.
   */
  async answer(
    channelId: string,
    externalChatId: string,
    answer: RatingAnswer,
    via: 'button' | 'widget',
  ): Promise<RatingAnswerResult | null> {
    const { chats, channels, hub, now, logger } = this.#deps
    const chat = chats.chatByExternal(channelId, externalChatId)
    const kind = channels.byId(channelId)?.kind
    if (!chat || !kind) return null
    const ctx = channelContext(channelId, now())
    const result = await hub.transact(
      chatDocName(chat.id),
      (doc) =>
        recordRatingAnswer(
          doc,
          {
            requestMessageId: answer.requestMessageId,
            score: answer.score,
            via,
            lineId: answer.lineId,
            ...(answer.at !== undefined && { at: answer.at }),
            ...(answer.comment !== undefined && { comment: answer.comment }),
          },
          () => this.thanksFor(kind, doc, ctx.now),
          ctx,
        ),
      ctx.origin,
    )
    if (result.outcome === 'unknown_request')
      logger.warn({ chatId: chat.id, requestMessageId: answer.requestMessageId }, 'a score for no request')
    return result
  }

  /**
   * [RAT7] The thanks after a first score, or `null` when it cannot go: a WhatsApp chat whose reply window is
   * closed by WIN1's rule (a button press is technical and opens none), where the send would only fail.
   */
  thanksFor(kind: ChannelKind, doc: Y.Doc, now: number): RatingThanks | null {
    if (hasReplyWindow(kind) && !replyWindowOpen(replyWindowEndsAt(chatParts(doc).messages.view()), now)) {
      this.#deps.logger.info({ kind }, 'no thanks for the rating: the reply window is closed')
      return null
    }
    return { text: this.settings().thanksText }
  }

  /** [RAT6] Writes the request for the chat's latest close when it is due and not made yet. */
  #request(loaded: LoadedDoc, chatId: string): void {
    const { chats, channels, now, logger } = this.#deps
    const doc = loaded.doc
    const at = now()
    const close = ratingRequestDue(chatParts(doc).history.toArray(), at)
    if (!close) return
    const messageId = ratingRequestMessageId(close.id)
    if (hasRatingRequest(doc, messageId)) return
    const channelId = chats.chat(chatId)?.channelId
    const kind = channelId ? channels.byId(channelId)?.kind : undefined
    if (!kind) return
    const settings = this.settings()
    const form = ratingRequestForm(kind, chatParts(doc).messages.view(), at, settings.whatsappTemplate)
    if (!form) {
      // Counted only when really sent (MET13): nothing is recorded, the admin learns why from the log.
      logger.warn(
        { chatId, closeId: close.id },
        'no rating request: the WhatsApp reply window is closed and no template is set for it',
      )
      return
    }
    try {
      requestRating(
        doc,
        { messageId, text: settings.requestText, ...(form.template && { template: form.template }) },
        serverContext('rating-request', at),
      )
    } catch (err) {
      logger.error({ err, chatId }, 'the rating request was not written')
    }
  }
}
