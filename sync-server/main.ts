/** `npm start`: the only reader of `process.env`. */
import { parseConfig } from './config'
import { createLogger } from './logger'
import { startServer } from './server'

const main = async (): Promise<void> => {
  const config = parseConfig(process.env)
  const logger = createLogger(config.LOG_LEVEL)
  const server = await startServer({ config, logger })
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
