// npm run grader:image [-- --force]: find or build the grader image (see lib/grading/image.ts), then remove older
// builds of the same CPython version.
// Reads CPYTHON_TARBALL / CPYTHON_ALLOW_UNVERIFIED / CPYTHON_VERSION / BASE_IMAGE / GRADER_IMAGE.
import { buildGraderImage, pruneStaleGraderImages } from '@/lib/grading/image'

async function main() {
  const force = process.argv.includes('--force')
  const result = await buildGraderImage({ force })
  const { info } = result
  const pruned = await pruneStaleGraderImages(result.tag)
  if (pruned.length) console.log(`removed older builds: ${pruned.join(', ')}`)
  console.log(
    JSON.stringify(
      {
        tag: result.tag,
        built: result.built,
        seconds: Math.round(result.durationMs / 100) / 10,
        version: info.version,
        sha256: info.sha256,
        verified: info.verified,
        digest: info.digest,
        origin: result.source.origin,
      },
      null,
      2,
    ),
  )
}

main().catch((error: unknown) => {
  console.error(`grader:image: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
