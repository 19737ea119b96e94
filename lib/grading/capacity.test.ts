import { describe, expect, it } from 'vitest'

import { autoConcurrency } from './capacity'

const GiB = 1024 ** 3

describe('autoConcurrency', () => {
  it('runs two jobs per CPU of the engine when its memory holds them all at their cap', () => {
    expect(autoConcurrency({ cpus: 2, memoryBytes: 24 * GiB }, 2048).concurrency).toBe(4)
    expect(autoConcurrency({ cpus: 16, memoryBytes: 128 * GiB }, 2048).concurrency).toBe(32)
    expect(autoConcurrency({ cpus: 2, memoryBytes: 24 * GiB }, 2048).reason).toContain('2 per CPU')
  })

  it('never runs more sandboxes than the memory holds at their cap, and always at least one', () => {
    const small = autoConcurrency({ cpus: 4, memoryBytes: 7.5 * GiB }, 2048)
    expect(small.concurrency).toBe(3)
    expect(small.reason).toMatch(/hold 3 sandboxes of 2048 MiB \(4 CPUs would take 8\)/)
    expect(autoConcurrency({ cpus: 2, memoryBytes: 1 * GiB }, 2048).concurrency).toBe(1)
  })

  it('treats a nonsensical report as one CPU', () => {
    expect(autoConcurrency({ cpus: 0, memoryBytes: 24 * GiB }, 2048).concurrency).toBe(2)
    expect(autoConcurrency({ cpus: Number.NaN, memoryBytes: 24 * GiB }, 2048).concurrency).toBe(2)
  })
})
