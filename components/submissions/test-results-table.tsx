import type { VisibleTest } from '@/lib/submissions/view'

/**
 * A run's tests, for the student's submission page and the instructor's. Students see the tests they may see
 * (lib/submissions/view.ts) with what went wrong under a failed one; `staff` adds the exit code and every output.
 */
export function TestResultsTable({ tests, staff = false }: { tests: VisibleTest[]; staff?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="test-results">
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">Result</th>
            <th scope="col">Points</th>
            <th scope="col">Time</th>
            {staff && (
              <>
                <th scope="col">Exit</th>
                <th scope="col">Output</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {tests.map((t) => (
            <tr key={t.name}>
              <td>
                <code>{t.name}</code>
                {t.visibility === 'HIDDEN' && <span className="pill"> hidden</span>}
                {!staff && t.status !== 'PASSED' && (t.diff || t.stderr) && (
                  <details>
                    <summary>{t.diff ? 'Expected vs your output' : 'Error output'}</summary>
                    {t.diff && <pre>{t.diff}</pre>}
                    {t.stderr && <pre>{t.stderr}</pre>}
                  </details>
                )}
              </td>
              <td>
                <span className={`pill ${t.status === 'PASSED' ? 'ok' : 'bad'}`}>{t.status.toLowerCase()}</span>
              </td>
              <td className="num">
                {t.points} / {t.maxPoints}
              </td>
              <td className="num">{(t.durationMs / 1000).toFixed(2)} s</td>
              {staff && (
                <>
                  <td className="num">{t.exitCode ?? ''}</td>
                  <td>{(t.diff || t.stdout || t.stderr) && <TestOutput test={t} />}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function TestOutput({ test: t }: { test: VisibleTest }) {
  return (
    <details>
      <summary>show</summary>
      {t.diff && (
        <>
          <p className="hint">Expected vs actual</p>
          <pre>{t.diff}</pre>
        </>
      )}
      {t.stdout && (
        <>
          <p className="hint">stdout</p>
          <pre>{t.stdout}</pre>
        </>
      )}
      {t.stderr && (
        <>
          <p className="hint">stderr</p>
          <pre>{t.stderr}</pre>
        </>
      )}
    </details>
  )
}
