import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, startDemo } from '../../sync-server/demo'
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
    expect(services.chats.allChats()).toHaveLength(8)
    await t.login('anna@demo.local', DEMO_PASSWORD)
    await t.login('ivan@demo.local', DEMO_PASSWORD)

    const again = await startDemo(services, pino({ level: 'silent' }))
    again()
    expect(services.channels.list()).toHaveLength(4)
    expect(services.operators.list()).toHaveLength(3)
    expect(services.chats.allChats()).toHaveLength(8)
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
