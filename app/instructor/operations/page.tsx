import type { Metadata } from 'next'

import { GroupedBarChart } from '@/components/charts/grouped-bar-chart'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { prisma } from '@/lib/db/prisma'
import { HISTORY_HOURS, operationsOverview } from '@/lib/operations/overview'
import { sharedRedis } from '@/lib/queue/redis'

export const metadata: Metadata = { title: 'Operations' }
export const dynamic = 'force-dynamic'

const LANE_NAMES = { live: 'Submissions and practice runs', regrade: 'Regrades' } as const

function waitText(ms: number | null): string {
  if (ms === null) return '—'
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 3600_000) return `${Math.round(ms / 60_000)} min`
  return `${(ms / 3600_000).toFixed(1)} h`
}

const clock = (d: Date) => d.toISOString().slice(11, 16)

export default async function OperationsPage() {
  await requirePageUser(STAFF, '/instructor/operations')
  const o = await operationsOverview(prisma, sharedRedis())
  const maxDepth = Math.max(1, ...o.history.map((b) => b.depth))
  const maxWaitMin = Math.max(1, ...o.history.map((b) => (b.medianWaitMs ?? 0) / 60_000))
  return (
    <>
      <h1>Operations</h1>
      <p className="hint">As of {o.at.toISOString().replace('T', ' ').slice(0, 19)} UTC. Reload for new figures.</p>

      <h2>Queues</h2>
      <div className="table-scroll">
        <table className="data" data-testid="lanes">
          <thead>
            <tr>
              <th scope="col">Lane</th>
              <th scope="col">Queued runs</th>
              <th scope="col">Jobs waiting / running</th>
              <th scope="col">Oldest wait</th>
              <th scope="col">Deployment-wide cap</th>
            </tr>
          </thead>
          <tbody>
            {o.lanes.map((l) => (
              <tr key={l.lane}>
                <td>{LANE_NAMES[l.lane]}</td>
                <td>{l.queued}</td>
                <td>{l.jobsWaiting === null ? 'Redis did not answer' : `${l.jobsWaiting} / ${l.jobsActive}`}</td>
                <td>{waitText(l.oldestWaitMs)}</td>
                <td>{l.cap ?? 'the workers’ concurrency'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Workers alive</h2>
      {o.workers.length === 0 ? (
        <p role="status">No worker has reported in the last 30 seconds: nothing is being graded.</p>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="workers">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Worker</th>
                <th scope="col">Running</th>
                <th scope="col">Concurrency</th>
                <th scope="col">Last report</th>
              </tr>
            </thead>
            <tbody>
              {o.workers.map((w) => (
                <tr key={w.workerId}>
                  <td>{w.host}</td>
                  <td>
                    <code>{w.workerId}</code>
                  </td>
                  <td>{w.running}</td>
                  <td>{w.concurrency}</td>
                  <td>{w.at.slice(11, 19)} UTC</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>The last {HISTORY_HOURS} hours</h2>
      <GroupedBarChart
        title="Runs waiting at the end of each 10 minutes (UTC)"
        series={['Queue depth']}
        groups={o.history.map((b) => ({ label: clock(b.at), values: [b.depth] }))}
        max={maxDepth}
        tableId="history-table"
        testId="depth-chart"
      />
      <GroupedBarChart
        title="Median wait of the runs that started in each 10 minutes (minutes, UTC)"
        series={['Median wait']}
        groups={o.history.map((b) => ({ label: clock(b.at), values: [b.medianWaitMs === null ? null : Math.round(b.medianWaitMs / 6_000) / 10] }))}
        max={maxWaitMin}
        unit=" min"
        tableId="history-table"
        testId="wait-chart"
      />
      <details>
        <summary>The numbers</summary>
        <div className="table-scroll">
          <table className="data" id="history-table">
            <thead>
              <tr>
                <th scope="col">From (UTC)</th>
                <th scope="col">Queue depth</th>
                <th scope="col">Median wait</th>
              </tr>
            </thead>
            <tbody>
              {o.history.map((b) => (
                <tr key={b.at.toISOString()}>
                  <td>{clock(b.at)}</td>
                  <td>{b.depth}</td>
                  <td>{waitText(b.medianWaitMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  )
}
