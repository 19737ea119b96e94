'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'

import { submitPatchAction } from './actions/submit-patch'

type Problem = { file?: string; line?: number; message: string }

export function SubmitForm({ slug, disabledReason, exampleFile = null }: { slug: string; disabledReason: string | null; exampleFile?: string | null }) {
  const [mode, setMode] = useState<'UPLOAD' | 'PASTE'>('UPLOAD')
  const [text, setText] = useState('')
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null)
  const [pending, start] = useTransition()
  const fileInput = useRef<HTMLInputElement>(null)
  const router = useRouter()

  const submit = async () => {
    setError(null)
    let patch = text
    let fileName: string | undefined
    if (mode === 'UPLOAD') {
      const file = fileInput.current?.files?.[0]
      if (!file) return setError({ message: 'Choose a .diff or .patch file first.', problems: [] })
      fileName = file.name
      patch = await file.text()
    }
    start(async () => {
      const result = await submitPatchAction({ slug, patch, source: mode, fileName })
      if (result.ok) router.push(`/submissions/${result.data.id}`)
      else setError({ message: result.error.message, problems: ((result.error as { details?: { errors?: Problem[] } }).details?.errors ?? []).slice(0, 20) })
    })
  }

  return (
    <form
      aria-labelledby="submit-title"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <fieldset>
        <legend>How do you want to submit?</legend>
        <label style={{ fontWeight: 400, display: 'inline-flex', gap: '0.35rem', marginRight: '1.25rem' }}>
          <input type="radio" name="mode" checked={mode === 'UPLOAD'} onChange={() => setMode('UPLOAD')} /> Upload a file
        </label>
        <label style={{ fontWeight: 400, display: 'inline-flex', gap: '0.35rem' }}>
          <input type="radio" name="mode" checked={mode === 'PASTE'} onChange={() => setMode('PASTE')} /> Paste the diff
        </label>
        {mode === 'UPLOAD' ? (
          <>
            <label htmlFor="patch-file">Patch file (.diff or .patch)</label>
            <input id="patch-file" ref={fileInput} type="file" accept=".diff,.patch,text/x-diff,text/x-patch,text/plain" />
          </>
        ) : (
          <>
            <label htmlFor="patch-text">Unified diff</label>
            <textarea
              id="patch-text"
              className="patch-paste"
              rows={14}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              placeholder={
                exampleFile ? `diff --git a/${exampleFile} b/${exampleFile}\n--- a/${exampleFile}\n+++ b/${exampleFile}\n@@ …` : 'diff --git a/… b/…'
              }
            />
          </>
        )}
        <p className="hint">
          Make it with <code>git diff &gt; hw.diff</code> (or <code>diff -ru pristine/ yours/</code>) from the top of your CPython 2.7.8 tree.
        </p>
        <button type="submit" disabled={pending || Boolean(disabledReason)}>
          {pending ? 'Submitting…' : 'Submit for grading'}
        </button>
        {disabledReason && <p className="hint">{disabledReason}</p>}
      </fieldset>
      {error && (
        <div className="notice error" role="alert">
          <p style={{ margin: 0 }}>
            <strong>
              <WithCode text={error.message} />
            </strong>
          </p>
          {error.problems.length > 1 && (
            <ul>
              {error.problems.map((p, i) => (
                <li key={i}>
                  {p.line && !/^line \d+:/i.test(p.message) ? `Line ${p.line}: ` : ''}
                  <WithCode text={p.message} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  )
}

/** Server messages mark commands and paths with backticks; show those as code, not as literal backticks. */
function WithCode({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/)
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>
}
