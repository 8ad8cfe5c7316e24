/** The Telegram Bot API channel: a bot's webhook in, the bot's send/edit/delete methods out. */
import type { ChannelBridge } from '../contract'
import { handleTelegramWebhook, telegramMessageId } from './parse'
import { DEFAULT_API_BASE_URL, DELETE_WINDOW_MS, type TelegramConfig, TelegramConfigSchema } from './schema'
import { connectTelegram, downloadTelegramMedia, editTelegram, removeTelegram, sendTelegram } from './send'

export const bridge: ChannelBridge<TelegramConfig> = {
  kind: 'telegram',
  configSchema: TelegramConfigSchema,
  defaultApiBaseUrl: DEFAULT_API_BASE_URL,
  deleteWindowMs: DELETE_WINDOW_MS,
  messageIdOf: telegramMessageId,
  handleWebhook: (ctx, request) => handleTelegramWebhook(ctx.config, request, ctx.now()),
  send: sendTelegram,
  edit: editTelegram,
  remove: removeTelegram,
  downloadMedia: downloadTelegramMedia,
  connect: connectTelegram,
}

export { callbackProviderId, contentOf, locationText, SECRET_HEADER, secretMatches } from './parse'
export * from './schema'
export { uploadMethodOf } from './send'
