// How many jobs a worker runs at once when GRADER_CONCURRENCY is not set: sized from the grading host's engine (its
// CPUs and memory, as `docker info` reports them), not from the machine the worker process runs on, which may be
// another one (a remote DOCKER_HOST) or a pod that sees the node's CPUs anyway.
//
// Two jobs per CPU: a job is CPU-bound only while it compiles; starting the sandbox, copying the tree in, linking,
// the tests (one Python process) and recording the result leave cores idle, and a second job per core fills them
// (docs/deploy.md "Capacity" has the measurements). Never more than the host's memory holds with every sandbox at
// its memory cap, so over-committing CPUs never over-commits memory.

export interface EngineResources {
  cpus: number
  memoryBytes: number
}

export const JOBS_PER_CPU = 2

export function autoConcurrency(engine: EngineResources, sandboxMemoryMb: number): { concurrency: number; reason: string } {
  const cpus = Number.isSafeInteger(engine.cpus) && engine.cpus > 0 ? engine.cpus : 1
  const byCpu = JOBS_PER_CPU * cpus
  const byMemory = Math.floor(Math.max(0, engine.memoryBytes) / (sandboxMemoryMb * 1024 * 1024))
  const concurrency = Math.max(1, Math.min(byCpu, byMemory))
  const gib = (engine.memoryBytes / 1024 ** 3).toFixed(1)
  const reason =
    byMemory < byCpu
      ? `the engine's ${gib} GiB hold ${byMemory} sandboxes of ${sandboxMemoryMb} MiB (${cpus} CPUs would take ${byCpu})`
      : `${JOBS_PER_CPU} per CPU of the engine's ${cpus}, and its ${gib} GiB hold ${byMemory} sandboxes of ${sandboxMemoryMb} MiB`
  return { concurrency, reason }
}
