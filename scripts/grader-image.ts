// npm run grader:image [-- --force] [-- --save FILE]: find or build the grader image (see lib/grading/image.ts), then
// remove older builds of the same CPython version. --save writes a `docker save` archive of it, which workers on
// other hosts load with GRADER_IMAGE_ARCHIVE (docs/deploy.md).
// Reads CPYTHON_TARBALL / CPYTHON_ALLOW_UNVERIFIED / CPYTHON_VERSION / BASE_IMAGE / GRADER_IMAGE.
import { saveGraderImage } from '@/lib/grading/host-image'
import { buildGraderImage, pruneStaleGraderImages } from '@/lib/grading/image'

async function main() {
  const force = process.argv.includes('--force')
  const result = await buildGraderImage({ force })
  const { info } = result
  const pruned = await pruneStaleGraderImages(result.tag)
  if (pruned.length) console.log(`removed older builds: ${pruned.join(', ')}`)
  const saveAt = process.argv.indexOf('--save')
  if (saveAt !== -1) {
    const file = process.argv[saveAt + 1]
    if (!file) throw new Error('--save needs a file name: npm run grader:image -- --save /path/grader.tar')
    await saveGraderImage(result.tag, file)
    console.log(`saved ${result.tag} to ${file}: set GRADER_IMAGE=${result.tag} and GRADER_IMAGE_ARCHIVE=${file} on the other hosts`)
  }
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
