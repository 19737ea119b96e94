import type { SubmittedAnswer } from '@/lib/quiz/answers'
import type { PublicQuestion, Reveal } from '@/lib/quiz/types'

import styles from './lecture.module.css'

/** The correct answer, next to the student's own where that helps (numbers, text, program output). */
export function KeyView({ question, reveal, answer }: { question: PublicQuestion; reveal: Reveal; answer: SubmittedAnswer | null }) {
  const key = reveal.key
  const choiceText = (id: string) => question.choices?.find((c) => c.id === id)
  switch (key.type) {
    case 'single': {
      const c = choiceText(key.choice)
      return (
        <p>
          The answer is <strong>{key.choice}</strong>
          {c && (
            <>
              : <span dangerouslySetInnerHTML={{ __html: c.html }} />
            </>
          )}
          .
        </p>
      )
    }
    case 'multiple':
      return (
        <div>
          <p>The correct choices are {key.choices.join(', ')}:</p>
          <ul>
            {key.choices.map((id) => {
              const c = choiceText(id)
              return <li key={id}>{c ? <span dangerouslySetInnerHTML={{ __html: c.html }} /> : id}</li>
            })}
          </ul>
        </div>
      )
    case 'numeric':
      return (
        <p>
          The answer is <strong className="num">{key.value}</strong>
          {key.tolerance > 0 && <> (answers within ±{key.tolerance} count)</>}
          {answer && 'value' in answer && <> · you answered {String(answer.value)}</>}.
        </p>
      )
    case 'text':
      return (
        <p>
          {key.accepted.length > 0 && (
            <>
              Accepted {key.accepted.length === 1 ? 'answer' : 'answers'}:{' '}
              {key.accepted.map((a, i) => (
                <span key={a}>
                  {i > 0 && ', '}
                  <code>{a}</code>
                </span>
              ))}
            </>
          )}
          {key.pattern && (
            <>
              {key.accepted.length > 0 ? '; also anything matching ' : 'Any answer matching '}
              <code>{key.pattern}</code>
            </>
          )}
          {key.caseSensitive ? ' (case matters)' : ''}
          {answer && 'text' in answer && (
            <>
              {' '}
              · you answered <code>{answer.text}</code>
            </>
          )}
          .
        </p>
      )
    case 'output':
      return (
        <div className={styles.outputCompare}>
          <div>
            <p className={styles.outputLabel}>The program prints</p>
            <pre className={styles.code} data-testid="expected-output">
              <code>{key.expected}</code>
            </pre>
          </div>
          {answer && 'output' in answer && (
            <div>
              <p className={styles.outputLabel}>You answered</p>
              <pre className={styles.code}>
                <code>{answer.output || '(nothing)'}</code>
              </pre>
            </div>
          )}
        </div>
      )
  }
}
