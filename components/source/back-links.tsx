import Link from 'next/link'

import type { BackLink } from '@/lib/source/backlinks'
import { CITED_VERSION } from '@/lib/source/line-map'

import styles from './source.module.css'

/**
 * "Discussed in lecture 3 at 14:20": chapters and questions whose sources include this file. For students the
 * list holds only questions they have finished (`questionsAfterAnswering`), and says so.
 */
export function BackLinks({ links, path, questionsAfterAnswering = false }: { links: BackLink[]; path: string; questionsAfterAnswering?: boolean }) {
  const enc = path.split('/').map(encodeURIComponent).join('/')
  return (
    <section className={styles.backlinks} aria-labelledby="backlinks-title">
      <h2 id="backlinks-title">In the lectures</h2>
      {links.length === 0 ? (
        <p className="hint">No chapter or question links to this file.</p>
      ) : (
        <ul data-testid="backlinks">
          {links.map((l, i) => (
            <li key={i}>
              {l.kind === 'chapter' ? 'Discussed in' : 'Quiz question in'}{' '}
              <Link href={l.href}>
                lecture {l.lecture.number} at {l.at}
              </Link>
              {l.kind === 'chapter' && <> · {l.title}</>}
              {l.ranges.length > 0 && (
                <>
                  {' '}
                  (
                  {l.ranges.map((r, j) => (
                    <span key={j}>
                      {j > 0 && ', '}
                      <Link href={`/source/${enc}?lines=${r.startLine}${r.endLine !== r.startLine ? `-${r.endLine}` : ''}&v=${CITED_VERSION}`}>
                        {r.endLine !== r.startLine ? `lines ${r.startLine}–${r.endLine}` : `line ${r.startLine}`}
                      </Link>
                    </span>
                  ))}
                  )
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {questionsAfterAnswering && <p className="hint">Quiz questions about this file are listed here once you have answered them in the lecture.</p>}
    </section>
  )
}
