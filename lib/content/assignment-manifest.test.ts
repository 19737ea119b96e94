import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { AssignmentManifestError, formatIssuePath, loadAssignment, parseAssignmentManifest } from './assignment-manifest'

const example = `
title: Count executed opcodes
lecture: 2
kind: patch            # patch | annotation
points: 100
due: 2026-12-07T23:59:00-05:00
allowedPaths: [Python/ceval.c, Python/sysmodule.c, "Include/*.h"]
allowCreate: []
build: { target: python }
tests:
  - name: counts_simple
    program: tests/public/counts_simple.py
    expected: tests/public/counts_simple.out
    stdin: tests/public/counts_simple.in
    args: []
    exitCode: 0
    points: 10
    visibility: public
    timeoutSeconds: 10
`

function issuesOf(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(AssignmentManifestError)
    return (error as AssignmentManifestError).issues.map((issue) => `${issue.path}: ${issue.message}`)
  }
  throw new Error('expected an AssignmentManifestError')
}

describe('parseAssignmentManifest', () => {
  it('accepts the agreed format and fills defaults', () => {
    const manifest = parseAssignmentManifest(example)
    expect(manifest).toMatchObject({
      title: 'Count executed opcodes',
      lecture: 2,
      kind: 'patch',
      points: 100,
      due: '2026-12-07T23:59:00-05:00',
      allowedPaths: ['Python/ceval.c', 'Python/sysmodule.c', 'Include/*.h'],
      allowCreate: [],
      build: { target: 'python' },
    })
    expect(manifest.tests[0]).toEqual({
      name: 'counts_simple',
      program: 'tests/public/counts_simple.py',
      expected: 'tests/public/counts_simple.out',
      stdin: 'tests/public/counts_simple.in',
      args: [],
      exitCode: 0,
      points: 10,
      visibility: 'public',
      timeoutSeconds: 10,
    })
    const minimal = parseAssignmentManifest(
      `title: T\nlecture: 1\nkind: patch\ndueOffsetDays: 14\nallowedPaths: [Python/ceval.c]\ntests:\n  - { name: a, program: a.py, expected: a.out, points: 5, visibility: hidden, timeoutSeconds: 3 }\n`,
    )
    expect(minimal.build).toEqual({ target: 'python' })
    expect(minimal.allowCreate).toEqual([])
    expect(minimal.tests[0]).toMatchObject({ args: [], exitCode: 0 })
  })

  it('accepts an annotation assignment', () => {
    const manifest = parseAssignmentManifest(
      `title: Annotate\nlecture: 4\nkind: annotation\npoints: 20\ndue: 2026-10-01T12:00:00Z\nannotation:\n  files: [Objects/intobject.c, Python/ceval.c]\n  minimumPerFile: 5\n`,
    )
    expect(manifest.annotation).toEqual({ files: ['Objects/intobject.c', 'Python/ceval.c'], minimumPerFile: 5 })
    expect(manifest.tests).toEqual([])
  })

  it('names the path inside the YAML and what is wrong, for every problem at once', () => {
    const bad = example
      .replace('lecture: 2', 'lecture: two')
      .replace('visibility: public', 'visibility: secret')
      .replace('timeoutSeconds: 10', 'timeoutSecs: 10')
      .replace('"Include/*.h"', '"../Include/*.h"')
    expect(issuesOf(() => parseAssignmentManifest(bad))).toEqual([
      'lecture: Invalid input: expected number, received string',
      'allowedPaths[2]: must be a glob relative to the CPython tree root (no "..", not absolute)',
      'tests[0].visibility: Invalid option: expected one of "public"|"hidden"',
      'tests[0].timeoutSeconds: Invalid input: expected number, received undefined',
      'tests[0]: Unrecognized key: "timeoutSecs"',
    ])
  })

  it('checks the rules between fields', () => {
    expect(issuesOf(() => parseAssignmentManifest(example.replace('due: 2026-12-07T23:59:00-05:00', 'due: 2026-12-07')))).toEqual([
      'due: must be ISO 8601 with a UTC offset, e.g. 2026-12-07T23:59:00-05:00',
    ])
    expect(
      issuesOf(() => parseAssignmentManifest(example.replace('due: 2026-12-07T23:59:00-05:00', 'dueOffsetDays: 3\ndue: 2026-12-07T23:59:00-05:00'))),
    ).toEqual(['due: give exactly one of `due` and `dueOffsetDays`'])
    const twice = `${example}  - { name: counts_simple, program: b.py, expected: b.out, points: 1, visibility: public, timeoutSeconds: 1 }\n`
    expect(issuesOf(() => parseAssignmentManifest(twice))).toEqual(['tests[1].name: duplicate test name "counts_simple" (also tests[0])'])
    expect(issuesOf(() => parseAssignmentManifest(`title: T\nlecture: 1\nkind: patch\ndueOffsetDays: 1\n`))).toEqual([
      'allowedPaths: required for kind: patch',
      'tests: kind: patch needs at least one test',
    ])
    expect(issuesOf(() => parseAssignmentManifest(`title: T\nlecture: 1\nkind: annotation\ndueOffsetDays: 1\n`))).toEqual([
      'annotation: required for kind: annotation',
      'points: required for kind: annotation (the manual maximum)',
    ])
    expect(issuesOf(() => parseAssignmentManifest(example.replace('program: tests/public/counts_simple.py', 'program: /etc/passwd')))).toEqual([
      'tests[0].program: must be a relative path inside the assignment folder (no "..", not absolute)',
    ])
    expect(issuesOf(() => parseAssignmentManifest(example.replace('name: counts_simple', 'name: Counts Simple')))).toEqual([
      'tests[0].name: must match [a-z0-9_-]+',
    ])
    expect(issuesOf(() => parseAssignmentManifest(example.replace('{ target: python }', '{ target: "-f /etc/x" }')))).toEqual([
      'build.target: must be a make target name',
    ])
  })

  it('reports YAML syntax errors with their line', () => {
    expect(issuesOf(() => parseAssignmentManifest('title: [unclosed\nlecture: 1\n'))[0]).toMatch(/^: invalid YAML at line \d+, column \d+/)
    expect(issuesOf(() => parseAssignmentManifest('title: a\ntitle: b\n'))[0]).toMatch(/invalid YAML.*[Mm]ap keys must be unique/)
  })

  it('formats issue paths', () => {
    expect(formatIssuePath(['tests', 2, 'expected'])).toBe('tests[2].expected')
    expect(formatIssuePath([])).toBe('')
  })
})

describe('loadAssignment', () => {
  let dir: string
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'assignment-'))
    await fs.mkdir(path.join(dir, 'tests/public'), { recursive: true })
  })
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('reads the files the tests name', async () => {
    await fs.writeFile(path.join(dir, 'assignment.yaml'), example.replace('points: 100\n', ''))
    await fs.writeFile(path.join(dir, 'tests/public/counts_simple.py'), 'print 1\n')
    await fs.writeFile(path.join(dir, 'tests/public/counts_simple.out'), '1\n')
    await fs.writeFile(path.join(dir, 'tests/public/counts_simple.in'), 'input\n')
    const loaded = await loadAssignment(dir)
    expect(loaded.slug).toBe(path.basename(dir))
    expect(loaded.maxScore).toBe(10)
    expect(loaded.allowedPaths).toEqual(['Python/ceval.c', 'Python/sysmodule.c', 'Include/*.h'])
    expect(loaded.tests[0]).toMatchObject({ programText: 'print 1\n', expectedText: '1\n', stdinText: 'input\n' })
  })

  it('names a missing or escaping referenced file by its path in the YAML', async () => {
    await fs.writeFile(path.join(dir, 'assignment.yaml'), example)
    await fs.writeFile(path.join(dir, 'tests/public/counts_simple.py'), 'print 1\n')
    await fs.symlink('/etc/hostname', path.join(dir, 'tests/public/counts_simple.in'))
    const error = await loadAssignment(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AssignmentManifestError)
    const issues = (error as AssignmentManifestError).issues
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['tests[0].expected', 'file not found: tests/public/counts_simple.out'],
      ['tests[0].stdin', 'tests/public/counts_simple.in resolves outside the assignment folder'],
    ])
    expect(issues[0].file).toMatch(/assignment\.yaml$/)
    expect((error as Error).message).toContain('assignment.yaml: tests[0].expected: file not found: tests/public/counts_simple.out')
  })

  it('reports a missing assignment.yaml', async () => {
    await expect(loadAssignment(dir)).rejects.toThrow(/assignment\.yaml: cannot read: ENOENT/)
  })
})
