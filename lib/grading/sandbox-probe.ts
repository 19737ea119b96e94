// What a sandbox looks like from inside, read by a probe container the worker starts before it takes any job: if
// the engine silently ignored a limit (a kernel without the memory or pids cgroup, a daemon configured otherwise),
// the worker refuses to grade rather than run students' code without it.

/** Runs inside the probe container, as a test uid would; prints one `key=value` per line. */
export const PROBE_SCRIPT = [
  'echo uid=$(id -u)',
  'echo net=$(ls /sys/class/net | tr "\\n" " ")',
  // cgroup v2 first, then v1
  'if [ -r /sys/fs/cgroup/memory.max ]; then echo memory=$(cat /sys/fs/cgroup/memory.max); else echo memory=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null); fi',
  'if [ -r /sys/fs/cgroup/pids.max ]; then echo pids=$(cat /sys/fs/cgroup/pids.max); else echo pids=$(cat /sys/fs/cgroup/pids/pids.max 2>/dev/null); fi',
  'echo capeff=$(grep CapEff /proc/self/status | tr -s "\\t " " " | cut -d" " -f2)',
  'echo nonewprivs=$(grep NoNewPrivs /proc/self/status | tr -s "\\t " " " | cut -d" " -f2)',
  'if touch /probe-root-write 2>/dev/null; then echo rootwrite=yes; else echo rootwrite=no; fi',
].join('\n')

export type ProbeReadings = Record<string, string>

export function parseProbe(output: string): ProbeReadings {
  const readings: ProbeReadings = {}
  for (const line of output.split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) readings[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return readings
}

/** Every limit that did not take effect, as a sentence; empty when the sandbox is as configured. */
export function sandboxProblems(readings: ProbeReadings, expected: { memoryMb: number; pids: number }): string[] {
  const problems: string[] = []
  const uid = Number(readings.uid)
  if (!Number.isInteger(uid) || uid === 0) problems.push(`processes run as uid ${readings.uid ?? '?'}, not as an unprivileged uid`)
  const interfaces = (readings.net ?? '').split(/\s+/).filter(Boolean)
  if (interfaces.length !== 1 || interfaces[0] !== 'lo') problems.push(`the network is not off (interfaces: ${interfaces.join(', ') || 'none found'})`)
  const memory = Number(readings.memory)
  const wantBytes = expected.memoryMb * 1024 * 1024
  // the kernel rounds the limit to whole pages
  if (!Number.isFinite(memory) || memory > wantBytes + 64 * 1024 || memory < wantBytes - 64 * 1024)
    problems.push(`the memory limit did not take effect (the cgroup allows ${readings.memory || 'no limit found'}, ${wantBytes} bytes were set)`)
  if (readings.pids !== String(expected.pids))
    problems.push(`the process limit did not take effect (pids.max is ${readings.pids || 'not found'}, ${expected.pids} was set)`)
  if (!/^0+$/.test(readings.capeff ?? '')) problems.push(`processes keep capabilities (CapEff ${readings.capeff ?? '?'})`)
  if (readings.nonewprivs !== '1') problems.push('no-new-privileges did not take effect')
  if (readings.rootwrite !== 'no') problems.push('the root filesystem is writable')
  return problems
}
