'use client'

import { useState } from 'react'

/** Copies `text` to the clipboard and says so; if the browser refuses, says how to copy by hand. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  return (
    <span className="copy-button">
      <button
        type="button"
        className="secondary"
        onClick={() => {
          navigator.clipboard?.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          ) ?? setState('failed')
        }}
      >
        {label}
      </button>{' '}
      <span role="status" className="hint">
        {state === 'copied'
          ? 'Copied to the clipboard.'
          : state === 'failed'
            ? 'This browser did not allow copying: select the text and press Ctrl+C (⌘C on a Mac).'
            : ''}
      </span>
    </span>
  )
}
