// Private services for scripts/bench-throughput.ts, each of which the benchmark may stop and restart without
// touching anything anyone else uses: a Redis server with an append-only file, a PostgreSQL cluster under /tmp
// owned by user postgres, and a second Docker engine with its own socket, data root and exec root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { redisPing } from './setup.mjs'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface Restartable {
  url: string
  restart(): Promise<void>
  stop(): Promise<void>
}

/** redis-server on a free port with `appendonly yes` (fsync every write), so a restart keeps the queue. */
export async function startAofRedis(): Promise<Restartable> {
  const port = await freePort()
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-redis-'))
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir],
      { stdio: 'ignore' },
    )
    for (let i = 0; i < 200; i++) {
      if (await redisPing(url, 200)) return
      await sleep(50)
    }
    throw new Error(`private redis-server on port ${port} did not start (is redis-server installed?)`)
  }
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child!.once('exit', r))
    child.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url,
    restart: async () => (await stop(), await start()),
    stop: async () => {
      await stop()
      await fsp.rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A PostgreSQL cluster of the benchmark's own: initdb + pg_ctl from /usr/lib/postgresql/<newest>/bin, data under
 * /tmp owned by postgres, trust auth on 127.0.0.1 and a free port. `url` is its maintenance database.
 */
export async function startPrivatePostgres(): Promise<Restartable> {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : []
  const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => fs.existsSync(`${b}/initdb`))
  if (!bin) throw new Error('no /usr/lib/postgresql/*/bin/initdb: install postgresql')
  const port = await freePort()
  const dir = await fsp.mkdtemp('/tmp/bench-pg-')
  const asPostgres = (cmd: string, args: string[]) => {
    const result = spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/${cmd}`, ...args], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr || result.stdout}`)
  }
  spawnSync('chown', ['postgres:postgres', dir])
  asPostgres('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
  const ctl = (action: string) => asPostgres('pg_ctl', ['-D', `${dir}/data`, '-l', `${dir}/postgres.log`, '-o', options, '-w', '-m', 'fast', action])
  ctl('start')
  let running = true
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => ctl('restart'),
    stop: async () => {
      if (running) ctl('stop')
      running = false
      await fsp.rm(dir, { recursive: true, force: true })
    },
  }
}

export interface PrivateEngine {
  host: string
  dir: string
  restart(): Promise<void>
  stop(): Promise<void>
}

/** A second dockerd (own socket, data and exec roots, no bridge, no iptables); a restart keeps its images. */
export async function startPrivateEngine(timeoutMs = 90_000): Promise<PrivateEngine> {
  if (process.getuid?.() !== 0) throw new Error('a second Docker engine needs root')
  const dir = await fsp.mkdtemp('/tmp/bt-')
  const host = `unix://${dir}/docker.sock`
  const args = ['-H', host, '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`, '--bridge=none', '--iptables=false']
  let child: ChildProcess | undefined
  const answers = () => spawnSync('docker', ['info', '--format', '{{.ID}}'], { env: { ...process.env, DOCKER_HOST: host }, stdio: 'ignore' }).status === 0
  const start = async () => {
    const log = fs.openSync(`${dir}/dockerd.log`, 'a')
    child = spawn('dockerd', args, { stdio: ['ignore', log, log] })
    fs.closeSync(log)
    const deadline = Date.now() + timeoutMs
    while (!answers()) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`second dockerd did not start:\n${(await fsp.readFile(`${dir}/dockerd.log`, 'utf8')).slice(-3000)}`)
      }
      await sleep(500)
    }
  }
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child!.once('exit', r))
    child.kill('SIGTERM')
    const killed = setTimeout(() => child?.kill('SIGKILL'), 30_000)
    await exited
    clearTimeout(killed)
  }
  await start()
  return {
    host,
    dir,
    restart: async () => (await stop(), await start()),
    stop: async () => {
      const env = { ...process.env, DOCKER_HOST: host }
      const left = spawnSync('docker', ['ps', '--all', '--quiet'], { env, encoding: 'utf8' }).stdout?.split('\n').filter(Boolean) ?? []
      if (left.length) spawnSync('docker', ['rm', '--force', ...left], { env, stdio: 'ignore' })
      await stop()
      await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 })
    },
  }
}
