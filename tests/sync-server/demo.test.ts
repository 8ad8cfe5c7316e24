import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Report } from '../../model'
import { DEMO_PASSWORD, startDemo } from '../../sync-server/demo'
import { DEMO_PAST_CONVERSATIONS } from '../../sync-server/demo-history'
import { startTestServer, type TestServer } from '../helpers/server'

describe('npm run demo', () => {
  let t: TestServer

  beforeEach(async () => {
    t = await startTestServer()
  })

  afterEach(async () => {
    await t.close()
  })

  it('seeds operators, a channel of every kind and customers’ chats, once', async () => {
    const services = t.server.services
    const stop = await startDemo(services, pino({ level: 'silent' }))
    stop()
    expect(
      services.channels
        .list()
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['telegram', 'vk', 'whatsapp', 'widget'])
    expect(services.chats.allChats()).toHaveLength(8 + DEMO_PAST_CONVERSATIONS)
    await t.login('anna@demo.local', DEMO_PASSWORD)
    await t.login('ivan@demo.local', DEMO_PASSWORD)

    const again = await startDemo(services, pino({ level: 'silent' }))
    again()
    expect(services.channels.list()).toHaveLength(4)
    expect(services.operators.list()).toHaveLength(3)
    expect(services.chats.allChats()).toHaveLength(8 + DEMO_PAST_CONVERSATIONS)
  })

  it('starts with a past week the reports show: both operators took, answered and closed, customers rated', async () => {
    const services = t.server.services
    const stop = await startDemo(services, pino({ level: 'silent' }))
    stop()
    const now = services.now()
    const query = `from=${now - 8 * 86_400_000}&to=${now + 1}&by=operator`
    const read = async (): Promise<Report> => {
      const response = await fetch(`${t.url}/api/reports?${query}`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      })
      return (await response.json()) as Report
    }
    // The store follows the chats a moment later (at most once a second per chat).
    let report = await read()
    const deadline = Date.now() + 10_000
    while (report.totals.closed < DEMO_PAST_CONVERSATIONS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      report = await read()
    }
    expect(report.totals.closed).toBe(DEMO_PAST_CONVERSATIONS)
    expect(report.rows.map((r) => r.name).sort()).toEqual(['Анна Смирнова', 'Иван Петров'])
    for (const row of report.rows) {
      expect(row.taken).toBe(DEMO_PAST_CONVERSATIONS / 2)
      expect(row.firstResponse.count).toBe(DEMO_PAST_CONVERSATIONS / 2)
    }
    // A request in three of four conversations, a score for four of five of those.
    expect(report.totals.satisfaction.requested).toBe(27)
    expect(report.totals.satisfaction.count).toBeGreaterThan(15)
    expect(report.totals.customerRating.count).toBeGreaterThan(0)
    expect(report.totals.closeReasons.no_reply).toBeGreaterThan(0)
  })

  it('serves a demo shop page with the widget on it, only in the demo', async () => {
    const stop = await startDemo(t.server.services, pino({ level: 'silent' }))
    stop()
    // Not a demo server: /demo is just a page path of the app.
    const plain = await fetch(`${t.url}/demo`)
    expect(await plain.text()).not.toContain('widget.js')

    const demo = await startTestServer({ env: { DEMO: 'true' } })
    try {
      const stopDemo = await startDemo(demo.server.services, pino({ level: 'silent' }))
      stopDemo()
      const widget = demo.server.services.channels.list().find((c) => c.kind === 'widget')!
      const page = await fetch(`${demo.url}/demo`)
      expect(page.headers.get('content-type')).toContain('text/html')
      expect(await page.text()).toContain(
        `<script type="module" src="/widget.js?channel=${widget.id}"></script>`,
      )
    } finally {
      await demo.close()
    }
  })
})
