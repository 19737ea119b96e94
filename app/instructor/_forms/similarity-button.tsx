'use client'

import { runSimilarityAction } from '../actions/run-similarity'

import { Status, useAction } from './use-action'

export function RunSimilarityButton({ slug, disabled }: { slug: string; disabled?: boolean }) {
  const { pending, message, run } = useAction()
  return (
    <span style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <button
        type="button"
        disabled={pending || disabled}
        onClick={() =>
          run(
            () => runSimilarityAction({ slug }),
            (d) =>
              d.enqueued
                ? 'Similarity check queued. Reload this page in a minute for the results.'
                : 'Similarity check saved; the worker will pick it up when the queue is reachable again.',
          )
        }
      >
        Run a similarity check now
      </button>
      <Status message={message} />
    </span>
  )
}
