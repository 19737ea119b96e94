/**
 * The patch corpus: every malicious or malformed patch under tests/fixtures/patches/rejected/ must be refused with its
 * own code, line, file and message (expectations.json); every patch under accepted/ must pass with the expected file
 * summary. Validation must not touch the file system or start processes.
 */
import childProcess from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { PATCH_ERROR_CODES, checkAnnotationOnly, validatePatch, type PatchPolicy, type PatchPolicySettings, type ValidatedFile } from '@/lib/patch'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/patches')

type Rejection = { code: string; line?: number; file?: string; messageIncludes: string; also?: string[]; policy?: Partial<PatchPolicySettings> }
type Acceptance = { files: ValidatedFile[]; policy?: Partial<PatchPolicySettings> }

const pristine = new Set(
  fs
    .readFileSync(path.join(FIXTURES, 'pristine-files.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')),
)
const pristineHas = vi.fn((p: string) => pristine.has(p))

/** The policy of a typical code assignment: change the interpreter's C sources, add one's own tests. */
const basePolicy: PatchPolicy = {
  allowedPaths: ['Objects/*.c', 'Python/*.c', 'Include/*.h', 'Parser/*.c'],
  allowCreate: ['Lib/test/test_csc253*.py'],
  pristineHas,
}
const policyFor = (overrides: Partial<PatchPolicySettings> | undefined): PatchPolicy => ({ ...basePolicy, ...overrides })

const readJson = <T>(file: string): Record<string, T> => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, T>
const rejected = readJson<Rejection>('rejected/expectations.json')
const accepted = readJson<Acceptance>('accepted/expectations.json')
const read = (dir: string, name: string) => fs.readFileSync(path.join(FIXTURES, dir, name))

afterEach(() => {
  pristineHas.mockClear()
})

describe('corpus bookkeeping', () => {
  it('has at least 45 rejected patches, each with an expectation, and no expectation without a patch', () => {
    const patches = fs
      .readdirSync(path.join(FIXTURES, 'rejected'))
      .filter((f) => f.endsWith('.diff'))
      .sort()
    expect(patches.length).toBeGreaterThanOrEqual(45)
    expect(Object.keys(rejected).sort()).toEqual(patches)
    const acceptedPatches = fs
      .readdirSync(path.join(FIXTURES, 'accepted'))
      .filter((f) => f.endsWith('.diff'))
      .sort()
    expect(Object.keys(accepted).sort()).toEqual(acceptedPatches)
  })

  it('only expects codes that exist', () => {
    for (const e of Object.values(rejected)) {
      for (const code of [e.code, ...(e.also ?? [])]) expect(PATCH_ERROR_CODES).toContain(code)
    }
  })
})

describe('rejected patches', () => {
  it.each(Object.entries(rejected))('%s', (name, expected) => {
    const result = validatePatch(read('rejected', name), policyFor(expected.policy))
    expect(result.ok).toBe(false)
    if (result.ok) return
    const main = result.errors.find((e) => e.code === expected.code)
    expect(main, `no ${expected.code} error among ${JSON.stringify(result.errors, null, 2)}`).toBeDefined()
    expect(main!.message).toContain(expected.messageIncludes)
    if (expected.line !== undefined) {
      expect(main!.line).toBe(expected.line)
      expect(main!.message.startsWith(`line ${expected.line}: `)).toBe(true)
    }
    if (expected.file !== undefined) expect(main!.file).toBe(expected.file)
    // Nothing else is reported than what the fixture is about (no cascade of follow-on errors).
    expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set([expected.code, ...(expected.also ?? [])]))
    for (const error of result.errors) {
      expect(error.message.length).toBeGreaterThan(20)
      if (error.line !== undefined) expect(error.message.startsWith(`line ${error.line}: `)).toBe(true)
    }
  })
})

describe('accepted patches', () => {
  it.each(Object.entries(accepted))('%s', (name, expected) => {
    const bytes = read('accepted', name)
    const policy = policyFor(expected.policy)
    const result = validatePatch(bytes, policy)
    expect(result.ok ? result : result.errors).toMatchObject({ ok: true })
    if (!result.ok) return
    expect(result.files).toEqual(expected.files)
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))

    // The normalised text is a plain LF unified diff of exactly the checked files, and validates to itself.
    expect(result.normalized).not.toContain('\r')
    expect(result.normalized.startsWith('--- ')).toBe(true)
    const again = validatePatch(result.normalized, policy)
    expect(again.ok).toBe(true)
    if (again.ok) {
      expect(again.normalized).toBe(result.normalized)
      expect(again.files).toEqual(result.files)
    }
  })

  it('normalises an all-CRLF patch to the same text as its LF original', () => {
    const crlf = validatePatch(read('accepted', 'crlf-everywhere.diff'), basePolicy)
    const lf = validatePatch(read('accepted', 'crlf-everywhere.diff').toString('utf8').replace(/\r\n/g, '\n'), basePolicy)
    expect(crlf.ok && lf.ok).toBe(true)
    if (crlf.ok && lf.ok) {
      expect(crlf.normalized).toBe(lf.normalized)
      expect(crlf.sha256).not.toBe(lf.sha256)
    }
  })

  it('drops the commit message and mail signature from the normalised patch', () => {
    const result = validatePatch(read('accepted', 'format-patch-two-files.diff'), basePolicy)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.normalized).not.toContain('Subject:')
    expect(result.normalized).not.toContain('2.39')
    expect(result.normalized.split('\n').filter((l) => l.startsWith('--- ') || l.startsWith('+++ '))).toEqual([
      '--- a/Objects/intobject.c',
      '+++ b/Objects/intobject.c',
      '--- a/Python/bltinmodule.c',
      '+++ b/Python/bltinmodule.c',
    ])
  })

  it('keeps "---"/"+++" lines that the counts put inside a hunk', () => {
    const result = validatePatch(read('accepted', 'diff-of-diff-lines.diff'), policyFor(accepted['diff-of-diff-lines.diff']!.policy))
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.normalized).toContain('\n--- os.popen() Usage Warnings\n+++ os.popen() Usage Warnings (CSC253: still true)\n')
  })
})

describe('annotation homework on the corpus', () => {
  it('accepts the CSC253 comments added to Python/ceval.c and counts them', () => {
    expect(checkAnnotationOnly(read('accepted', 'annotation-ceval.diff'), { files: ['Python/ceval.c'] })).toEqual({
      ok: true,
      errors: [],
      counts: { 'Python/ceval.c': 2 },
    })
  })

  it('refuses every accepted code patch, pointing at the first added line of code', () => {
    const result = checkAnnotationOnly(read('accepted', 'bltinmodule-git-diff.diff'), { files: ['Python/bltinmodule.c'] })
    expect(result.ok).toBe(false)
    expect(result.errors[0]).toMatchObject({ code: 'not-annotation', file: 'Python/bltinmodule.c', line: 9 })
    for (const name of Object.keys(accepted).filter((n) => n !== 'annotation-ceval.diff')) {
      const files = accepted[name]!.files.map((f) => f.path)
      expect(checkAnnotationOnly(read('accepted', name), { files }).ok, name).toBe(false)
    }
  })
})

describe('validation has no side effects', () => {
  const all = [
    ...Object.entries(rejected).map(([name, e]) => ({ bytes: read('rejected', name), policy: policyFor(e.policy) })),
    ...Object.entries(accepted).map(([name, e]) => ({ bytes: read('accepted', name), policy: policyFor(e.policy) })),
  ]

  let tmp: string
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'patch-purity-'))
    fs.writeFileSync(path.join(tmp, 'sentinel.txt'), 'unchanged')
  })

  const snapshot = (dir: string): string[] =>
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .map((d) => {
        const full = path.join(d.parentPath, d.name)
        const st = fs.lstatSync(full)
        return `${path.relative(dir, full)} ${st.size} ${st.mtimeMs}`
      })
      .sort()

  it('writes nothing to the working directory or the fixtures, and calls no fs write API or child process', () => {
    const writeApis = [
      'writeFile',
      'writeFileSync',
      'appendFile',
      'appendFileSync',
      'mkdir',
      'mkdirSync',
      'mkdtemp',
      'mkdtempSync',
      'open',
      'openSync',
      'createWriteStream',
      'rm',
      'rmSync',
      'rmdir',
      'rmdirSync',
      'unlink',
      'unlinkSync',
      'rename',
      'renameSync',
      'copyFile',
      'copyFileSync',
      'cp',
      'cpSync',
      'symlink',
      'symlinkSync',
      'link',
      'linkSync',
      'chmod',
      'chmodSync',
      'truncate',
      'truncateSync',
      'utimes',
      'utimesSync',
    ] as const
    const promiseApis = ['writeFile', 'appendFile', 'mkdir', 'open', 'rm', 'unlink', 'rename', 'copyFile', 'symlink', 'chmod', 'truncate'] as const
    const processApis = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const

    const cwd = process.cwd()
    const beforeTmp = snapshot(tmp)
    const beforeFixtures = snapshot(FIXTURES)
    type Methods = Record<string, (...args: never[]) => unknown>
    const spyOnAll = (target: object, names: readonly string[]) => names.map((name) => vi.spyOn(target as Methods, name))
    const spies = [...spyOnAll(fs, writeApis), ...spyOnAll(fs.promises, promiseApis), ...spyOnAll(childProcess, processApis)]
    try {
      process.chdir(tmp)
      for (const { bytes, policy } of all) {
        validatePatch(bytes, policy)
        validatePatch(bytes.toString('latin1'), policy)
      }
    } finally {
      process.chdir(cwd)
      for (const spy of spies) {
        expect(spy, `validatePatch called ${spy.getMockName()}`).not.toHaveBeenCalled()
        spy.mockRestore()
      }
    }
    expect(snapshot(tmp)).toEqual(beforeTmp)
    expect(snapshot(FIXTURES)).toEqual(beforeFixtures)
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('gives the same answer twice and never mutates its input', () => {
    for (const { bytes, policy } of all) {
      const copy = Buffer.from(bytes)
      const first = validatePatch(bytes, policy)
      expect(validatePatch(bytes, policy)).toEqual(first)
      expect(bytes.equals(copy)).toBe(true)
    }
  })

  it('asks pristineHas only about paths that passed the path checks', () => {
    for (const { bytes, policy } of all) validatePatch(bytes, policy)
    for (const [asked] of pristineHas.mock.calls) {
      expect(asked).toMatch(/^[A-Za-z0-9._+~,@=-]+(\/[A-Za-z0-9._+~,@=-]+)*$/)
      expect(asked.split('/')).not.toContain('..')
    }
    expect(pristineHas).toHaveBeenCalled()
  })
})

describe('the validator source', () => {
  it('imports nothing that can touch the file system, the network or processes', () => {
    const dir = path.resolve(import.meta.dirname, '../../lib/patch')
    const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    expect(sources.length).toBeGreaterThan(3)
    for (const file of sources) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8')
      const imports = [
        ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g),
        ...text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]/g),
      ].map((m) => m[1]!)
      for (const spec of imports)
        expect([`${file} imports ${spec}`, spec.startsWith('./') || spec === 'node:crypto' || spec === 'zod']).toEqual([`${file} imports ${spec}`, true])
    }
  })
})
