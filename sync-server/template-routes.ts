/**
 * [WTP1] WhatsApp Business templates for operators: the approved templates of a channel they may see, and sending
 * one into a chat they may see. The send is an outgoing message written by the model's command, so the outbox
 * delivers it like any answer (order, retries, `unknown` on an ambiguous failure); it is checked against the
 * provider's template first, so a missing parameter is a 400 now rather than a failed delivery later.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  chatDocName,
  ErrorCode,
  operatorContext,
  sendTemplateMessage,
  TemplateRefSchema,
  whatsappTemplateText,
  worksInChannel,
} from '../model'
import { type ApiEnv, fail, parseJson } from './http'
import type { ProviderTemplates } from './provider-templates'
import type { Services } from './services'

const SendTemplateBody = TemplateRefSchema.extend({ id: z.string().min(1).max(64).optional() }).strict()

export const templateRoutes = (
  services: Pick<Services, 'channels' | 'chats' | 'access' | 'hub' | 'now'>,
  providerTemplates: ProviderTemplates,
): Hono<ApiEnv> => {
  const api = new Hono<ApiEnv>()
  const { channels, chats, access, hub, now } = services

  // The approved templates of a WhatsApp channel, kept a few minutes; `?refresh=1` asks the provider again.
  api.get('/channels/:id/whatsapp-templates', async (c) => {
    const op = c.get('operator')
    const channelId = c.req.param('id')
    const channel = channels.byId(channelId)
    if (!channel || !worksInChannel(op, channelId) || !providerTemplates.has(channel)) {
      return fail(ErrorCode.notFound, 'no such channel with message templates')
    }
    const { templates, at } = await providerTemplates.list(channelId, c.req.query('refresh') === '1')
    return c.json({ items: templates, fetchedAt: at })
  })

  api.post('/chats/:id/template-messages', async (c) => {
    const op = c.get('operator')
    const chatId = c.req.param('id')
    const chat = chats.chat(chatId)
    if (!chat || !access.canSeeChatId(op, chatId)) return fail(ErrorCode.notFound, 'no such chat')
    const body = await parseJson(SendTemplateBody, c.req)
    const channel = channels.byId(chat.channelId)
    if (!channel || !providerTemplates.has(channel)) {
      return fail(ErrorCode.conflict, 'this chat’s messenger has no message templates')
    }
    const { templates } = await providerTemplates.list(channel.id)
    const template =
      templates.find((t) => t.name === body.name && t.language === body.language) ??
      fail(ErrorCode.notFound, `no approved template ${body.name} (${body.language})`)
    if (template.unsupported !== null) {
      return fail(
        ErrorCode.conflict,
        `this template cannot be sent from here: it has ${template.unsupported}`,
      )
    }
    const given = new Map(body.params.map((p) => [p.name, p.text.trim()]))
    const missing = template.params.find((name) => !given.get(name))
    if (missing !== undefined) return fail(ErrorCode.invalidInput, `params: ${missing} needs a value`)
    const extra = body.params.find((p) => !template.params.includes(p.name))
    if (extra) return fail(ErrorCode.invalidInput, `params: the template has no ${extra.name}`)
    const params = template.params.map((name) => ({ name, text: given.get(name) as string }))
    const ref = { name: template.name, language: template.language, params }
    const ctx = operatorContext(op.id, now())
    const message = await hub.transact(
      chatDocName(chatId),
      (doc) =>
        sendTemplateMessage(
          doc,
          {
            ...(body.id !== undefined && { id: body.id }),
            template: ref,
            text: whatsappTemplateText(template, params),
          },
          ctx,
        ),
      ctx.origin,
    )
    return c.json({ id: message.id, at: message.at, text: message.text, template: message.template }, 201)
  })

  return api
}
