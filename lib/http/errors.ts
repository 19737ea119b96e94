/** An error whose message is meant for the person who caused it; anything else is logged and shown generically. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** for 429 and 503: seconds until trying again makes sense, sent as `Retry-After` */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthorized', message)
export const forbidden = (message = 'You do not have permission to do that.') => new AppError(403, 'forbidden', message)
export const notFound = (what = 'That') => new AppError(404, 'not_found', `${what} was not found.`)

export type ErrorBody = { error: { code: string; message: string; details?: unknown } }

export function errorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } },
    }
  }
  console.error(error)
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } } }
}

/** The JSON error response for `error`, with `Retry-After` when the error says when to come back. */
export function errorResponse(error: unknown): Response {
  const { status, body } = errorBody(error)
  const retry = error instanceof AppError ? error.retryAfterSeconds : undefined
  const headers = retry !== undefined && Number.isFinite(retry) ? { 'Retry-After': String(Math.max(1, Math.ceil(retry))) } : undefined
  return Response.json(body, { status, headers })
}
