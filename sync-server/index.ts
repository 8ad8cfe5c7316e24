/** The sync server's public door. */
export { type AppOptions, createApp } from './app'
export { type Config, ConfigSchema, configTable, parseConfig } from './config'
export { DocHub } from './docs/hub'
export { createLogger, type Logger } from './logger'
export { type RunningServer, type StartOptions, startServer } from './server'
export { buildServices, type Services } from './services'
