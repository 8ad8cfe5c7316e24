/**
 * The website widget's wire format: the channel's settings an admin gives, and the JSON a customer's browser
 * sends and receives. Customers are not Yjs peers: everything they send is checked here first.
 */
import { z } from 'zod'

/** An origin as browsers send it: scheme, host and port, no path. */
const OriginSchema = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], without a path')

/** `config` of a widget channel (`POST /api/channels {kind: 'widget', config}`). */
export const WidgetConfigSchema = z.object({
  /** The sites allowed to embed the widget; absent or empty: any site. */
  allowedOrigins: z.array(OriginSchema).max(100).optional(),
  /** The panel's title; the channel's name when absent. */
  title: z.string().min(1).max(100).optional(),
  /** A first line shown to every visitor before they write (not stored as a message). */
  greeting: z.string().max(1000).optional(),
  /** The bubble's and the header's colour, as CSS hex. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')
    .optional(),
})
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>

/** What the widget shows before the visitor writes: never the channel's other settings. */
export const WidgetPublicConfigSchema = z.object({
  title: z.string(),
  greeting: z.string().nullable(),
  color: z.string().nullable(),
})
export type WidgetPublicConfig = z.infer<typeof WidgetPublicConfigSchema>

/** A visitor starts a conversation; all optional, a visitor may stay anonymous. */
export const VisitorStartSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().email().max(320),
    /** The page the widget was opened on. */
    page: z.string().url().max(2048),
  })
  .partial()
  .strict()
export type VisitorStart = z.infer<typeof VisitorStartSchema>

/** The widget's text limit: generous for a chat, far below the model's MAX_TEXT. */
export const WIDGET_MAX_TEXT = 4_000

export const WidgetSendSchema = z
  .object({
    /** Made by the widget, so a retry after a lost answer is the same message, stored once. */
    id: z.string().uuid(),
    text: z.string().trim().min(1, 'the message is empty').max(WIDGET_MAX_TEXT),
  })
  .strict()
export type WidgetSend = z.infer<typeof WidgetSendSchema>

export const WidgetReadSchema = z.object({ upTo: z.string().min(1).max(64) }).strict()

/** A message as the customer sees it: theirs, and the answers; never an internal comment or an operator's id. */
export const WidgetMessageSchema = z.object({
  id: z.string(),
  at: z.number(),
  from: z.enum(['customer', 'operator', 'bot']),
  /** The operator's or bot's name. */
  name: z.string().nullable(),
  kind: z.string(),
  text: z.string(),
  media: z.object({ url: z.string(), mime: z.string(), name: z.string().optional() }).nullable(),
  /** [RAT6] A rating request: the widget shows the score form under it (POST …/rating). */
  ask: z.literal('rating').optional(),
  /** [RAT7] On a rating request: the visitor's latest score for it, with its comment; `null` while unrated. */
  rating: z.object({ score: z.number(), comment: z.string().nullable() }).nullable().optional(),
})
export type WidgetMessage = z.infer<typeof WidgetMessageSchema>

/** [RAT7] The visitor's score for a rating request (`messageId`), with the comment typed in the form. */
export const WidgetRatingSchema = z
  .object({
    /** The visitor's token, when not sent as `Authorization: Bearer`. */
    token: z.string().min(1).max(200).optional(),
    messageId: z.string().min(1).max(64),
    score: z.number().int().min(1).max(5),
    /** Blank is no comment. */
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
export type WidgetRating = z.infer<typeof WidgetRatingSchema>

/** Who answers now, as the widget's typing line shows it. */
export const WidgetTypingSchema = z.object({ names: z.array(z.string()) })
export type WidgetTyping = z.infer<typeof WidgetTypingSchema>
