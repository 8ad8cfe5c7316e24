/**
 * The WhatsApp Business Cloud API's wire format, as far as the bridge relies on it: the channel's config, the
 * `messages` webhook (Meta's "messages webhook reference"), and the Graph API's answers (send, media upload,
 * media URL, error). Unknown extra fields pass: Meta adds fields over time.
 */
import { z } from 'zod'

/** `config` of a WhatsApp channel (`POST /api/channels {kind: 'whatsapp', config}`). */
export const WhatsAppConfigSchema = z.object({
  /** The business phone number's id (WhatsApp Manager → API Setup), not the phone number itself. */
  phoneNumberId: z.string().regex(/^\d{1,32}$/, 'the phone number id is digits (not the phone number)'),
  /** A system user's permanent access token with `whatsapp_business_messaging`. */
  accessToken: z.string().min(1).max(4096),
  /** The Meta app's secret: webhooks are signed with it (`X-Hub-Signature-256`). */
  appSecret: z.string().min(1).max(256),
  /** Any string the admin chose; Meta echoes it in the GET verification handshake. */
  verifyToken: z.string().min(1).max(256),
  /**
   * The WhatsApp Business Account's id (WhatsApp Manager → Account tools), for listing its approved message
   * templates; without it the channel sends no templates.
   */
  businessAccountId: z
    .string()
    .regex(/^\d{1,32}$/, 'the business account id is digits')
    .optional(),
  /** The Graph API version, e.g. `v21.0`. */
  apiVersion: z
    .string()
    .regex(/^v\d{1,3}\.\d{1,3}$/, 'a Graph API version looks like v21.0')
    .optional(),
  /** Another Graph API endpoint (a proxy, a local fake); https://graph.facebook.com when absent. */
  apiBaseUrl: z.string().url().max(2048).optional(),
})
export type WhatsAppConfig = z.infer<typeof WhatsAppConfigSchema>

export const DEFAULT_API_VERSION = 'v21.0'
export const DEFAULT_API_BASE_URL = 'https://graph.facebook.com'

// ---------------------------------------------------------------------------------------------------------------
// Webhook

/** Unix seconds, sent as a string ("1749416383"); → ms. */
export const TimestampSchema = z
  .union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()])
  .transform((seconds) => Number(seconds) * 1000)

const nonEmpty = z.string().min(1)

/** An error as webhooks carry it (`statuses[].errors[]`, `messages[].errors[]`). */
export const WebhookErrorSchema = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
})
export type WebhookError = z.infer<typeof WebhookErrorSchema>

/** The customer as `value.contacts[]` describes them. */
export const WebhookContactSchema = z.object({
  profile: z.object({ name: z.string() }).optional(),
  wa_id: nonEmpty,
})

/**
 * What every message has; the type's own object is checked by `MESSAGE_BODIES` once the type is known, so a
 * type this bridge does not know yet still parses (and is shown as such) instead of failing the whole batch.
 */
export const WebhookMessageSchema = z.looseObject({
  from: nonEmpty,
  id: nonEmpty,
  timestamp: TimestampSchema,
  type: nonEmpty,
  /** A reply (`id`), a forward (`forwarded`), or the message a button belonged to. */
  context: z
    .object({ id: nonEmpty.optional(), from: z.string().optional(), forwarded: z.boolean().optional() })
    .optional(),
  errors: z.array(WebhookErrorSchema).optional(),
})
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>

/** A media object of an inbound message: its id is what `GET /{media-id}` resolves. */
const MediaObject = z.object({
  id: nonEmpty,
  mime_type: nonEmpty.max(255),
  sha256: z.string().optional(),
  caption: z.string().optional(),
})

const TextBody = z.object({ text: z.object({ body: z.string() }) })
const ImageBody = z.object({ image: MediaObject })
const AudioBody = z.object({ audio: MediaObject.extend({ voice: z.boolean().optional() }) })
const VideoBody = z.object({ video: MediaObject })
const DocumentBody = z.object({ document: MediaObject.extend({ filename: z.string().max(255).optional() }) })
const StickerBody = z.object({ sticker: MediaObject.extend({ animated: z.boolean().optional() }) })
const LocationBody = z.object({
  location: z.object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().optional(),
    address: z.string().optional(),
  }),
})
const ContactsBody = z.object({
  contacts: z
    .array(
      z.object({
        name: z.object({
          formatted_name: z.string(),
          first_name: z.string().optional(),
          last_name: z.string().optional(),
        }),
        phones: z
          .array(
            z.object({
              phone: z.string().optional(),
              wa_id: z.string().optional(),
              type: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .min(1),
})
const InteractiveBody = z.object({
  interactive: z.object({
    type: nonEmpty,
    button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    list_reply: z
      .object({ id: z.string(), title: z.string(), description: z.string().optional() })
      .optional(),
    /** A WhatsApp Flow's answer. */
    nfm_reply: z.object({ name: z.string().optional(), body: z.string().optional() }).optional(),
  }),
})
/** A template's quick-reply button. */
const ButtonBody = z.object({ button: z.object({ text: z.string(), payload: z.string().optional() }) })
const ReactionBody = z.object({
  /** `emoji` is absent (or empty) when the customer removed their reaction. */
  reaction: z.object({ message_id: nonEmpty, emoji: z.string().optional() }),
})
/** An edit (WhatsApp Business app "coexistence" numbers): the original's id and the message as it is now. */
const EditBody = z.object({
  edit: z.object({ original_message_id: nonEmpty, message: z.looseObject({ type: nonEmpty }) }),
})

/** The schema of each message type's own object, by `type`. */
export const MESSAGE_BODIES = {
  text: TextBody,
  image: ImageBody,
  audio: AudioBody,
  video: VideoBody,
  document: DocumentBody,
  sticker: StickerBody,
  location: LocationBody,
  contacts: ContactsBody,
  interactive: InteractiveBody,
  button: ButtonBody,
  reaction: ReactionBody,
  edit: EditBody,
} as const
export type MessageBodies = { [K in keyof typeof MESSAGE_BODIES]: z.infer<(typeof MESSAGE_BODIES)[K]> }

/** A delivery status of one of our messages. Statuses other than these four (`deleted`, …) are ignored. */
export const WebhookStatusSchema = z.object({
  id: nonEmpty,
  status: nonEmpty,
  timestamp: TimestampSchema,
  recipient_id: nonEmpty,
  errors: z.array(WebhookErrorSchema).optional(),
})
export type WebhookStatus = z.infer<typeof WebhookStatusSchema>

/** `entry[].changes[].value` of a change whose `field` is `messages`. */
export const MessagesValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: nonEmpty }),
  contacts: z.array(WebhookContactSchema).optional(),
  messages: z.array(WebhookMessageSchema).optional(),
  statuses: z.array(WebhookStatusSchema).optional(),
})
export type MessagesValue = z.infer<typeof MessagesValueSchema>

/** The body of every webhook POST. Changes of other fields (template status, account updates) are not read. */
export const WebhookPayloadSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: nonEmpty, value: z.unknown() })),
    }),
  ),
})

// ---------------------------------------------------------------------------------------------------------------
// Graph API answers

/** `POST /{phone-number-id}/messages` → the new message's wamid. */
export const SendAnswerSchema = z.object({ messages: z.array(z.object({ id: nonEmpty })).min(1) })

/** `POST /{phone-number-id}/media` → the uploaded file's media id. */
export const UploadAnswerSchema = z.object({ id: nonEmpty })

/** `GET /{media-id}` → a short-lived download URL (fetched with the same Bearer token). */
export const MediaInfoSchema = z.object({
  url: z.string().url(),
  mime_type: nonEmpty,
  file_size: z.union([z.number(), z.string()]).optional(),
})

/** The Graph API's error answer. */
export const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
})
export type GraphError = z.infer<typeof GraphErrorSchema>['error']

/**
 * `GET /{waba-id}/message_templates` → a page of the account's templates (Meta's "Message Templates API"; Graph
 * paging with `paging.next` while there are more).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
 */
export const TemplateComponentSchema = z.looseObject({
  type: nonEmpty,
  /** A header's format: `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`. */
  format: z.string().optional(),
  text: z.string().optional(),
  example: z
    .looseObject({
      body_text: z.array(z.array(z.string())).optional(),
      body_text_named_params: z.array(z.object({ param_name: z.string(), example: z.string() })).optional(),
    })
    .optional(),
  buttons: z
    .array(z.looseObject({ type: nonEmpty, text: z.string().optional(), url: z.string().optional() }))
    .optional(),
})
export type TemplateComponent = z.infer<typeof TemplateComponentSchema>

export const MessageTemplateSchema = z.looseObject({
  id: z.string().optional(),
  name: nonEmpty,
  language: nonEmpty,
  status: nonEmpty,
  category: z.string().default(''),
  /** `POSITIONAL` (`{{1}}`, the default) or `NAMED` (`{{first_name}}`). */
  parameter_format: z.string().optional(),
  components: z.array(TemplateComponentSchema).default([]),
})
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>

export const MessageTemplatesAnswerSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ next: z.string().url().optional() }).optional(),
})
