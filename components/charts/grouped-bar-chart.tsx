'use client'

import { Axis, Group as VisxGroup, Scale, Shape } from '@visx/visx'

const { AxisBottom, AxisLeft } = Axis
const { Group } = VisxGroup
const { Bar } = Shape
const { scaleBand, scaleLinear } = Scale

// A grouped bar chart drawn with visx (scales, axes and bars), rendered into the page's HTML on the server and
// the same in the browser: no measuring, fixed size, no animation. Its numbers are always also in a table on the
// page (`tableId`), which screen readers are pointed to.

export type BarGroup = { label: string; values: (number | null)[] }

type Props = {
  title: string
  /** one name per bar of a group, e.g. ["Correct on first try", "Eventually correct"] */
  series: string[]
  groups: BarGroup[]
  /** the top of the value axis (e.g. 100 for percentages) */
  max: number
  unit?: string
  /** id of the table with the same numbers */
  tableId: string
  testId?: string
}

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea']
const HEIGHT = 220
const MARGIN = { top: 10, right: 10, bottom: 34, left: 40 }

export function GroupedBarChart({ title, series, groups, max, unit = '', tableId, testId }: Props) {
  const width = Math.max(320, Math.min(900, 80 + groups.length * (series.length * 18 + 22)))
  const innerWidth = width - MARGIN.left - MARGIN.right
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const x = scaleBand<string>({ domain: groups.map((g) => g.label), range: [0, innerWidth], padding: 0.25 })
  const inner = scaleBand<number>({ domain: series.map((_, i) => i), range: [0, x.bandwidth()], padding: 0.1 })
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: true })
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="hint">
        {title}
        <span className="chart-legend">
          {series.map((name, i) => (
            <span key={name}>
              <span className="chart-swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {name}
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-label={`${title}. The numbers are in the table below.`}
        aria-describedby={tableId}
        style={{ maxWidth: width }}
      >
        <Group left={MARGIN.left} top={MARGIN.top}>
          {groups.map((g) => (
            <Group key={g.label} left={x(g.label) ?? 0}>
              {g.values.map((v, i) =>
                v === null ? null : (
                  <Bar key={i} x={inner(i) ?? 0} y={y(v)} width={inner.bandwidth()} height={Math.max(0, innerHeight - y(v))} fill={COLORS[i % COLORS.length]}>
                    <title>{`${g.label} · ${series[i]}: ${v}${unit}`}</title>
                  </Bar>
                ),
              )}
            </Group>
          ))}
          <AxisLeft
            scale={y}
            numTicks={5}
            tickFormat={(v) => `${v}${unit}`}
            stroke="currentColor"
            tickStroke="currentColor"
            tickLabelProps={{ fill: 'currentColor', fontSize: 11 }}
          />
          <AxisBottom top={innerHeight} scale={x} stroke="currentColor" tickStroke="currentColor" tickLabelProps={{ fill: 'currentColor', fontSize: 11 }} />
        </Group>
      </svg>
    </figure>
  )
}
