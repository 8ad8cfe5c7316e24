/** The channels' door: the contract every bridge meets, the shared provider call, and the bridges. */
export * from './contract'
export { type CallOutcome, callProvider, jsonOf, retryAfterMs } from './provider-call'
export { MAX_RATING_DATA_BYTES, parseRatingData, RATING_SCORES, ratingData, ratingLabel } from './rating'
export * as telegram from './telegram'
export * as vk from './vk'
export * as whatsapp from './whatsapp'
export * as widget from './widget'
