// Two deployments on one Docker engine share the default tag `cpython-course/grader:current`: each one's
// `npm run grader:image` moves it to its own build. A worker started without GRADER_IMAGE must therefore grade with
// the image its own checkout's inputs hash to, whatever `current` names when it starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { docker } from '@/lib/grading/docker'
import { ensureGraderImage } from '@/lib/grading/host-image'
import { CURRENT_GRADER_TAG } from '@/lib/grading/image'

import { testGraderImage, type TestImage } from './grader-image'

let image: TestImage
let currentBefore: string | null = null
const otherDeployment = 'cpython-course/default-tag-test:other-deployment'

beforeAll(async () => {
  image = await testGraderImage()
  const inspected = await docker(['image', 'inspect', '--format', '{{.Id}}', CURRENT_GRADER_TAG])
  currentBefore = inspected.exitCode === 0 ? inspected.stdout.text.trim() : null
}, 1_800_000)

afterAll(async () => {
  // put `current` back where it was, so nothing else on this engine notices the test
  if (currentBefore) await docker(['tag', currentBefore, CURRENT_GRADER_TAG])
  else await docker(['image', 'rm', CURRENT_GRADER_TAG])
  await docker(['image', 'rm', otherDeployment])
})

describe('the default grader image tag', () => {
  it("resolves to this checkout's content-hash tag, not to what another deployment retagged `current` to", async () => {
    // another deployment's build: here an empty image, which no worker may grade with
    const imported = await docker(['import', '-', otherDeployment])
    expect(imported.exitCode, imported.stderr.text).toBe(0)
    expect((await docker(['tag', otherDeployment, CURRENT_GRADER_TAG])).exitCode).toBe(0)
    const moved = (await docker(['image', 'inspect', '--format', '{{.Id}}', CURRENT_GRADER_TAG])).stdout.text.trim()
    expect(moved).not.toBe(image.digest)

    const saved = { GRADER_IMAGE_ARCHIVE: process.env.GRADER_IMAGE_ARCHIVE, GRADER_REGISTRY: process.env.GRADER_REGISTRY }
    delete process.env.GRADER_IMAGE_ARCHIVE
    delete process.env.GRADER_REGISTRY
    try {
      const pinned = await ensureGraderImage(CURRENT_GRADER_TAG, () => {})
      expect(pinned).toMatchObject({ ref: image.tag, id: image.digest, source: 'present' })
      expect(pinned.info.version).toBe(image.version)
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value
    }
  }, 600_000)
})
