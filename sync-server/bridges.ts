/** The messenger bridges by channel kind. The widget is not one: it has its own routes (sync-server/widget/). */
import { type BridgeContext, type ChannelBridge, telegram, vk, whatsapp } from '../channels'
import type { ChannelRecord } from './channel-registry'

// Each bridge's config type is its own; the server hands each the config its schema accepted.
export type AnyBridge = ChannelBridge<{ apiBaseUrl?: string }>

const BRIDGES: Readonly<Record<string, AnyBridge>> = {
  telegram: telegram.bridge as unknown as AnyBridge,
  whatsapp: whatsapp.bridge as unknown as AnyBridge,
  vk: vk.bridge as unknown as AnyBridge,
}

export const bridgeOf = (kind: string): AnyBridge | null => BRIDGES[kind] ?? null

/** Whether channels of this kind talk to a messenger through a bridge (and their answers go through the outbox). */
export const isMessengerKind = (kind: string): boolean => bridgeOf(kind) !== null

/** What a bridge gets for one call on a channel: its config, the API base (its own or the provider's), the clock. */
export const bridgeContext = (
  channel: ChannelRecord,
  bridge: AnyBridge,
  now: () => number,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): BridgeContext<{ apiBaseUrl?: string }> => ({
  config: channel.config as { apiBaseUrl?: string },
  apiBaseUrl: (channel.config.apiBaseUrl as string | undefined) ?? bridge.defaultApiBaseUrl,
  now,
  fetch: options.fetch ?? globalThis.fetch,
  timeoutMs: options.timeoutMs ?? 15_000,
})
