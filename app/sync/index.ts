export * from './api'
export * from './live-doc'
export * from './session'
export * from './sync-client'
