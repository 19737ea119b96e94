import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { redisPing } from '../../scripts/lib/setup.mjs'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * A Redis server of the test's own (the real redis-server binary on a free port), so a test can stop and restart
 * it without disturbing anything else. Started without persistence: a restart loses everything, the worst case.
 */
export async function startPrivateRedis(): Promise<{ url: string; stop(): Promise<void>; restart(): Promise<void> }> {
  const port = await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-'))
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      if (await redisPing(url, 200)) return
      await new Promise((r) => setTimeout(r, 50))
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
  return { url, stop, restart: async () => (await stop(), await start()) }
}
