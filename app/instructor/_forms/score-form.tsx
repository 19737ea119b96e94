'use client'

import { useId, useState } from 'react'

import { setScoreAction } from '../actions/set-score'

import { Status, useAction } from './use-action'

/** Set or override a score with a comment. Every save is kept in the history with who and when. */
export function ScoreForm(props: {
  userId: string
  assignmentId: string
  submissionId?: string | null
  maxScore: number
  current?: number | null
  label?: string
}) {
  const id = useId()
  const [score, setScore] = useState(props.current === null || props.current === undefined ? '' : String(props.current))
  const [comment, setComment] = useState('')
  const { pending, message, run } = useAction()
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        run(
          () => setScoreAction({ userId: props.userId, assignmentId: props.assignmentId, submissionId: props.submissionId ?? '', score, comment }),
          (d) => `Saved: ${d.score} / ${props.maxScore}.`,
        )
      }}
    >
      <fieldset>
        <legend>{props.label ?? 'Set the score by hand'}</legend>
        <label htmlFor={`${id}-score`}>Score (0 to {props.maxScore})</label>
        <input
          id={`${id}-score`}
          type="number"
          step="0.01"
          min={0}
          max={props.maxScore}
          required
          value={score}
          onChange={(e) => setScore(e.target.value)}
          style={{ maxWidth: '10rem' }}
        />
        <label htmlFor={`${id}-comment`}>Comment (the student sees it)</label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          required
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          style={{ fontFamily: 'inherit' }}
        />
        <div style={{ marginTop: '0.5rem', display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
          <button type="submit" disabled={pending}>
            Save score
          </button>
          <Status message={message} />
        </div>
      </fieldset>
    </form>
  )
}
