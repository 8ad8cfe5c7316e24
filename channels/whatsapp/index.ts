/** The WhatsApp Business Cloud API channel: its config, its webhooks and its sending, as one `ChannelBridge`. */
import type { ChannelBridge } from '../contract'
import { handleWebhook, messageIdOf } from './parse'
import { DEFAULT_API_BASE_URL, type WhatsAppConfig, WhatsAppConfigSchema } from './schema'
import { downloadMedia, edit, listTemplates, remove, send } from './send'

export const bridge: ChannelBridge<WhatsAppConfig> = {
  kind: 'whatsapp',
  configSchema: WhatsAppConfigSchema,
  defaultApiBaseUrl: DEFAULT_API_BASE_URL,
  // The Cloud API has no delete (nor edit) for a sent message.
  deleteWindowMs: null,
  messageIdOf,
  handleWebhook: (ctx, request) => handleWebhook(ctx.config, request),
  send,
  edit: () => edit(),
  remove: () => remove(),
  downloadMedia,
  listTemplates,
  // No `connect`: the webhook URL is set in the Meta app's dashboard (or per number, by the admin).
}

export { describeWebhookError, messageIdOf, signatureValid } from './parse'
export * from './schema'
export { CUSTOMER_WINDOW_MS, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH, mediaTypeOf, windowClosed } from './send'
export { paramText, providerTemplateOf, templateObject } from './templates'
