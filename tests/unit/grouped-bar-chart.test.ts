import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

import { GroupedBarChart } from '@/components/charts/grouped-bar-chart'

// The chart is SVG in the server-rendered HTML (no browser needed), with bars sized by the values and a pointer
// to the table that holds the same numbers.
describe('GroupedBarChart', () => {
  const html = renderToString(
    createElement(GroupedBarChart, {
      title: 'Correct answers per question',
      series: ['First try', 'Eventually'],
      groups: [
        { label: 'Q1', values: [50, 100] },
        { label: 'Q2', values: [null, 25] },
      ],
      max: 100,
      unit: '%',
      tableId: 'numbers',
    }),
  )

  it('renders an SVG image described by the numbers table', () => {
    expect(html).toContain('<svg')
    expect(html).toMatch(/role="img"/)
    expect(html).toMatch(/aria-describedby="numbers"/)
    expect(html).toContain('Correct answers per question. The numbers are in the table below.')
  })

  it('draws one bar per known value, proportional to it, with the value in its title', () => {
    const heights = [...html.matchAll(/<rect[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(heights).toHaveLength(3) // Q2 has no first-try value
    const [half, full, quarter] = heights
    expect(full / half).toBeCloseTo(2, 5)
    expect(full / quarter).toBeCloseTo(4, 5)
    expect(html).toContain('Q1 · First try: 50%')
    expect(html).toContain('Q2 · Eventually: 25%')
  })

  it('labels the axes', () => {
    expect(html).toContain('100%')
    expect(html).toContain('Q2')
  })
})
