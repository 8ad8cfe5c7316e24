/**
 * One HTTP call to a provider's API, classified the way the outbox needs it: an answer (any status), a failure
 * that surely sent nothing (the connection was refused or the host unknown: safe to retry), or one after which the
 * request may have been processed (a timeout, a connection reset mid-way: resending could duplicate).
 */
import type { BridgeContext } from './contract'

export type CallOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Headers; readonly text: string }
  | { readonly kind: 'not-sent'; readonly error: string }
  | { readonly kind: 'maybe-sent'; readonly error: string }

/** Errors raised before any byte of the request could reach the provider. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
])

const codeOf = (err: unknown): string | undefined => {
  let cause: unknown = err
  for (let depth = 0; depth < 4 && cause && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string') return code
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}

export const callProvider = async (
  ctx: BridgeContext<unknown>,
  url: string,
  init: RequestInit = {},
): Promise<CallOutcome> => {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), ctx.timeoutMs)
  try {
    const response = await ctx.fetch(url, { ...init, signal: abort.signal })
    const text = await response.text()
    return { kind: 'answer', status: response.status, headers: response.headers, text }
  } catch (err) {
    const code = codeOf(err)
    const error = `${code ?? (abort.signal.aborted ? 'timeout' : 'network error')}: ${url.replace(/\/bot[^/]+/, '/bot***')}`
    if (code !== undefined && NOT_SENT.has(code)) return { kind: 'not-sent', error }
    // fetch refuses ports on the Fetch standard's block list (e.g. 9) before opening any connection, with no code.
    if (err instanceof TypeError && (err.cause as Error | undefined)?.message === 'bad port') {
      return { kind: 'not-sent', error: `bad port: ${url.replace(/\/bot[^/]+/, '/bot***')}` }
    }
    return { kind: 'maybe-sent', error }
  } finally {
    clearTimeout(timer)
  }
}

/** Parses a JSON answer; `null` when it is not JSON. */
export const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** The `Retry-After` header (seconds) as ms, when present. */
export const retryAfterMs = (headers: Headers): number | undefined => {
  const value = Number(headers.get('retry-after'))
  return Number.isFinite(value) && value > 0 ? value * 1000 : undefined
}
