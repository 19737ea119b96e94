'use client'

import { useEffect, useRef, useState } from 'react'

import { useGradingProgress } from '@/components/use-grading-progress'
import type { CompilerError } from '@/lib/grading/compiler-errors'
import { phaseLabel, queueStandingLabel } from '@/lib/submissions/live-progress'
import type { SubmissionView } from '@/lib/submissions/view'
import { plural } from '@/lib/text/plural'

import { submissionResult } from './api'
import styles from './workbench.module.css'

export type StartedRun = { id: string; kind: 'practice' | 'submission'; number: number | null; startedAt: number }

/**
 * Follows one run live (components/use-grading-progress.ts), then loads the stored result and hands it to
 * `onFinished` (the workbench turns its compiler errors into editor markers).
 */
function useRunResult(run: StartedRun, onFinished: (run: StartedRun, result: SubmissionView) => void) {
  const live = useGradingProgress(run.id)
  const [result, setResult] = useState<SubmissionView | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const finished = useRef(onFinished)
  useEffect(() => {
    finished.current = onFinished
  }, [onFinished])
  const over = live.progress.over

  useEffect(() => {
    if (!over) return
    let closed = false
    // the worker writes the result rows before it publishes "done"; still, give a read that races it a second try
    const load = async () => {
      for (let attempt = 0; attempt < 5 && !closed; attempt++) {
        try {
          const loaded = await submissionResult(run.id)
          const done = loaded.status !== 'QUEUED' && loaded.status !== 'RUNNING'
          if (done || attempt === 4) {
            if (closed) return
            setResult(loaded)
            if (done) finished.current(run, loaded)
            return
          }
        } catch (e) {
          if (attempt === 4 && !closed) setFailure(e instanceof Error ? e.message : String(e))
        }
        await new Promise((r) => setTimeout(r, 1000))
      }
    }
    void load()
    return () => {
      closed = true
    }
  }, [over, run])

  return { ...live, result, failure }
}

export function RunCard({
  run,
  onFinished,
  onOpenError,
}: {
  run: StartedRun
  onFinished: (run: StartedRun, result: SubmissionView) => void
  onOpenError: (error: CompilerError) => void
}) {
  const live = useRunResult(run, onFinished)
  const { progress } = live
  const logRef = useRef<HTMLPreElement>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs each time the log grows, to keep its end in view
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight
  }, [progress.log])
  const title = run.kind === 'practice' ? 'Practice run · public tests only, not counted' : `Submission${run.number ? ` #${run.number}` : ''} · graded`
  const result = live.result
  const current = result?.current ?? null
  return (
    <article className={styles.runCard} aria-label={title} data-testid={run.kind === 'practice' ? 'practice-run' : 'submission-run'}>
      <header className={styles.runHeader}>
        <h3>{title}</h3>
        <a href={`/submissions/${run.id}`}>Full result</a>
      </header>
      {!result ? (
        <>
          <p role="status" aria-live="polite" data-testid="run-phase">
            <span className={styles.spinner} aria-hidden="true" />
            <strong>{phaseLabel(progress.phase)}</strong>
            {progress.phase === 'queued' && progress.queuePosition !== null && (
              <span data-testid="queue-standing"> · {queueStandingLabel(progress.queuePosition, progress.queueEtaMs)}</span>
            )}
            {progress.phase === 'testing' && progress.test && ` · public test ${progress.test.index + 1} of ${progress.test.total} (${progress.test.name})`}
            {progress.message && ` · ${progress.message}`}
          </p>
          {progress.log && (
            <pre ref={logRef} className={styles.runLog} aria-label="Build log (latest lines)">
              {progress.log}
            </pre>
          )}
          {live.paused && (
            <p className="hint" role="status">
              Live updates are paused: too many pages follow a submission at once, or the connection failed. Close other result tabs; this card tries again
              every 30 seconds.
            </p>
          )}
          {live.failure && <p className="notice error">{live.failure}</p>}
        </>
      ) : (
        <RunResult result={result} practice={run.kind === 'practice'} onOpenError={onOpenError} />
      )}
      {current?.build.log && (
        <details>
          <summary>Build log</summary>
          <pre className={styles.runLog}>{current.build.log}</pre>
        </details>
      )}
    </article>
  )
}

function RunResult({ result, practice, onOpenError }: { result: SubmissionView; practice: boolean; onOpenError: (error: CompilerError) => void }) {
  const run = result.current
  if (!run) return <p className="notice warn">No result was recorded.</p>
  const publicTests = run.tests.filter((t) => t.visibility === 'PUBLIC')
  const passed = publicTests.filter((t) => t.status === 'PASSED').length
  let summary: { text: string; tone: 'ok' | 'bad' | 'warn' }
  if (result.status === 'ERROR' || run.status === 'ERROR')
    summary = { text: run.errorMessage ?? 'The run failed on our side; it was not your code. Try again in a minute.', tone: 'warn' }
  else if (run.build.applied === false)
    summary = { text: `Your diff did not apply to the pristine tree${run.errorMessage ? `: ${run.errorMessage}` : '.'}`, tone: 'bad' }
  else if (run.build.ok === false)
    summary = { text: `The build failed with ${run.build.errors.length ? plural(run.build.errors.length, 'error') : 'some errors'}.`, tone: 'bad' }
  else if (publicTests.length === 0 && practice) summary = { text: 'Built; this assignment has no public tests.', tone: 'warn' }
  else summary = { text: `${passed} of ${plural(publicTests.length, 'public test')} passed.`, tone: passed === publicTests.length ? 'ok' : 'bad' }
  return (
    <div data-testid="run-result">
      <p className={`notice ${summary.tone === 'ok' ? 'ok' : summary.tone === 'bad' ? 'error' : 'warn'}`} role="status">
        <strong>{summary.text}</strong>
        {!practice && run.score !== null && (
          <>
            {' '}
            Score: <span className="num">{run.score}</span> / {run.maxScore}
            {run.hidden.total > 0 && ` (hidden tests: ${run.hidden.passed} of ${run.hidden.total} passed)`}.
          </>
        )}
      </p>
      {run.build.errors.length > 0 && (
        <>
          <h4 className={styles.runSubtitle}>Compiler errors</h4>
          <ul className={styles.errorList} aria-label="Compiler errors">
            {run.build.errors.map((e, i) => (
              <li key={i}>
                <button type="button" className="linklike" onClick={() => onOpenError(e)}>
                  <code>
                    {e.file}:{e.line}
                    {e.column ? `:${e.column}` : ''}
                  </code>
                </button>{' '}
                {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {publicTests.length > 0 && (
        <ul className={styles.testList} aria-label="Public tests">
          {publicTests.map((t) => (
            <li key={t.name}>
              <span className={`pill ${t.status === 'PASSED' ? 'ok' : 'bad'}`}>{t.status.toLowerCase()}</span> <code>{t.name}</code>{' '}
              <span className="hint num">
                {t.points} / {t.maxPoints} pt · {t.durationMs} ms
              </span>
              {t.status !== 'PASSED' && (t.diff || t.stderr || t.stdout) && (
                <details>
                  <summary>What went wrong</summary>
                  {t.diff && <pre className={styles.runLog}>{t.diff}</pre>}
                  {!t.diff && t.stdout && <pre className={styles.runLog}>{t.stdout}</pre>}
                  {t.stderr && <pre className={styles.runLog}>{t.stderr}</pre>}
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
