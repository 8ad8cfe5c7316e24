/**
 * One port for everything: the Hono app over HTTP and the sync WebSockets (`/sync` multiplexed, `/sync/<docName>`
 * for a stock y-websocket client). A socket is authenticated at upgrade, before any byte of a doc is sent.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createAdaptorServer } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { CloseCode, newId } from '../model'
import { createApp, SESSION_COOKIE } from './app'
import type { Config } from './config'
import type { DocHub } from './docs/hub'
import { tokenOf } from './http'
import { createLogger, type Logger } from './logger'
import { buildServices, type Services } from './services'
import { SyncConnection } from './ws/connection'

export interface RunningServer {
  readonly port: number
  /** `http://host:port` as bound. */
  readonly url: string
  readonly hub: DocHub
  readonly services: Services
  /** Live sync connections, for tests and the admin's view. */
  readonly connections: ReadonlySet<SyncConnection>
  close(): Promise<void>
}

export interface StartOptions {
  readonly config: Config
  readonly logger?: Logger
  readonly now?: () => number
}

const PING_INTERVAL_MS = 30_000

const refuseUpgrade = (socket: Duplex, status: number, text: string): void => {
  const body = JSON.stringify({ code: status === 401 ? 'unauthorized' : 'forbidden', message: text })
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  )
}

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

export const startServer = async (options: StartOptions): Promise<RunningServer> => {
  const { config } = options
  const logger = options.logger ?? createLogger(config.LOG_LEVEL)
  const services = await buildServices({ config, logger, ...(options.now && { now: options.now }) })
  const app = createApp(services, { appDir: config.APP_DIR })
  const http = createAdaptorServer({ fetch: app.fetch }) as Server
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.MAX_MESSAGE_BYTES })
  const connections = new Set<SyncConnection>()

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that goes away while we answer must not take the process down with an unhandled ECONNRESET.
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = url.pathname.match(/^\/sync(?:\/(.+))?$/)
    if (!match) {
      refuseUpgrade(socket, 404, 'Not Found')
      return
    }
    const token =
      url.searchParams.get('token') ??
      tokenOf(req.headers.authorization, cookieValue(req.headers.cookie, SESSION_COOKIE))
    const session = token ? services.sessions.verify(token) : null
    const operator = session ? services.operators.byId(session.operatorId) : null
    if (!session || !operator || !operator.active) {
      refuseUpgrade(socket, 401, 'Unauthorized')
      return
    }
    const docName = match[1] === undefined ? null : decodeURIComponent(match[1])
    if (docName !== null && services.access.scope(operator, docName) === null) {
      refuseUpgrade(socket, 403, 'Forbidden')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connId = newId()
      let alive = true
      ws.on('pong', () => {
        alive = true
      })
      const ping = setInterval(() => {
        if (!alive) ws.terminate()
        alive = false
        ws.ping()
      }, PING_INTERVAL_MS)
      ping.unref()
      const conn = new SyncConnection(connId, ws, docName ? { kind: 'single', docName } : { kind: 'multi' }, {
        hub: services.hub,
        access: services.access,
        logger: logger.child({ part: 'sync', operatorId: operator.id }),
        currentOperator: () =>
          services.sessions.verify(token!) ? services.operators.byId(operator.id) : null,
        sessionExpiresAt: session.expiresAt,
        now: services.now,
      })
      connections.add(conn)
      // [TEAM4] Online while an authenticated socket is open (a grace after the last one rides over a reload).
      const offline = services.online.connected(operator.id)
      ws.on('close', () => {
        clearInterval(ping)
        connections.delete(conn)
        offline()
      })
    })
  }
  http.on('upgrade', onUpgrade)

  // Access changed: every open doc is checked again; what no longer fits is revoked at once.
  const offAccess = services.onAccessChanged(() => {
    for (const conn of connections) conn.recheck()
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.PORT, config.HOST, () => resolve())
  })
  const port = (http.address() as AddressInfo).port
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST
  logger.info({ port, dataDir: config.DATA_DIR }, 'switchboard is listening')

  let closing: Promise<void> | null = null
  return {
    port,
    url: `http://${host}:${port}`,
    hub: services.hub,
    services,
    connections,
    close() {
      closing ??= (async () => {
        offAccess()
        http.off('upgrade', onUpgrade)
        for (const conn of connections) conn.close(CloseCode.goingAway, 'server shutting down')
        wss.close()
        await new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections?.()
        })
        await services.close()
      })()
      return closing
    },
  }
}
