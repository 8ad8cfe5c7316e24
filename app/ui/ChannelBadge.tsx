/** The messenger a chat comes from, as a small coloured mark with the messenger's name for screen readers. */
import type { JSX } from 'solid-js'
import type { ChannelKind } from '../../model'
import { useI18n } from '../i18n'

const SHORT: Readonly<Record<ChannelKind, string>> = {
  telegram: 'TG',
  whatsapp: 'WA',
  vk: 'VK',
  widget: 'WEB',
}
const NAME = {
  telegram: 'kindTelegram',
  whatsapp: 'kindWhatsapp',
  vk: 'kindVk',
  widget: 'kindWidget',
} as const satisfies Record<ChannelKind, string>

export const ChannelBadge = (props: { kind: ChannelKind | undefined }): JSX.Element => {
  const { t } = useI18n()
  const name = () => (props.kind ? t(NAME[props.kind]) : '')
  return (
    <span
      class={`channel-badge channel-${props.kind ?? 'unknown'}`}
      role="img"
      aria-label={name()}
      title={name()}
    >
      {props.kind ? SHORT[props.kind] : '?'}
    </span>
  )
}
