/** What a message's attachment may link to, and how big it is, as the history shows them. */
import type { Message, MessageKind } from '../../../model'
import type { Locale } from '../../i18n'

export type Media = NonNullable<Message['media']>

/** How the history shows an attachment of this kind: previewed, played, or linked. */
export type MediaView = 'image' | 'audio' | 'video' | 'file' | 'none'

export const mediaView = (kind: MessageKind): MediaView => {
  switch (kind) {
    case 'image':
    case 'sticker':
      return 'image'
    case 'audio':
      return 'audio'
    case 'video':
      return 'video'
    case 'location':
    case 'contact':
    case 'technical':
      return 'none'
    default:
      return 'file'
  }
}

/**
 * The attachment's address when it is safe to put in `src`/`href`: http(s), or relative to the app (resolved
 * against `base`). Anything else (`javascript:`, `data:`, `blob:`, `file:`, garbage) is `null`.
 */
export const safeMediaUrl = (
  raw: string,
  base: string | undefined = globalThis.location?.href,
): string | null => {
  const text = raw.trim()
  if (text === '') return null
  let url: URL
  try {
    url = base === undefined ? new URL(text) : new URL(text, base)
  } catch {
    return null
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
}

const UNITS = [
  { unit: 'byte', size: 1 },
  { unit: 'kilobyte', size: 1024 },
  { unit: 'megabyte', size: 1024 ** 2 },
  { unit: 'gigabyte', size: 1024 ** 3 },
] as const

/** `2.4 MB`, `2,4 МБ`. */
export const formatSize = (bytes: number, locale: Locale): string => {
  const step = [...UNITS].reverse().find((u) => bytes >= u.size) ?? UNITS[0]
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: step.unit,
    unitDisplay: step.size === 1 ? 'long' : 'short',
    maximumFractionDigits: step.size === 1 ? 0 : 1,
  }).format(bytes / step.size)
}
