/**
 * The full contact card (seed 003 «большая карта клиента»): every field, the tags, the notes and the contact's
 * chats in one dialog. Ctrl+Shift+S opens it, Esc (the dialog's own) closes it.
 */
import type { JSX } from 'solid-js'
import type { ChatSummary, ContactSnapshot } from '../../../model'
import { useI18n } from '../../i18n'
import type { ContactDirectory, ContactState } from '../../state/contact'
import type { DirectoryState } from '../../state/directory'
import { Dialog } from '../../ui/Dialog'
import { ContactChats } from './ContactChats'
import { ContactNotes } from './ContactNotes'
import { ContactTags } from './ContactTags'
import { CustomFields } from './CustomFields'
import { ContactHeader, ProfileFields } from './ProfileFields'

export interface ContactCardProps {
  contactId: string
  contact: ContactSnapshot
  fallbackName: string
  state: ContactState
  contactDirectory: ContactDirectory
  directory: DirectoryState
  accessTags: readonly string[]
  operatorId: string
  chats: readonly ChatSummary[]
  selected: string | null
  onOpenChat: (chatId: string) => void
  onClose: () => void
}

export const ContactCard = (props: ContactCardProps): JSX.Element => {
  const { t } = useI18n()
  return (
    <Dialog title={t('contactCard')} onClose={props.onClose}>
      <div class="contact-card">
        <div class="contact-card-column">
          <ContactHeader
            profile={props.contact.profile}
            fallbackName={props.fallbackName}
            seed={props.contactId}
          />
          <ProfileFields profile={props.contact.profile} state={props.state} />
          <CustomFields
            defs={props.contactDirectory.fieldDefs()}
            values={props.contact.fields}
            state={props.state}
          />
        </div>
        <div class="contact-card-column">
          <ContactTags
            tags={props.contact.tags}
            directory={props.contactDirectory}
            accessTags={props.accessTags}
            state={props.state}
          />
          <ContactNotes
            notes={props.contact.notes}
            operatorId={props.operatorId}
            operatorName={(id) => props.directory.operatorName(id) ?? id.slice(0, 8)}
            state={props.state}
          />
          <ContactChats
            chats={props.chats}
            selected={props.selected}
            directory={props.directory}
            onOpen={(chatId) => {
              props.onOpenChat(chatId)
              props.onClose()
            }}
          />
        </div>
      </div>
      <div class="dialog-actions">
        <button type="button" onClick={() => props.onClose()}>
          {t('contactCloseCard')}
        </button>
      </div>
    </Dialog>
  )
}
