// The browser's one fetch wrapper for the app's JSON API. An error response becomes an ApiError carrying the
// server's { error: { code, message, details } } (messages are written for the user); a network failure and an
// ended session (401) get one wording each, here.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const NETWORK_ERROR_MESSAGE = 'The server could not be reached. Check your connection and try again.'
export const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again.'

export type ApiCallOptions = {
  /** what to tell the user on 401, when the page can say what is kept (default SESSION_ENDED_MESSAGE) */
  sessionEnded?: string
}

export async function apiFetch<T>(url: string, init: RequestInit = {}, options: ApiCallOptions = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init })
  } catch {
    throw new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)
  }
  const type = res.headers.get('content-type') ?? ''
  const body: unknown = type.includes('application/json') ? await res.json().catch(() => null) : null
  if (!res.ok) {
    if (res.status === 401) throw new ApiError(401, 'unauthorized', options.sessionEnded ?? SESSION_ENDED_MESSAGE)
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `The request failed (HTTP ${res.status}).`, error?.details)
  }
  return body as T
}

/** A JSON request body with its method and content type. */
export const jsonRequest = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
})
