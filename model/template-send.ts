/**
 * [WTP1] Sending an approved WhatsApp Business template into a chat: the way to write to a customer whose 24-hour
 * reply window has closed (WIN1), or who never wrote. It is an outgoing message like any answer, so it claims an
 * unassigned chat (ASG2), goes through the same outbox with the same retries and idempotency, and gets delivery
 * states; only the bridge sends it as `type: template` instead of text.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { parseInput, sendOperatorMessage } from './commands'
import type { CommandContext } from './origins'
import { MAX_TEXT, type Message } from './schema'
import { TemplateRefSchema } from './templates'

export * from './templates'

export const TemplateMessageInput = z.object({
  id: z.string().min(1).max(64).optional(),
  template: TemplateRefSchema,
  /** The template filled with its parameters, as the customer will read it (shown in our history). */
  text: z.string().trim().min(1).max(MAX_TEXT),
})
export type TemplateMessageInput = z.input<typeof TemplateMessageInput>

/**
 * [WTP1] An operator sends a WhatsApp template. Allowed whether or not the reply window is open: that is what
 * templates are for. Validated like any operator message (MSG1, MSG2, VAL1); `invalid_input` for a malformed
 * template reference.
 */
export const sendTemplateMessage = (
  doc: Y.Doc,
  input: TemplateMessageInput,
  ctx: CommandContext,
): Message => {
  const { id, text, template } = parseInput(TemplateMessageInput, input)
  return sendOperatorMessage(doc, { ...(id !== undefined && { id }), text, template }, ctx)
}
