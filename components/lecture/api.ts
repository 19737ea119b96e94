import type { SubmittedAnswer } from '@/lib/quiz/answers'
import type { AnswerOutcome, QuestionPreview, QuestionStatus, Reveal } from '@/lib/quiz/types'

// The lecture page's calls to the app's API. Errors carry the server's { error: { code, message } }.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, { ...init, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } })
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.')
  }
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
  if (!res.ok) {
    if (res.status === 401) throw new ApiError(401, 'unauthorized', 'Your session has ended. Sign in again (your answers so far are saved).')
    throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? `The request failed (HTTP ${res.status}).`)
  }
  return body as T
}

export function postAnswer(questionId: string, answer: SubmittedAnswer): Promise<AnswerOutcome> {
  return request(`/api/questions/${encodeURIComponent(questionId)}/answers`, { method: 'POST', body: JSON.stringify({ answer }) })
}

export function getResult(questionId: string): Promise<{ status: QuestionStatus; reveal: Reveal }> {
  return request(`/api/questions/${encodeURIComponent(questionId)}/result`)
}

export function getPreview(questionId: string): Promise<QuestionPreview> {
  return request(`/api/questions/${encodeURIComponent(questionId)}/preview`)
}

export type ProgressBody = { position: number; furthest: number; duration?: number; rate: number }

/** Save the position; with `beacon`, through navigator.sendBeacon (survives the page closing). */
export function postProgress(slug: string, body: ProgressBody, options: { beacon?: boolean } = {}): Promise<void> {
  const url = `/api/lectures/${encodeURIComponent(slug)}/progress`
  const json = JSON.stringify(body)
  if (options.beacon && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
    if (navigator.sendBeacon(url, new Blob([json], { type: 'application/json' }))) return Promise.resolve()
  }
  return fetch(url, { method: 'POST', body: json, keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' } }).then(
    () => undefined,
    () => undefined,
  )
}
