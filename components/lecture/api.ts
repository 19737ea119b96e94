import { apiFetch, jsonRequest } from '@/components/api-client'
import type { SubmittedAnswer } from '@/lib/quiz/answers'
import type { AnswerOutcome, QuestionPreview, QuestionStatus, Reveal } from '@/lib/quiz/types'

// The lecture page's calls to the app's API (errors: components/api-client.ts).

export { ApiError } from '@/components/api-client'

const SESSION_ENDED = 'Your session has ended. Sign in again (your answers so far are saved).'
const request = <T>(url: string, init?: RequestInit) => apiFetch<T>(url, init, { sessionEnded: SESSION_ENDED })

export function postAnswer(questionId: string, answer: SubmittedAnswer): Promise<AnswerOutcome> {
  return request(`/api/questions/${encodeURIComponent(questionId)}/answers`, jsonRequest('POST', { answer }))
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
