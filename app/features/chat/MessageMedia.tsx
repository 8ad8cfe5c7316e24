/**
 * A message's attachment in the history: images and stickers previewed (a click opens the full one in a new
 * tab), audio and video played in place, anything else a link with its name and size. Only http(s) or
 * same-origin addresses are ever put in the page; any other shows the file's name as plain text.
 */
import { type JSX, Match, Show, Switch } from 'solid-js'
import type { MessageKind } from '../../../model'
import { useI18n } from '../../i18n'
import { formatSize, type Media, mediaView, safeMediaUrl } from './media'

export const MessageMedia = (props: {
  kind: MessageKind
  media: Media
  /** The preview got its size: the history may need to keep its bottom in view. */
  onLoad?: () => void
}): JSX.Element => {
  const { locale } = useI18n()
  const url = () => safeMediaUrl(props.media.url)
  const name = () => props.media.name || props.kind
  const size = () => (props.media.size === undefined ? '' : ` · ${formatSize(props.media.size, locale())}`)
  const loaded = () => props.onLoad?.()
  return (
    <Show when={url()} fallback={<span class="message-file">{name()}</span>}>
      {(href) => (
        <Switch
          fallback={
            <a
              class="message-file"
              href={href()}
              target="_blank"
              rel="noopener noreferrer"
              download={props.media.name ?? ''}
            >
              {name()}
              {size()}
            </a>
          }
        >
          <Match when={mediaView(props.kind) === 'image'}>
            <a class="message-image-link" href={href()} target="_blank" rel="noopener noreferrer">
              <img class="message-image" src={href()} alt={name()} onLoad={loaded} />
            </a>
          </Match>
          <Match when={mediaView(props.kind) === 'audio'}>
            {/* biome-ignore lint/a11y/useMediaCaption: customer-sent media comes without captions; there is none to add */}
            <audio class="message-audio" controls preload="metadata" src={href()} aria-label={name()} />
          </Match>
          <Match when={mediaView(props.kind) === 'video'}>
            {/* biome-ignore lint/a11y/useMediaCaption: customer-sent media comes without captions; there is none to add */}
            <video
              class="message-video"
              controls
              preload="metadata"
              src={href()}
              aria-label={name()}
              onLoadedMetadata={loaded}
            />
          </Match>
        </Switch>
      )}
    </Show>
  )
}
