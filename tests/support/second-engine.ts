// A second Docker engine on this machine, standing in for a second grading host: its own socket, data root and
// exec root (paths kept short: the exec root ends up in socket paths, which have a length limit), no bridge and no
// iptables rules, so it never touches the host's networking. Needs root and dockerd; a test that uses it fails
// with what went wrong when it cannot start, never skips.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'

import { docker } from '@/lib/grading/docker'

export interface SecondEngine {
  /** The DOCKER_HOST a worker on this "host" uses. */
  host: string
  dir: string
  /** The docker CLI against this engine. */
  docker: (args: string[], timeoutMs?: number) => ReturnType<typeof docker>
  stop: () => Promise<void>
}

export async function startSecondEngine(timeoutMs = 90_000): Promise<SecondEngine> {
  if (process.getuid?.() !== 0) throw new Error('the second Docker engine needs root (dockerd runs as root): run the integration tests as root')
  const dir = await fsp.mkdtemp('/tmp/fh-')
  const host = `unix://${dir}/docker.sock`
  const log = fs.openSync(`${dir}/dockerd.log`, 'a')
  let child: ChildProcess
  const args = ['-H', host, '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`, '--bridge=none', '--iptables=false']
  try {
    child = spawn('dockerd', args, { stdio: ['ignore', log, log] })
  } finally {
    fs.closeSync(log)
  }
  let spawnError: Error | undefined
  child.on('error', (e) => (spawnError = e))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const env = { ...process.env, DOCKER_HOST: host }
  const run: SecondEngine['docker'] = (cli, t = 120_000) => docker(cli, { env, timeoutMs: t })

  const stop = async () => {
    if (!spawnError && child.exitCode === null && child.signalCode === null) {
      // its sandboxes first, so that the engine has nothing left to kill and unmount
      const left = await run(['ps', '--all', '--quiet'], 30_000).catch(() => null)
      const ids = left?.stdout.text.split('\n').filter(Boolean) ?? []
      if (ids.length) await run(['rm', '--force', ...ids], 60_000).catch(() => {})
      child.kill('SIGTERM')
      const killed = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(killed)
    }
    await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 })
  }

  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      const output = await fsp.readFile(`${dir}/dockerd.log`, 'utf8').catch(() => '')
      await stop()
      throw new Error(
        `the second Docker engine (dockerd ${args.join(' ')}) did not start: ${spawnError?.message ?? `exit ${child.exitCode}`}\n${output.slice(-3000)}\nInstall docker.io (dockerd) and run the tests as root.`,
      )
    }
    const info = await run(['info', '--format', '{{.ID}}'], 10_000)
    if (info.exitCode === 0) break
    if (Date.now() > deadline) {
      const output = await fsp.readFile(`${dir}/dockerd.log`, 'utf8').catch(() => '')
      await stop()
      throw new Error(`the second Docker engine at ${host} did not answer within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  return { host, dir, docker: run, stop }
}
