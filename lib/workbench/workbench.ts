import type { SessionUser } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'
import { matchesAnyGlob } from '@/lib/patch'
import { AppError, notFound } from '@/lib/http/errors'
import { languageForPath } from '@/lib/source/tree'
import { plural } from '@/lib/text/plural'

import { draftFile, draftFiles, draftVersions, writeDraftFile, type DraftVersion, type DraftWrite, type StoredDraftFile } from './drafts'
import { countLines, MAX_DRAFT_FILE_LINES, MAX_DRAFT_PATCH_LINES, MAX_WORKBENCH_FILE_BYTES, readPristineText, workbenchTree } from './pristine'
import type { DraftSaveInput } from './schemas'
import { createDraftPatch, matchLineEndings } from '@/lib/patch/unified-diff'

// The workbench's domain: which files of an assignment a student may change, their pristine text and draft, and
// the draft as one patch. Route handlers call these and nothing else.

/** More files than this matching an assignment's globs are listed by search only. */
const MAX_LISTED_EDITABLE = 60

export type WorkbenchAssignment = {
  id: string
  slug: string
  title: string
  kind: 'PATCH' | 'ANNOTATION'
  allowedPaths: string[]
}

export type WorkbenchFile = {
  path: string
  language: string
  editable: boolean
  /** why the file is read-only (null when editable) */
  readOnlyReason: string | null
  /** the pristine text ('' for a file that cannot be shown) */
  original: string
  /** the student's saved version, when it differs from the pristine file */
  draft: { content: string; updatedAt: string } | null
}

export type WorkbenchOverview = {
  assignment: WorkbenchAssignment
  cpythonVersion: string
  /** the files this assignment lets the student change (that exist in the tree), in order */
  editable: string[]
  /** versions of the files that have a draft */
  drafts: DraftVersion[]
  /** drafts of files the assignment no longer allows: kept, but left out of the patch */
  ignoredDrafts: string[]
}

export async function workbenchAssignment(slug: string): Promise<WorkbenchAssignment> {
  const a = await prisma.assignment.findFirst({
    where: { slug, published: true },
    select: { id: true, slug: true, title: true, kind: true, allowedPaths: true },
  })
  if (!a) throw notFound('That assignment')
  return a
}

async function editablePaths(assignment: WorkbenchAssignment): Promise<string[]> {
  const files = await (await workbenchTree()).listFiles()
  return files.filter((f) => matchesAnyGlob(f, assignment.allowedPaths))
}

function describeAllowed(assignment: WorkbenchAssignment): string {
  const list = assignment.allowedPaths.slice(0, 6).join(', ')
  return assignment.allowedPaths.length > 6 ? `${list}, …` : list
}

export async function workbenchOverview(user: SessionUser, slug: string): Promise<WorkbenchOverview> {
  const assignment = await workbenchAssignment(slug)
  const [tree, editable, drafts] = await Promise.all([
    workbenchTree(),
    editablePaths(assignment),
    draftVersions({ userId: user.id, assignmentId: assignment.id }),
  ])
  const allowed = new Set(editable)
  return {
    assignment,
    cpythonVersion: tree.version,
    editable: editable.slice(0, MAX_LISTED_EDITABLE),
    drafts: drafts.filter((d) => allowed.has(d.path)),
    ignoredDrafts: drafts.filter((d) => !allowed.has(d.path)).map((d) => d.path),
  }
}

/** Just the versions of a student's draft files (a tab returning to the foreground checks them). */
export async function workbenchDraftVersions(user: SessionUser, slug: string): Promise<DraftVersion[]> {
  const assignment = await workbenchAssignment(slug)
  return draftVersions({ userId: user.id, assignmentId: assignment.id })
}

/** One file for an editor tab: pristine text, the student's draft of it, and whether it may be changed. */
export async function workbenchFile(user: SessionUser, slug: string, path: string): Promise<WorkbenchFile> {
  const assignment = await workbenchAssignment(slug)
  const tree = await workbenchTree()
  if (!(await tree.hasFile(path))) throw new AppError(404, 'not_found', `${path} is not a file of the CPython ${tree.version} tree.`)
  const pristine = await readPristineText(path)
  const language = languageForPath(path)
  const allowed = matchesAnyGlob(path, assignment.allowedPaths)
  if (pristine.kind === 'binary' || pristine.kind === 'too-large') {
    const why = pristine.kind === 'binary' ? 'it is a binary file' : `it is over ${MAX_WORKBENCH_FILE_BYTES / 1024 / 1024} MiB`
    return { path, language, editable: false, readOnlyReason: `${path} cannot be shown here: ${why}.`, original: '', draft: null }
  }
  let readOnlyReason: string | null = null
  if (!allowed) readOnlyReason = `Read-only: this assignment lets you change only ${describeAllowed(assignment)}.`
  else if (pristine.kind === 'not-utf8') readOnlyReason = `${path} is not UTF-8 text, so a patch cannot reproduce its bytes; change it in a local checkout.`
  const draft = readOnlyReason ? null : await draftFile({ userId: user.id, assignmentId: assignment.id }, path)
  return {
    path,
    language,
    editable: readOnlyReason === null,
    readOnlyReason,
    original: pristine.text,
    draft: draft && { content: draft.content, updatedAt: draft.updatedAt },
  }
}

/** The pristine text of a file the student may change, or an AppError saying why not. */
async function editableOriginal(assignment: WorkbenchAssignment, path: string): Promise<string> {
  if (!matchesAnyGlob(path, assignment.allowedPaths)) {
    throw new AppError(403, 'read_only', `${path} is read-only here: “${assignment.title}” lets you change only ${describeAllowed(assignment)}.`)
  }
  const tree = await workbenchTree()
  if (!(await tree.hasFile(path))) throw new AppError(404, 'not_found', `${path} is not a file of the CPython ${tree.version} tree.`)
  const pristine = await readPristineText(path)
  if (pristine.kind !== 'text')
    throw new AppError(
      422,
      'not_editable',
      `${path} cannot be edited in the workbench (it is not UTF-8 text under ${MAX_WORKBENCH_FILE_BYTES / 1024 / 1024} MiB).`,
    )
  return pristine.text
}

/** Text the database and a patch can hold: no NUL, no broken surrogate pairs, within the size and line limits. */
export function checkDraftText(path: string, content: string): void {
  if (Buffer.byteLength(content, 'utf8') > MAX_WORKBENCH_FILE_BYTES) {
    throw new AppError(
      413,
      'file_too_large',
      `${path} would be over ${MAX_WORKBENCH_FILE_BYTES / 1024 / 1024} MiB; nothing was saved. Remove what you pasted by mistake.`,
    )
  }
  const lines = countLines(content)
  if (lines > MAX_DRAFT_FILE_LINES) throw tooManyLines(path, lines)
  const nul = content.indexOf('\0')
  if (nul >= 0)
    throw new AppError(
      422,
      'invalid_text',
      `${path} line ${lineAt(content, nul)} contains a NUL character, which a C source file (and a patch) cannot hold; nothing was saved.`,
    )
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(content)
  if (lone) throw new AppError(422, 'invalid_text', `${path} line ${lineAt(content, lone.index)} contains a broken Unicode character; nothing was saved.`)
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, ' ')
}

function tooManyLines(path: string, lines: number): AppError {
  return new AppError(
    413,
    'too_many_lines',
    `${path}: the draft has ${formatCount(lines)} lines; the workbench accepts at most ${formatCount(MAX_DRAFT_FILE_LINES)} lines per file (the longest file of the tree has about 28 000). Nothing was saved; remove what you pasted by mistake.`,
  )
}

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/**
 * Autosave of one file. The text is stored with the pristine file's line endings; a text equal to the pristine file
 * removes the draft of that file (a reset). See writeDraftFile for the conflict rule.
 */
export async function saveWorkbenchFile(user: SessionUser, slug: string, input: DraftSaveInput): Promise<DraftWrite> {
  const assignment = await workbenchAssignment(slug)
  const original = await editableOriginal(assignment, input.path)
  checkDraftText(input.path, input.content)
  const content = matchLineEndings(original, input.content)
  return writeDraftFile({ userId: user.id, assignmentId: assignment.id }, input.path, content === original ? null : content, input.base)
}

/** Back to the pristine file. */
export async function resetWorkbenchFile(user: SessionUser, slug: string, path: string, base: string | null): Promise<DraftWrite> {
  const assignment = await workbenchAssignment(slug)
  await editableOriginal(assignment, path)
  return writeDraftFile({ userId: user.id, assignmentId: assignment.id }, path, null, base)
}

export type DraftPatch = {
  assignment: WorkbenchAssignment
  /** the unified diff of every changed file ('' when nothing changed) */
  patch: string
  files: string[]
  /** drafts left out because the assignment does not allow those files (any more) */
  ignored: string[]
}

/** The saved draft as one patch against the pristine tree: what "Download .diff", "Run" and "Submit" use. */
export async function draftPatch(user: SessionUser, slug: string): Promise<DraftPatch> {
  const assignment = await workbenchAssignment(slug)
  const stored = await draftFiles({ userId: user.id, assignmentId: assignment.id })
  const files: { path: string; original: string; edited: string }[] = []
  const ignored: string[] = []
  for (const f of stored) {
    const original = await editableOriginal(assignment, f.path).catch((e: unknown) => {
      if (e instanceof AppError) return null
      throw e
    })
    if (original === null) ignored.push(f.path)
    else files.push({ path: f.path, original, edited: f.content })
  }
  checkDraftPatchSize(files)
  const patch = createDraftPatch(files)
  return { assignment, patch, files: files.filter((f) => matchLineEndings(f.original, f.edited) !== f.original).map((f) => f.path), ignored }
}

/**
 * Bound the work of diffing a whole draft (drafts saved before the line limits existed, or many files): each file
 * within MAX_DRAFT_FILE_LINES, and all of them, pristine and edited, within MAX_DRAFT_PATCH_LINES.
 */
function checkDraftPatchSize(files: readonly { path: string; original: string; edited: string }[]): void {
  let total = 0
  const sizes: { path: string; lines: number }[] = []
  for (const f of files) {
    const edited = countLines(f.edited)
    if (edited > MAX_DRAFT_FILE_LINES) {
      throw new AppError(
        413,
        'too_many_lines',
        `${f.path}: the draft has ${formatCount(edited)} lines; the workbench accepts at most ${formatCount(MAX_DRAFT_FILE_LINES)} lines per file. Reset ${f.path} or load a smaller version of it.`,
      )
    }
    const lines = countLines(f.original) + edited
    sizes.push({ path: f.path, lines })
    total += lines
  }
  if (total > MAX_DRAFT_PATCH_LINES) {
    const largest = sizes
      .sort((x, y) => y.lines - x.lines)
      .slice(0, 3)
      .map((s) => `${s.path} (${formatCount(s.lines)})`)
      .join(', ')
    throw new AppError(
      413,
      'draft_too_large',
      `The draft changes ${plural(files.length, 'file')} with ${formatCount(total)} lines in all (before and after); a draft patch may span at most ${formatCount(MAX_DRAFT_PATCH_LINES)}. The largest: ${largest}. Reset the files you did not mean to change.`,
    )
  }
}

export type { StoredDraftFile }
