import { pristineTree } from '@/lib/cpython/tree'
import { prisma } from '@/lib/db/prisma'
import { notFound } from '@/lib/http/errors'
import { patchedFiles, type PatchedFile } from '@/lib/patch'

export type SubmissionFiles = { submissionId: string; cpythonVersion: string | null; files: PatchedFile[]; error: string | null }

/**
 * A submission's files before and after its patch, for the staff diff view: the pristine file from the course's
 * CPython tree, and that file with the stored (validated, normalised) patch applied in memory.
 */
export async function submissionFiles(submissionId: string): Promise<SubmissionFiles> {
  const sub = await prisma.submission.findUnique({ where: { id: submissionId }, select: { id: true, patch: true } })
  if (!sub) throw notFound('That submission')
  let tree: Awaited<ReturnType<typeof pristineTree>>
  try {
    tree = await pristineTree({ warn: (m) => console.warn(m) })
  } catch (error) {
    return {
      submissionId: sub.id,
      cpythonVersion: null,
      files: [],
      error: `The pristine CPython tree is not available on this server (${(error as Error).message}); the patch is shown as text instead.`,
    }
  }
  const files = await patchedFiles(sub.patch, async (path) => {
    if (!(await tree.hasFile(path))) return null
    return tree.readFile(path)
  })
  return { submissionId: sub.id, cpythonVersion: tree.version, files, error: null }
}
