/**
 * VK Callback API payloads for tests, built the way VK's docs show them, and the contract fixture for the VK
 * bridge. Sources of the shapes and example values:
 * - event envelope, confirmation, `secret`, the `ok` answer: https://dev.vk.com/ru/api/callback/getting-started
 * - event objects (message_new with client_info, message_edit, message_event, message_read,
 *   message_typing_state, message_reply): https://dev.vk.com/ru/api/community-events/json-schema
 * - the message object: https://dev.vk.com/ru/reference/objects/message
 * - attachments (photo sizes, doc, audio_message, video, sticker, audio, link):
 *   https://dev.vk.com/ru/reference/objects/attachments-message, https://dev.vk.com/ru/reference/objects/photo,
 *   https://dev.vk.com/ru/reference/objects/doc, https://dev.vk.com/ru/reference/objects/sticker
 * Server-side integration tests reuse these builders with the fake in tests/helpers/fakes/vk.ts.
 */
import { bridge, type VkConfig } from '../../channels/vk'
import { startVkFake } from '../helpers/fakes/vk'
import { type BridgeFixture, webhookRequest } from './bridge-contract'

export const VK_GROUP_ID = 229118765

export const vkConfig = (apiBaseUrl: string): VkConfig => ({
  groupId: VK_GROUP_ID,
  accessToken: 'vk1.a.community-token-for-tests',
  secret: 'Sw1tchb0ard-Callback-secret',
  confirmationCode: '8c5f2a71',
  apiBaseUrl,
})

/** The customer of the examples (a private dialog: peer_id = from_id). */
export const VK_CUSTOMER = {
  id: 614128770,
  first_name: 'Мария',
  last_name: 'Соколова',
  screen_name: 'm.sokolova',
}
export const VK_PEER = String(VK_CUSTOMER.id)

/** `client_info` as VK sends it with message_new since API 5.103. */
export const CLIENT_INFO = {
  button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback', 'intent_subscribe'],
  keyboard: true,
  inline_keyboard: true,
  carousel: true,
  lang_id: 0,
}

let eventCounter = 0
/** VK's event ids are 40 hex characters; unique per event, which VK repeats only when it resends one. */
const nextEventId = () => (0xda1b15e9 + eventCounter++).toString(16).padStart(40, '0')

/** The JSON body of any Callback API event. */
export const callbackBody = (
  config: VkConfig,
  type: string,
  object: unknown,
  options: { readonly secret?: string | null; readonly groupId?: number } = {},
): Record<string, unknown> => ({
  group_id: options.groupId ?? config.groupId,
  type,
  event_id: nextEventId(),
  v: '5.199',
  object,
  ...(options.secret !== null && { secret: options.secret ?? config.secret }),
})

/** A Callback API POST as VK makes it: JSON, `Content-Type: application/json`. */
export const callbackRequest = (body: unknown) =>
  webhookRequest('POST', typeof body === 'string' ? body : JSON.stringify(body), {
    'content-type': 'application/json',
    'user-agent': 'VKCallbackAPI/1.0',
  })

export const vkEvent = (
  config: VkConfig,
  type: string,
  object: unknown,
  options?: { readonly secret?: string | null; readonly groupId?: number },
) => callbackRequest(callbackBody(config, type, object, options))

/** The confirmation request VK sends when the admin presses "Confirm" (no object, no event id). */
export const confirmation = (config: VkConfig, secret?: string) =>
  callbackRequest({ type: 'confirmation', group_id: config.groupId, ...(secret !== undefined && { secret }) })

/** A message object as message_new carries it, the customer's text by default. */
export const vkMessage = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  date: 1718031600,
  from_id: VK_CUSTOMER.id,
  id: 1051,
  out: 0,
  version: 10000412,
  attachments: [],
  conversation_message_id: 843,
  fwd_messages: [],
  important: false,
  is_hidden: false,
  peer_id: VK_CUSTOMER.id,
  random_id: 0,
  text: 'Здравствуйте! Где мой заказ №4817?',
  ...overrides,
})

export const messageNew = (config: VkConfig, message: Record<string, unknown> = vkMessage()) =>
  vkEvent(config, 'message_new', { message, client_info: CLIENT_INFO })

// Attachments ---------------------------------------------------------------------------------------------------

export const photoAttachment = (largestUrl: string) => ({
  type: 'photo',
  photo: {
    album_id: -3,
    date: 1718031590,
    id: 457239017,
    owner_id: VK_CUSTOMER.id,
    access_key: '2f6a1c0e9b4d8e7a51',
    has_tags: false,
    text: '',
    sizes: [
      { height: 75, type: 's', width: 56, url: 'https://sun9-12.userapi.com/impg/s.jpg' },
      { height: 1280, type: 'w', width: 960, url: largestUrl },
      { height: 604, type: 'x', width: 453, url: 'https://sun9-12.userapi.com/impg/x.jpg' },
      { height: 130, type: 'm', width: 97, url: 'https://sun9-12.userapi.com/impg/m.jpg' },
    ],
  },
})

export const voiceAttachment = (links: { readonly mp3?: string; readonly ogg?: string }) => ({
  type: 'audio_message',
  audio_message: {
    id: 672044371,
    owner_id: VK_CUSTOMER.id,
    duration: 4,
    waveform: [0, 3, 9, 17, 24, 29, 22, 15, 8, 2],
    ...(links.ogg !== undefined && { link_ogg: links.ogg }),
    ...(links.mp3 !== undefined && { link_mp3: links.mp3 }),
    access_key: '9be12f58e06a1b2c4d',
    transcript_state: 'done',
    transcript: 'где мой заказ',
  },
})

export const docAttachment = (url: string) => ({
  type: 'doc',
  doc: {
    id: 671234567,
    owner_id: VK_CUSTOMER.id,
    title: 'Счёт 4817.pdf',
    size: 48213,
    ext: 'pdf',
    date: 1718031595,
    type: 1,
    url,
    access_key: 'c1a2b3d4e5f6a7b8c9',
  },
})

export const videoAttachment = (files?: Record<string, string>) => ({
  type: 'video',
  video: {
    id: 456239101,
    owner_id: VK_CUSTOMER.id,
    title: 'Распаковка заказа',
    duration: 37,
    date: 1718031500,
    image: [{ url: 'https://sun9-3.userapi.com/video/preview.jpg', width: 320, height: 240 }],
    access_key: 'e5b9c0a1d2e3f4a5b6',
    ...(files !== undefined && { files }),
  },
})

export const stickerAttachment = (largestUrl: string) => ({
  type: 'sticker',
  sticker: {
    product_id: 279,
    sticker_id: 9046,
    images: [
      { url: 'https://vk.com/sticker/1-9046-64', width: 64, height: 64 },
      { url: largestUrl, width: 512, height: 512 },
      { url: 'https://vk.com/sticker/1-9046-128', width: 128, height: 128 },
    ],
    images_with_background: [{ url: 'https://vk.com/sticker/1-9046-512b', width: 512, height: 512 }],
    is_allowed: true,
  },
})

export const audioAttachment = {
  type: 'audio',
  audio: {
    id: 456239017,
    owner_id: 2000343526,
    artist: 'Кино',
    title: 'Группа крови',
    duration: 286,
    url: '',
  },
}

export const linkAttachment = {
  type: 'link',
  link: { url: 'https://shop.example/orders/4817', title: 'Заказ №4817', caption: 'shop.example' },
}

export const wallAttachment = {
  type: 'wall',
  wall: { id: 1204, owner_id: -VK_GROUP_ID, from_id: -VK_GROUP_ID, date: 1718000000, text: 'Скидки недели' },
}

/** The location a customer shares from the VK app (`geo` of the message). */
export const geo = {
  type: 'point',
  coordinates: { latitude: 55.75, longitude: 37.61 },
  place: { country: 'Россия', city: 'Москва', title: 'Москва, Красная площадь' },
}

// The contract fixture ------------------------------------------------------------------------------------------

export const vkFixture: BridgeFixture<VkConfig> = {
  name: 'VK',
  bridge,
  config: vkConfig,
  startFake: () => {
    const config = vkConfig('')
    return startVkFake({ groupId: config.groupId, accessToken: config.accessToken })
  },
  textMessage: {
    request: (config) => messageNew(config),
    externalChatId: VK_PEER,
    providerMessageId: '1051',
    text: 'Здравствуйте! Где мой заказ №4817?',
  },
  wrongSecret: (config) => messageNew({ ...config, secret: 'not-the-secret' }),
  malformed: (config) => [
    callbackRequest('{"type": "message_new", "object": {'),
    callbackRequest(JSON.stringify([callbackBody(config, 'message_new', {})])),
    callbackRequest({ type: 'message_new', secret: config.secret, object: { message: vkMessage() } }),
    vkEvent(config, 'message_new', { message: vkMessage({ date: '2024-06-10T15:00:00Z' }) }),
    vkEvent(config, 'message_new', vkMessage()),
    vkEvent(config, 'message_new', { message: vkMessage({ peer_id: undefined }) }),
    vkEvent(config, 'message_new', {
      message: vkMessage({ attachments: [{ type: 'photo', photo: { id: 1 } }] }),
    }),
    vkEvent(config, 'message_edit', { ...vkMessage(), text: 42 }),
    vkEvent(config, 'message_read', {
      from_id: VK_CUSTOMER.id,
      peer_id: VK_CUSTOMER.id,
      read_message_id: '4100',
    }),
    vkEvent(config, 'message_event', { user_id: VK_CUSTOMER.id, peer_id: VK_CUSTOMER.id }),
  ],
  photoMessage: (config, fileRef) =>
    messageNew(
      config,
      vkMessage({
        id: 1052,
        conversation_message_id: 844,
        text: '',
        attachments: [photoAttachment(fileRef)],
      }),
    ),
  sendTo: VK_PEER,
}
