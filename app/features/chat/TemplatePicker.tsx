/**
 * «Шаблоны» beside the composer (seed 003): a button opening a searchable list of the shared templates, grouped by
 * folder. Hovering or focusing a template shows its value filled for this chat (in the preview, which describes
 * the option, and as its tooltip); clicking it hands the filled text to `onInsert` and closes the list [TPL1,
 * TPL2]. In a WhatsApp chat a «Шаблоны WhatsApp» section lists the account's approved templates to send [WTP1];
 * once the 24-hour window has closed the picker says only those can be sent, and shows them first [WIN1].
 * Escape, the button again or a click elsewhere closes it; ↑/↓ move between the templates.
 *
 * Props (the owner of the composer mounts it):
 * - `chatId`: the chat the picker serves.
 * - `onInsert(text)`: the filled text of the picked shared template; the composer puts it in the message box.
 * - `session`: the signed-in session (the directory doc holding the shared templates, offline too; the token for
 *   WhatsApp templates; whether the app is online).
 * - `operatorId`, `directory`: for `{{operator.*}}` and `{{channel.name}}`, and the chat's channel kind.
 * - `summary`: the chat's inbox row, for `{{contact.name}}` and the channel.
 * - `contact` (optional): the contact's profile, whose first name beats the first word of their name.
 * - `replyWindow` (optional): the chat's WhatsApp reply window (`messenger.replyWindow()`).
 * - `onSent` (optional): told after a WhatsApp template was sent.
 */
import { createMemo, createSignal, createUniqueId, For, type JSX, onCleanup, Show } from 'solid-js'
import { type ChatSummary, type ContactProfile, templateValuesOf } from '../../../model'
import { useI18n } from '../../i18n'
import { createConnection } from '../../state/connection'
import type { DirectoryState } from '../../state/directory'
import type { ReplyWindow } from '../../state/reply-window'
import { createTemplatePicker } from '../../state/template-picker'
import { createWhatsAppTemplatesApi, type Session } from '../../sync'
import { WhatsAppTemplates } from './WhatsAppTemplates'

export interface TemplatePickerProps {
  chatId: string
  onInsert: (text: string) => void
  session: Session
  operatorId: string
  directory: DirectoryState
  summary: ChatSummary | undefined
  contact?: ContactProfile | undefined
  replyWindow?: ReplyWindow | null | undefined
  onSent?: (() => void) | undefined
}

/** ↑/↓ move between the list's enabled options, round. */
const moveFocus = (list: HTMLElement, step: number): void => {
  const options = [...list.querySelectorAll<HTMLButtonElement>('button.template-option:enabled')]
  if (options.length === 0) return
  const at = options.indexOf(document.activeElement as HTMLButtonElement)
  options[(at + step + options.length) % options.length]?.focus()
}

export const TemplatePicker = (props: TemplatePickerProps): JSX.Element => {
  const { t } = useI18n()
  const previewId = createUniqueId()
  const [open, setOpen] = createSignal(false)
  const [preview, setPreview] = createSignal<string | null>(null)
  const { online } = createConnection(props.session)
  const channel = () => props.directory.channel(props.summary?.channelId ?? '')
  const whatsappChannel = () => (channel()?.kind === 'whatsapp' ? (channel()?.id ?? null) : null)
  const values = createMemo(() =>
    templateValuesOf({
      contactName: props.summary?.contactName,
      contactFirstName: props.contact?.firstName,
      operatorName: props.directory.operatorName(props.operatorId) ?? undefined,
      channelName: channel()?.name,
    }),
  )
  const picker = createTemplatePicker({
    directory: props.session.directory,
    chatId: props.chatId,
    whatsappChannel,
    values,
    api: createWhatsAppTemplatesApi(props.session.token),
  })
  const closed = () => props.replyWindow?.open === false
  let root: HTMLDivElement | undefined
  let button: HTMLButtonElement | undefined
  const onPointerDown = (e: PointerEvent): void => {
    if (!root?.contains(e.target as Node)) show(false)
  }
  const show = (next: boolean): void => {
    setOpen(next)
    setPreview(null)
    if (next) {
      document.addEventListener('pointerdown', onPointerDown)
      if (whatsappChannel() !== null && online()) void picker.loadWhatsApp()
    } else document.removeEventListener('pointerdown', onPointerDown)
  }
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown))
  const whatsapp = () => (
    <Show when={whatsappChannel()}>
      <WhatsAppTemplates
        picker={picker}
        online={online()}
        previewId={previewId}
        onPreview={setPreview}
        onSent={() => {
          show(false)
          props.onSent?.()
        }}
      />
    </Show>
  )
  return (
    <div class="template-picker" ref={root}>
      <button
        ref={button}
        type="button"
        class="template-picker-button"
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={() => show(!open())}
      >
        {t('tplOpen')}
      </button>
      <Show when={open()}>
        <div
          class="template-popover"
          role="dialog"
          aria-label={t('tplOpen')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault()
              show(false)
              button?.focus()
            } else if (
              (e.key === 'ArrowDown' || e.key === 'ArrowUp') &&
              e.target instanceof HTMLButtonElement
            ) {
              e.preventDefault()
              moveFocus(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1)
            }
          }}
        >
          <Show when={closed()}>
            <p class="reply-window reply-window-closed">{t('tplWindowClosed')}</p>
            {whatsapp()}
          </Show>
          <input
            type="search"
            class="template-search"
            aria-label={t('tplSearch')}
            placeholder={t('tplSearch')}
            value={picker.query()}
            ref={(el) => queueMicrotask(() => el.focus())}
            onInput={(e) => picker.setQuery(e.currentTarget.value)}
          />
          <Show when={picker.groups().length > 0} fallback={<p class="hint">{t('tplNothingFound')}</p>}>
            <For each={picker.groups()}>
              {(group) => (
                <section class="template-group" aria-label={group.folder ?? t('tplNoFolder')}>
                  <h4>{group.folder ?? t('tplNoFolder')}</h4>
                  <ul class="template-options">
                    <For each={group.templates}>
                      {(template) => (
                        <li>
                          <button
                            type="button"
                            class="template-option"
                            title={picker.fill(template)}
                            aria-describedby={previewId}
                            onMouseEnter={() => setPreview(picker.fill(template))}
                            onFocus={() => setPreview(picker.fill(template))}
                            onClick={() => {
                              props.onInsert(picker.fill(template))
                              show(false)
                            }}
                          >
                            {template.title}
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              )}
            </For>
          </Show>
          <output class="template-preview" id={previewId} aria-label={t('tplPreview')}>
            {preview() ?? t('tplHint')}
          </output>
          <Show when={!closed()}>{whatsapp()}</Show>
        </div>
      </Show>
    </div>
  )
}
