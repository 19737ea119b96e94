// A grading host's image and identity. Each worker drives the Docker engine DOCKER_HOST names (the docker CLI reads
// it), so any number of hosts share one queue; at start it makes sure its engine has the grader image, checks the
// image by content hash, and pins it by image ID, so that a tag another deployment retags later never changes what
// this worker grades with.
import { graderImageSources } from '@/lib/config/env'

import { docker, dockerOrThrow, imageExists, InfrastructureError } from './docker'
import { buildGraderImage, CURRENT_GRADER_TAG, GRADER_REPOSITORY, imageInfo, type GraderImageInfo } from './image'

/** `cpython-course/grader:<version>-<hash12>`: the tag that names an image by the content hash of its inputs. */
const CONTENT_TAG = new RegExp(`^${GRADER_REPOSITORY.replace(/[./]/g, (c) => `\\${c}`)}:(\\d+\\.\\d+\\.\\d+)-([0-9a-f]{12})$`)

export type ImageSource = 'present' | 'archive' | 'registry' | 'built'

export interface PinnedImage {
  /** The tag graded with: GRADER_IMAGE, or for the default the content-hash tag of this checkout's inputs. */
  ref: string
  /** The image ID (sha256:…) every sandbox of this worker runs. */
  id: string
  info: GraderImageInfo
  source: ImageSource
}

export type Log = (...parts: unknown[]) => void

/** The content hash a tag promises (its 12 hex digits), or null for a deployment's own tag. */
export function contentHashOfTag(ref: string): string | null {
  return CONTENT_TAG.exec(ref)?.[2] ?? null
}

/**
 * Makes sure this worker's engine has the grader image `ref`: present already, else loaded from GRADER_IMAGE_ARCHIVE
 * (a `docker save` archive), else pulled from GRADER_REGISTRY, else built here (only for a content-hash tag or the
 * default `current`, whose inputs this checkout can reproduce). A content-hash tag must name an image with that
 * inputs hash, wherever it came from. The default tag `current` (no GRADER_IMAGE, no archive or registry) is resolved
 * to this checkout's own content-hash tag. Returns the image pinned by ID.
 */
export async function ensureGraderImage(asked: string, log: Log = console.log): Promise<PinnedImage> {
  const where = engineLabel()
  let source: ImageSource = 'present'
  let ref = asked
  if (asked === CURRENT_GRADER_TAG) {
    const { archive, registry } = graderImageSources()
    if (!archive && !registry) {
      // The default tag is shared by every checkout on this engine: another deployment's `npm run grader:image`
      // moves it. A worker without GRADER_IMAGE therefore grades with the content-hash tag of its own checkout's
      // inputs (built here when missing; a no-op when present), never with whatever `current` names right now.
      const own = await buildGraderImage({ log: (line) => log(line), tagAliases: false })
      ref = own.tag
      source = own.built ? 'built' : 'present'
    }
  }
  if (!(await imageExists(ref))) {
    const { archive, registry } = graderImageSources()
    if (archive) {
      source = 'archive'
      log(`grader image ${ref} is not on ${where}: loading ${archive}`)
      const loaded = await docker(['load', '--input', archive], { timeoutMs: 30 * 60_000 })
      if (loaded.exitCode !== 0 || loaded.timedOut) {
        throw new InfrastructureError(
          `cannot load GRADER_IMAGE_ARCHIVE ${archive} into ${where}: ${loaded.stderr.text.trim() || `exit ${loaded.exitCode}`}. Make it with \`npm run grader:image -- --save ${archive}\` on a machine that has the image.`,
        )
      }
      if (!(await imageExists(ref))) {
        throw new InfrastructureError(
          `GRADER_IMAGE_ARCHIVE ${archive} does not contain ${ref} (it loaded: ${loaded.stdout.text.trim().replace(/\n/g, '; ')}). Save the image under the tag GRADER_IMAGE names, or set GRADER_IMAGE to the tag the archive holds.`,
        )
      }
    } else if (registry) {
      source = 'registry'
      const remote = `${registry}/${ref}`
      log(`grader image ${ref} is not on ${where}: pulling ${remote}`)
      const pulled = await docker(['pull', remote], { timeoutMs: 30 * 60_000 })
      if (pulled.exitCode !== 0 || pulled.timedOut) {
        throw new InfrastructureError(
          `cannot pull ${remote} (GRADER_REGISTRY) into ${where}: ${pulled.stderr.text.trim() || 'timed out'}. Push it there first (docker tag ${ref} ${remote} && docker push ${remote}), or use GRADER_IMAGE_ARCHIVE.`,
        )
      }
      await dockerOrThrow(['tag', remote, ref], {}, `docker tag ${remote} ${ref}`)
    } else if (contentHashOfTag(ref) || ref === CURRENT_GRADER_TAG) {
      source = 'built'
      log(`grader image ${ref} is not on ${where}: building it here (set GRADER_IMAGE_ARCHIVE or GRADER_REGISTRY to skip the build)`)
      const built = await buildGraderImage({ log: (line) => log(line), tagAliases: ref === CURRENT_GRADER_TAG })
      if (built.tag !== ref && ref !== CURRENT_GRADER_TAG) {
        throw new InfrastructureError(
          `GRADER_IMAGE ${ref} is not on ${where}, and this checkout builds ${built.tag} instead (other inputs: Dockerfile, scripts, CPython source or base image). Deploy the same checkout and CPython source everywhere, or ship the image with GRADER_IMAGE_ARCHIVE or GRADER_REGISTRY.`,
        )
      }
    } else {
      throw new InfrastructureError(
        `grader image ${ref} is not on ${where}, and neither GRADER_IMAGE_ARCHIVE nor GRADER_REGISTRY says where to get it. Set one of them, or load it by hand (docker save ${ref} | DOCKER_HOST=… docker load).`,
      )
    }
  }
  const info = await imageInfo(ref).catch(async (error: Error) => {
    if (!/is not a grader image/.test(error.message)) throw error
    const id = (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.text.trim()
    throw new InfrastructureError(
      `${ref} on ${where} is image ${id.slice(0, 19)}, which is not a grader image (no cpython-course labels): the tag was moved to another image. Remove the tag (docker image rm ${ref}) and start the worker again to fetch the right image.`,
    )
  })
  const promised = contentHashOfTag(ref)
  if (promised && !info.inputsHash?.startsWith(promised)) {
    throw new InfrastructureError(
      `${ref} on ${where} is image ${info.digest.slice(0, 19)} with inputs hash ${info.inputsHash?.slice(0, 12) ?? 'none'}, not ${promised} as its tag says: it was retagged or loaded from another build. Remove the tag (docker image rm ${ref}) and start the worker again to fetch the right image.`,
    )
  }
  return { ref, id: info.digest, info, source }
}

export interface EngineIdentity {
  /** `docker info` Name: the engine host's hostname. */
  name: string
  /** `docker info` ID. */
  id: string
  /** Distinguishes two engines on one machine, which share name and (Docker 20.10's trust key) ID. */
  rootDir: string
}

export async function engineIdentity(): Promise<EngineIdentity> {
  const info = await dockerOrThrow(
    ['info', '--format', '{{json .Name}} {{json .ID}} {{json .DockerRootDir}}'],
    { timeoutMs: 30_000 },
    `docker info on ${engineLabel()}`,
  )
  const [name, id, rootDir] = info.stdout.text
    .trim()
    .split(' ')
    .map((part) => JSON.parse(part) as string)
  return { name, id, rootDir }
}

/** What a result records as the host that graded it: engine name, ID and data root, then the worker id. */
export function gradedOnLabel(engine: EngineIdentity, workerId: string): string {
  return `${engine.name} (engine ${engine.id.slice(0, 14)}, ${engine.rootDir}) / worker ${workerId}`
}

/** The engine this process talks to, for messages. */
export function engineLabel(): string {
  return `the Docker engine at ${process.env.DOCKER_HOST || 'the default socket'}`
}

/** `docker save` of the image into an archive workers load with GRADER_IMAGE_ARCHIVE. */
export async function saveGraderImage(ref: string, file: string): Promise<void> {
  await dockerOrThrow(['save', '--output', file, ref], { timeoutMs: 30 * 60_000 }, `docker save ${ref}`)
}
