/** Domain error codes: every refusal the model can give, named once. */
export const ErrorCode = {
  invalidInput: 'invalid_input',
  notOperator: 'not_operator',
  notFound: 'not_found',
  forbidden: 'forbidden',
  conflict: 'conflict',
  chatMissing: 'chat_missing',
  unauthorized: 'unauthorized',
  /** Too many requests from one visitor or address: slow down. */
  tooMany: 'too_many_requests',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** A rule of the domain said no. Boundaries map it to an HTTP 4xx `{code, message}`. */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}
