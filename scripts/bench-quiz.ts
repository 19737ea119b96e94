// npm run bench:quiz [-- --students 200 --paced-seconds 60 --saturate-seconds 20 --concurrency 32 --instances 1 --json --keep]
//
// The quiz answer path under a class's load, against the production build (`next build` output in .next; run
// `npm run build` first when it is missing or stale) started with `next start` on a database of its own (created
// next to DATABASE_URL's, migrated, dropped afterwards unless --keep) and Redis. Seeded: one lecture with 200
// single-choice questions (attempts high enough that every answer is graded and stored) and N students, each with
// a login session cookie minted with the server's secret (exactly what next-auth sets at sign-in).
//   paced     every student answers a question every ~5 s (jittered) and sends a watch-progress beacon every
//             ~5 s, the player's rhythm: p50/p95/p99 latency of each route
//   saturate  C clients answer back to back for S seconds: answers per second and their latencies
//   --instances N  N `next start` processes on N ports against the one database and Redis, as web replicas
//             behind a load balancer (one public URL, docs/deploy.md): student i talks to instance i mod N, and so
//             does saturation client c. One Node process uses one core; this is how a host's other cores serve.
// The load generator runs on the same machine as the server (2 cores here), so its own CPU is part of the figures.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'

import { encode } from 'next-auth/jwt'
import pg from 'pg'

import { createBenchDatabase } from './lib/bench-database'
import { loadDotEnv, migrate } from './lib/setup.mjs'

type Options = { students: number; pacedSeconds: number; saturateSeconds: number; concurrency: number; instances: number; json: boolean; keep: boolean }

const ROOT = path.resolve(import.meta.dirname, '..')
// enough that saturation never runs out of unanswered (student, question) pairs: a correct answer finishes a question,
// and a student's later answers to it are refused (409) before the insert, which would flatter the figure
const QUESTIONS = 200
const PERIOD_MS = 5000

function parseOptions(argv: string[]): Options {
  const num = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag)
    if (i < 0) return fallback
    const v = Number(argv[i + 1])
    if (!Number.isInteger(v) || v < 1) throw new Error(`${flag} needs a positive whole number`)
    return v
  }
  return {
    students: num('--students', 200),
    pacedSeconds: num('--paced-seconds', 60),
    saturateSeconds: num('--saturate-seconds', 20),
    concurrency: num('--concurrency', 32),
    instances: num('--instances', 1),
    json: argv.includes('--json'),
    keep: argv.includes('--keep'),
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function summary(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b)
  const r = (v: number) => Math.round(v * 10) / 10
  return { count: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), max: r(s[s.length - 1] ?? Number.NaN) }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

async function seed(url: string, students: number): Promise<{ userIds: string[]; questionIds: string[]; slug: string }> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const slug = 'bench-quiz-lecture'
    await c.query(
      `INSERT INTO "Lecture" (id, number, slug, title, "contentHash", "durationHint") VALUES ('bench-lecture', 9001, $1, 'Bench lecture', 'bench', 3600)`,
      [slug],
    )
    const questionIds: string[] = []
    const choices = JSON.stringify(['a', 'b', 'c', 'd'].map((id) => ({ id, text: `Choice **${id}**` })))
    for (let i = 0; i < QUESTIONS; i++) {
      const id = `bench-q-${i}`
      questionIds.push(id)
      await c.query(
        `INSERT INTO "Question" (id, "lectureId", position, "atSeconds", type, prompt, choices, "answerKey", explanation, sources, points, attempts)
         VALUES ($1, 'bench-lecture', $2, $3, 'SINGLE', 'Which one?', $4::jsonb, '"a"'::jsonb, 'Because **a**.', '[]'::jsonb, 1, 100000)`,
        [id, i, i * 15, choices],
      )
    }
    const userIds: string[] = []
    for (let i = 0; i < students; i++) userIds.push(`bench-student-${i}`)
    await c.query(`INSERT INTO "User" (id, email, name, role) SELECT u, u || '@example.edu', u, 'STUDENT' FROM unnest($1::text[]) AS u`, [userIds])
    return { userIds, questionIds, slug }
  } finally {
    await c.end()
  }
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited (code ${server.exitCode})`)
    try {
      const res = await fetch(url, { redirect: 'manual' })
      if (res.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`next start did not answer at ${url} within ${timeoutMs / 1000} s`)
}

// next start closes a connection idle for 5 s: idle sockets are dropped sooner, and a request that still meets a
// closing socket is sent once more on a fresh one
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 4000 })

/** One POST; resolves with the status and the time to the last byte in ms. */
async function post(port: number, pathname: string, cookie: string, origin: string, body: string): Promise<{ status: number; ms: number }> {
  try {
    return await postOnce(port, pathname, cookie, origin, body)
  } catch (e) {
    if ((e as { code?: string }).code !== 'ECONNRESET') throw e
    return postOnce(port, pathname, cookie, origin, body)
  }
}

function postOnce(port: number, pathname: string, cookie: string, origin: string, body: string): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie, origin, 'sec-fetch-site': 'same-origin' },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** CPU seconds used so far by every process in a process group (the server and any child it forks), from /proc. */
function groupCpuSeconds(pgid: number): number {
  const ticks = 100 // USER_HZ on Linux
  let total = 0
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== pgid) continue // field 5 of stat: the process group
      total += (Number(fields[11]) + Number(fields[12])) / ticks // utime + stime
    } catch {
      // the process ended while we read
    }
  }
  return total
}

type Tally = { latencies: number[]; statuses: Record<number, number> }
const tally = (): Tally => ({ latencies: [], statuses: {} })
function record(t: Tally, r: { status: number; ms: number }) {
  t.latencies.push(r.ms)
  t.statuses[r.status] = (t.statuses[r.status] ?? 0) + 1
}

async function main() {
  loadDotEnv()
  const options = parseOptions(process.argv.slice(2))
  const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('No production build in .next: run `npm run build` first.')

  const db = await createBenchDatabase('benchquiz')
  const servers: ChildProcess[] = []
  try {
    await migrate(db.url)
    const { userIds, questionIds, slug } = await seed(db.url, options.students)
    const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()))
    if (new Set(ports).size !== ports.length) throw new Error('two instances were given the same free port: run again')
    // one public URL for every replica, as behind a load balancer: the origin every request carries
    const baseURL = `http://localhost:${ports[0]}`
    const secret = randomBytes(32).toString('base64url')
    // BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server (NODE_OPTIONS refuses --cpu-prof)
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
    for (const p of ports) {
      servers.push(
        spawn(process.execPath, [...nodeArgs, nextBin, 'start', '-p', String(p)], {
          cwd: ROOT,
          detached: true,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            NODE_ENV: 'production',
            NEXT_TELEMETRY_DISABLED: '1',
            APP_ENV: 'local',
            DATABASE_URL: db.url,
            AUTH_SECRET: secret,
            NEXTAUTH_URL: baseURL,
            APP_URL: baseURL,
            QUEUE_PREFIX: `cpython-course-benchquiz-${process.pid}`,
          },
        }),
      )
    }
    await Promise.all(servers.map((server, i) => waitForServer(`http://localhost:${ports[i]}/signin`, server, 60_000)))
    const portFor = (n: number) => ports[n % ports.length]!
    const cookies = await Promise.all(userIds.map(async (uid) => `next-auth.session-token=${await encode({ token: { sub: uid, uid, epoch: 0 }, secret })}`))
    const answerPath = (q: string) => `/api/questions/${q}/answers`
    const progressPath = `/api/lectures/${slug}/progress`
    const answerBody = (n: number) => JSON.stringify({ answer: { choice: 'abcd'[n % 4] } })

    // warm up: every route compiled and every pool connection opened
    for (let i = 0; i < 50 * ports.length; i++) {
      await post(portFor(i), answerPath(questionIds[i % QUESTIONS]!), cookies[i % cookies.length]!, baseURL, answerBody(i))
      await post(portFor(i), progressPath, cookies[i % cookies.length]!, baseURL, JSON.stringify({ position: 1, furthest: 1, duration: 3600 }))
    }

    // paced: each student answers and beacons every ~5 s, spread evenly over the period
    const answers = tally()
    const beacons = tally()
    const pacedEnd = Date.now() + options.pacedSeconds * 1000
    const student = async (i: number) => {
      let n = i
      let position = 0
      await new Promise((r) => setTimeout(r, (i / userIds.length) * PERIOD_MS))
      while (Date.now() < pacedEnd) {
        const tick = Date.now()
        const q = questionIds[n % QUESTIONS]!
        record(answers, await post(portFor(i), answerPath(q), cookies[i]!, baseURL, answerBody(n)))
        position += 5
        await new Promise((r) => setTimeout(r, PERIOD_MS / 2 + (Math.random() - 0.5) * 500))
        record(beacons, await post(portFor(i), progressPath, cookies[i]!, baseURL, JSON.stringify({ position, furthest: position, duration: 3600 })))
        n++
        await new Promise((r) => setTimeout(r, Math.max(0, PERIOD_MS - (Date.now() - tick) + (Math.random() - 0.5) * 500)))
      }
    }
    await Promise.all(userIds.map((_, i) => student(i)))

    // saturation: C clients back to back
    const saturated = tally()
    const serversCpu = () => servers.reduce((sum, server) => sum + groupCpuSeconds(server.pid!), 0)
    const cpuBefore = serversCpu()
    const satStart = performance.now()
    const satEnd = Date.now() + options.saturateSeconds * 1000
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, c) => {
        let n = c
        while (Date.now() < satEnd) {
          // consecutive requests go to different students, and a student's next question comes a whole class later,
          // so two clients never answer the same question for the same student at once
          const i = n % userIds.length
          const q = questionIds[Math.floor(n / userIds.length) % QUESTIONS]!
          record(saturated, await post(portFor(c), answerPath(q), cookies[i]!, baseURL, answerBody(n)))
          n += options.concurrency
        }
      }),
    )
    const satSeconds = (performance.now() - satStart) / 1000
    const serverCpuSeconds = serversCpu() - cpuBefore
    const ok = saturated.statuses[201] ?? 0

    const result = {
      students: options.students,
      instances: options.instances,
      paced: {
        seconds: options.pacedSeconds,
        answers: { ...summary(answers.latencies), statuses: answers.statuses },
        beacons: { ...summary(beacons.latencies), statuses: beacons.statuses },
      },
      saturate: {
        seconds: Math.round(satSeconds * 10) / 10,
        concurrency: options.concurrency,
        answersPerSecond: Math.round(ok / satSeconds),
        // the web server's own CPU per request, whatever else the machine is doing (PostgreSQL's is not included)
        serverCpuMsPerAnswer: Math.round(((serverCpuSeconds * 1000) / Math.max(1, saturated.latencies.length)) * 100) / 100,
        latency: summary(saturated.latencies),
        statuses: saturated.statuses,
      },
    }
    if (options.json) console.log(JSON.stringify(result, null, 2))
    else {
      const line = (label: string, s: ReturnType<typeof summary>) =>
        `  ${label.padEnd(22)} n=${String(s.count).padStart(6)}  p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  max ${s.max} ms`
      console.log(
        `bench:quiz — ${options.students} students, production build, ${options.instances === 1 ? 'one next start' : `${options.instances} next start instances`}`,
      )
      console.log(`paced (${options.pacedSeconds} s, an answer and a beacon per student every ~5 s):`)
      console.log(line('answers', result.paced.answers), JSON.stringify(answers.statuses))
      console.log(line('watch-progress', result.paced.beacons), JSON.stringify(beacons.statuses))
      console.log(`saturate (${options.concurrency} clients, ${result.saturate.seconds} s):`)
      console.log(`  ${result.saturate.answersPerSecond} answers/s stored (goal ≥ 800 on 2 cores)`, JSON.stringify(saturated.statuses))
      console.log(line('answers', result.saturate.latency))
      console.log(
        `  next start CPU per answer (all instances): ${result.saturate.serverCpuMsPerAnswer} ms (load-independent; 2 cores / 800 answers/s leaves 2.5 ms for everything)`,
      )
      console.log(`goal paced p99 < 25 ms: ${result.paced.answers.p99 < 25 ? 'met' : 'not met'}`)
    }
  } finally {
    agent.destroy()
    await Promise.all(
      servers.map(async (server) => {
        if (!server.pid || server.exitCode !== null) return
        const exited = new Promise((r) => server.once('exit', r))
        try {
          process.kill(-server.pid, 'SIGTERM')
        } catch {}
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      }),
    )
    if (options.keep) console.log(`kept the bench database: ${db.url}`)
    else await db.drop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
