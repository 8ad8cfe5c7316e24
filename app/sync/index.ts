export * from './sync-client'
