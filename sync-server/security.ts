/**
 * What every response and every login attempt goes through: security headers (a CSP that lets the app, its
 * service worker and the widget work and nothing else), body limits, a same-origin check on cookie-authenticated
 * writes (CSRF), and a login throttle that slows a password guesser without locking the real user out for good.
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'

/** The operator app's policy: our own scripts, styles (Solid sets some inline), images and media, our socket. */
const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
}

/** Headers for everything but what other sites load: the widget's script and API (see `forOtherSites`). */
export const appHeaders = (): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: APP_CSP,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=15552000',
    xFrameOptions: 'DENY',
  })

/** The widget's script and API are fetched by other sites' pages: no CSP of ours, resources shareable. */
export const forOtherSites = (): MiddlewareHandler =>
  secureHeaders({
    crossOriginResourcePolicy: 'cross-origin',
    crossOriginOpenerPolicy: false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
  })

export const MAX_API_BODY_BYTES = 1024 * 1024

/** Bodies over `maxSize` are refused with 413 before they are read in full. */
export const limitBody = (maxSize = MAX_API_BODY_BYTES): MiddlewareHandler =>
  bodyLimit({
    maxSize,
    onError: (c) =>
      c.json({ code: 'too_large', message: `the body is over ${Math.round(maxSize / 1024)} KiB` }, 413),
  })

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * A write authenticated by the session cookie must come from our own pages: a browser sends the cookie with a
 * cross-site form or fetch too (SameSite=Lax stops most, not all: a sibling subdomain is "same site"), and it
 * always sends `Origin` on such writes. Bearer-token requests carry no ambient credential and pass.
 */
export const sameOriginWrite = (
  method: string,
  origin: string | undefined,
  requestOrigin: string,
  publicOrigin: string,
): boolean =>
  SAFE_METHODS.has(method) || (origin !== undefined && (origin === requestOrigin || origin === publicOrigin))

/**
 * Failed logins per account and per address, in fixed windows. Past the limit, attempts are refused with the
 * wait; the window ends on its own, so a flood slows the real user down but never locks them out for good, and a
 * success clears that account's count from that address.
 */
export class LoginThrottle {
  #windowStart = 0
  readonly #failures = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 15 * 60_000,
    private readonly perAccount = 10,
    private readonly perAddress = 100,
  ) {}

  /** `null` when an attempt may go on, else the ms to wait. */
  check(email: string, address: string): number | null {
    this.#roll()
    const account = this.#failures.get(this.#accountKey(email, address)) ?? 0
    const anywhere = this.#failures.get(this.#emailKey(email)) ?? 0
    const fromAddress = this.#failures.get(this.#addressKey(address)) ?? 0
    // One account attacked from many addresses is slowed too, with a higher bar than one address.
    if (account >= this.perAccount || fromAddress >= this.perAddress || anywhere >= this.perAddress) {
      return this.windowMs - (this.now() - this.#windowStart)
    }
    return null
  }

  failed(email: string, address: string): void {
    this.#roll()
    for (const key of [this.#accountKey(email, address), this.#emailKey(email), this.#addressKey(address)]) {
      this.#failures.set(key, (this.#failures.get(key) ?? 0) + 1)
    }
  }

  succeeded(email: string, address: string): void {
    this.#failures.delete(this.#accountKey(email, address))
  }

  #roll(): void {
    if (this.now() - this.#windowStart < this.windowMs) return
    this.#windowStart = this.now()
    this.#failures.clear()
  }

  #accountKey = (email: string, address: string) => `a\u0000${email.toLowerCase()}\u0000${address}`
  #emailKey = (email: string) => `e\u0000${email.toLowerCase()}`
  #addressKey = (address: string) => `i\u0000${address}`
}
