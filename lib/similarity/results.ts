// What the instructor pages and the CSV export read: plain objects shaped for them. No Dolos here (the web app
// never loads the native parsers): a pair's two contributions are re-extracted from the stored patches, which gives
// exactly the rows the worker compared, because extraction is deterministic and the run stores its parameters.
import type { CsvCell } from '@/lib/csv/csv'
import { prisma } from '@/lib/db/prisma'
import { notFound } from '@/lib/http/errors'

import { extractContribution, type ContributionRow } from './extract'
import { HISTOGRAM_BUCKETS } from './histogram'
import { runParametersSchema, sharedFragmentSchema, type RunParameters, type SharedFragment } from './parameters'

export type Person = { id: string; name: string; email: string }
export type RunSummary = {
  id: string
  trigger: 'INSTRUCTOR' | 'DEADLINE'
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'ERROR'
  createdAt: Date
  finishedAt: Date | null
  submissions: number
  pairsCompared: number
  library: string | null
  errorMessage: string | null
}
export type PairRow = { id: string; left: Person; right: Person; similarity: number; longest: number; overlap: number; fragments: number; flagged: boolean }
export type SimilarityReport = {
  assignment: { slug: string; title: string; kind: 'PATCH' | 'ANNOTATION'; dueAt: Date }
  runs: RunSummary[]
  /** the newest finished run, whose results are shown */
  latest: (RunSummary & { parameters: RunParameters | null; histogram: number[]; flagged: number }) | null
  bySimilarity: PairRow[]
  byLongest: PairRow[]
  inFlight: boolean
}

const RUN_SELECT = {
  id: true,
  trigger: true,
  status: true,
  createdAt: true,
  finishedAt: true,
  submissions: true,
  pairsCompared: true,
  library: true,
  errorMessage: true,
} as const

function parseParameters(value: unknown): RunParameters | null {
  const parsed = runParametersSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

async function people(ids: string[]): Promise<Map<string, Person>> {
  const users = await prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true, email: true } })
  return new Map(users.map((u) => [u.id, { id: u.id, name: u.name ?? u.email, email: u.email }]))
}

const unknownPerson = (id: string): Person => ({ id, name: 'a removed user', email: '' })

export async function similarityReport(slug: string, limit = 100): Promise<SimilarityReport> {
  const assignment = await prisma.assignment.findUnique({ where: { slug }, select: { id: true, slug: true, title: true, kind: true, dueAt: true } })
  if (!assignment) throw notFound(`The assignment "${slug}"`)
  const runs = await prisma.similarityRun.findMany({ where: { assignmentId: assignment.id }, orderBy: { createdAt: 'desc' }, take: 10, select: RUN_SELECT })
  const latestRow = await prisma.similarityRun.findFirst({
    where: { assignmentId: assignment.id, status: 'DONE' },
    orderBy: { finishedAt: 'desc' },
    select: { ...RUN_SELECT, parameters: true, histogram: true },
  })
  const inFlight = runs.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING')
  const base = { assignment: { slug: assignment.slug, title: assignment.title, kind: assignment.kind, dueAt: assignment.dueAt }, runs, inFlight }
  if (!latestRow) return { ...base, latest: null, bySimilarity: [], byLongest: [] }

  const parameters = parseParameters(latestRow.parameters)
  const threshold = parameters?.threshold ?? 1
  const select = { id: true, leftUserId: true, rightUserId: true, similarity: true, longest: true, overlap: true, fragments: true } as const
  const [bySimilarity, byLongest, flagged] = await Promise.all([
    prisma.similarityPair.findMany({
      where: { runId: latestRow.id },
      orderBy: [{ similarity: 'desc' }, { longest: 'desc' }, { id: 'asc' }],
      take: limit,
      select,
    }),
    prisma.similarityPair.findMany({
      where: { runId: latestRow.id },
      orderBy: [{ longest: 'desc' }, { similarity: 'desc' }, { id: 'asc' }],
      take: limit,
      select,
    }),
    prisma.similarityPair.count({ where: { runId: latestRow.id, similarity: { gte: threshold } } }),
  ])
  const who = await people([...bySimilarity, ...byLongest].flatMap((p) => [p.leftUserId, p.rightUserId]))
  const row = (p: (typeof bySimilarity)[number]): PairRow => ({
    id: p.id,
    left: who.get(p.leftUserId) ?? unknownPerson(p.leftUserId),
    right: who.get(p.rightUserId) ?? unknownPerson(p.rightUserId),
    similarity: p.similarity,
    longest: p.longest,
    overlap: p.overlap,
    fragments: Array.isArray(p.fragments) ? p.fragments.length : 0,
    flagged: p.similarity >= threshold,
  })
  const histogram = Array.isArray(latestRow.histogram) ? (latestRow.histogram as number[]) : new Array<number>(HISTOGRAM_BUCKETS).fill(0)
  const { parameters: _p, histogram: _h, ...summary } = latestRow
  return { ...base, latest: { ...summary, parameters, histogram, flagged }, bySimilarity: bySimilarity.map(row), byLongest: byLongest.map(row) }
}

export type PairSide = {
  person: Person
  submissionId: string
  submissionNumber: number | null
  /** the compared text, row by row, with the fragment (index into `fragments`) each row belongs to, if any */
  rows: (ContributionRow & { text: string; fragment: number | null })[]
}
export type PairView = {
  assignment: { slug: string; title: string }
  runId: string
  similarity: number
  longest: number
  flagged: boolean
  parameters: RunParameters | null
  library: string | null
  fragments: SharedFragment[]
  left: PairSide
  right: PairSide
}

function markRows(rows: ContributionRow[], text: string, fragments: SharedFragment[], pick: (f: SharedFragment) => { startRow: number; endRow: number }) {
  const lines = text.split('\n')
  const marks = new Array<number | null>(rows.length).fill(null)
  fragments.forEach((f, i) => {
    const { startRow, endRow } = pick(f)
    for (let r = Math.max(0, startRow); r <= Math.min(rows.length - 1, endRow); r++) if (marks[r] === null && rows[r]!.path !== null) marks[r] = i
  })
  return rows.map((row, i) => ({ ...row, text: lines[i] ?? '', fragment: marks[i]! }))
}

export async function similarityPairView(slug: string, pairId: string): Promise<PairView> {
  const pair = await prisma.similarityPair.findUnique({
    where: { id: pairId },
    include: { run: { select: { id: true, parameters: true, library: true, assignment: { select: { slug: true, title: true } } } } },
  })
  if (!pair || pair.run.assignment.slug !== slug) throw notFound('That pair of submissions')
  const parameters = parseParameters(pair.run.parameters)
  const fragments = sharedFragmentSchema.array().safeParse(pair.fragments).data ?? []
  const subs = await prisma.submission.findMany({
    where: { id: { in: [pair.leftSubmissionId, pair.rightSubmissionId] } },
    select: { id: true, number: true, patch: true },
  })
  const who = await people([pair.leftUserId, pair.rightUserId])
  const sideOf = (submissionId: string, userId: string, pick: (f: SharedFragment) => { startRow: number; endRow: number }): PairSide => {
    const sub = subs.find((s) => s.id === submissionId)
    const contribution = sub ? extractContribution(sub.patch, { kind: parameters?.kind ?? 'code', contextLines: parameters?.contextLines }) : null
    return {
      person: who.get(userId) ?? unknownPerson(userId),
      submissionId,
      submissionNumber: sub?.number ?? null,
      rows: contribution ? markRows(contribution.rows, contribution.text, fragments, pick) : [],
    }
  }
  return {
    assignment: pair.run.assignment,
    runId: pair.run.id,
    similarity: pair.similarity,
    longest: pair.longest,
    flagged: pair.similarity >= (parameters?.threshold ?? 1),
    parameters,
    library: pair.run.library,
    fragments,
    left: sideOf(pair.leftSubmissionId, pair.leftUserId, (f) => f.left),
    right: sideOf(pair.rightSubmissionId, pair.rightUserId, (f) => f.right),
  }
}

/** Every stored pair of the newest finished run, most similar first, for the CSV export. */
export async function similarityCsvRows(slug: string): Promise<CsvCell[][]> {
  const assignment = await prisma.assignment.findUnique({ where: { slug }, select: { id: true } })
  if (!assignment) throw notFound(`The assignment "${slug}"`)
  const run = await prisma.similarityRun.findFirst({
    where: { assignmentId: assignment.id, status: 'DONE' },
    orderBy: { finishedAt: 'desc' },
    select: { id: true, library: true, parameters: true, finishedAt: true },
  })
  const header = [
    'Rank',
    'Student A',
    'Email A',
    'Submission A',
    'Student B',
    'Email B',
    'Submission B',
    'Similarity',
    'Longest fragment',
    'Shared fingerprints',
    'Fragments',
    'Flagged',
    'Run',
    'Finished',
    'Library',
    'Parameters',
  ]
  if (!run) return [header]
  const parameters = parseParameters(run.parameters)
  const pairs = await prisma.similarityPair.findMany({ where: { runId: run.id }, orderBy: [{ similarity: 'desc' }, { longest: 'desc' }, { id: 'asc' }] })
  const who = await people(pairs.flatMap((p) => [p.leftUserId, p.rightUserId]))
  const params = parameters ? JSON.stringify({ ...parameters, template: parameters.template.length }) : ''
  return [
    header,
    ...pairs.map((p, i) => {
      const a = who.get(p.leftUserId) ?? unknownPerson(p.leftUserId)
      const b = who.get(p.rightUserId) ?? unknownPerson(p.rightUserId)
      return [
        i + 1,
        a.name,
        a.email,
        p.leftSubmissionId,
        b.name,
        b.email,
        p.rightSubmissionId,
        p.similarity,
        p.longest,
        p.overlap,
        Array.isArray(p.fragments) ? p.fragments.length : 0,
        p.similarity >= (parameters?.threshold ?? 1) ? 'yes' : 'no',
        run.id,
        run.finishedAt?.toISOString() ?? '',
        run.library ?? '',
        params,
      ]
    }),
  ]
}

/** Per assignment, the newest run and how many pairs it flagged: the index page. */
export async function similarityOverview(): Promise<
  { slug: string; title: string; kind: 'PATCH' | 'ANNOTATION'; dueAt: Date; latest: RunSummary | null; flagged: number | null }[]
> {
  const assignments = await prisma.assignment.findMany({
    where: { published: true },
    orderBy: [{ dueAt: 'asc' }, { slug: 'asc' }],
    select: { id: true, slug: true, title: true, kind: true, dueAt: true },
  })
  const runs = await prisma.similarityRun.findMany({
    distinct: ['assignmentId'],
    orderBy: [{ assignmentId: 'asc' }, { createdAt: 'desc' }],
    select: { ...RUN_SELECT, assignmentId: true, parameters: true },
  })
  const byAssignment = new Map(runs.map((r) => [r.assignmentId, r]))
  const flagged = new Map<string, number>()
  for (const r of runs) {
    if (r.status !== 'DONE') continue
    const threshold = parseParameters(r.parameters)?.threshold ?? 1
    flagged.set(r.id, await prisma.similarityPair.count({ where: { runId: r.id, similarity: { gte: threshold } } }))
  }
  return assignments.map((a) => {
    const run = byAssignment.get(a.id)
    const latest = run
      ? {
          id: run.id,
          trigger: run.trigger,
          status: run.status,
          createdAt: run.createdAt,
          finishedAt: run.finishedAt,
          submissions: run.submissions,
          pairsCompared: run.pairsCompared,
          library: run.library,
          errorMessage: run.errorMessage,
        }
      : null
    return { slug: a.slug, title: a.title, kind: a.kind, dueAt: a.dueAt, latest, flagged: run ? (flagged.get(run.id) ?? null) : null }
  })
}
