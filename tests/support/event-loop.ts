import { monitorEventLoopDelay } from 'node:perf_hooks'

// "Never blocks the event loop": run the work and, at the same time, watch how late the loop gets to its timers
// (perf_hooks' histogram of event-loop delay, sampled every 10 ms). A synchronous stretch of n ms shows up as a delay
// of about n ms, whether the work is a route handler or a domain function, so the test needs no running server.
// REPORT_BLOCKING=1 prints each measurement.

export type Blocking<T> = { result: T; maxDelayMs: number; elapsedMs: number }

export async function measureBlocking<T>(work: () => Promise<T>): Promise<Blocking<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  // let the histogram's timer start before the work does
  await new Promise((resolve) => setTimeout(resolve, 20))
  const started = performance.now()
  let result: T
  try {
    result = await work()
  } finally {
    // one more turn so a block at the very end is sampled too
    await new Promise((resolve) => setTimeout(resolve, 20))
    histogram.disable()
  }
  if (process.env.REPORT_BLOCKING)
    console.log(`event loop: max delay ${(histogram.max / 1e6).toFixed(1)} ms, elapsed ${(performance.now() - started).toFixed(0)} ms`)
  return { result, maxDelayMs: histogram.max / 1e6, elapsedMs: performance.now() - started }
}
