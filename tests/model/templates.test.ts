import { describe, expect, it } from 'vitest'
import {
  chatState,
  ErrorCode,
  fillTemplate,
  firstNameOf,
  ingestInboundMessage,
  REPLY_WINDOW_MS,
  renderWhatsAppTemplate,
  replyWindowEndsAt,
  replyWindowOpen,
  sendTemplateMessage,
  TemplateSchema,
  templateValuesOf,
  templateVariables,
  whatsappParamsOf,
} from '../../model'
import {
  asChannel,
  asOperator,
  deliver,
  expectDomainError,
  messagesOf,
  newChat,
  replicaOf,
  T0,
  updateOf,
} from '../helpers/model'

const values = templateValuesOf({
  contactName: 'Мария Петрова',
  operatorName: 'Анна Смирнова',
  channelName: 'Бот магазина',
})

describe('templates', () => {
  it('[TPL1] fills every known variable from the chat, with or without spaces inside the braces', () => {
    expect(
      fillTemplate(
        'Здравствуйте, {{contact.firstName}}! ({{ contact.name }}) Вам пишет {{operator.firstName}} ' +
          '({{operator.name}}) из «{{channel.name}}».',
        values,
      ),
    ).toBe('Здравствуйте, Мария! (Мария Петрова) Вам пишет Анна (Анна Смирнова) из «Бот магазина».')
  })

  it('[TPL1] a known variable with no value becomes empty; an unknown one stays as written', () => {
    const phoneOnly = templateValuesOf({ contactName: '+7 999 123-45-67', operatorName: 'Анна' })
    expect(
      fillTemplate('Добрый день, {{contact.firstName}}! {{contact.fristName}} {{channel.name}}.', phoneOnly),
    ).toBe('Добрый день, ! {{contact.fristName}} .')
    expect(fillTemplate('{{contact.name}}', phoneOnly)).toBe('+7 999 123-45-67')
    // Not a variable at all: left alone.
    expect(fillTemplate('{{ 1 }} {{}} {contact.name}', values)).toBe('{{ 1 }} {{}} {contact.name}')
  })

  it('[TPL1] the first name comes from the profile, else the first word of a name with letters', () => {
    expect(
      templateValuesOf({ contactName: 'Sheena Nelson', contactFirstName: 'Шина' })['contact.firstName'],
    ).toBe('Шина')
    expect(firstNameOf('Sheena Nelson')).toBe('Sheena')
    expect(firstNameOf('  Иван  ')).toBe('Иван')
    expect(firstNameOf('+7 (999) 123-45-67')).toBe('')
    expect(firstNameOf('ivan@example.com')).toBe('')
    expect(templateValuesOf({})).toEqual({})
  })

  it('[TPL1] lists the variables a text uses, telling the unknown ones', () => {
    expect(templateVariables('{{contact.name}} {{x.y}} {{contact.name}} {{ operator.name }}')).toEqual({
      known: ['contact.name', 'operator.name'],
      unknown: ['x.y'],
    })
  })

  it('[TPL2] a template has a title and a text, and may have a folder', () => {
    expect(TemplateSchema.safeParse({ id: 't1', title: 'Привет', text: 'Здравствуйте!' }).success).toBe(true)
    expect(
      TemplateSchema.safeParse({ id: 't1', title: 'Привет', text: 'Здравствуйте!', folder: 'Общие' }).success,
    ).toBe(true)
    expect(TemplateSchema.safeParse({ id: 't1', title: ' ', text: 'x' }).success).toBe(false)
    expect(TemplateSchema.safeParse({ id: 't1', title: 'x', text: '' }).success).toBe(false)
  })
})

describe('WhatsApp templates', () => {
  const template = {
    name: 'order_delivery_update',
    language: 'en_US',
    params: [
      { name: '1', text: 'Mark' },
      { name: '2', text: '566701' },
    ],
  }
  const body = 'Good news {{1}}! Your order #{{2}} is on its way.'

  it('[WTP1] renders positional and named parameters; reads their names', () => {
    expect(whatsappParamsOf(body)).toEqual(['1', '2'])
    expect(renderWhatsAppTemplate(body, template.params)).toBe(
      'Good news Mark! Your order #566701 is on its way.',
    )
    const named = 'Your reservation for {{number_of_guests}} on {{day}} is confirmed, {{ day }}.'
    expect(whatsappParamsOf(named)).toEqual(['number_of_guests', 'day'])
    expect(renderWhatsAppTemplate(named, [{ name: 'day', text: 'Saturday' }])).toBe(
      'Your reservation for {{number_of_guests}} on Saturday is confirmed, Saturday.',
    )
  })

  it('[WTP1] [WIN1] a template goes out after the reply window closed, claims the chat and passes the validator', () => {
    const server = newChat()
    ingestInboundMessage(server, { id: 'wa:1', text: 'Здравствуйте', at: T0 }, asChannel(T0))
    const later = T0 + REPLY_WINDOW_MS + 60_000
    expect(replyWindowOpen(replyWindowEndsAt(messagesOf(server)), later)).toBe(false)
    const client = replicaOf(server)
    let sent: ReturnType<typeof sendTemplateMessage> | undefined
    const update = updateOf(client, () => {
      sent = sendTemplateMessage(
        client,
        { template, text: renderWhatsAppTemplate(body, template.params) },
        asOperator('op1', later),
      )
    })
    expect(sent).toMatchObject({
      direction: 'out',
      kind: 'text',
      template,
      author: { kind: 'operator', id: 'op1' },
    })
    expect(deliver(server, update, 'op1', { now: later })).toEqual({ ok: true })
    expect(messagesOf(server).at(-1)?.template).toEqual(template)
    expect(chatState(server).assignment).toMatchObject({ status: 'in_work', assigneeId: 'op1' })
  })

  it('[WTP1] refuses a malformed template or an empty text; the same id again is the same message', () => {
    const doc = newChat()
    expectDomainError(
      () =>
        sendTemplateMessage(
          doc,
          { template: { ...template, name: 'Bad Name' }, text: 'x' },
          asOperator('op1'),
        ),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => sendTemplateMessage(doc, { template, text: '  ' }, asOperator('op1')),
      ErrorCode.invalidInput,
    )
    expectDomainError(
      () => sendTemplateMessage(doc, { template, text: 'x' }, asChannel()),
      ErrorCode.notOperator,
    )
    const first = sendTemplateMessage(doc, { id: 'tpl-1', template, text: 'x' }, asOperator('op1'))
    const again = sendTemplateMessage(doc, { id: 'tpl-1', template, text: 'x' }, asOperator('op1', T0 + 5))
    expect(again).toEqual(first)
    expect(messagesOf(doc)).toHaveLength(1)
  })
})
