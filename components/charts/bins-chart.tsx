import type { Bin } from '@/lib/gradebook/distributions'

import { GroupedBarChart } from './grouped-bar-chart'

/** A one-series bar chart of counts with its numbers in a table right under it. */
export function BinsChart({ id, title, bins, countLabel }: { id: string; title: string; bins: Bin[]; countLabel: string }) {
  const max = Math.max(1, ...bins.map((b) => b.count))
  return (
    <section aria-labelledby={`${id}-title`} className="card" style={{ minWidth: 0 }}>
      <h3 id={`${id}-title`} style={{ marginTop: 0, fontSize: '1rem' }}>
        {title}
      </h3>
      <GroupedBarChart
        title={title}
        series={[countLabel]}
        groups={bins.map((b) => ({ label: b.label, values: [b.count] }))}
        max={max}
        tableId={`${id}-table`}
        testId={id}
      />
      <details>
        <summary>The numbers</summary>
        <div className="table-scroll">
          <table className="data" id={`${id}-table`}>
            <thead>
              <tr>
                {bins.map((b) => (
                  <th key={b.label} scope="col">
                    {b.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {bins.map((b) => (
                  <td key={b.label} className="num">
                    {b.count}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </details>
    </section>
  )
}
