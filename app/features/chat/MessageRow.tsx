/**
 * A message in the history: sender, attachment, text (edited, deleted, or being edited), the customer's reaction,
 * time, and for an answer its delivery state, with «Отправить ещё раз» when it failed or may not have gone out,
 * and the actions on the operator's own answer. Each mark is read for this message alone (chat-marks.ts), so a
 * change to one message's delivery re-renders this row, not the history.
 */
import { createSignal, type JSX, Show } from 'solid-js'
import type { Message } from '../../../model'
import { formatFullTime, useI18n } from '../../i18n'
import { deliveryStateOf } from '../../state/message-options'
import type { MessengerState } from '../../state/messenger'
import { DeliveryMark } from './DeliveryMark'
import { DeliveryProblem } from './DeliveryProblem'
import { MessageEditor } from './MessageEditor'
import { MessageMedia } from './MessageMedia'
import { MessageMenu } from './MessageMenu'
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
}): JSX.Element => {
  const { t, locale } = useI18n()
  const [editing, setEditing] = createSignal(false)
  const m = () => props.message
  const marks = () => props.messenger.marks
  const delivery = () => marks().delivery(m().id)
  const state = () => deliveryStateOf(m(), delivery())
  const edit = () => marks().edit(m().id)
  const removed = () => marks().removal(m().id) !== undefined
  const options = () => props.messenger.options(m())
  const request = () => props.messenger.request(m().id)
  const save = async (text: string): Promise<void> => {
    if (await props.messenger.edit(m().id, text)) setEditing(false)
  }
  return (
    <li class={`message message-${m().direction}`}>
      <span class="message-sender">{props.sender}</span>
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
        <Show when={!editing() && (options().edit || options().remove)}>
          <MessageMenu
            canEdit={options().edit}
            canRemove={options().remove}
            online={props.messenger.online()}
            onEdit={() => setEditing(true)}
            onRemove={() => void props.messenger.remove(m().id)}
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
    </li>
  )
}
