/** A widget visitor's message → the envelope every bridge hands the server. */
import type { ContactProfile } from '../../model'
import type { InboundEnvelope } from '../contract'
import type { VisitorStart, WidgetSend } from './schema'

export interface Visitor {
  readonly id: string
  readonly profile: VisitorStart
}

/**
 * The contact a visitor becomes: their name and email when given, else nameless (the app shows "website
 * visitor"); the visitor's id is not a name to show, so it stays out of the profile.
 */
export const visitorContact = (visitor: Visitor): ContactProfile => ({
  ...(visitor.profile.name !== undefined && { firstName: visitor.profile.name }),
  ...(visitor.profile.email !== undefined && { email: visitor.profile.email }),
  ...(visitor.profile.page !== undefined && { profileUrl: visitor.profile.page }),
})

/**
 * The widget's message id is the visitor's own (a UUID); prefixed with `w:` so it can never equal an id an
 * operator's app made for an outgoing message in the same chat.
 */
export const widgetMessageId = (clientId: string): string => `w:${clientId}`

export const parseWidgetSend = (visitor: Visitor, body: WidgetSend, now: number): InboundEnvelope => ({
  externalChatId: visitor.id,
  contact: visitorContact(visitor),
  message: { id: widgetMessageId(body.id), kind: 'text', text: body.text, at: now },
})
