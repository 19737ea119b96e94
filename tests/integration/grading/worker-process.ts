// Grading workers as real processes (`worker/main.ts`, as `npm run worker` runs it), for the tests that kill,
// restart and race them. One node process each (not the tsx wrapper, whose child would survive a SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process'

import type { TestImage } from './grader-image'

export interface WorkerProcess {
  child: ChildProcess
  output: () => string
  /** Resolves once the worker has cleaned up, reconciled and is taking jobs. */
  ready: Promise<void>
  /** SIGKILL (no clean-up at all) or SIGTERM (graceful), and wait for the exit. */
  stop: (signal?: 'SIGKILL' | 'SIGTERM') => Promise<void>
}

const started: WorkerProcess[] = []

export function startWorker(image: TestImage, env: Record<string, string> = {}): WorkerProcess {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: {
      ...process.env,
      GRADER_IMAGE: image.tag,
      CPYTHON_VERSION: image.version,
      GRADER_CONCURRENCY: '1',
      WORKER_LOCK_MS: '8000',
      WORKER_STALLED_INTERVAL_MS: '3000',
      GRADING_LEASE_MS: '10000',
      RECONCILE_INTERVAL_MS: '2000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let markReady: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  const collect = (d: Buffer) => {
    output += d
    if (/worker \S+ ready/.test(output)) markReady()
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const worker: WorkerProcess = {
    child,
    output: () => output,
    ready: Promise.race([ready, exited.then(() => Promise.reject(new Error(`worker exited before it was ready:\n${output.slice(-3000)}`)))]),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
  worker.ready.catch(() => {})
  started.push(worker)
  return worker
}

export async function stopAllWorkers(): Promise<void> {
  await Promise.all(started.map((w) => w.stop('SIGKILL')))
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, debug?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${debug ? `\n--- worker output ---\n${debug().slice(-4000)}` : ''}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
