import { describe, expect, it } from 'vitest'

import { contentHashOfTag, gradedOnLabel } from './host-image'

describe('contentHashOfTag', () => {
  it('reads the 12 hex digits of a content-hash tag, and nothing from other tags', () => {
    expect(contentHashOfTag('cpython-course/grader:2.7.8-c4dac50f515e')).toBe('c4dac50f515e')
    expect(contentHashOfTag('cpython-course/grader:2.7.18-ac05c57a39f7')).toBe('ac05c57a39f7')
    expect(contentHashOfTag('cpython-course/grader:current')).toBeNull()
    expect(contentHashOfTag('cpython-course/grader:fall-2026')).toBeNull()
    expect(contentHashOfTag('registry.example.edu/cpython-course/grader:2.7.8-c4dac50f515e')).toBeNull()
    expect(contentHashOfTag('cpython-course/graderX2.7.8-c4dac50f515e')).toBeNull()
  })
})

describe('gradedOnLabel', () => {
  it('names the engine by name, ID and data root, then the worker', () => {
    expect(gradedOnLabel({ name: 'grader-3', id: '6N3S:VFNU:JHG5:WSCK:CXQJ', rootDir: '/var/lib/docker' }, 'grader-3-41-a1b2c3')).toBe(
      'grader-3 (engine 6N3S:VFNU:JHG5, /var/lib/docker) / worker grader-3-41-a1b2c3',
    )
  })
})
