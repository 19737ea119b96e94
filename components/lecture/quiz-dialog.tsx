'use client'

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'

import { formatVideoTime } from '@/lib/content/time'
import type { SubmittedAnswer } from '@/lib/quiz/answers'
import type { SourceLink } from '@/lib/source/links'
import type { AnswerOutcome, PublicQuestion, QuestionStatus, Reveal } from '@/lib/quiz/types'

import { ApiError, postAnswer } from './api'
import { KeyView } from './key-view'
import styles from './lecture.module.css'

export type DialogMode = 'answer' | 'review' | 'preview'

type Props = {
  question: PublicQuestion
  /** 1-based number of the question in the lecture */
  number: number
  total: number
  status: QuestionStatus
  mode: DialogMode
  /** the key and explanation, when already known (review of a finished question, staff preview) */
  reveal: Reveal | null
  /** shown when the dialog opened because the student tried to skip past a blocking question */
  notice?: string | null
  /** the question stopped the video: closing it resumes playback ("Continue watching") */
  resumes: boolean
  onAnswered: (outcome: AnswerOutcome) => void
  /** continue: resume the video; skip: resume, leaving the question unanswered; close: just close */
  onClose: (action: 'continue' | 'skip' | 'close') => void
  /**
   * "Review this part" after a wrong answer: back to the start of the question's chapter, with the source it cites
   * opened (`sources`: the question's own once it is finished and revealed)
   */
  onReviewPart?: (sources: SourceLink[] | null) => void
  /** the chapter the question belongs to, named on the button */
  chapterTitle?: string | null
}

const TYPE_LABEL: Record<PublicQuestion['type'], string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  numeric: 'Number',
  text: 'Short answer',
  output: 'Predict the output',
}

/**
 * The in-video question: a modal dialog over the player (a full-screen sheet on phones). Focus moves to its
 * heading when it opens and stays inside it (Tab wraps); the page returns focus to the player when it closes.
 */
export function QuizDialog({
  question,
  number,
  total,
  status,
  mode,
  reveal: givenReveal,
  notice,
  resumes,
  onAnswered,
  onClose,
  onReviewPart,
  chapterTitle,
}: Props) {
  const titleId = useId()
  const promptId = useId()
  const dialogRef = useRef<HTMLDivElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const resultRef = useRef<HTMLHeadingElement>(null)
  const firstInputRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const [draft, setDraft] = useState<Draft>(() => initialDraft(status.lastAnswer))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<AnswerOutcome | null>(null)
  const [blockedHint, setBlockedHint] = useState<string | null>(null)

  const current = outcome?.status ?? status
  const reveal = outcome?.reveal ?? givenReveal
  const finished = mode === 'preview' || current.finished
  const canAnswer = mode === 'answer' && !current.finished
  const attemptsLeft = Math.max(0, question.attempts - current.attemptsUsed)
  const mustAnswer = mode === 'answer' && question.blocking && !current.finished

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new question moves focus to its heading
  useEffect(() => {
    headingRef.current?.focus()
  }, [question.id])

  useEffect(() => {
    if (outcome?.reveal) resultRef.current?.focus()
  }, [outcome])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const answer = toAnswer(question, draft)
    if (typeof answer === 'string') {
      setError(answer)
      firstInputRef.current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await postAnswer(question.id, answer)
      setOutcome(result)
      onAnswered(result)
      if (!result.status.finished) {
        // another attempt: keep the answer there to edit
        firstInputRef.current?.focus()
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong; try again.')
    } finally {
      setBusy(false)
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      if (mustAnswer) setBlockedHint('This question must be answered before the video continues.')
      else onClose(mode === 'answer' ? (finished ? 'continue' : 'skip') : 'close')
      return
    }
    if (e.key === 'Tab') trapFocus(e, dialogRef.current)
    // keep the player's shortcuts (k, j, l, …) from firing while typing an answer
    e.stopPropagation()
  }

  const verdict = outcome ? verdictText(outcome, question) : null

  return (
    <div className={styles.dialogBackdrop}>
      <div
        ref={dialogRef}
        className={styles.dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={promptId}
        onKeyDown={onKeyDown}
        data-question-id={question.id}
      >
        <header className={styles.dialogHeader}>
          <h2 id={titleId} ref={headingRef} tabIndex={-1}>
            {mode === 'preview' ? 'Preview: ' : ''}Question {number} of {total}
          </h2>
          <p className={styles.dialogMeta}>
            <span>{TYPE_LABEL[question.type]}</span>
            <span>at {formatVideoTime(question.atSeconds)}</span>
            <span>
              {question.points} {question.points === 1 ? 'point' : 'points'}
            </span>
            <span>
              {question.attempts} {question.attempts === 1 ? 'attempt' : 'attempts'}
            </span>
            {question.blocking && <span className="pill warn">Required to continue</span>}
            {mode === 'preview' && <span className="pill">Staff preview: nothing is stored</span>}
          </p>
        </header>
        {notice && <p className="notice warn">{notice}</p>}

        <div id={promptId} className={styles.prompt} dangerouslySetInnerHTML={{ __html: question.promptHtml }} />
        {question.code && (
          <pre className={styles.code} aria-label="Program">
            <code>{question.code}</code>
          </pre>
        )}

        <form onSubmit={submit} noValidate>
          <AnswerInput
            question={question}
            draft={draft}
            setDraft={setDraft}
            disabled={!canAnswer || busy}
            reveal={reveal}
            inputRef={firstInputRef}
            errorId={error ? `${promptId}-error` : undefined}
          />
          {error && (
            <p id={`${promptId}-error`} className="notice error" role="alert">
              {error}
            </p>
          )}
          {canAnswer && (
            <div className={styles.dialogActions}>
              <button type="submit" disabled={busy}>
                {busy ? 'Checking…' : 'Submit answer'}
              </button>
              <span className="hint">{attemptsLeft === 1 ? (question.attempts === 1 ? 'One attempt' : 'Last attempt') : `${attemptsLeft} attempts left`}</span>
              {!question.blocking && (
                <button type="button" className="secondary" onClick={() => onClose('skip')}>
                  Skip for now
                </button>
              )}
            </div>
          )}
        </form>

        <div role="status" aria-live="polite" className={styles.verdictRegion}>
          {verdict && !outcome?.reveal && (
            <p className={`notice ${outcome?.correct ? 'ok' : 'error'}`}>
              <strong>{verdict.title}</strong> {verdict.detail}
            </p>
          )}
          {blockedHint && <p className="notice warn">{blockedHint}</p>}
          {finished && !reveal && mode === 'answer' && !question.revealsAnswer && (
            <p className="hint">The course does not show this question’s answer and explanation.</p>
          )}
        </div>

        {onReviewPart && outcome && !outcome.correct && (
          <p className={styles.reviewPart} data-testid="review-part">
            <button type="button" className="secondary" onClick={() => onReviewPart(outcome.reveal?.sources.length ? outcome.reveal.sources : null)}>
              Review this part
            </button>{' '}
            <span className="hint">
              Goes back to the start of {chapterTitle ? <>the chapter “{chapterTitle}”</> : 'this chapter'} and opens its source in a new tab
              {outcome.status.finished ? '.' : '; the question comes up again when you get here.'}
            </span>
          </p>
        )}

        {finished && reveal && (
          <section className={styles.reveal} aria-labelledby={`${titleId}-result`}>
            <h3 id={`${titleId}-result`} ref={resultRef} tabIndex={-1} className={resultClass(mode, current)}>
              {mode === 'preview' ? 'Answer key' : current.correct ? 'Correct' : 'Not quite'}
              {mode !== 'preview' && (
                <span className={styles.resultPoints}>
                  {' '}
                  · {round(current.bestPoints)}/{round(question.points)} {question.points === 1 ? 'point' : 'points'}
                </span>
              )}
            </h3>
            {verdict && outcome?.reveal && <p className="hint">{verdict.detail}</p>}
            <KeyView question={question} reveal={reveal} answer={mode === 'preview' ? null : current.lastAnswer} />
            <h4>Explanation</h4>
            <div className={styles.explanation} dangerouslySetInnerHTML={{ __html: reveal.explanationHtml }} />
            {reveal.sources.length > 0 && (
              <p className={styles.sources}>
                In the source:{' '}
                {reveal.sources.map((s, i) => (
                  <span key={s.href}>
                    {i > 0 && ', '}
                    <a href={s.href} target="_blank" rel="noopener">
                      {s.label}
                    </a>
                  </span>
                ))}
              </p>
            )}
          </section>
        )}

        {(finished || mode !== 'answer') && (
          <div className={styles.dialogActions}>
            <button type="button" onClick={() => onClose(mode === 'answer' ? 'continue' : 'close')}>
              {mode === 'answer' && resumes ? 'Continue watching' : 'Close'}
            </button>
          </div>
        )}
      </div>
    </div>
  )
}

// ---------------------------------------------------------------------------------------------------------------

type Draft = { choice: string; choices: string[]; text: string }

/** Start from the student's last answer, if any (a retry, or a review of a finished question). */
function initialDraft(last: SubmittedAnswer | null): Draft {
  const draft: Draft = { choice: '', choices: [], text: '' }
  if (!last) return draft
  if ('choice' in last) draft.choice = last.choice
  else if ('choices' in last) draft.choices = [...last.choices]
  else if ('value' in last) draft.text = String(last.value)
  else if ('text' in last) draft.text = last.text
  else if ('output' in last) draft.text = last.output
  return draft
}

/** The answer to send, or a message saying what is missing. */
function toAnswer(question: PublicQuestion, draft: Draft): SubmittedAnswer | string {
  switch (question.type) {
    case 'single':
      return draft.choice ? { choice: draft.choice } : 'Choose an answer first.'
    case 'multiple':
      return draft.choices.length ? { choices: draft.choices } : 'Select at least one choice.'
    case 'numeric':
      return draft.text.trim() ? { value: draft.text.trim() } : 'Type a number first.'
    case 'text':
      return draft.text.trim() ? { text: draft.text } : 'Type an answer first.'
    case 'output':
      return { output: draft.text }
  }
}

function AnswerInput({
  question,
  draft,
  setDraft,
  disabled,
  reveal,
  inputRef,
  errorId,
}: {
  question: PublicQuestion
  draft: Draft
  setDraft: (d: Draft) => void
  disabled: boolean
  reveal: Reveal | null
  inputRef: React.RefObject<(HTMLInputElement & HTMLTextAreaElement) | null>
  errorId?: string
}) {
  const id = useId()
  const key = reveal?.key
  if (question.type === 'single' || question.type === 'multiple') {
    const multiple = question.type === 'multiple'
    const correctIds = key?.type === 'single' ? [key.choice] : key?.type === 'multiple' ? key.choices : []
    return (
      <fieldset className={styles.choices} aria-describedby={errorId}>
        <legend>{multiple ? 'Select all that apply' : 'Choose one answer'}</legend>
        {(question.choices ?? []).map((c, i) => {
          const checked = multiple ? draft.choices.includes(c.id) : draft.choice === c.id
          const isKey = correctIds.includes(c.id)
          return (
            <label key={c.id} className={`${styles.choice} ${isKey ? styles.choiceCorrect : ''}`}>
              <input
                ref={i === 0 ? inputRef : undefined}
                type={multiple ? 'checkbox' : 'radio'}
                name={`${id}-choice`}
                value={c.id}
                checked={checked}
                disabled={disabled}
                onChange={(e) => {
                  if (multiple) setDraft({ ...draft, choices: e.target.checked ? [...draft.choices, c.id] : draft.choices.filter((x) => x !== c.id) })
                  else setDraft({ ...draft, choice: c.id })
                }}
              />
              <span className={styles.choiceId} aria-hidden="true">
                {c.id}.
              </span>
              <span dangerouslySetInnerHTML={{ __html: c.html }} />
              {isKey && <span className="pill ok">correct answer</span>}
            </label>
          )
        })}
      </fieldset>
    )
  }
  if (question.type === 'output') {
    return (
      <div>
        <label htmlFor={`${id}-output`}>What does the program print?</label>
        <p className="hint" id={`${id}-output-hint`}>
          Type its output exactly, one line per line. Trailing spaces and blank lines at the end are ignored.
        </p>
        <textarea
          ref={inputRef}
          id={`${id}-output`}
          className={styles.outputInput}
          rows={Math.min(12, Math.max(4, (question.code ?? '').split('\n').length))}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          value={draft.text}
          disabled={disabled}
          aria-describedby={[`${id}-output-hint`, errorId].filter(Boolean).join(' ')}
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
        />
      </div>
    )
  }
  const numeric = question.type === 'numeric'
  return (
    <div>
      <label htmlFor={`${id}-text`}>{numeric ? 'Your answer (a number)' : 'Your answer'}</label>
      <input
        ref={inputRef}
        id={`${id}-text`}
        type="text"
        inputMode={numeric ? 'decimal' : 'text'}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        maxLength={numeric ? 64 : 500}
        value={draft.text}
        disabled={disabled}
        aria-describedby={errorId}
        onChange={(e) => setDraft({ ...draft, text: e.target.value })}
      />
    </div>
  )
}

function verdictText(outcome: AnswerOutcome, question: PublicQuestion): { title: string; detail: string } {
  if (outcome.correct)
    return {
      title: 'Correct!',
      detail: `You earned ${round(outcome.pointsAwarded)} of ${round(question.points)} ${question.points === 1 ? 'point' : 'points'}.`,
    }
  // a multiple-answer question with partial credit: some of the right boxes
  const partly =
    outcome.pointsAwarded > 0
      ? ` This answer earns ${round(outcome.pointsAwarded)} of ${round(question.points)} ${question.points === 1 ? 'point' : 'points'} (partial credit).`
      : ''
  if (outcome.attemptsLeft > 0) {
    return { title: 'Not quite.', detail: `Try again: ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.${partly}` }
  }
  return { title: 'Not quite.', detail: `${question.attempts === 1 ? 'That was your only attempt.' : 'That was your last attempt.'}${partly}` }
}

function resultClass(mode: DialogMode, status: QuestionStatus): string {
  if (mode === 'preview') return styles.resultNeutral
  return status.correct ? styles.resultOk : styles.resultBad
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])'

function trapFocus(e: KeyboardEvent, container: HTMLElement | null) {
  if (!container) return
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement)
  if (items.length === 0) return
  const first = items[0]
  const last = items[items.length - 1]
  const active = document.activeElement
  if (e.shiftKey && (active === first || !container.contains(active))) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && (active === last || !container.contains(active))) {
    e.preventDefault()
    first.focus()
  }
}
