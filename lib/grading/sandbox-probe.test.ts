import { describe, expect, it } from 'vitest'

import { parseProbe, sandboxProblems } from './sandbox-probe'

const good = 'uid=200001\nnet=lo \nmemory=2147483648\npids=256\ncapeff=0000000000000000\nnonewprivs=1\nrootwrite=no\n'
const expected = { memoryMb: 2048, pids: 256 }

describe('sandboxProblems', () => {
  it('finds nothing wrong in a sandbox set up as configured', () => {
    expect(sandboxProblems(parseProbe(good), expected)).toEqual([])
  })

  it.each([
    ['memory=9223372036854771712', /memory limit did not take effect/],
    ['memory=', /memory limit did not take effect .*no limit found/],
    ['pids=max', /process limit did not take effect \(pids.max is max/],
    ['net=lo eth0', /network is not off \(interfaces: lo, eth0\)/],
    ['uid=0', /uid 0/],
    ['capeff=00000000a80425fb', /keep capabilities/],
    ['nonewprivs=0', /no-new-privileges/],
    ['rootwrite=yes', /root filesystem is writable/],
  ])('names the limit that did not take effect: %s', (line, message) => {
    const key = line.split('=')[0]
    const output = good
      .split('\n')
      .map((l) => (l.startsWith(`${key}=`) ? line : l))
      .join('\n')
    const problems = sandboxProblems(parseProbe(output), expected)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
  })

  it('treats a probe that printed nothing as a sandbox with no limits', () => {
    expect(sandboxProblems(parseProbe(''), expected).length).toBeGreaterThanOrEqual(5)
  })
})
