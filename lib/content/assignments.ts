import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import type { LatePolicyMode, ScoreSelection } from '@/lib/db/prisma'

import { instantToZonedWallTime, zonedWallTimeToInstant } from '@/lib/extensions/zoned-time'

import { AssignmentManifestError, loadAssignment, type AssignmentManifest, type LoadedAssignment as GradingAssignment } from './assignment-manifest'
import type { CourseFile } from './course-schema'
import type { ContentProblem } from './errors'
import type { TreeLookup } from './pristine'
import type { PublicManifest } from './public-manifest'

export type AssignmentPolicy = {
  latePolicy: LatePolicyMode
  latePenaltyPerDay: number
  latePenaltyMax: number
  lateCutoffDays: number | null
  maxSubmissions: number | null
  submissionsPerHour: number | null
  scoreSelection: ScoreSelection
}

/** What the app may store and show about an assignment: no expected outputs, no hidden programs. */
export type { PublicManifest }

export type SyncedAssignment = {
  file: string
  dir: string
  slug: string
  title: string
  summary: string
  lectureNumber: number | null
  kind: 'PATCH' | 'ANNOTATION'
  maxScore: number
  dueAt: Date
  allowedPaths: string[]
  allowCreate: string[]
  policy: AssignmentPolicy
  publicManifest: PublicManifest
  hash: string
}

const DAY_MS = 24 * 3600 * 1000

/** Read and validate every homework/<slug>/assignment.yaml. Problems are collected, not thrown. */
export async function loadAssignments(courseDir: string, course: CourseFile, problems: ContentProblem[], tree?: TreeLookup): Promise<SyncedAssignment[]> {
  const root = path.join(courseDir, 'homework')
  if (!existsSync(root)) return []
  const out: SyncedAssignment[] = []
  for (const slug of readdirSync(root).sort()) {
    const dir = path.join(root, slug)
    if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, 'assignment.yaml'))) continue
    const file = `homework/${slug}/assignment.yaml`
    if (!/^[a-z0-9][a-z0-9-]{1,60}$/.test(slug)) {
      problems.push({ file, path: '', message: `the folder name "${slug}" is the assignment's URL slug: use lowercase letters, digits and dashes` })
      continue
    }
    let loaded: GradingAssignment
    try {
      loaded = await loadAssignment(dir)
    } catch (error) {
      if (!(error instanceof AssignmentManifestError)) throw error
      problems.push(...error.issues.map((i) => ({ file, path: i.path, message: i.message })))
      continue
    }
    const m = loaded.manifest
    if (tree) {
      loaded.allowedPaths.forEach((glob, i) => {
        if (!/[*?[]/.test(glob) && !tree.hasFile(glob))
          problems.push({ file, path: `allowedPaths[${i}]`, message: `${glob} is not a file of the CPython tree` })
      })
      m.annotation?.files.forEach((f, i) => {
        if (!tree.hasFile(f)) problems.push({ file, path: `annotation.files[${i}]`, message: `${f} is not a file of the CPython tree` })
      })
    }
    out.push({
      file,
      dir,
      slug,
      title: m.title,
      summary: m.summary ?? '',
      lectureNumber: m.lecture ?? null,
      kind: m.kind === 'annotation' ? 'ANNOTATION' : 'PATCH',
      maxScore: loaded.maxScore,
      dueAt: assignmentDueDate(m, new Date(course.start), course.timezone),
      allowedPaths: loaded.allowedPaths,
      allowCreate: m.allowCreate,
      policy: policyFor(course, m),
      publicManifest: publicManifest(m),
      hash: hashFolder(dir),
    })
  }
  return out
}

/**
 * The deadline: `due` as written, or the course start (course.yaml) plus `dueOffsetDays` calendar days in the
 * course's time zone, so a deadline keeps its wall-clock time (23:59 stays 23:59) across a daylight-saving change.
 */
export function assignmentDueDate(m: Pick<AssignmentManifest, 'due' | 'dueOffsetDays'>, courseStart: Date, timeZone: string): Date {
  if (m.due !== undefined) return new Date(m.due)
  const wall = instantToZonedWallTime(courseStart, timeZone)
  const shifted = new Date(Date.parse(`${wall}:00Z`) + (m.dueOffsetDays ?? 0) * DAY_MS).toISOString().slice(0, 16)
  return zonedWallTimeToInstant(shifted, timeZone) ?? new Date(courseStart.getTime() + (m.dueOffsetDays ?? 0) * DAY_MS)
}

function policyFor(course: CourseFile, m: AssignmentManifest): AssignmentPolicy {
  const late = { ...course.latePolicy, ...(m.policy?.latePolicy ?? {}) }
  const subs = { ...course.submissions, ...(m.policy?.submissions ?? {}) }
  return {
    latePolicy: late.mode === 'none' ? 'NONE' : late.mode === 'budget' ? 'BUDGET' : 'PENALTY',
    latePenaltyPerDay: late.penaltyPerDay,
    latePenaltyMax: late.maxPenalty,
    lateCutoffDays: late.cutoffDays ?? null,
    maxSubmissions: subs.maxSubmissions ?? null,
    submissionsPerHour: subs.perHour ?? null,
    scoreSelection: subs.counts === 'latest' ? 'LATEST' : 'BEST',
  }
}

function publicManifest(m: AssignmentManifest): PublicManifest {
  return {
    tests: m.tests.map((t) => ({
      name: t.name,
      visibility: t.visibility,
      points: t.points,
      timeoutSeconds: t.timeoutSeconds,
      // public programs may be shown to students; hidden ones never leave the grader
      ...(t.visibility === 'public' ? { program: t.program } : {}),
    })),
    build: { target: m.build.target },
    ...(m.annotation ? { annotation: m.annotation } : {}),
  }
}

/** The content hash `content:sync` stores for an assignment folder; the worker compares it before grading. */
export function assignmentContentHash(dir: string): string {
  return hashFolder(dir)
}

function hashFolder(dir: string): string {
  const h = createHash('sha256')
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else {
        h.update(path.relative(dir, p))
        h.update(readFileSync(p))
      }
    }
  }
  walk(dir)
  return h.digest('hex')
}
