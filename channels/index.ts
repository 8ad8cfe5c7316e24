/** The channels' door: the contract every bridge meets, and the bridges. */
export type { InboundEnvelope } from './contract'
export * as widget from './widget'
