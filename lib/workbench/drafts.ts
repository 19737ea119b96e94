import { prisma } from '@/lib/db/prisma'

// Storage of workbench drafts: one row per student, assignment and changed file (DraftFile). A file without a row is
// the pristine file. Every write moves `updatedAt` forward (at least 1 ms), so it identifies a version: a save says
// which version it started from, and learns whether it replaced one it had not seen.

export type DraftVersion = { path: string; updatedAt: string }
export type StoredDraftFile = { path: string; content: string; updatedAt: string }
export type DraftWrite = { updatedAt: string | null; replaced: StoredDraftFile | null }

type Owner = { userId: string; assignmentId: string }

export async function draftVersions(owner: Owner): Promise<DraftVersion[]> {
  const rows = await prisma.draftFile.findMany({ where: owner, select: { path: true, updatedAt: true }, orderBy: { path: 'asc' } })
  return rows.map((r) => ({ path: r.path, updatedAt: r.updatedAt.toISOString() }))
}

export async function draftFiles(owner: Owner): Promise<StoredDraftFile[]> {
  const rows = await prisma.draftFile.findMany({ where: owner, orderBy: { path: 'asc' } })
  return rows.map((r) => ({ path: r.path, content: r.content, updatedAt: r.updatedAt.toISOString() }))
}

export async function draftFile(owner: Owner, path: string): Promise<StoredDraftFile | null> {
  const row = await prisma.draftFile.findUnique({ where: { userId_assignmentId_path: { ...owner, path } } })
  return row ? { path: row.path, content: row.content, updatedAt: row.updatedAt.toISOString() } : null
}

/**
 * Store one file of a draft (`content` null = back to pristine: the row goes). Last write wins; when the stored
 * version is not `base` (someone saved in between, from another tab or device) and differs from what is written,
 * it is returned as `replaced` so the caller can tell the student and offer it back.
 */
export async function writeDraftFile(owner: Owner, path: string, content: string | null, base: string | null, now = new Date()): Promise<DraftWrite> {
  return prisma.$transaction(async (tx) => {
    // one save of a file at a time (a row lock would not cover the first save, when there is no row yet), so two
    // saves cannot both miss each other
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`workbench-draft\n${owner.userId}\n${owner.assignmentId}\n${path}`}, 0))`
    const locked = await tx.$queryRaw<{ content: string; updatedAt: Date }[]>`
      SELECT "content", "updatedAt" FROM "DraftFile"
      WHERE "userId" = ${owner.userId} AND "assignmentId" = ${owner.assignmentId} AND "path" = ${path}`
    const current = locked[0] ?? null
    const currentVersion = current ? current.updatedAt.toISOString() : null
    const replaced = current && currentVersion !== base && current.content !== content ? { path, content: current.content, updatedAt: currentVersion! } : null
    const key = { userId_assignmentId_path: { ...owner, path } }
    if (content === null) {
      if (current) await tx.draftFile.delete({ where: key })
      return { updatedAt: null, replaced }
    }
    const updatedAt = new Date(Math.max(now.getTime(), current ? current.updatedAt.getTime() + 1 : 0))
    await tx.draftFile.upsert({ where: key, create: { ...owner, path, content, updatedAt }, update: { content, updatedAt } })
    return { updatedAt: updatedAt.toISOString(), replaced }
  })
}

/** Replace a whole draft at once (loading a .diff): the files given are the draft, every other file is pristine. */
export async function replaceDraft(owner: Owner, files: readonly { path: string; content: string }[], now = new Date()): Promise<StoredDraftFile[]> {
  return prisma.$transaction(async (tx) => {
    const newest = await tx.draftFile.aggregate({ where: owner, _max: { updatedAt: true } })
    await tx.draftFile.deleteMany({ where: owner })
    // a new version for every file, even one whose old version was written this same millisecond
    const updatedAt = new Date(Math.max(now.getTime(), (newest._max.updatedAt?.getTime() ?? 0) + 1))
    if (files.length) await tx.draftFile.createMany({ data: files.map((f) => ({ ...owner, path: f.path, content: f.content, updatedAt })) })
    return files.map((f) => ({ path: f.path, content: f.content, updatedAt: updatedAt.toISOString() }))
  })
}
