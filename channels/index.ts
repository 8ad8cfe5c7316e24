/** The channels' door: the contract every bridge meets, the shared provider call, and the bridges. */
export * from './contract'
export { type CallOutcome, callProvider, jsonOf, retryAfterMs } from './provider-call'
export * as widget from './widget'
