/**
 * The WhatsApp bridge's test fixture: a config, signed webhook requests, and payload builders shaped like Meta's
 * "messages" webhook reference, with its example values. Reused by the server-side integration tests.
 * Payloads: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 * (and its per-type pages: …/messages/text, /image, /audio, /video, /document, /sticker, /location, /contacts,
 * /interactive, /button, /reaction, /edit, /status); verification and signatures:
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started
 */
import { createHmac } from 'node:crypto'
import type { WebhookRequest } from '../../channels'
import { bridge, type WhatsAppConfig } from '../../channels/whatsapp'
import { startWhatsAppFake, type WhatsAppFake } from '../helpers/fakes/whatsapp'
import { type BridgeFixture, webhookRequest } from './bridge-contract'

/** The docs' example business and customer. */
export const WA = {
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  customer: { waId: '16505551234', name: 'Sheena Nelson' },
  /** The docs' example text message. */
  text: {
    id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
    timestamp: '1749416383',
    body: 'Does it come in another color?',
  },
  accessToken: 'EAAJB9racr4IBO3test0access0token0for0the0fake0ZD',
  appSecret: '6b0ae2f3c1d94e7f8a5b4c3d2e1f0a9b',
  verifyToken: 'switchboard-verify-7Qk2',
  apiVersion: 'v21.0',
} as const

export const whatsappConfig = (
  apiBaseUrl: string,
  overrides: Partial<WhatsAppConfig> = {},
): WhatsAppConfig => ({
  phoneNumberId: WA.phoneNumberId,
  accessToken: WA.accessToken,
  appSecret: WA.appSecret,
  verifyToken: WA.verifyToken,
  apiVersion: WA.apiVersion,
  apiBaseUrl,
  ...overrides,
})

export const startFake = (): Promise<WhatsAppFake> =>
  startWhatsAppFake({ accessToken: WA.accessToken, phoneNumberId: WA.phoneNumberId })

/** `X-Hub-Signature-256` of a body, as Meta computes it. */
export const sign = (appSecret: string, body: string | Uint8Array): string =>
  `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`

/** A webhook POST signed with the config's app secret (or `headers` instead, to test refusals). */
export const signed = (
  config: Pick<WhatsAppConfig, 'appSecret'>,
  payload: unknown,
  headers?: Record<string, string>,
): WebhookRequest => {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  return webhookRequest(
    'POST',
    body,
    headers ?? { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(config.appSecret, body) },
  )
}

/** Meta's GET verification request. */
export const verification = (query: Record<string, string>): WebhookRequest =>
  webhookRequest('GET', '', {}, query)

// ---------------------------------------------------------------------------------------------------------------
// Payloads

export interface ValueParts {
  contacts?: unknown[]
  messages?: unknown[]
  statuses?: unknown[]
  phoneNumberId?: string
}

/** A `messages` change as one webhook call carries it. */
export const change = ({ phoneNumberId = WA.phoneNumberId, ...parts }: ValueParts) => ({
  value: {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: WA.displayPhoneNumber, phone_number_id: phoneNumberId },
    ...parts,
  },
  field: 'messages',
})

/** The whole webhook body: one entry (the business account) with the given changes. */
export const notification = (...changes: unknown[]) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: WA.wabaId, changes }],
})

/** A customer's messages in one call, with their profile in `contacts`. */
export const fromCustomer = (...messages: unknown[]) =>
  notification(
    change({ contacts: [{ profile: { name: WA.customer.name }, wa_id: WA.customer.waId }], messages }),
  )

export interface MessageOptions {
  id?: string
  timestamp?: string
  from?: string
  /** The wamid replied to (`context.id`). */
  replyTo?: string
}

let counter = 0
/** A wamid like Meta's: long, base64, unique per call. */
export const wamid = (): string =>
  `wamid.${Buffer.from(`HBgLMTY1MDU1NTEyMzQVAgASGBQ${(++counter).toString().padStart(6, '0')}${Date.now()}`).toString('base64')}`

const message = (type: string, body: Record<string, unknown>, options: MessageOptions = {}) => ({
  ...(options.replyTo !== undefined && { context: { from: WA.customer.waId, id: options.replyTo } }),
  from: options.from ?? WA.customer.waId,
  id: options.id ?? wamid(),
  timestamp: options.timestamp ?? WA.text.timestamp,
  type,
  ...body,
})

export const payloads = {
  text: (body: string, options?: MessageOptions) => message('text', { text: { body } }, options),
  image: (id: string, caption?: string, options?: MessageOptions) =>
    message(
      'image',
      {
        image: {
          ...(caption !== undefined && { caption }),
          mime_type: 'image/jpeg',
          sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3',
          id,
        },
      },
      options,
    ),
  audio: (id: string, voice: boolean, options?: MessageOptions) =>
    message(
      'audio',
      {
        audio: {
          mime_type: voice ? 'audio/ogg; codecs=opus' : 'audio/mpeg',
          sha256: 'dbcac6cb9bbc7e4d5ef46e4bd0d38d0ae3c1c39c8d3ff32a3b8cbc4c7d8d0a21',
          id,
          voice,
        },
      },
      options,
    ),
  video: (id: string, caption?: string, options?: MessageOptions) =>
    message(
      'video',
      {
        video: {
          ...(caption !== undefined && { caption }),
          mime_type: 'video/mp4',
          sha256: 'f8b3d8e0e2b1c2a3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7',
          id,
        },
      },
      options,
    ),
  document: (id: string, filename: string, caption?: string, options?: MessageOptions) =>
    message(
      'document',
      {
        document: {
          ...(caption !== undefined && { caption }),
          filename,
          mime_type: 'application/pdf',
          sha256: '3b5e9c2d1a0f4e8b7c6d5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d',
          id,
        },
      },
      options,
    ),
  sticker: (id: string, options?: MessageOptions) =>
    message(
      'sticker',
      {
        sticker: {
          mime_type: 'image/webp',
          sha256: 'bd8d9e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
          id,
          animated: false,
        },
      },
      options,
    ),
  location: (options?: MessageOptions) =>
    message(
      'location',
      {
        location: {
          address: '1 Hacker Way, Menlo Park, CA 94025',
          latitude: 37.483307,
          longitude: -122.148981,
          name: 'Meta Headquarters',
          url: 'https://www.meta.com',
        },
      },
      options,
    ),
  contacts: (options?: MessageOptions) =>
    message(
      'contacts',
      {
        contacts: [
          {
            name: {
              first_name: 'Barbara',
              last_name: 'Johnson',
              formatted_name: 'Barbara J. Johnson',
            },
            phones: [{ phone: '+1 (940) 555-1234', wa_id: '19405551234', type: 'HOME' }],
            emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
          },
        ],
      },
      options,
    ),
  buttonReply: (id: string, title: string, replyTo: string) =>
    message(
      'interactive',
      { interactive: { type: 'button_reply', button_reply: { id, title } } },
      { replyTo },
    ),
  listReply: (id: string, title: string, replyTo: string) =>
    message(
      'interactive',
      {
        interactive: { type: 'list_reply', list_reply: { id, title, description: 'Delivered in 1–2 days' } },
      },
      { replyTo },
    ),
  /** A template's quick-reply button. */
  templateButton: (text: string, payload: string, replyTo: string) =>
    message('button', { button: { payload, text } }, { replyTo }),
  /** `emoji: undefined` is a removed reaction (Meta omits the field). */
  reaction: (messageId: string, emoji: string | undefined, options?: MessageOptions) =>
    message(
      'reaction',
      { reaction: { message_id: messageId, ...(emoji !== undefined && { emoji }) } },
      options,
    ),
  edit: (originalId: string, body: string, options?: MessageOptions) =>
    message(
      'edit',
      { edit: { original_message_id: originalId, message: { type: 'text', text: { body } } } },
      { timestamp: '1739321024', ...options },
    ),
  /** The customer opened the chat for the first time (no body of its own). */
  requestWelcome: (options?: MessageOptions) => message('request_welcome', {}, options),
  unsupported: (options?: MessageOptions) =>
    message(
      'unsupported',
      {
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      },
      options,
    ),
  /** The customer changed their number: a service update. */
  system: (options?: MessageOptions) =>
    message(
      'system',
      {
        system: {
          body: 'User A changed from 16505551234 to 16505559999',
          wa_id: '16505559999',
          type: 'user_changed_number',
        },
      },
      options,
    ),
}

/** A status of one of our messages; `errors` for `failed`. */
export const status = (id: string, state: string, extra: Record<string, unknown> = {}) => ({
  id,
  status: state,
  timestamp: '1750857384',
  recipient_id: WA.customer.waId,
  ...(state !== 'failed' && {
    conversation: {
      id: 'a75d17ad06104c51166f948319b03c6a',
      expiration_timestamp: '1750943820',
      origin: { type: 'service' },
    },
    pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
  }),
  ...extra,
})

export const statuses = (...items: unknown[]) => notification(change({ statuses: items }))

// ---------------------------------------------------------------------------------------------------------------
// The contract suite's fixture

export const whatsappFixture: BridgeFixture<WhatsAppConfig> = {
  name: 'whatsapp',
  bridge,
  config: (apiBaseUrl) => whatsappConfig(apiBaseUrl),
  startFake,
  textMessage: {
    request: (config) => signed(config, fromCustomer(payloads.text(WA.text.body, { id: WA.text.id }))),
    externalChatId: WA.customer.waId,
    providerMessageId: WA.text.id,
    text: WA.text.body,
  },
  wrongSecret: (config) => {
    const body = JSON.stringify(fromCustomer(payloads.text(WA.text.body, { id: WA.text.id })))
    return signed(config, body, {
      'Content-Type': 'application/json',
      'X-Hub-Signature-256': sign(`${config.appSecret}-not`, body),
    })
  },
  malformed: (config) =>
    [
      '{"object": "whatsapp_business_account", "entry": [',
      { object: 'page', entry: [] },
      { object: 'whatsapp_business_account', entry: {} },
      notification({ field: 'messages', value: { messaging_product: 'whatsapp', messages: [] } }),
      fromCustomer({ id: wamid(), timestamp: '1749416383', type: 'text', text: { body: 'no sender' } }),
      fromCustomer({ ...payloads.text('x'), text: { body: 42 } }),
      fromCustomer({ ...payloads.text('x'), timestamp: 'yesterday' }),
      fromCustomer({ ...payloads.image('1'), image: { mime_type: 'image/jpeg' } }),
      statuses({ id: wamid(), status: 'read', timestamp: '1750857384' }),
    ].map((payload) => signed(config, payload)),
  photoMessage: (config, fileRef) =>
    signed(config, fromCustomer(payloads.image(fileRef, 'This is a caption'))),
  sendTo: WA.customer.waId,
}

// ---------------------------------------------------------------------------------------------------------------
// Message templates [WTP1]

/**
 * The business account's templates as `GET /{waba-id}/message_templates` lists them, shaped like the examples of
 * Meta's template docs: https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
 * (and the Message Templates API reference:
 * https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates).
 */
export const WA_TEMPLATES = [
  // Meta's sample template every new account has: a text header, a body without parameters, a footer.
  {
    name: 'hello_world',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    id: '1192339204654487',
  },
  // Positional body parameters, with their examples (`body_text`).
  {
    name: 'order_delivery_update',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: 'Good news {{1}}! Your order #{{2}} is on its way. Thank you for your order!',
        example: { body_text: [['Mark', '566701']] },
      },
      { type: 'FOOTER', text: 'To stop receiving delivery updates, tap the button below.' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop Delivery Updates' }] },
    ],
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    id: '1667192013751005',
  },
  // Named parameters (`body_text_named_params`), in Russian.
  {
    name: 'zakaz_gotov',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Здравствуйте, {{first_name}}! Ваш заказ №{{order_id}} готов к выдаче.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Мария' },
            { param_name: 'order_id', example: '1042' },
          ],
        },
      },
    ],
    language: 'ru',
    status: 'APPROVED',
    category: 'UTILITY',
    id: '1203958712093321',
  },
  // An image header: listed, but it cannot be sent from the app.
  {
    name: 'reservation_confirmation',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'HEADER',
        format: 'IMAGE',
        example: { header_handle: ['https://scontent.whatsapp.net/v/t61...'] },
      },
      {
        type: 'BODY',
        text: "*You're all set!*\n\nYour reservation for {{number_of_guests}} at Lucky Shrub Eatery on {{day}}, {{date}}, at {{time}}, is confirmed. See you then!",
        example: {
          body_text_named_params: [
            { param_name: 'number_of_guests', example: '4' },
            { param_name: 'day', example: 'Saturday' },
            { param_name: 'date', example: 'August 30th, 2025' },
            { param_name: 'time', example: '7:30 pm' },
          ],
        },
      },
    ],
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    id: '546151681022936',
  },
  // Not approved yet: never offered.
  {
    name: 'seasonal_promotion',
    components: [{ type: 'BODY', text: 'Our summer sale starts now!' }],
    language: 'en_US',
    status: 'PENDING',
    category: 'MARKETING',
    id: '780023911125003',
  },
] as const

/** The fake with the account's id and templates, for the template tests. */
export const startTemplateFake = (): Promise<WhatsAppFake> =>
  startWhatsAppFake({
    accessToken: WA.accessToken,
    phoneNumberId: WA.phoneNumberId,
    businessAccountId: WA.wabaId,
    templates: WA_TEMPLATES.map((t) => ({ ...t, components: [...t.components] })),
  })
