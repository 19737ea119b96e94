'use client'

import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'

import type { ActionResult } from '@/lib/auth/guards'

export type Message = { ok: boolean; text: string } | null

/** Run a server action from a form: pending state, the message to show, and a refresh of the page on success. */
export function useAction() {
  const [pending, start] = useTransition()
  const [message, setMessage] = useState<Message>(null)
  const router = useRouter()
  function run<T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string) {
    start(async () => {
      const result = await call()
      if (result.ok) {
        setMessage({ ok: true, text: success(result.data) })
        router.refresh()
      } else {
        setMessage({ ok: false, text: result.error.message })
      }
    })
  }
  return { pending, message, run, setMessage }
}

export function Status({ message }: { message: Message }) {
  return (
    <span role="status" aria-live="polite" className={message ? (message.ok ? 'pill ok' : 'pill bad') : undefined} style={{ whiteSpace: 'normal' }}>
      {message?.text}
    </span>
  )
}
