/** `npm start` (and `npm run demo`, with `--demo`): the only reader of `process.env`. */
import { parseConfig } from './config'
import { DEMO_PASSWORD, startDemo } from './demo'
import { createLogger } from './logger'
import { startServer } from './server'

const DEMO_DEFAULTS = { DATA_DIR: './data/demo', ADMIN_PASSWORD: 'demo-admin-password', DEMO: 'true' }

const main = async (): Promise<void> => {
  const config = parseConfig(
    process.argv.includes('--demo') ? { ...DEMO_DEFAULTS, ...process.env } : process.env,
  )
  const demo = config.DEMO
  const logger = createLogger(config.LOG_LEVEL)
  const server = await startServer({ config, logger })
  const stopDemo = demo ? await startDemo(server.services, logger) : null
  if (demo) {
    process.stdout.write(
      `\nDemo workspace in ${config.DATA_DIR}. Log in as anna@demo.local or ivan@demo.local ` +
        `(password ${DEMO_PASSWORD}), or as ${config.ADMIN_EMAIL} (password ${config.ADMIN_PASSWORD}).\n` +
        'Simulated customers write every few seconds through every channel.\n' +
        `The widget on a demo shop page: http://localhost:${server.port}/demo\n`,
    )
  }
  const password = server.services.generatedAdminPassword
  if (password) {
    process.stdout.write(
      `\nSwitchboard created the admin ${config.ADMIN_EMAIL} with the password: ${password}\n` +
        'It is shown only this once; change it after logging in.\n\n',
    )
  }
  process.stdout.write(`Switchboard is running on http://localhost:${server.port}\n`)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    stopDemo?.()
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
