/** What every HTTP route shares: domain errors as `4xx {code, message}`, JSON bodies through zod, bearer tokens. */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import { DomainError, ErrorCode } from '../model'
import type { ApiToken } from './admin/api-tokens'
import type { OperatorRecord } from './operators'

export const STATUS: Readonly<Record<string, ContentfulStatusCode>> = {
  [ErrorCode.invalidInput]: 400,
  [ErrorCode.unauthorized]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notOperator]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.chatMissing]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.tooMany]: 429,
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new DomainError(code, message)
}

/** Checks a value with a schema; the first problem becomes the error's message, with its path. */
export const parseWith = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    return fail(ErrorCode.invalidInput, `${where}${issue?.message ?? 'invalid input'}`)
  }
  return result.data
}

export const parseJson = async <T>(schema: z.ZodType<T>, req: { json(): Promise<unknown> }): Promise<T> => {
  let body: unknown
  try {
    body = await req.json()
  } catch {
    return fail(ErrorCode.invalidInput, 'the body must be JSON')
  }
  return parseWith(schema, body)
}

/** The bearer token of a request: `Authorization: Bearer …`, else the cookie (or query) value given. */
export const tokenOf = (authorization: string | undefined, fallback: string | undefined): string | null => {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i)
  return match?.[1] ?? fallback ?? null
}

/** The variables every signed-in `/api` route has. */
export type ApiEnv = {
  Variables: {
    operator: OperatorRecord
    token: string
    requestId: string
    /** Set when an integration token (not an operator's session) made the request. */
    integration?: ApiToken
  }
}

/** The client's address, from the socket; `unknown` where there is none (app.request() in tests). */
export const addressOf = (c: Context): string => {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
