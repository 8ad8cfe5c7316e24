/**
 * Telegram Bot API wire format (https://core.telegram.org/bots/api): the channel's config, and every field of an
 * Update and of an API answer the bridge relies on. Fields we do not read are left out; providers add fields, so
 * unknown ones are stripped, never refused.
 */
import { z } from 'zod'

export const DEFAULT_API_BASE_URL = 'https://api.telegram.org'

/** How long after sending a bot may delete its message (deleteMessage: "sent less than 48 hours ago"). */
export const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000
/** sendMessage / editMessageText: 1-4096 characters; a caption: 0-1024. */
export const MAX_TEXT_CHARS = 4096
export const MAX_CAPTION_CHARS = 1024
/** sendPhoto takes at most 10 MB; bigger images go as documents. Any upload is at most 50 MB. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024

/** The update types we ask for in setWebhook's `allowed_updates` (message_reaction only comes when asked for). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'message_reaction'] as const

/** `config` of a Telegram channel (`POST /api/channels {kind: 'telegram', config}`). */
export const TelegramConfigSchema = z.object({
  /** From @BotFather: `<bot id>:<secret>`. It is part of every API URL, so it is never logged. */
  botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,200}$/, 'a bot token looks like 123456:ABC-DEF…'),
  /** setWebhook's `secret_token`: 1-256 characters A-Z, a-z, 0-9, _ and -; Telegram echoes it in a header. */
  secretToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'a secret token is 1-256 characters of A-Z, a-z, 0-9, _ and -'),
  apiBaseUrl: z.string().url().optional(),
})
export type TelegramConfig = z.infer<typeof TelegramConfigSchema>

/** Chat and user ids have at most 52 significant bits: safe JavaScript integers. */
const id = z.number().int()
const unixTime = z.number().int().nonnegative()
const fileId = z.string().min(1).max(512)
const size = z.number().int().nonnegative().optional()

export const UserSchema = z.object({
  id,
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
})
export type User = z.infer<typeof UserSchema>

export const ChatSchema = z.object({
  id,
  /** "private", "group", "supergroup" or "channel"; we serve private chats with customers. */
  type: z.string(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
})

const PhotoSizeSchema = z.object({
  file_id: fileId,
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  file_size: size,
})

/** The fields Audio, Voice, Video, VideoNote, Document, Animation and Sticker share that we use. */
const fileFields = { file_id: fileId, file_size: size }
const AudioSchema = z.object({
  ...fileFields,
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
  title: z.string().optional(),
  performer: z.string().optional(),
})
const VoiceSchema = z.object({ ...fileFields, mime_type: z.string().optional() })
const VideoSchema = z.object({
  ...fileFields,
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
})
const VideoNoteSchema = z.object(fileFields)
const DocumentSchema = z.object({
  ...fileFields,
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
})
const StickerSchema = z.object({
  ...fileFields,
  is_animated: z.boolean().optional(),
  is_video: z.boolean().optional(),
  emoji: z.string().optional(),
})
const LocationSchema = z.object({ latitude: z.number(), longitude: z.number() })
const VenueSchema = z.object({ location: LocationSchema, title: z.string(), address: z.string() })
const ContactSchema = z.object({
  phone_number: z.string(),
  first_name: z.string(),
  last_name: z.string().optional(),
  user_id: id.optional(),
})

export const MessageSchema = z.object({
  message_id: id,
  date: unixTime,
  chat: ChatSchema,
  from: UserSchema.optional(),
  edit_date: unixTime.optional(),
  /** Only its id: the server maps it to our message. */
  reply_to_message: z.object({ message_id: id }).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(PhotoSizeSchema).min(1).optional(),
  audio: AudioSchema.optional(),
  voice: VoiceSchema.optional(),
  video: VideoSchema.optional(),
  video_note: VideoNoteSchema.optional(),
  animation: VideoSchema.optional(),
  document: DocumentSchema.optional(),
  sticker: StickerSchema.optional(),
  location: LocationSchema.optional(),
  venue: VenueSchema.optional(),
  contact: ContactSchema.optional(),
})
export type Message = z.infer<typeof MessageSchema>

/** A reaction: an emoji, a custom emoji (a sticker id, no character to show) or a paid star. */
const ReactionTypeSchema = z.object({ type: z.string(), emoji: z.string().optional() })

export const MessageReactionUpdatedSchema = z.object({
  chat: ChatSchema,
  message_id: id,
  date: unixTime,
  new_reaction: z.array(ReactionTypeSchema),
})
export type MessageReactionUpdated = z.infer<typeof MessageReactionUpdatedSchema>

export const CallbackQuerySchema = z.object({
  id: z.string().min(1).max(64),
  from: UserSchema,
  /** The bot's message with the button; absent for a button on an inline-mode message. */
  message: z.object({ message_id: id, chat: ChatSchema }).optional(),
  data: z.string().optional(),
  game_short_name: z.string().optional(),
})
export type CallbackQuery = z.infer<typeof CallbackQuerySchema>

/** One webhook call is one Update; at most one of the optional parts is present. Others are not ours to read. */
export const UpdateSchema = z.object({
  update_id: z.number().int(),
  message: MessageSchema.optional(),
  edited_message: MessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
  message_reaction: MessageReactionUpdatedSchema.optional(),
})
export type Update = z.infer<typeof UpdateSchema>

// ---------------------------------------------------------------------------------------------------------------
// API answers: `{ok: true, result}` or `{ok: false, error_code, description, parameters?}`.

export const ApiErrorSchema = z.object({
  ok: z.literal(false),
  error_code: z.number().int(),
  description: z.string(),
  parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional(),
})
export type ApiError = z.infer<typeof ApiErrorSchema>

export const apiOk = <T extends z.ZodType>(result: T) => z.object({ ok: z.literal(true), result })

export const SentMessageSchema = apiOk(z.object({ message_id: id }))
/** editMessageText answers the edited Message, or `true` for an inline message. */
export const EditedSchema = apiOk(z.union([z.object({ message_id: id }), z.literal(true)]))
export const TrueSchema = apiOk(z.literal(true))
export const FileSchema = apiOk(
  z.object({ file_id: fileId, file_size: size, file_path: z.string().min(1).optional() }),
)
