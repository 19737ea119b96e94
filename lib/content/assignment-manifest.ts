// homework/<slug>/assignment.yaml: schema and loader. The format is agreed with the homework authors; a bad file fails
// with the file, the path inside it (e.g. tests[2].expected) and what is wrong, every problem at once.
import fs from 'node:fs/promises'
import path from 'node:path'

import { parseDocument } from 'yaml'
import { z } from 'zod'

import { latePolicySchema, submissionPolicySchema } from './course-schema'

const ISO_8601_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/

function isSafeRelativePath(value: string): boolean {
  if (value.length === 0 || value.startsWith('/') || value.includes('\\') || value.includes('\0')) return false
  return !value.split('/').some((segment) => segment === '..')
}

const relativeFile = z.string().min(1).refine(isSafeRelativePath, 'must be a relative path inside the assignment folder (no "..", not absolute)')

const treeGlob = z.string().min(1).refine(isSafeRelativePath, 'must be a glob relative to the CPython tree root (no "..", not absolute)')

const testSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]+$/, 'must match [a-z0-9_-]+'),
  program: relativeFile,
  expected: relativeFile,
  stdin: relativeFile.optional(),
  args: z.array(z.string()).default([]),
  exitCode: z.number().int().min(0).max(255).default(0),
  points: z.number().nonnegative(),
  visibility: z.enum(['public', 'hidden']),
  timeoutSeconds: z.number().positive().max(600),
})

const annotationSchema = z.strictObject({
  files: z.array(treeGlob).min(1),
  minimumPerFile: z.number().int().nonnegative().default(1),
})

// YAML 1.2 (the yaml package's default) reads an unquoted timestamp as a string; an explicit !!timestamp gives a Date.
const dueSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString() : value),
  z.string().regex(ISO_8601_WITH_OFFSET, 'must be ISO 8601 with a UTC offset, e.g. 2026-12-07T23:59:00-05:00'),
)

export const assignmentManifestSchema = z
  .strictObject({
    title: z.string().min(1),
    summary: z.string().trim().default(''),
    lecture: z.number().int().positive(),
    kind: z.enum(['patch', 'annotation']),
    points: z.number().positive().optional(),
    due: dueSchema.optional(),
    dueOffsetDays: z.number().int().nonnegative().optional(),
    allowedPaths: z.array(treeGlob).min(1).optional(),
    allowCreate: z.array(treeGlob).default([]),
    build: z
      .strictObject({
        target: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/, 'must be a make target name')
          .default('python'),
      })
      .default({ target: 'python' }),
    tests: z.array(testSchema).default([]),
    annotation: annotationSchema.optional(),
    // overrides of course.yaml's late policy and submission limits for this assignment
    policy: z.strictObject({ latePolicy: latePolicySchema.partial().optional(), submissions: submissionPolicySchema.partial().optional() }).optional(),
  })
  .superRefine((manifest, context) => {
    if ((manifest.due === undefined) === (manifest.dueOffsetDays === undefined)) {
      context.addIssue({ code: 'custom', path: ['due'], message: 'give exactly one of `due` and `dueOffsetDays`' })
    }
    if (manifest.kind === 'patch') {
      if (!manifest.allowedPaths) context.addIssue({ code: 'custom', path: ['allowedPaths'], message: 'required for kind: patch' })
      if (manifest.tests.length === 0) context.addIssue({ code: 'custom', path: ['tests'], message: 'kind: patch needs at least one test' })
      if (manifest.annotation) context.addIssue({ code: 'custom', path: ['annotation'], message: 'only allowed for kind: annotation' })
    } else {
      if (!manifest.annotation) context.addIssue({ code: 'custom', path: ['annotation'], message: 'required for kind: annotation' })
      if (manifest.points === undefined) {
        context.addIssue({ code: 'custom', path: ['points'], message: 'required for kind: annotation (the manual maximum)' })
      }
    }
    const seen = new Map<string, number>()
    manifest.tests.forEach((test, index) => {
      const first = seen.get(test.name)
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: ['tests', index, 'name'], message: `duplicate test name "${test.name}" (also tests[${first}])` })
      } else seen.set(test.name, index)
    })
  })

export type AssignmentManifest = z.output<typeof assignmentManifestSchema>
export type ManifestTest = AssignmentManifest['tests'][number]

export interface LoadedTest extends ManifestTest {
  programText: string
  expectedText: string
  stdinText?: string
}

export interface LoadedAssignment {
  slug: string
  dir: string
  manifestPath: string
  manifest: AssignmentManifest
  /** manifest.points, else the sum of the test points. */
  maxScore: number
  /** allowedPaths, defaulting to annotation.files for annotation assignments. */
  allowedPaths: string[]
  tests: LoadedTest[]
}

export interface ManifestIssue {
  file: string
  /** e.g. tests[2].expected; empty for the file as a whole. */
  path: string
  message: string
}

export class AssignmentManifestError extends Error {
  override name = 'AssignmentManifestError'
  constructor(readonly issues: ManifestIssue[]) {
    super(issues.map((issue) => `${issue.file}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n'))
  }
}

export function formatIssuePath(segments: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out ? `.${String(segment)}` : String(segment)
  }
  return out
}

/** Validates manifest text; `file` only names it in errors. Does not read the referenced test files. */
export function parseAssignmentManifest(text: string, file = 'assignment.yaml'): AssignmentManifest {
  const document = parseDocument(text, { uniqueKeys: true })
  if (document.errors.length > 0) {
    throw new AssignmentManifestError(
      document.errors.map((error) => ({
        file,
        path: '',
        message: `invalid YAML${error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : ''}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    )
  }
  const parsed = assignmentManifestSchema.safeParse(document.toJS())
  if (!parsed.success) {
    throw new AssignmentManifestError(parsed.error.issues.map((issue) => ({ file, path: formatIssuePath(issue.path), message: issue.message })))
  }
  return parsed.data
}

export function manifestMaxScore(manifest: AssignmentManifest): number {
  return manifest.points ?? manifest.tests.reduce((sum, test) => sum + test.points, 0)
}

/** A file a manifest names: its text, or what is wrong with it. */
type ReferencedFile = { text?: string; issue?: ManifestIssue }

/** Reads and validates <dir>/assignment.yaml and every file its tests name. */
export async function loadAssignment(dir: string): Promise<LoadedAssignment> {
  const root = path.resolve(dir)
  const manifestPath = path.join(root, 'assignment.yaml')
  const displayFile = path.relative(process.cwd(), manifestPath) || manifestPath
  let text: string
  try {
    text = await fs.readFile(manifestPath, 'utf8')
  } catch (error) {
    throw new AssignmentManifestError([
      { file: displayFile, path: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` },
    ])
  }
  const manifest = parseAssignmentManifest(text, displayFile)

  const realRoot = await fs.realpath(root)
  // the files are read in parallel; their problems are reported in the manifest's order, not in the order the reads end
  const readReferenced = async (relative: string, issuePath: string): Promise<ReferencedFile> => {
    const absolute = path.join(root, relative)
    try {
      // The file must really be inside the folder: a symlink pointing elsewhere is refused.
      const real = await fs.realpath(absolute)
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        return { issue: { file: displayFile, path: issuePath, message: `${relative} resolves outside the assignment folder` } }
      }
      return { text: await fs.readFile(real, 'utf8') }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      return {
        issue: {
          file: displayFile,
          path: issuePath,
          message: code === 'ENOENT' ? `file not found: ${relative}` : `cannot read ${relative}: ${code ?? (error as Error).message}`,
        },
      }
    }
  }

  const read = await Promise.all(
    manifest.tests.map((test, index) =>
      Promise.all([
        readReferenced(test.program, `tests[${index}].program`),
        readReferenced(test.expected, `tests[${index}].expected`),
        test.stdin === undefined ? Promise.resolve<ReferencedFile>({}) : readReferenced(test.stdin, `tests[${index}].stdin`),
      ]),
    ),
  )
  const issues = read.flatMap((files) => files.flatMap((f) => (f.issue ? [f.issue] : [])))
  const tests = manifest.tests.map((test, index): LoadedTest => {
    const [program, expected, stdin] = read[index]
    return {
      ...test,
      programText: program.text ?? '',
      expectedText: expected.text ?? '',
      ...(test.stdin !== undefined ? { stdinText: stdin.text ?? '' } : {}),
    }
  })
  if (issues.length > 0) throw new AssignmentManifestError(issues)

  return {
    slug: path.basename(root),
    dir: root,
    manifestPath,
    manifest,
    maxScore: manifestMaxScore(manifest),
    allowedPaths: manifest.allowedPaths ?? manifest.annotation?.files ?? [],
    tests,
  }
}
