/** The messenger bridges by channel kind. The widget is not one: it has its own routes (sync-server/widget/). */
import { type ChannelBridge, telegram, vk, whatsapp } from '../channels'

// Each bridge's config type is its own; the server hands each the config its schema accepted.
type AnyBridge = ChannelBridge<{ apiBaseUrl?: string }>

const BRIDGES: Readonly<Record<string, AnyBridge>> = {
  telegram: telegram.bridge as unknown as AnyBridge,
  whatsapp: whatsapp.bridge as unknown as AnyBridge,
  vk: vk.bridge as unknown as AnyBridge,
}

export const bridgeOf = (kind: string): AnyBridge | null => BRIDGES[kind] ?? null
