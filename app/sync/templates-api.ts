/**
 * The HTTP side of templates: the shared catalogue for admins (`/api/admin/templates`) [TPL2], and WhatsApp Business
 * templates for operators (a channel's approved list, sending one into a chat) [WTP1]. Operators read the shared
 * catalogue from the directory doc, not from here, so the picker works offline.
 */
import type { ProviderTemplate, Template, TemplateRef } from '../../model'
import { caller } from './api'

export type TemplateInput = Omit<Template, 'id'>
/** A change: `folder: null` takes the template out of its folder. */
export type TemplateChange = Partial<Omit<TemplateInput, 'folder'>> & { folder?: string | null }

export interface TemplateAdminApi {
  templates(): Promise<Template[]>
  createTemplate(input: TemplateInput): Promise<Template>
  updateTemplate(id: string, change: TemplateChange): Promise<Template>
  removeTemplate(id: string): Promise<void>
}

const seg = encodeURIComponent

export const createTemplateAdminApi = (token: string, baseUrl = ''): TemplateAdminApi => {
  const call = caller(baseUrl)
  return {
    templates: async () => (await call<{ items: Template[] }>('/api/admin/templates', { token })).items,
    createTemplate: (input) => call('/api/admin/templates', { token, body: input }),
    updateTemplate: (id, change) =>
      call(`/api/admin/templates/${seg(id)}`, { token, method: 'PATCH', body: change }),
    removeTemplate: async (id) => {
      await call(`/api/admin/templates/${seg(id)}`, { token, method: 'DELETE' })
    },
  }
}

/** An approved WhatsApp template as the server lists it. */
export type WhatsAppTemplate = ProviderTemplate

export interface WhatsAppTemplatesApi {
  /** The channel's approved templates (the server keeps them a few minutes; `refresh` asks WhatsApp again). */
  list(channelId: string, refresh?: boolean): Promise<WhatsAppTemplate[]>
  /** Sends one into the chat: an outgoing message through the outbox; resolves the message's id. */
  send(chatId: string, ref: TemplateRef & { id?: string }): Promise<{ id: string; text: string }>
}

export const createWhatsAppTemplatesApi = (token: string, baseUrl = ''): WhatsAppTemplatesApi => {
  const call = caller(baseUrl)
  return {
    list: async (channelId, refresh = false) =>
      (
        await call<{ items: WhatsAppTemplate[] }>(
          `/api/channels/${seg(channelId)}/whatsapp-templates${refresh ? '?refresh=1' : ''}`,
          { token },
        )
      ).items,
    send: (chatId, ref) => call(`/api/chats/${seg(chatId)}/template-messages`, { token, body: ref }),
  }
}
