// Time bounds for property tests, as ratios measured on the same machine at the same moment, so that a busy CI
// runner slows both sides alike: "this adversarial input costs at most k times a linear pass over an input of the
// same size", never "this takes under 50 ms".

/** The fastest of `runs` runs of `fn`, in milliseconds (the minimum is the least noisy estimate of the cost). */
export function fastestRun(fn: () => unknown, runs = 5): number {
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    fn()
    best = Math.min(best, performance.now() - started)
  }
  return best
}

/**
 * How many times slower `subject` is than `baseline`. The baseline's time is floored at `floorMs` so that a pass
 * too quick for the timer's resolution does not turn a fine result into a huge ratio.
 */
export function slowdown(
  subject: () => unknown,
  baseline: () => unknown,
  options: { runs?: number; floorMs?: number } = {},
): { ratio: number; subjectMs: number; baselineMs: number } {
  const runs = options.runs ?? 5
  // warm both up first: the first call of a function includes its compilation
  subject()
  baseline()
  const baselineMs = fastestRun(baseline, runs)
  const subjectMs = fastestRun(subject, runs)
  return { ratio: subjectMs / Math.max(baselineMs, options.floorMs ?? 0.5), subjectMs, baselineMs }
}

/** A linear pass over `text` that the engine cannot skip: encode it to UTF-8 and decode it back. */
export function linearPass(text: string): number {
  return Buffer.from(text, 'utf8').toString('utf8').length
}
