'use client'

import { useEffect, useRef, useState } from 'react'

import { submissionResult, type BuildError, type SubmissionResult } from './api'
import styles from './workbench.module.css'

export type StartedRun = { id: string; kind: 'practice' | 'submission'; number: number | null; startedAt: number }

const PHASES: Record<string, string> = {
  queued: 'Waiting in the queue',
  starting: 'Starting the sandbox',
  applying: 'Applying your diff',
  building: 'Building the interpreter',
  testing: 'Running the tests',
  retrying: 'Retrying after a problem on our side',
  done: 'Done',
  error: 'Failed on our side',
}

// what a student receives has hidden tests filtered out and public ones numbered among themselves (lib/submissions/progress.ts)
type Progress = { seq: number } & (
  | { type: 'phase'; phase: string; message?: string }
  | { type: 'log'; chunk: string }
  | { type: 'test'; index: number; total: number; name: string }
  | { type: 'done'; status: string }
)

type Live = {
  phase: string
  message: string | null
  queuePosition: number | null
  test: { index: number; total: number; name: string } | null
  log: string
  result: SubmissionResult | null
  failure: string | null
  /** the stream was refused or failed for good; retrying every 30 s */
  paused: boolean
}

/**
 * Follows one run over server-sent events (EventSource reconnects by itself and the server replays what was missed),
 * then loads the stored result. The compiler errors of a finished run go to `onBuildErrors` (editor markers).
 */
function useRunProgress(run: StartedRun, onFinished: (result: SubmissionResult) => void): Live {
  const [live, setLive] = useState<Live>({ phase: 'queued', message: null, queuePosition: null, test: null, log: '', result: null, failure: null, paused: false })
  const finished = useRef(onFinished)
  finished.current = onFinished

  useEffect(() => {
    let closed = false
    let fetched = false
    let source: EventSource | null = null
    let lastSeq = 0
    let retry: ReturnType<typeof setTimeout> | undefined
    const load = async () => {
      if (fetched) return
      fetched = true
      clearTimeout(retry)
      source?.close()
      // the worker writes the result rows before it publishes "done"; still, give a read that races it a second try
      for (let attempt = 0; attempt < 5 && !closed; attempt++) {
        try {
          const result = await submissionResult(run.id)
          const over = result.status !== 'QUEUED' && result.status !== 'RUNNING'
          if (over || attempt === 4) {
            if (closed) return
            setLive((l) => ({ ...l, phase: over ? 'done' : l.phase, result }))
            if (over) finished.current(result)
            return
          }
        } catch (e) {
          if (attempt === 4 && !closed) setLive((l) => ({ ...l, failure: e instanceof Error ? e.message : String(e) }))
        }
        await new Promise((r) => setTimeout(r, 1000))
      }
    }
    const open = () => {
      const es = new EventSource(`/api/submissions/${encodeURIComponent(run.id)}/events${lastSeq ? `?after=${lastSeq}` : ''}`)
      source = es
      es.onopen = () => setLive((l) => (l.paused ? { ...l, paused: false } : l))
      es.onerror = () => {
        // EventSource gives up for good on an HTTP error (429: too many live streams open); try again later
        if (es.readyState === EventSource.CLOSED && !closed && !fetched) {
          setLive((l) => ({ ...l, paused: true }))
          retry = setTimeout(open, 30_000)
        }
      }
      es.addEventListener('snapshot', (e) => {
        const s = JSON.parse((e as MessageEvent).data) as { status: string; queuePosition: number | null; phase: string | null }
        setLive((l) => ({ ...l, queuePosition: s.queuePosition, phase: s.phase ?? l.phase }))
        if (s.status !== 'QUEUED' && s.status !== 'RUNNING') void load()
      })
      es.addEventListener('progress', (e) => {
        const p = JSON.parse((e as MessageEvent).data) as Progress
        lastSeq = Math.max(lastSeq, p.seq)
        if (p.type === 'phase') {
          setLive((l) => ({ ...l, phase: p.phase, message: p.message ?? null, test: null, queuePosition: p.phase === 'queued' ? l.queuePosition : null }))
          if (p.phase === 'error') void load()
        } else if (p.type === 'log') setLive((l) => ({ ...l, log: (l.log + p.chunk).slice(-8000) }))
        else if (p.type === 'test') setLive((l) => ({ ...l, phase: 'testing', test: { index: p.index, total: p.total, name: p.name } }))
        else if (p.type === 'done') void load()
      })
    }
    open()
    return () => {
      closed = true
      clearTimeout(retry)
      source?.close()
    }
  }, [run.id])
  return live
}

export function RunCard({ run, onFinished, onOpenError }: { run: StartedRun; onFinished: (run: StartedRun, result: SubmissionResult) => void; onOpenError: (error: BuildError) => void }) {
  const live = useRunProgress(run, (result) => onFinished(run, result))
  const logRef = useRef<HTMLPreElement>(null)
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight
  }, [live.log])
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
            <strong>{PHASES[live.phase] ?? live.phase}</strong>
            {live.phase === 'queued' && live.queuePosition !== null && ` · position ${live.queuePosition}`}
            {live.phase === 'testing' && live.test && ` · public test ${live.test.index + 1} of ${live.test.total} (${live.test.name})`}
            {live.message && ` · ${live.message}`}
          </p>
          {live.log && (
            <pre ref={logRef} className={styles.runLog} aria-label="Build log (latest lines)">
              {live.log}
            </pre>
          )}
          {live.paused && (
            <p className="hint" role="status">
              Live updates are paused: too many pages follow a submission at once, or the connection failed. Close other result tabs; this card tries again every 30 seconds.
            </p>
          )}
          {live.failure && <p className="notice error">{live.failure}</p>}
        </>
      ) : (
        <RunResult result={result} practice={run.kind === 'practice'} onOpenError={onOpenError} />
      )}
      {current && current.build.log && (
        <details>
          <summary>Build log</summary>
          <pre className={styles.runLog}>{current.build.log}</pre>
        </details>
      )}
    </article>
  )
}

function RunResult({ result, practice, onOpenError }: { result: SubmissionResult; practice: boolean; onOpenError: (error: BuildError) => void }) {
  const run = result.current
  if (!run) return <p className="notice warn">No result was recorded.</p>
  const publicTests = run.tests.filter((t) => t.visibility === 'PUBLIC')
  const passed = publicTests.filter((t) => t.status === 'PASSED').length
  let summary: { text: string; tone: 'ok' | 'bad' | 'warn' }
  if (result.status === 'ERROR' || run.status === 'ERROR') summary = { text: run.errorMessage ?? 'The run failed on our side; it was not your code. Try again in a minute.', tone: 'warn' }
  else if (run.build.applied === false) summary = { text: `Your diff did not apply to the pristine tree${run.errorMessage ? `: ${run.errorMessage}` : '.'}`, tone: 'bad' }
  else if (run.build.ok === false) summary = { text: `The build failed with ${run.build.errors.length || 'some'} error${run.build.errors.length === 1 ? '' : 's'}.`, tone: 'bad' }
  else if (publicTests.length === 0 && practice) summary = { text: 'Built; this assignment has no public tests.', tone: 'warn' }
  else summary = { text: `${passed} of ${publicTests.length} public test${publicTests.length === 1 ? '' : 's'} passed.`, tone: passed === publicTests.length ? 'ok' : 'bad' }
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
