'use client'

import styles from './workbench.module.css'

/** The draft's unified diff as text, exactly as it is downloaded and submitted, with added and removed lines marked. */
export function PatchText({ patch }: { patch: string }) {
  if (!patch)
    return (
      <p className="hint" data-testid="patch-text">
        No changes yet: the draft is the pristine tree.
      </p>
    )
  const lines = patch.endsWith('\n') ? patch.slice(0, -1).split('\n') : patch.split('\n')
  return (
    <pre className={styles.patchText} data-testid="patch-text" aria-label="Unified diff of your draft" tabIndex={0}>
      {lines.map((line, i) => {
        const kind =
          line.startsWith('+++ b/') || line.startsWith('--- a/')
            ? styles.patchFile
            : line.startsWith('@@')
              ? styles.patchHunk
              : line.startsWith('+')
                ? styles.patchAdd
                : line.startsWith('-')
                  ? styles.patchRemove
                  : undefined
        return (
          <span key={i} className={kind}>
            {line}
            {'\n'}
          </span>
        )
      })}
    </pre>
  )
}
