#!/usr/bin/env node
// Embedded PostgreSQL for machines without a PostgreSQL server: PGlite (Postgres compiled to wasm) served over
// the Postgres wire protocol, data kept under .data/pglite. `npm start` uses it only when DATABASE_URL is unset
// and nothing answers on the default local server.
import fs from 'node:fs'
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const dataDir = path.resolve(process.env.PGLITE_DATA_DIR ?? '.data/pglite')
const port = Number(process.env.PGLITE_PORT ?? 54329)
fs.mkdirSync(dataDir, { recursive: true })

const db = await PGlite.create({ dataDir })
// PGlite is single-connection; the server multiplexes client connections over it.
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 20 })
await server.start()
console.log(`embedded PostgreSQL (PGlite) listening on 127.0.0.1:${port}, data in ${dataDir}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await server.stop()
  await db.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
