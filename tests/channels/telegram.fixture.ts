/**
 * Telegram webhook payloads and the contract fixture, shared by the bridge's tests and the server's integration
 * tests. The updates follow the examples of "Testing your bot with updates" in
 * https://core.telegram.org/bots/webhooks#testing-your-bot-with-updates (chat 1111111, message 1365, date
 * 1441645532, "Test Firstname"…), with the fields today's Bot API adds (`is_bot`, `file_unique_id`), and the types
 * of https://core.telegram.org/bots/api#update for the kinds that guide has no example of.
 */
import type { WebhookRequest } from '../../channels'
import { type TelegramConfig, bridge as telegramBridge } from '../../channels/telegram'
import { startTelegramFake } from '../helpers/fakes/telegram'
import { type BridgeFixture, webhookRequest } from './bridge-contract'

/** The token format of https://core.telegram.org/bots/api#authorizing-your-bot. */
export const BOT_TOKEN = '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'
/** setWebhook's secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -. */
export const SECRET_TOKEN = 'switchboard_webhook-secret_42'

export const telegramConfig = (apiBaseUrl: string): TelegramConfig => ({
  botToken: BOT_TOKEN,
  secretToken: SECRET_TOKEN,
  apiBaseUrl,
})

/** The customer of the docs' examples, in their private chat with the bot. */
export const CHAT_ID = 1111111
export const MESSAGE_ID = 1365
export const DATE = 1441645532

export const testUser = {
  id: CHAT_ID,
  is_bot: false,
  first_name: 'Test Firstname',
  last_name: 'Test Lastname',
  username: 'Testusername',
  language_code: 'ru',
}

export const privateChat = {
  id: CHAT_ID,
  type: 'private',
  first_name: 'Test Firstname',
  last_name: 'Test Lastname',
  username: 'Testusername',
}

export const groupChat = { id: -1001234567890, type: 'supergroup', title: 'Test group' }

let nextUpdateId = 10000
export type Json = Record<string, unknown>

/** An Update around one part (`message`, `edited_message`, `callback_query`, `message_reaction`, …). */
export const update = (part: Json): Json => ({ update_id: nextUpdateId++, ...part })

/** A `message` Update in the docs' private chat; `content` is the message's own fields (text, photo, …). */
export const messageUpdate = (content: Json, overrides: Json = {}): Json =>
  update({
    message: {
      message_id: MESSAGE_ID,
      from: testUser,
      chat: privateChat,
      date: DATE,
      ...content,
      ...overrides,
    },
  })

/** "Message with entities" of the webhooks guide. */
export const textUpdate = (text = 'Bold and italics', overrides: Json = {}): Json =>
  messageUpdate(
    {
      text,
      entities: [
        { type: 'italic', offset: 9, length: 7 },
        { type: 'bold', offset: 0, length: 4 },
      ],
    },
    overrides,
  )

/** "Message with text" of the guide: `/start`; with a payload it is a t.me/<bot>?start=<payload> deep link. */
export const startUpdate = (payload?: string): Json =>
  messageUpdate({
    text: payload === undefined ? '/start' : `/start ${payload}`,
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
  })

/** "Message with a reply" of the guide: replying to message 1334. */
export const replyUpdate = (replyToMessageId = 1334): Json =>
  messageUpdate({
    text: 'Test reply',
    reply_to_message: {
      message_id: replyToMessageId,
      from: testUser,
      chat: privateChat,
      date: 1441645000,
      text: 'Original',
    },
  })

/** https://core.telegram.org/bots/api#photosize: every size Telegram made, smallest first. */
export const photoUpdate = (fileId = 'AgACAgIAAxkBAAIBZ2VkLarge', caption?: string): Json =>
  messageUpdate({
    photo: [
      {
        file_id: 'AgACAgIAAxkBAAIBZ2VkThumb',
        file_unique_id: 'AQADdGhumb',
        file_size: 1436,
        width: 90,
        height: 67,
      },
      {
        file_id: 'AgACAgIAAxkBAAIBZ2VkMedium',
        file_unique_id: 'AQADmedium',
        file_size: 22148,
        width: 320,
        height: 240,
      },
      { file_id: fileId, file_unique_id: 'AQADlarge', file_size: 101353, width: 1280, height: 960 },
    ],
    ...(caption !== undefined && { caption }),
  })

/** "Voice message" of the guide. */
export const voiceUpdate = (): Json =>
  messageUpdate({
    voice: {
      file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
      file_unique_id: 'AgADbXXXXXX',
      duration: 5,
      mime_type: 'audio/ogg',
      file_size: 23000,
    },
  })

/** "Message with audio" of the guide. */
export const audioUpdate = (): Json =>
  messageUpdate({
    audio: {
      file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
      file_unique_id: 'AgADbXXXXXX',
      duration: 243,
      mime_type: 'audio/mpeg',
      file_size: 3897500,
      title: 'Test music file',
    },
  })

/** "Message with a document" of the guide. */
export const documentUpdate = (): Json =>
  messageUpdate({
    document: {
      file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
      file_unique_id: 'AgADbXXXXXX',
      file_name: 'Testfile.pdf',
      mime_type: 'application/pdf',
      file_size: 536392,
    },
    caption: 'Счёт за октябрь',
  })

/** https://core.telegram.org/bots/api#video */
export const videoUpdate = (): Json =>
  messageUpdate({
    video: {
      file_id: 'BAACAgIAAxkBAAIBVideo',
      file_unique_id: 'AgADVideo',
      width: 1280,
      height: 720,
      duration: 12,
      file_name: 'broken-box.mp4',
      mime_type: 'video/mp4',
      file_size: 2480133,
    },
    caption: 'Коробка пришла мятая',
  })

/** https://core.telegram.org/bots/api#videonote: a round video, always MPEG4, no mime_type. */
export const videoNoteUpdate = (): Json =>
  messageUpdate({
    video_note: {
      file_id: 'DQACAgIAAxkBAAIBNote',
      file_unique_id: 'AgADNote',
      length: 240,
      duration: 7,
      file_size: 310221,
    },
  })

/** https://core.telegram.org/bots/api#animation: a GIF, which also carries `document` for old clients. */
export const animationUpdate = (): Json => {
  const animation = {
    file_id: 'CgACAgIAAxkBAAIBGif',
    file_unique_id: 'AgADGif',
    width: 320,
    height: 240,
    duration: 3,
    file_name: 'thanks.gif.mp4',
    mime_type: 'video/mp4',
    file_size: 88211,
  }
  return messageUpdate({ animation, document: animation })
}

/** https://core.telegram.org/bots/api#sticker */
export const stickerUpdate = (kind: 'static' | 'animated' | 'video' = 'static'): Json =>
  messageUpdate({
    sticker: {
      file_id: 'CAACAgIAAxkBAAIBSticker',
      file_unique_id: 'AgADSticker',
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: kind === 'animated',
      is_video: kind === 'video',
      emoji: '👍',
      set_name: 'HotCherry',
      file_size: 30424,
    },
  })

/** https://core.telegram.org/bots/api#location */
export const locationUpdate = (): Json => messageUpdate({ location: { latitude: 55.75, longitude: 37.61 } })

/** https://core.telegram.org/bots/api#venue: a place, with its location also in `location`. */
export const venueUpdate = (): Json => {
  const location = { latitude: 55.753215, longitude: 37.622504 }
  return messageUpdate({
    location,
    venue: { location, title: 'ГУМ', address: 'Красная площадь, 3' },
  })
}

/** https://core.telegram.org/bots/api#contact: `user_id` is set when the contact is a Telegram user. */
export const contactUpdate = (userId?: number): Json =>
  messageUpdate({
    contact: {
      phone_number: '+79161234567',
      first_name: 'Анна',
      last_name: 'Смирнова',
      ...(userId !== undefined && { user_id: userId }),
    },
  })

/** "Edited message" of the guide. */
export const editedUpdate = (text = 'Edited text'): Json =>
  update({
    edited_message: {
      message_id: MESSAGE_ID,
      from: testUser,
      chat: privateChat,
      date: DATE,
      text,
      edit_date: 1441646600,
    },
  })

/** https://core.telegram.org/bots/api#messagereactionupdated with https://core.telegram.org/bots/api#reactiontype. */
export const reactionUpdate = (newReaction: Json[], messageId = 101): Json =>
  update({
    message_reaction: {
      chat: privateChat,
      message_id: messageId,
      user: testUser,
      date: 1441646700,
      old_reaction: [],
      new_reaction: newReaction,
    },
  })

/** "Callback query" of the guide, on an inline-mode message (no chat). */
export const inlineCallbackUpdate = (): Json =>
  update({
    callback_query: {
      id: '4382bfdwdsb323b2d9',
      from: testUser,
      data: 'Data from button callback',
      inline_message_id: '1234csdbsk4839',
      chat_instance: '-8012345678901234567',
    },
  })

/** https://core.telegram.org/bots/api#callbackquery: a button under the bot's message 104 in the private chat. */
export const callbackUpdate = (data = 'order:42:status', messageId = 104): Json =>
  update({
    callback_query: {
      id: '4382bfdwdsb323b2d9',
      from: testUser,
      message: {
        message_id: messageId,
        from: { id: 7000000001, is_bot: true, first_name: 'Switchboard', username: 'switchboard_test_bot' },
        chat: privateChat,
        date: 1441645600,
        text: 'Где ваш заказ?',
      },
      chat_instance: '-8012345678901234567',
      data,
    },
  })

/** https://core.telegram.org/bots/api#chatmemberupdated: the customer blocked the bot. A service update. */
export const blockedBotUpdate = (): Json =>
  update({
    my_chat_member: {
      chat: privateChat,
      from: testUser,
      date: 1441647000,
      old_chat_member: {
        status: 'member',
        user: { id: 7000000001, is_bot: true, first_name: 'Switchboard' },
      },
      new_chat_member: {
        status: 'kicked',
        until_date: 0,
        user: { id: 7000000001, is_bot: true, first_name: 'Switchboard' },
      },
    },
  })

/** A webhook call as Telegram makes it: POST, JSON, the secret in its header. */
export const webhook = (body: Json | string, secret: string | null = SECRET_TOKEN): WebhookRequest =>
  webhookRequest('POST', typeof body === 'string' ? body : JSON.stringify(body), {
    'content-type': 'application/json',
    ...(secret !== null && { 'X-Telegram-Bot-Api-Secret-Token': secret }),
  })

export const telegramFixture: BridgeFixture<TelegramConfig> = {
  name: 'telegram',
  bridge: telegramBridge,
  config: telegramConfig,
  startFake: () => startTelegramFake({ token: BOT_TOKEN }),
  textMessage: {
    request: (config) => webhook(textUpdate('Bold and italics'), config.secretToken),
    externalChatId: String(CHAT_ID),
    providerMessageId: String(MESSAGE_ID),
    text: 'Bold and italics',
  },
  wrongSecret: () => webhook(textUpdate(), 'not-the-secret'),
  malformed: (config) => [
    webhook('{"update_id":10000,"message":', config.secretToken),
    webhook(
      { message: { message_id: 1, date: DATE, chat: privateChat, text: 'no update_id' } },
      config.secretToken,
    ),
    webhook(
      update({ message: { message_id: '1365', date: DATE, chat: privateChat, text: 'x' } }),
      config.secretToken,
    ),
    webhook(
      update({ message: { message_id: 1365, chat: privateChat, text: 'no date' } }),
      config.secretToken,
    ),
    webhook(update({ callback_query: { from: testUser, data: 'no id' } }), config.secretToken),
    webhook('[{"update_id":10000}]', config.secretToken),
  ],
  photoMessage: (config, fileRef) => webhook(photoUpdate(fileRef), config.secretToken),
  sendTo: String(CHAT_ID),
}
