/**
 * The VK bridge (kind 'vk'): a community's messages through the Callback API in and the messages API out. The
 * one door of channels/vk: `bridge` for the server, the helpers its tests and the server's wiring need.
 */
import type { ChannelBridge } from '../contract'
import { handleVkWebhook, vkMessageId } from './parse'
import { VK_DEFAULT_API_BASE, type VkConfig, VkConfigSchema } from './schema'
import { downloadVkMedia, editVk, fetchVkProfile, removeVk, sendVk, VK_DELETE_WINDOW_MS } from './send'

export { providerIdOf, vkMessageId } from './parse'
export { VK_DEFAULT_API_BASE, VK_DEFAULT_API_VERSION, type VkConfig, VkConfigSchema } from './schema'
export { fetchVkProfile, randomIdOf, VK_DELETE_WINDOW_MS, VK_MAX_TEXT } from './send'

export const bridge: ChannelBridge<VkConfig> = {
  kind: 'vk',
  configSchema: VkConfigSchema,
  defaultApiBaseUrl: VK_DEFAULT_API_BASE,
  deleteWindowMs: VK_DELETE_WINDOW_MS,
  messageIdOf: vkMessageId,
  handleWebhook: handleVkWebhook,
  send: sendVk,
  edit: editVk,
  remove: removeVk,
  downloadMedia: downloadVkMedia,
  // A private dialog's peer id is the user's id; a group chat (2000000000 + n) has no one profile.
  fetchProfile: (ctx, peer) =>
    Number(peer) < 2_000_000_000 ? fetchVkProfile(ctx, Number(peer)) : Promise.resolve(null),
}
