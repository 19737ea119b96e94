import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { loadCourseContent } from '@/lib/content/sync'
import { loadAssignment } from '@/lib/content/assignment-manifest'

import { MAX_PATCH_BYTES, patchPolicyFor } from './patch-policy'

const pristineHas = () => true
const comparable = (policy: ReturnType<typeof patchPolicyFor>) => ({ ...policy, pristineHas: undefined })

describe('patchPolicyFor', () => {
  it('gives intake (the synced row) and the engine (the folder) the same policy for every assignment of the course', async () => {
    const content = await loadCourseContent(process.cwd())
    expect(content.assignments.length).toBeGreaterThan(5)
    for (const synced of content.assignments) {
      const folder = await loadAssignment(path.resolve('homework', synced.slug))
      const atIntake = patchPolicyFor(synced, pristineHas)
      const atGrading = patchPolicyFor({ allowedPaths: folder.allowedPaths, allowCreate: folder.manifest.allowCreate }, pristineHas)
      expect(comparable(atGrading), synced.slug).toEqual(comparable(atIntake))
      expect(atIntake.maxBytes).toBe(MAX_PATCH_BYTES)
    }
  })

  it('lets the workbench refuse new files whatever the assignment allows', () => {
    const policy = patchPolicyFor({ allowedPaths: ['Python/*.c'], allowCreate: ['Lib/new_*.py'] }, pristineHas, { canCreateFiles: false })
    expect(policy.allowCreate).toEqual([])
    expect(patchPolicyFor({ allowedPaths: ['Python/*.c'], allowCreate: ['Lib/new_*.py'] }, pristineHas).allowCreate).toEqual(['Lib/new_*.py'])
  })
})
