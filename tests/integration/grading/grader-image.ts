// Shared by the grading integration tests: find or build the real grader image (a no-op when up to date), from
// CPYTHON_TARBALL when set, else the python.org download, else Debian's 2.7.18. The tests then expect exactly the
// version the image was built from, so the same suite is consistent here (2.7.8) and on CI (2.7.18).
import { buildGraderImage } from '@/lib/grading/image'

export interface TestImage {
  tag: string
  version: string
  digest: string
}

let image: Promise<TestImage> | undefined

export function testGraderImage(): Promise<TestImage> {
  image ??= buildGraderImage({ tagAliases: false, log: (line) => process.stderr.write(`[grader-image] ${line}\n`) }).then((result) => ({
    tag: result.tag,
    version: result.info.version,
    digest: result.info.digest,
  }))
  return image
}
