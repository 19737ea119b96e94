import { describe, expect, it } from 'vitest'

import { describeScope, scopeAllows } from './scopes'

describe('API token scope SUBMIT', () => {
  it('covers submitting a patch and reading one submission and its events', () => {
    expect(scopeAllows('SUBMIT', 'POST', '/api/assignments/opcode-counter/submissions')).toBe(true)
    expect(scopeAllows('SUBMIT', 'GET', '/api/submissions/cm123')).toBe(true)
    expect(scopeAllows('SUBMIT', 'HEAD', '/api/submissions/cm123')).toBe(true)
    expect(scopeAllows('SUBMIT', 'GET', '/api/submissions/cm123/events')).toBe(true)
  })

  it('covers nothing else', () => {
    expect(scopeAllows('SUBMIT', 'GET', '/api/assignments/opcode-counter/submissions')).toBe(false)
    expect(scopeAllows('SUBMIT', 'DELETE', '/api/submissions/cm123')).toBe(false)
    expect(scopeAllows('SUBMIT', 'PUT', '/api/workbench/opcode-counter/draft')).toBe(false)
    expect(scopeAllows('SUBMIT', 'POST', '/api/questions/q1/answers')).toBe(false)
    expect(scopeAllows('SUBMIT', 'GET', '/api/instructor/exports/gradebook')).toBe(false)
    expect(scopeAllows('SUBMIT', 'GET', '/api/submissions/a/b')).toBe(false)
    expect(scopeAllows('SUBMIT', 'POST', '/api/assignments/a/b/submissions')).toBe(false)
  })

  it('is described in words for the error message', () => {
    expect(describeScope('SUBMIT')).toBe('POST /api/assignments/<slug>/submissions, GET /api/submissions/<id>, GET /api/submissions/<id>/events')
  })
})
