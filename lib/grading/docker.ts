// The only way this code talks to Docker: the `docker` CLI spawned with an argv array (never a shell string), so
// nothing a student wrote can become part of a command line. Output is streamed and capped in memory here.
import { spawn } from 'node:child_process'

/** Docker is down, an image is missing, a container could not be created: not the student's fault; retry later. */
export class InfrastructureError extends Error {
  override name = 'InfrastructureError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

export interface CapturedStream {
  text: string
  bytes: number
  truncated: boolean
}

export interface DockerRunOptions {
  stdin?: string | Buffer
  /** Kill the CLI process after this long; the caller decides what that means for the container. */
  timeoutMs?: number
  /** Bytes kept per stream; the rest is counted and dropped. */
  maxOutputBytes?: number
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
  /** Called once when a stream passes maxOutputBytes, e.g. to stop a flood early. */
  onOutputLimit?: (stream: 'stdout' | 'stderr') => void
  env?: NodeJS.ProcessEnv
}

export interface DockerRunResult {
  exitCode: number
  signal: NodeJS.Signals | null
  stdout: CapturedStream
  stderr: CapturedStream
  durationMs: number
  timedOut: boolean
}

const DEFAULT_CAPTURE_BYTES = 4 * 1024 * 1024

class StreamCapture {
  private chunks: Buffer[] = []
  private kept = 0
  bytes = 0
  truncated = false
  constructor(private readonly limit: number) {}

  /** Returns true the first time the limit is crossed. */
  push(chunk: Buffer): boolean {
    this.bytes += chunk.length
    const room = this.limit - this.kept
    if (room > 0) {
      const slice = chunk.length <= room ? chunk : chunk.subarray(0, room)
      this.chunks.push(slice)
      this.kept += slice.length
    }
    if (this.bytes > this.limit && !this.truncated) {
      this.truncated = true
      return true
    }
    return false
  }

  result(): CapturedStream {
    return { text: Buffer.concat(this.chunks).toString('utf8'), bytes: this.bytes, truncated: this.truncated }
  }
}

export function docker(args: string[], options: DockerRunOptions = {}): Promise<DockerRunResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, {
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    })
    const limit = options.maxOutputBytes ?? DEFAULT_CAPTURE_BYTES
    const stdout = new StreamCapture(limit)
    const stderr = new StreamCapture(limit)
    let timedOut = false
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            child.kill('SIGKILL')
          }, options.timeoutMs)

    child.stdout!.on('data', (chunk: Buffer) => {
      if (stdout.push(chunk)) options.onOutputLimit?.('stdout')
      options.onStdout?.(chunk)
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.push(chunk)) options.onOutputLimit?.('stderr')
      options.onStderr?.(chunk)
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(
        error.code === 'ENOENT'
          ? new InfrastructureError('the docker CLI is not installed (spawn docker: ENOENT)', { cause: error })
          : new InfrastructureError(`cannot run docker: ${error.message}`, { cause: error }),
      )
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        exitCode: code ?? -1,
        signal,
        stdout: stdout.result(),
        stderr: stderr.result(),
        durationMs: performance.now() - started,
        timedOut,
      })
    })
    if (options.stdin !== undefined) {
      // The process may exit before reading everything (e.g. patch refusing early): that is not our error.
      child.stdin!.on('error', () => {})
      child.stdin!.end(options.stdin)
    }
  })
}

/** Messages the Docker CLI prints when the daemon, not the command, is the problem. */
export function looksLikeDaemonFailure(stderr: string): boolean {
  return /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running|permission denied while trying to connect/i.test(stderr)
}

/** Runs a docker command that must succeed; any failure is an infrastructure problem. */
export async function dockerOrThrow(args: string[], options: DockerRunOptions = {}, what = `docker ${args[0]}`) {
  const result = await docker(args, options)
  if (result.exitCode !== 0 || result.timedOut) {
    const reason = result.timedOut ? `timed out after ${options.timeoutMs} ms` : result.stderr.text.trim() || `exit ${result.exitCode}`
    throw new InfrastructureError(`${what} failed: ${reason}`)
  }
  return result
}

export async function imageExists(image: string): Promise<boolean> {
  const result = await docker(['image', 'inspect', '--format', '{{.Id}}', image])
  if (result.exitCode === 0) return true
  if (looksLikeDaemonFailure(result.stderr.text)) throw new InfrastructureError(`Docker is not reachable: ${result.stderr.text.trim()}`)
  return false
}
