/**
 * A message in the history: sender, attachment, text (edited, deleted, or being edited), the customer's reaction,
 * time, and for an answer its delivery state, with «Отправить ещё раз» when it failed or may not have gone out,
 * the actions on the operator's own answer, and operators' reaction marks and tags with their menu items and dialog
 * (seed 001). Each mark is read for this message alone (chat-marks.ts, message-labels.ts), so a change to one
 * message's delivery re-renders this row, not the history.
 */
import { createSignal, type JSX, Show } from 'solid-js'
import type { Message } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import { deliveryStateOf } from '../../state/message-options'
import type { MessengerState } from '../../state/messenger'
import { DeliveryMark } from './DeliveryMark'
import { DeliveryProblem } from './DeliveryProblem'
import { MessageEditor } from './MessageEditor'
import { MessageLabelBar } from './MessageLabelBar'
import { MessageMedia } from './MessageMedia'
import { MessageMenu } from './MessageMenu'
import { MessageQuote, type Quote } from './MessageQuote'
import { MessageTagsDialog } from './MessageTagsDialog'
import { MessageText } from './MessageText'
import { mediaView } from './media'
import { RequestError } from './RequestError'

/** The attachment to show, if this kind of message shows one. */
const mediaOf = (m: Message) => (m.media && mediaView(m.kind) !== 'none' ? m.media : null)

export const MessageRow = (props: {
  message: Message
  sender: string
  messenger: MessengerState
  onMediaLoad: () => void
  /** The message this one replies to, quoted above it. */
  quote: Quote | null
  onQuote: (messageId: string) => void
  /** «Ответить»: on a customer's message or an answer, not on an internal comment. */
  onReply?: ((messageId: string) => void) | undefined
  /** The names an internal comment mentions. */
  mentioned: readonly string[]
}): JSX.Element => {
  const { t, locale } = useI18n()
  const [editing, setEditing] = createSignal(false)
  const [tagging, setTagging] = createSignal(false)
  const labels = () => props.messenger.labels
  const m = () => props.message
  const marks = () => props.messenger.marks
  const delivery = () => marks().delivery(m().id)
  const state = () => deliveryStateOf(m(), delivery())
  const edit = () => marks().edit(m().id)
  const removed = () => marks().removal(m().id) !== undefined
  const options = () => props.messenger.options(m())
  const request = () => props.messenger.request(m().id)
  const reply = () => (m().direction === 'internal' ? undefined : props.onReply)
  const save = async (text: string): Promise<void> => {
    if (await props.messenger.edit(m().id, text)) setEditing(false)
  }
  return (
    <li class={`message message-${m().direction}`} data-message-id={m().id} tabIndex={-1}>
      <span class="message-sender">
        {props.sender}
        <Show when={m().direction === 'internal'}>
          <span class="message-comment-label"> · {t('comment')}</span>
        </Show>
        {/* The server's request for the customer's rating [RAT6]. */}
        <Show when={m().ask === 'rating'}>
          <span class="message-rating-label"> · ☆ {t('csatRequestMarker')}</span>
        </Show>
      </span>
      <Show when={props.quote}>{(q) => <MessageQuote quote={q()} onQuote={props.onQuote} />}</Show>
      <Show when={mediaOf(m())}>
        {(media) => <MessageMedia kind={m().kind} media={media()} onLoad={props.onMediaLoad} />}
      </Show>
      <Show
        when={editing() && options().edit}
        fallback={<MessageText message={m()} edit={edit()} removed={removed()} hasMedia={!!mediaOf(m())} />}
      >
        <MessageEditor
          initial={edit()?.text ?? m().text}
          online={props.messenger.online()}
          busy={request()?.busy ?? false}
          onSave={(text) => void save(text)}
          onCancel={() => setEditing(false)}
        />
      </Show>
      <Show when={props.mentioned.length > 0}>
        <span class="message-mentions">{t('mentioned', { names: props.mentioned.join(', ') })}</span>
      </Show>
      <MessageLabelBar labels={labels()} messageId={m().id} />
      <span class="message-meta">
        <Show when={marks().reaction(m().id)}>
          {(reaction) => (
            <span
              class="message-reaction"
              role="img"
              aria-label={t('customerReaction', { emoji: reaction().emoji })}
              title={t('customerReaction', { emoji: reaction().emoji })}
            >
              {reaction().emoji}
            </span>
          )}
        </Show>
        <time class="message-time">{formatFullTime(m().at, locale())}</time>
        <Show when={state()}>{(s) => <DeliveryMark state={s()} />}</Show>
        {/* Marks and tags apply to every message, so the menu is always there [MRK1, MTG1]. */}
        <Show when={!editing()}>
          <MessageMenu
            canEdit={options().edit}
            canRemove={options().remove}
            online={props.messenger.online()}
            onEdit={() => setEditing(true)}
            onRemove={() => void props.messenger.remove(m().id)}
            onReply={reply() && (() => reply()?.(m().id))}
            labels={{
              own: labels().ownMark(m().id),
              onMark: (mark) => labels().mark(m().id, mark),
              onTags: () => setTagging(true),
            }}
          />
        </Show>
      </span>
      <Show when={options().resend}>
        <DeliveryProblem
          delivery={delivery()}
          online={props.messenger.online()}
          busy={request()?.busy ?? false}
          onResend={() => void props.messenger.resend(m().id)}
        />
      </Show>
      <RequestError request={request()} />
      <Show when={tagging()}>
        <MessageTagsDialog labels={labels()} messageId={m().id} onClose={() => setTagging(false)} />
      </Show>
    </li>
  )
}
