/**
 * Zone 4, «Профиль контакта» (seed 000), live from the contact's doc: avatar and name, the messenger ID and
 * profile link, phone, email, birthday, city, subscriber type, the custom fields, tags and notes, all edited in
 * place (offline too), WhatsApp's reply window, and the contact's chats in every channel (seed 003). Ctrl+Shift+S
 * opens the full card.
 */
import { createMemo, createSignal, type JSX, onCleanup, Show } from 'solid-js'
import type { ChatSummary } from '../../../model'
import { useI18n } from '../../i18n'
import { createClock } from '../../state/clock'
import {
  type ContactDirectory,
  chatsOfContact,
  createContact,
  createContactDirectory,
  createOpenChatReplyWindow,
} from '../../state/contact'
import type { DirectoryState } from '../../state/directory'
import type { Session } from '../../sync'
import { createHotkeys, HOTKEYS } from '../../ui/hotkeys'
import { StatusLabel } from '../../ui/StatusLabel'
import { ReplyWindowNote } from '../chat/ReplyWindowNote'
import { ContactCard } from './ContactCard'
import { ContactChats } from './ContactChats'
import { ContactNotes } from './ContactNotes'
import { ContactTags } from './ContactTags'
import { CustomFields } from './CustomFields'
import { MergeDialog } from './MergeDialog'
import { ContactHeader, ProfileFields } from './ProfileFields'

const CARD_KEYS = HOTKEYS.contactCard.keys[0].join('+')

export interface ContactPanelProps {
  session: Session
  operatorId: string
  /** The operator's own tag filters (ACC3); empty: none. */
  accessTags: readonly string[]
  /** The chat on screen. */
  summary: ChatSummary | undefined
  /** Every chat of the local index, to find the contact's others. */
  chats: readonly ChatSummary[]
  directory: DirectoryState
  onOpenChat: (chatId: string) => void
}

export const ContactPanel = (props: ContactPanelProps): JSX.Element => {
  const { t } = useI18n()
  const contactDirectory = createContactDirectory(props.session.directory)
  const now = createClock()
  const replyWindow = createOpenChatReplyWindow(
    props.session,
    () => props.summary?.id ?? null,
    () => (props.summary ? props.directory.channel(props.summary.channelId)?.kind : undefined),
    now,
  )
  const [cardOpen, setCardOpen] = createSignal(false)
  // [seed 003] Ctrl+Shift+S opens the full card (by the key's place: the Russian layout types «Ы» there); the
  // card's <dialog> closes on Esc by itself.
  createHotkeys({
    contactCard: () => {
      if (props.summary) setCardOpen(true)
    },
  })
  return (
    <aside class="zone profile" aria-label={t('contactProfile')}>
      <h2>{t('contactProfile')}</h2>
      <Show when={props.summary} fallback={<p class="empty">{t('pickChat')}</p>}>
        {(summary) => (
          <>
            <Show when={replyWindow()}>
              {(w) => <ReplyWindowNote window={w()} id="contact-reply-window" />}
            </Show>
            <Show when={summary().contactId} keyed>
              {(contactId) => (
                <ContactView
                  {...props}
                  summary={summary()}
                  contactId={contactId}
                  contactDirectory={contactDirectory}
                  cardOpen={cardOpen()}
                  setCardOpen={setCardOpen}
                />
              )}
            </Show>
          </>
        )}
      </Show>
    </aside>
  )
}

const ContactView = (
  props: ContactPanelProps & {
    summary: ChatSummary
    contactId: string
    contactDirectory: ContactDirectory
    cardOpen: boolean
    setCardOpen: (open: boolean) => void
  },
): JSX.Element => {
  const { t } = useI18n()
  const state = createContact(props.session, props.contactId, props.operatorId)
  const contact = state.contact
  const chats = createMemo(() => chatsOfContact(props.chats, props.contactId))
  const operatorName = (id: string): string => props.directory.operatorName(id) ?? id.slice(0, 8)
  // The card is this contact's: it does not stay open for the next one.
  onCleanup(() => props.setCardOpen(false))
  const [merging, setMerging] = createSignal(false)
  return (
    <div class="profile-body">
      <ContactHeader
        profile={contact().profile}
        fallbackName={props.summary.contactName}
        seed={props.contactId}
      />
      <button
        type="button"
        class="ghost contact-open-card"
        title={CARD_KEYS}
        aria-keyshortcuts="Control+Shift+S"
        onClick={() => props.setCardOpen(true)}
      >
        {t('contactOpenCard')}
      </button>
      <dl class="contact-chat-facts">
        <dt>{t('status')}</dt>
        <dd>
          <StatusLabel status={props.summary.status} />
        </dd>
        <dt>{t('assignee')}</dt>
        <dd>{props.directory.operatorName(props.summary.assigneeId) ?? t('notAssigned')}</dd>
      </dl>
      <Show when={!state.denied()} fallback={<p class="error">{t('contactDenied')}</p>}>
        {/* Until the server (or the offline copy) has given the contact, an edit could overwrite what it holds. */}
        <Show when={state.loaded()} fallback={<p class="empty">{t('loading')}</p>}>
          <ProfileFields profile={contact().profile} state={state} />
          <CustomFields defs={props.contactDirectory.fieldDefs()} values={contact().fields} state={state} />
          <ContactTags
            tags={contact().tags}
            directory={props.contactDirectory}
            accessTags={props.accessTags}
            state={state}
          />
          <ContactNotes
            notes={contact().notes}
            operatorId={props.operatorId}
            operatorName={operatorName}
            state={state}
          />
        </Show>
      </Show>
      <ContactChats
        chats={chats()}
        selected={props.summary.id}
        directory={props.directory}
        onOpen={props.onOpenChat}
      />
      <Show when={!state.denied()}>
        <button type="button" class="ghost contact-merge" onClick={() => setMerging(true)}>
          {t('mergeContacts')}
        </button>
      </Show>
      {/* The merge itself is the server's (MRG1–MRG3): the chats move, the index names the new contact, and this
          view follows the summary's contact id. */}
      <Show when={merging()}>
        <MergeDialog
          token={props.session.token}
          contactId={props.contactId}
          contactName={props.summary.contactName}
          channelName={(id) => props.directory.channel(id)?.name}
          onMerged={() => {}}
          onClose={() => setMerging(false)}
        />
      </Show>
      <Show when={props.cardOpen && !state.denied()}>
        <ContactCard
          contactId={props.contactId}
          contact={contact()}
          fallbackName={props.summary.contactName}
          state={state}
          contactDirectory={props.contactDirectory}
          directory={props.directory}
          accessTags={props.accessTags}
          operatorId={props.operatorId}
          chats={chats()}
          selected={props.summary.id}
          onOpenChat={props.onOpenChat}
          onClose={() => props.setCardOpen(false)}
        />
      </Show>
    </div>
  )
}
