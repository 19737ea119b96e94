// Builds, finds and checks the grader image (worker/sandbox/Dockerfile).
//
// The image is identified by a content hash of everything that goes into it: the Dockerfile, the in-image scripts,
// the CPython tarball's sha256/version/verified flag and the base image's ID. Building when an image with that hash
// exists does nothing. The hash and the CPython baseline are stored as labels, so a worker can check what it grades
// with from the image alone.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { readEnv } from '@/lib/config/env'
import { baselineMismatchAllowed, baselineMismatchAllowedNote, baselineMismatchMessage, courseCpythonVersion } from '@/lib/cpython/baseline'
import { extractTree, resolveCpythonSource, type CpythonSource, type Environment } from '@/lib/cpython/source'

import { docker, dockerOrThrow, imageExists, InfrastructureError, looksLikeDaemonFailure } from './docker'

export const DEFAULT_BASE_IMAGE = 'debian:bookworm-slim'
export const DEBOOTSTRAP_BASE_IMAGE = 'cpython-course/debian-base:bookworm'
export const GRADER_REPOSITORY = 'cpython-course/grader'
export const CURRENT_GRADER_TAG = `${GRADER_REPOSITORY}:current`

export const LABELS = {
  version: 'cpython-course.cpython-version',
  sha256: 'cpython-course.cpython-sha256',
  verified: 'cpython-course.cpython-verified',
  origin: 'cpython-course.cpython-origin',
  inputsHash: 'cpython-course.inputs-hash',
} as const

const SANDBOX_DIR = path.resolve(import.meta.dirname, '../../worker/sandbox')

export interface GraderImageInfo {
  /** The reference asked about (tag or ID). */
  image: string
  /** Image ID (sha256:…): what a result records as the image digest; no registry, so no repo digest. */
  digest: string
  version: string
  sha256: string
  verified: boolean
  inputsHash: string | null
}

/** The image the worker grades with: GRADER_IMAGE, else whatever `npm run grader:image` last tagged current. */
export function graderImageRef(env: Environment = process.env): string {
  return readEnv(env).GRADER_IMAGE || CURRENT_GRADER_TAG
}

export async function imageInfo(image: string): Promise<GraderImageInfo> {
  const result = await docker(['image', 'inspect', '--format', '{{json .}}', image])
  if (result.exitCode !== 0) {
    if (looksLikeDaemonFailure(result.stderr.text)) throw new InfrastructureError(`Docker is not reachable: ${result.stderr.text.trim()}`)
    throw new InfrastructureError(`grader image ${image} not found (build it with \`npm run grader:image\`)`)
  }
  const inspected = JSON.parse(result.stdout.text) as { Id: string; Config?: { Labels?: Record<string, string> | null } }
  const labels = inspected.Config?.Labels ?? {}
  if (!labels[LABELS.version] || !labels[LABELS.sha256]) {
    throw new InfrastructureError(`${image} is not a grader image (no ${LABELS.version} label)`)
  }
  return {
    image,
    digest: inspected.Id,
    version: labels[LABELS.version],
    sha256: labels[LABELS.sha256],
    verified: labels[LABELS.verified] === 'true',
    inputsHash: labels[LABELS.inputsHash] ?? null,
  }
}

/** Grading with an image whose CPython differs from the course's pinned one is a configuration error, not retried. */
export class BaselineMismatchError extends Error {
  override name = 'BaselineMismatchError'
}

export interface BaselineOptions {
  env?: Environment
  /** Overrides CPYTHON_VERSION, e.g. a test that grades with whatever image it just built. */
  expectedVersion?: string
}

/**
 * Refuses an image built from another CPython than the course's (CPYTHON_VERSION, default 2.7.8), unless
 * GRADER_ALLOW_BASELINE_MISMATCH=1. CI, which only has Debian's 2.7.18, sets CPYTHON_VERSION=2.7.18: then the
 * source resolver, the image and this check all agree, and nothing needs to be overridden.
 */
export function assertImageBaseline(info: GraderImageInfo, options: BaselineOptions = {}): void {
  const env = options.env ?? process.env
  const expected = options.expectedVersion ?? courseCpythonVersion(env)
  if (info.version === expected) return
  if (baselineMismatchAllowed(env)) {
    console.warn(baselineMismatchAllowedNote(info.image, info.version, expected))
    return
  }
  throw new BaselineMismatchError(baselineMismatchMessage(info.image, info.version, expected))
}

// ---------------------------------------------------------------------------------------------------------------
// Base image

export interface ImageBuildOptions {
  env?: Environment
  log?: (line: string) => void
  /** Use this source instead of resolving one from the environment. */
  source?: CpythonSource
  /** Rebuild even when an image with the same inputs exists. */
  force?: boolean
  /**
   * Also tag the image `current` (and GRADER_IMAGE): what the worker grades with. Default true; tests pass false so
   * that building a test image never changes what a developer's worker uses.
   */
  tagAliases?: boolean
}

/**
 * BASE_IMAGE (default debian:bookworm-slim) if it is present or can be pulled; otherwise, for the default only,
 * a bookworm minbase made with debootstrap and `docker import`, kept as cpython-course/debian-base:bookworm.
 */
export async function ensureBaseImage(options: ImageBuildOptions = {}): Promise<string> {
  const env = options.env ?? process.env
  const log = options.log ?? console.log
  const requested = readEnv(env).BASE_IMAGE || DEFAULT_BASE_IMAGE
  if (await imageExists(requested)) return requested
  const pull = await docker(['pull', requested], { timeoutMs: readEnv(env).BASE_IMAGE_PULL_TIMEOUT_MS })
  if (pull.exitCode === 0 && !pull.timedOut) return requested
  if (requested !== DEFAULT_BASE_IMAGE) {
    throw new InfrastructureError(`BASE_IMAGE ${requested} is not present and cannot be pulled: ${pull.stderr.text.trim()}`)
  }
  log(`base image: ${requested} cannot be pulled (no registry?); using ${DEBOOTSTRAP_BASE_IMAGE} made with debootstrap`)
  if (await imageExists(DEBOOTSTRAP_BASE_IMAGE)) return DEBOOTSTRAP_BASE_IMAGE
  await debootstrapBaseImage(env, log)
  return DEBOOTSTRAP_BASE_IMAGE
}

async function debootstrapBaseImage(env: Environment, log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new InfrastructureError('debootstrap needs root: run `npm run grader:image` as root once, or set BASE_IMAGE to a local image')
  }
  const mirror = readEnv(env).DEBIAN_MIRROR
  const workDir = await fs.mkdtemp(path.join(dataDir(), 'debootstrap-'))
  const rootfs = path.join(workDir, 'rootfs')
  const started = performance.now()
  try {
    log(`base image: debootstrap --variant=minbase bookworm from ${mirror} (about half a minute)`)
    const bootstrap = await runProcess('debootstrap', ['--variant=minbase', 'bookworm', rootfs, mirror])
    if (bootstrap.code !== 0) throw new InfrastructureError(`debootstrap failed:\n${bootstrap.output.slice(-4000)}`)
    // Package caches are not part of an image; the Dockerfile runs apt-get update itself.
    await fs.rm(path.join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true })
    await fs.mkdir(path.join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true })
    for (const entry of await fs.readdir(path.join(rootfs, 'var/lib/apt/lists')).catch(() => [] as string[])) {
      if (entry !== 'partial' && entry !== 'lock') await fs.rm(path.join(rootfs, 'var/lib/apt/lists', entry), { force: true })
    }
    await importRootfs(rootfs, DEBOOTSTRAP_BASE_IMAGE)
    log(`base image: ${DEBOOTSTRAP_BASE_IMAGE} imported in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  } finally {
    await fs.rm(workDir, { recursive: true, force: true })
  }
}

/** `tar -c rootfs | docker import - tag`, the two processes piped directly; both must succeed. */
async function importRootfs(rootfs: string, tag: string): Promise<void> {
  let errors = ''
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const importer = spawn(
    'docker',
    ['import', '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--change', 'CMD ["bash"]', '-', tag],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  tar.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  importer.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  tar.stdout.pipe(importer.stdin)
  const exitOf = (child: ReturnType<typeof spawn>) =>
    new Promise<number>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code) => resolve(code ?? -1))
    })
  const [tarCode, importCode] = await Promise.all([exitOf(tar), exitOf(importer)])
  if (tarCode !== 0 || importCode !== 0) {
    // An empty stream imports "successfully" as an empty image: never leave that behind under the cached tag.
    await docker(['image', 'rm', '-f', tag])
    throw new InfrastructureError(`importing ${rootfs} failed (tar exit ${tarCode}, docker import exit ${importCode}): ${errors.trim()}`)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Grader image

export interface GraderImagePlan {
  source: CpythonSource
  baseImage: string
  baseImageId: string
  inputsHash: string
  tag: string
}

export interface GraderImageResult {
  tag: string
  info: GraderImageInfo
  built: boolean
  durationMs: number
  source: CpythonSource
}

/** The hash over everything that ends up in the image; the tag carries its first 12 hex digits. */
export async function graderInputsHash(source: CpythonSource, baseImageId: string): Promise<string> {
  const hash = createHash('sha256')
  const feed = (name: string, content: string | Buffer) => {
    hash.update(`${name}\0${Buffer.byteLength(content)}\0`)
    hash.update(content)
  }
  feed('Dockerfile', await fs.readFile(path.join(SANDBOX_DIR, 'Dockerfile')))
  for (const script of (await fs.readdir(path.join(SANDBOX_DIR, 'bin'))).sort()) {
    const file = path.join(SANDBOX_DIR, 'bin', script)
    const stat = await fs.stat(file)
    feed(`bin/${script}:${(stat.mode & 0o111) !== 0 ? 'x' : '-'}`, await fs.readFile(file))
  }
  feed('cpython', `${source.version}\n${source.sha256}\n${source.verified}`)
  feed('base', baseImageId)
  return hash.digest('hex')
}

export async function planGraderImage(options: ImageBuildOptions = {}): Promise<GraderImagePlan> {
  const env = options.env ?? process.env
  const source = options.source ?? (await resolveCpythonSource({ env, warn: options.log }))
  const baseImage = await ensureBaseImage(options)
  const baseImageId = (await dockerOrThrow(['image', 'inspect', '--format', '{{.Id}}', baseImage])).stdout.text.trim()
  const inputsHash = await graderInputsHash(source, baseImageId)
  return { source, baseImage, baseImageId, inputsHash, tag: `${GRADER_REPOSITORY}:${source.version}-${inputsHash.slice(0, 12)}` }
}

/**
 * Finds or builds the grader image for the configured CPython source and tags it `<version>-<hash12>`, `current`
 * and GRADER_IMAGE (if set). A no-op ("up to date") when an image with the same inputs hash exists.
 */
export async function buildGraderImage(options: ImageBuildOptions = {}): Promise<GraderImageResult> {
  const env = options.env ?? process.env
  const log = options.log ?? console.log
  const started = performance.now()
  const plan = await planGraderImage(options)
  const aliases = options.tagAliases === false ? [] : [CURRENT_GRADER_TAG, readEnv(env).GRADER_IMAGE]
  const extraTags = aliases.filter((tag): tag is string => !!tag && tag !== plan.tag)

  if (!options.force && (await isBuilt(plan))) {
    for (const tag of extraTags) await dockerOrThrow(['tag', plan.tag, tag])
    const info = await imageInfo(plan.tag)
    log(`grader image up to date: ${plan.tag} (${info.digest.slice(0, 19)}, CPython ${info.version}${info.verified ? '' : ', unverified'})`)
    return { tag: plan.tag, info, built: false, durationMs: performance.now() - started, source: plan.source }
  }

  await withBuildLock(async () => {
    if (!options.force && (await isBuilt(plan))) return
    log(`grader image: building ${plan.tag} from ${plan.baseImage}, CPython ${plan.source.version} (${plan.source.origin}); takes a few minutes`)
    const context = await prepareBuildContext(plan.source, env)
    try {
      const labels = [
        `${LABELS.version}=${plan.source.version}`,
        `${LABELS.sha256}=${plan.source.sha256}`,
        `${LABELS.verified}=${plan.source.verified}`,
        `${LABELS.origin}=${plan.source.origin}`,
        `${LABELS.inputsHash}=${plan.inputsHash}`,
      ].flatMap((label) => ['--label', label])
      const build = await docker(['build', '--network', 'host', '--build-arg', `BASE_IMAGE=${plan.baseImage}`, ...labels, '-t', plan.tag, context], {
        // The legacy builder needs no buildx plugin and works against old daemons.
        env: { ...process.env, DOCKER_BUILDKIT: '0' },
        maxOutputBytes: 256 * 1024,
        onStdout: (chunk) => log(chunk.toString('utf8').trimEnd()),
        onStderr: (chunk) => log(chunk.toString('utf8').trimEnd()),
      })
      if (build.exitCode !== 0) throw new InfrastructureError(`docker build of ${plan.tag} failed (exit ${build.exitCode})`)
    } finally {
      await fs.rm(context, { recursive: true, force: true })
    }
  })
  for (const tag of extraTags) await dockerOrThrow(['tag', plan.tag, tag])
  const info = await imageInfo(plan.tag)
  const durationMs = performance.now() - started
  log(`grader image built: ${plan.tag} (${info.digest.slice(0, 19)}) in ${(durationMs / 1000).toFixed(0)} s`)
  return { tag: plan.tag, info, built: true, durationMs, source: plan.source }
}

/**
 * Removes older builds of the same CPython version (tags `<version>-<other hash>`), which a rebuild leaves behind
 * at ≈400 MB each. Without --force: Docker keeps an image a container still uses. Returns the removed tags.
 */
export async function pruneStaleGraderImages(keepTag: string): Promise<string[]> {
  const version = keepTag.slice(`${GRADER_REPOSITORY}:`.length).replace(/-[0-9a-f]{12}$/, '')
  const listed = await dockerOrThrow(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', GRADER_REPOSITORY])
  const stale = listed.stdout.text
    .split('\n')
    .map((line) => line.trim())
    .filter((tag) => tag !== keepTag && new RegExp(`^${GRADER_REPOSITORY}:${version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`).test(tag))
  const removed: string[] = []
  for (const tag of stale) {
    if ((await docker(['image', 'rm', tag])).exitCode === 0) removed.push(tag)
  }
  return removed
}

async function isBuilt(plan: GraderImagePlan): Promise<boolean> {
  if (!(await imageExists(plan.tag))) return false
  return (await imageInfo(plan.tag)).inputsHash === plan.inputsHash
}

/** Context = Dockerfile + bin/ + cpython/ (the unpacked pristine tree, hard-linked from the cache when possible). */
async function prepareBuildContext(source: CpythonSource, env: Environment): Promise<string> {
  const tree = await extractTree(source, env)
  const context = await fs.mkdtemp(path.join(dataDir(), 'grader-context-'))
  await fs.copyFile(path.join(SANDBOX_DIR, 'Dockerfile'), path.join(context, 'Dockerfile'))
  await fs.cp(path.join(SANDBOX_DIR, 'bin'), path.join(context, 'bin'), { recursive: true, preserveTimestamps: true })
  const linked = await runProcess('cp', ['-al', tree.root, path.join(context, 'cpython')])
  if (linked.code !== 0) {
    const copied = await runProcess('cp', ['-a', tree.root, path.join(context, 'cpython')])
    if (copied.code !== 0) throw new InfrastructureError(`cannot copy ${tree.root} into the build context: ${copied.output}`)
  }
  return context
}

/** One image build at a time per machine (two test runs starting together would otherwise build twice). */
async function withBuildLock<T>(body: () => Promise<T>): Promise<T> {
  const lockDir = path.join(dataDir(), 'grader-image.lock')
  await fs.mkdir(dataDir(), { recursive: true })
  const deadline = Date.now() + 30 * 60_000
  for (;;) {
    try {
      await fs.mkdir(lockDir)
      await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(await fs.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'))
      if (holder && !isAlive(holder)) {
        await fs.rm(lockDir, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new InfrastructureError(`timed out waiting for ${lockDir} (held by pid ${holder})`)
      await new Promise((resolve) => setTimeout(resolve, 2000))
    }
  }
  try {
    return await body()
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function dataDir(): string {
  return path.resolve(readEnv().GRADER_WORK_DIR || path.join(process.cwd(), '.data'))
}

function runProcess(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-64 * 1024)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
  })
}
