/**
 * «Действия с сообщением» on the operator's own answer in a messenger: «Изменить» (edited in place) and «Удалить у
 * клиента» (after a confirmation) [EDT2, EDT3]. Both go through the server to the messenger, so both are disabled
 * offline. «Ответить» (on any message but an internal comment) quotes it in the composer, offline too. The
 * operator's reaction mark («Позитивная», «Негативная», «Нейтральная») and «Теги» are on every message, offline too
 * (seed 001). Escape or a click elsewhere closes the menu.
 */
import { createSignal, For, type JSX, onCleanup, Show } from 'solid-js'
import { MARK_EMOJI, type MarkKind } from '../../../model'
import { useI18n } from '../../i18n'
import { Dialog } from '../../ui/Dialog'

/** Arrow keys move between the menu's enabled items, round. */
const moveFocus = (menu: HTMLElement, step: number): void => {
  const items = [...menu.querySelectorAll<HTMLButtonElement>('button:enabled')]
  if (items.length === 0) return
  const at = items.indexOf(document.activeElement as HTMLButtonElement)
  items[(at + step + items.length) % items.length]?.focus()
}

/** The list opens upward; on the first messages it would rise above the history's top edge, so it opens downward. */
const placeBelowIfClipped = (list: HTMLElement): void => {
  const scroller = list.closest('.timeline')
  if (scroller && list.getBoundingClientRect().top < scroller.getBoundingClientRect().top) {
    list.classList.add('below')
  }
}

/** The operator's own mark on the message, and what the mark and tag items do. */
export interface MenuLabels {
  readonly own: MarkKind | null
  onMark(mark: MarkKind | null): void
  onTags(): void
}

/** «Позитивная», «Негативная», «Нейтральная» (the operator's own mark, checked) and «Теги». */
const LabelItems = (props: { labels: MenuLabels; close: () => void }): JSX.Element => {
  const { t } = useI18n()
  const choices = [
    { mark: 'positive', label: 'lblPositive', emoji: MARK_EMOJI.positive },
    { mark: 'negative', label: 'lblNegative', emoji: MARK_EMOJI.negative },
    { mark: null, label: 'lblNeutral', emoji: '○' },
  ] as const
  return (
    <>
      <For each={choices}>
        {(choice) => (
          <button
            type="button"
            role="menuitemradio"
            aria-checked={props.labels.own === choice.mark}
            onClick={() => {
              props.close()
              props.labels.onMark(choice.mark)
            }}
          >
            <span aria-hidden="true">{choice.emoji}</span> {t(choice.label)}
          </button>
        )}
      </For>
      <button
        type="button"
        role="menuitem"
        onClick={() => {
          props.close()
          props.labels.onTags()
        }}
      >
        {t('tags')}
      </button>
    </>
  )
}

export const MessageMenu = (props: {
  canEdit: boolean
  canRemove: boolean
  online: boolean
  onEdit: () => void
  onRemove: () => void
  /** «Ответить»: quotes the message in the composer; works offline too. */
  onReply?: (() => void) | undefined
  /** [MRK1] [MTG1] Reaction marks and «Теги» (seed 001); offline too. */
  labels?: MenuLabels | undefined
}): JSX.Element => {
  const { t } = useI18n()
  const [open, setOpen] = createSignal(false)
  const [confirming, setConfirming] = createSignal(false)
  let root: HTMLSpanElement | undefined
  let button: HTMLButtonElement | undefined
  const onPointerDown = (e: PointerEvent): void => {
    if (!root?.contains(e.target as Node)) setOpen(false)
  }
  const show = (next: boolean): void => {
    setOpen(next)
    if (next) document.addEventListener('pointerdown', onPointerDown)
    else document.removeEventListener('pointerdown', onPointerDown)
  }
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown))
  const offlineTitle = () => (props.online ? '' : t('onlineOnly'))
  const item = (label: string, run: () => void) => (
    <button
      type="button"
      role="menuitem"
      disabled={!props.online}
      title={offlineTitle()}
      onClick={() => {
        show(false)
        run()
      }}
    >
      {label}
    </button>
  )
  return (
    <span class="message-menu" ref={root}>
      <button
        ref={button}
        type="button"
        class="message-menu-button"
        aria-label={t('messageActions')}
        title={t('messageActions')}
        aria-haspopup="menu"
        aria-expanded={open()}
        onClick={() => show(!open())}
      >
        ⋯
      </button>
      <Show when={open()}>
        <div
          class="message-menu-list"
          role="menu"
          aria-label={t('messageActions')}
          ref={(el) =>
            queueMicrotask(() => {
              placeBelowIfClipped(el)
              el.querySelector<HTMLButtonElement>('button:enabled')?.focus()
            })
          }
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault()
              moveFocus(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1)
            } else if (e.key === 'Escape') {
              e.preventDefault()
              show(false)
              button?.focus()
            }
          }}
        >
          <Show when={props.onReply}>
            {(reply) => (
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  show(false)
                  reply()()
                }}
              >
                {t('reply')}
              </button>
            )}
          </Show>
          <Show when={props.labels}>
            {(labels) => <LabelItems labels={labels()} close={() => show(false)} />}
          </Show>
          <Show when={props.canEdit}>{item(t('editMessage'), props.onEdit)}</Show>
          <Show when={props.canRemove}>{item(t('removeForCustomer'), () => setConfirming(true))}</Show>
        </div>
      </Show>
      <Show when={confirming()}>
        <Dialog title={t('removeConfirmTitle')} onClose={() => setConfirming(false)}>
          <p>{t('removeConfirmText')}</p>
          <div class="dialog-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
            <button
              type="button"
              class="danger"
              disabled={!props.online}
              onClick={() => {
                setConfirming(false)
                props.onRemove()
              }}
            >
              {t('remove')}
            </button>
          </div>
        </Dialog>
      </Show>
    </span>
  )
}
