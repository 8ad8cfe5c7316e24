/**
 * «Вложения»: the files attached to the answer being written, each with a preview (a picture's thumbnail, else
 * its name and size), where its upload stands, and «Убрать» to take it off before sending.
 */
import { For, type JSX, Match, Show, Switch } from 'solid-js'
import { useI18n } from '../../i18n'
import type { Attachment } from '../../state/composer'
import { formatSize, safeMediaUrl } from './media'

/** `PDF` for `invoice.pdf`: what a file that is not a picture shows in place of a thumbnail. */
const extension = (name: string): string => /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toUpperCase() ?? 'FILE'

export const ComposerAttachments = (props: {
  items: readonly Attachment[]
  onRemove: (key: string) => void
}): JSX.Element => {
  const { t, locale } = useI18n()
  // blob: previews are ours (the picked file); anything else must be a safe address like the history's.
  const src = (a: Attachment): string | null =>
    a.preview?.startsWith('blob:') ? a.preview : a.preview ? safeMediaUrl(a.preview) : null
  return (
    <Show when={props.items.length > 0}>
      <ul class="composer-attachments" aria-label={t('attachments')}>
        <For each={props.items}>
          {(a) => (
            <li class={`attachment attachment-${a.status}`}>
              <Show
                when={a.kind === 'image' && src(a)}
                fallback={<span class="attachment-icon">{extension(a.name)}</span>}
              >
                {(url) => <img class="attachment-thumb" src={url()} alt={a.name} />}
              </Show>
              <span class="attachment-name" title={a.name}>
                {a.name}
              </span>
              <span class="attachment-size">{formatSize(a.size, locale())}</span>
              <Switch>
                <Match when={a.status === 'uploading'}>
                  <span class="attachment-state">{t('attachmentUploading')}</span>
                </Match>
                <Match when={a.status === 'waiting'}>
                  <span class="attachment-state">{t('attachmentWaiting')}</span>
                </Match>
                <Match when={a.status === 'failed'}>
                  <span class="attachment-state attachment-error" role="alert">
                    {t('attachmentFailed', { message: a.error ?? '' })}
                  </span>
                </Match>
                <Match when={a.status === 'refused'}>
                  <span class="attachment-state attachment-error" role="alert">
                    {t('attachmentRefused')}
                  </span>
                </Match>
              </Switch>
              <button
                type="button"
                class="attachment-remove"
                aria-label={t('removeAttachment', { name: a.name })}
                title={t('removeAttachment', { name: a.name })}
                onClick={() => props.onRemove(a.key)}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
