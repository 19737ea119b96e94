import Link from 'next/link'

import type { CompilerError } from '@/lib/grading/compiler-errors'

/** GCC errors from a build, each linked to its line in the source viewer. */
export function CompilerErrorList({ errors }: { errors: CompilerError[] }) {
  return (
    <ul data-testid="compiler-errors">
      {errors.map((e, i) => (
        <li key={i}>
          <Link href={`/source/${e.file}?lines=${e.line}`}>
            <code>
              {e.file}:{e.line}
              {e.column ? `:${e.column}` : ''}
            </code>
          </Link>{' '}
          {e.message}
        </li>
      ))}
    </ul>
  )
}
