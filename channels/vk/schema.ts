/**
 * VK's wire format for a community: the channel's config, the Callback API events we read (message_new,
 * message_edit, message_event, message_read) and the API answers we rely on. Only the fields we use are checked;
 * VK adds fields over time, so unknown ones pass. Shapes: https://dev.vk.com/ru/api/community-events/json-schema,
 * https://dev.vk.com/ru/reference/objects/message, https://dev.vk.com/ru/reference/objects/attachments-message.
 */
import { z } from 'zod'

export const VK_DEFAULT_API_BASE = 'https://api.vk.com'
export const VK_DEFAULT_API_VERSION = '5.199'

/** `config` of a VK channel (`POST /api/channels {kind: 'vk', config}`). */
export const VkConfigSchema = z.object({
  /** The community's id (Manage → Settings → API usage shows it; the number in `club123`). */
  groupId: z.number().int().positive(),
  /** A community access token with the `messages`, `photos` and `docs` rights. */
  accessToken: z.string().min(1).max(512),
  /** The Callback API "Secret key": VK sends it in every event's `secret`. */
  secret: z.string().min(1).max(50),
  /** The string the Callback API asks the server to return to confirm its address. */
  confirmationCode: z.string().min(1).max(64),
  apiVersion: z
    .string()
    .regex(/^5\.\d+$/, 'an API version is 5.N')
    .optional(),
  apiBaseUrl: z.string().url().optional(),
})
export type VkConfig = z.infer<typeof VkConfigSchema>

// ---------------------------------------------------------------------------------------------------------------
// Callback API events

/** Every Callback API request: `{type, object, group_id, event_id, v, secret}` (confirmation has no object). */
export const CallbackSchema = z.object({
  type: z.string().min(1),
  group_id: z.number().int(),
  event_id: z.string().optional(),
  v: z.string().optional(),
  secret: z.string().optional(),
  object: z.unknown().optional(),
})

const url = z.string().min(1).max(4096)
const image = z.object({ url, width: z.number(), height: z.number() })

const PhotoSchema = z.object({
  id: z.number().int(),
  owner_id: z.number().int(),
  sizes: z.array(image.extend({ type: z.string() })).min(1),
})

const AudioMessageSchema = z
  .object({
    id: z.number().int(),
    owner_id: z.number().int(),
    duration: z.number().optional(),
    link_ogg: url.optional(),
    link_mp3: url.optional(),
  })
  .refine((a) => a.link_ogg !== undefined || a.link_mp3 !== undefined, 'a voice message has a link')

const DocSchema = z.object({
  id: z.number().int(),
  owner_id: z.number().int(),
  title: z.string(),
  size: z.number().int().nonnegative().optional(),
  ext: z.string().optional(),
  url,
})

const VideoSchema = z.object({
  id: z.number().int(),
  owner_id: z.number().int(),
  title: z.string().optional(),
  /** Direct MP4 links (`mp4_720`, …): only some tokens get them. */
  files: z.record(z.string(), z.string()).optional(),
})

const StickerSchema = z.object({
  sticker_id: z.number().int(),
  images: z.array(image).optional(),
})

const AudioSchema = z.object({
  artist: z.string(),
  title: z.string(),
  /** Empty for community tokens, which may not stream music. */
  url: z.string().optional(),
})

const GraffitiSchema = z.object({ url, width: z.number().optional(), height: z.number().optional() })
const LinkSchema = z.object({ url, title: z.string().optional() })

const KnownAttachmentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('photo'), photo: PhotoSchema }),
  z.object({ type: z.literal('audio_message'), audio_message: AudioMessageSchema }),
  z.object({ type: z.literal('doc'), doc: DocSchema }),
  z.object({ type: z.literal('video'), video: VideoSchema }),
  z.object({ type: z.literal('sticker'), sticker: StickerSchema }),
  z.object({ type: z.literal('audio'), audio: AudioSchema }),
  z.object({ type: z.literal('graffiti'), graffiti: GraffitiSchema }),
  z.object({ type: z.literal('link'), link: LinkSchema }),
])
const KNOWN_ATTACHMENTS = new Set([
  'photo',
  'audio_message',
  'doc',
  'video',
  'sticker',
  'audio',
  'graffiti',
  'link',
])

/** A known attachment must have its fields; any other type (wall, market, poll, gift, …) passes by name only. */
export const AttachmentSchema = z.union([
  KnownAttachmentSchema,
  z
    .object({ type: z.string().refine((type) => !KNOWN_ATTACHMENTS.has(type), 'a malformed attachment') })
    .transform((other) => ({ type: 'other' as const, name: other.type })),
])
export type Attachment = z.infer<typeof AttachmentSchema>

const GeoSchema = z.object({
  coordinates: z.object({ latitude: z.number(), longitude: z.number() }),
  place: z.object({ title: z.string().optional() }).optional(),
})

const ReplySchema = z.object({
  id: z.number().int().nonnegative().optional(),
  conversation_message_id: z.number().int().nonnegative().optional(),
})

/**
 * A personal message (`objects/message`). In a private dialog `id` is the message's id in the community's inbox;
 * in a group chat it is 0 and only `conversation_message_id` names it.
 */
export const VkMessageSchema = z
  .object({
    id: z.number().int().nonnegative(),
    date: z.number().int().nonnegative(),
    peer_id: z.number().int(),
    from_id: z.number().int(),
    text: z.string(),
    conversation_message_id: z.number().int().nonnegative().optional(),
    update_time: z.number().int().nonnegative().optional(),
    attachments: z.array(AttachmentSchema).optional(),
    geo: GeoSchema.optional(),
    /** A keyboard button's payload (JSON in a string): the message is a button press. */
    payload: z.string().optional(),
    /** The `ref` of a vk.me link the customer came by. */
    ref: z.string().optional(),
    reply_message: ReplySchema.optional(),
    fwd_messages: z.array(z.object({ text: z.string() })).optional(),
  })
  .refine((m) => m.id > 0 || (m.conversation_message_id ?? 0) > 0, 'a message has an id')
export type VkMessage = z.infer<typeof VkMessageSchema>

/** `message_new`: since API 5.103 the message comes wrapped with `client_info`. */
export const MessageNewSchema = z.object({ message: VkMessageSchema })

/** `message_event`: a callback button was pressed. */
export const MessageEventSchema = z.object({
  user_id: z.number().int(),
  peer_id: z.number().int(),
  event_id: z.string().min(1).max(64),
  payload: z.unknown().optional(),
})

/** `message_read`: the customer read our messages up to `read_message_id`. */
export const MessageReadSchema = z.object({
  from_id: z.number().int(),
  peer_id: z.number().int(),
  read_message_id: z.number().int().nonnegative(),
})

// ---------------------------------------------------------------------------------------------------------------
// API answers

/** Every method answers HTTP 200 with `{response}` or `{error: {error_code, error_msg}}`. */
export const ApiAnswerSchema = z.union([
  z.object({ response: z.unknown() }),
  z.object({ error: z.object({ error_code: z.number().int(), error_msg: z.string() }) }),
])

export const SendResponseSchema = z.number().int().positive()
export const UploadServerSchema = z.object({ upload_url: url })
/** What the photo upload server answers; `photo` is a JSON string handed on to `photos.saveMessagesPhoto`. */
export const PhotoUploadSchema = z.object({
  server: z.number().int(),
  photo: z.string().min(3),
  hash: z.string(),
})
export const SavedPhotosSchema = z
  .array(z.object({ id: z.number().int(), owner_id: z.number().int(), access_key: z.string().optional() }))
  .min(1)
export const DocUploadSchema = z.object({ file: z.string().min(1) })
export const SavedDocSchema = z.object({
  type: z.string(),
  doc: z.object({ id: z.number().int(), owner_id: z.number().int() }).optional(),
  audio_message: z.object({ id: z.number().int(), owner_id: z.number().int() }).optional(),
})
/** `messages.delete`: `{"<id>": 1}` in older API versions, a list of `{message_id, response, error}` in 5.199. */
export const DeleteResponseSchema = z.union([
  z.record(z.string(), z.number()),
  z.array(
    z.object({
      response: z.number().optional(),
      error: z.object({ code: z.number().optional(), description: z.string().optional() }).optional(),
    }),
  ),
])
export const UsersSchema = z.array(
  z.object({
    id: z.number().int(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    screen_name: z.string().optional(),
    photo_100: z.string().optional(),
  }),
)
