/**
 * [WTP1] WhatsApp Business templates through the bridge and a local fake of the Cloud API: the account's approved
 * templates (`GET /{waba-id}/message_templates`, paged) and a template sent as `type: template` outside the
 * 24-hour window, with positional or named body parameters, as Meta documents them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutgoingMessage, ProviderTemplate } from '../../channels'
import {
  bridge,
  CUSTOMER_WINDOW_MS,
  paramText,
  templateObject,
  type WhatsAppConfig,
} from '../../channels/whatsapp'
import type { WhatsAppFake } from '../helpers/fakes/whatsapp'
import { contextFor, outgoing } from './bridge-contract'
import { startTemplateFake, WA, WA_TEMPLATES, whatsappConfig, whatsappFixture } from './whatsapp.fixture'

describe('whatsapp: message templates', () => {
  let fake: WhatsAppFake
  let cfg: WhatsAppConfig
  beforeAll(async () => {
    fake = await startTemplateFake()
    cfg = whatsappConfig(fake.url, { businessAccountId: WA.wabaId })
  })
  afterAll(() => fake.close())
  const ctx = (config = cfg) => contextFor(bridge, config)
  /** A customer who last wrote two days ago: free text would be refused. */
  const late = (extra: Partial<OutgoingMessage>): OutgoingMessage => ({
    ...outgoing(whatsappFixture, 'ignored for a template'),
    customerLastAt: Date.now() - 2 * CUSTOMER_WINDOW_MS,
    ...extra,
  })
  const list = async (): Promise<readonly ProviderTemplate[]> => {
    const result = await bridge.listTemplates!(ctx())
    if (!result.ok) throw new Error(result.error)
    return result.templates
  }

  it('lists the approved templates with their texts, parameters and examples; a media header is marked unsupported', async () => {
    const templates = await list()
    expect(templates.map((t) => `${t.name}/${t.language}`)).toEqual([
      'hello_world/en_US',
      'order_delivery_update/en_US',
      'reservation_confirmation/en_US',
      'zakaz_gotov/ru',
    ])
    const [hello, order, reservation, zakaz] = templates
    expect(hello).toMatchObject({
      header: 'Hello World',
      footer: 'WhatsApp Business Platform sample message',
      params: [],
      unsupported: null,
    })
    expect(order).toMatchObject({ params: ['1', '2'], examples: ['Mark', '566701'], unsupported: null })
    expect(zakaz).toMatchObject({
      body: 'Здравствуйте, {{first_name}}! Ваш заказ №{{order_id}} готов к выдаче.',
      params: ['first_name', 'order_id'],
      examples: ['Мария', '1042'],
      unsupported: null,
    })
    expect(reservation?.unsupported).toMatch(/image header/)
    const path = `/${WA.apiVersion}/${WA.wabaId}/message_templates`
    expect(fake.calls.filter((c) => c.path === path).length).toBe(1)
  })

  it('follows Graph paging to the last page', async () => {
    const many = Array.from({ length: 230 }, (_, i) => ({
      name: `notice_${String(i).padStart(3, '0')}`,
      language: 'ru',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: `Уведомление ${i}` }],
    }))
    const saved = fake.templates
    fake.templates = many
    try {
      const before = fake.calls.length
      const templates = await list()
      expect(templates).toHaveLength(230)
      expect(templates.at(-1)?.name).toBe('notice_229')
      expect(fake.calls.length - before).toBe(3) // 100 + 100 + 30
    } finally {
      fake.templates = saved
    }
  })

  it('says why it cannot list: no business account id, a refused token, an outage', async () => {
    const { businessAccountId: _, ...withoutAccount } = cfg
    expect(await bridge.listTemplates!(ctx(withoutAccount))).toEqual({
      ok: false,
      error: expect.stringMatching(/businessAccountId/),
    })
    expect(await bridge.listTemplates!(ctx({ ...cfg, accessToken: 'EAA-expired' }))).toEqual({
      ok: false,
      error: expect.stringMatching(/access token is invalid/),
    })
    fake.failNextList({ kind: 'server-error' })
    expect(await bridge.listTemplates!(ctx())).toMatchObject({
      ok: false,
      error: expect.stringMatching(/131000/),
    })
  })

  it('sends a template with positional parameters outside the 24-hour window, as type: template', async () => {
    const template = {
      name: 'order_delivery_update',
      language: 'en_US',
      params: [
        { name: '2', text: '566701' },
        { name: '1', text: 'Sheena' },
      ],
    }
    const result = await bridge.send(ctx(), late({ template }))
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./) })
    const sent = fake.sent.at(-1)!
    expect(sent.text).toBe('Good news Sheena! Your order #566701 is on its way. Thank you for your order!')
    expect(sent.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: WA.customer.waId,
      type: 'template',
      template: {
        name: 'order_delivery_update',
        language: { code: 'en_US', policy: 'deterministic' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Sheena' },
              { type: 'text', text: '566701' },
            ],
          },
        ],
      },
    })
    // The same customer, free text: refused by the window, nothing sent.
    const count = fake.sent.length
    expect(await bridge.send(ctx(), late({}))).toMatchObject({ ok: false, kind: 'rejected', error: /24/ })
    expect(fake.sent).toHaveLength(count)
  })

  it('sends named parameters with parameter_name, and a template without parameters with no components', async () => {
    const named = await bridge.send(
      ctx(),
      late({
        template: {
          name: 'zakaz_gotov',
          language: 'ru',
          params: [
            { name: 'first_name', text: 'Мария' },
            { name: 'order_id', text: '1042' },
          ],
        },
      }),
    )
    expect(named.ok).toBe(true)
    expect(fake.sent.at(-1)?.text).toBe('Здравствуйте, Мария! Ваш заказ №1042 готов к выдаче.')
    expect(fake.sent.at(-1)?.body.template).toMatchObject({
      components: [
        { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Мария' }, {}] },
      ],
    })
    const hello = await bridge.send(
      ctx(),
      late({ customerLastAt: null, template: { name: 'hello_world', language: 'en_US', params: [] } }),
    )
    expect(hello.ok).toBe(true)
    expect(fake.sent.at(-1)?.body.template).toEqual({
      name: 'hello_world',
      language: { code: 'en_US', policy: 'deterministic' },
    })
  })

  it('refuses an empty parameter itself, and reports Meta’s refusal of an unknown template', async () => {
    const count = fake.sent.length
    const empty = await bridge.send(
      ctx(),
      late({
        template: {
          name: 'order_delivery_update',
          language: 'en_US',
          params: [
            { name: '1', text: ' \n ' },
            { name: '2', text: '1' },
          ],
        },
      }),
    )
    expect(empty).toMatchObject({ ok: false, kind: 'rejected', error: /needs a value/ })
    const unknown = await bridge.send(
      ctx(),
      late({ template: { name: 'no_such', language: 'en_US', params: [] } }),
    )
    expect(unknown).toMatchObject({ ok: false, kind: 'rejected', error: /132001/ })
    const missing = await bridge.send(
      ctx(),
      late({
        template: { name: 'order_delivery_update', language: 'en_US', params: [{ name: '1', text: 'x' }] },
      }),
    )
    expect(missing).toMatchObject({ ok: false, kind: 'rejected', error: /132000/ })
    expect(fake.sent).toHaveLength(count)
  })

  it('a parameter has no new lines, tabs or long runs of spaces', () => {
    expect(paramText('  Мария\nПетрова\t\tи       ко  ')).toBe('Мария Петрова и    ко')
    expect(templateObject({ name: 'x', language: 'ru', params: [] })).toEqual({
      name: 'x',
      language: { code: 'ru', policy: 'deterministic' },
    })
    expect(WA_TEMPLATES.length).toBeGreaterThan(3)
  })
})
