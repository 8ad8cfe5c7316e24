/**
 * The website widget in browser tests: a shop's page on its own origin carrying the tag an admin pastes, a widget
 * channel on the test server, and the widget's messages as the customer sees them.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { TestServer } from './server'

/** A shop's page on its own origin, with the one tag an admin pastes. */
export const startShop = async (embed: string): Promise<{ url: string; close(): Promise<void> }> => {
  const html = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Магазин</title></head>
<body><h1>Магазин чайников</h1><p>Лучшие чайники.</p>${embed}</body></html>`
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A widget channel «Сайт», created by the admin; `embed` is the tag to paste. */
export const widgetChannel = async (t: TestServer): Promise<{ id: string; embed: string }> => {
  const res = await t.api<{ id: string; embed: string }>('/api/channels', {
    token: t.adminToken,
    body: { kind: 'widget', name: 'Сайт', config: { title: 'Поддержка магазина' } },
  })
  expect(res.status).toBe(201)
  // The tag names the server by its public URL; the test server listens on a free port instead.
  return { id: res.body.id, embed: res.body.embed.replace(t.server.services.publicUrl, t.url) }
}

/** The widget's messages, as the customer sees them (the widget lives in a shadow root; roles pierce it). */
export const widgetTexts = (customer: Page): Promise<string[]> =>
  customer
    .getByRole('log')
    .locator('.msg')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''))
