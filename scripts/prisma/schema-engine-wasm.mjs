#!/usr/bin/env node
// Drop-in replacement for Prisma's native `schema-engine` binary, for machines that cannot
// download it. Point the Prisma 7 CLI at it with
//   PRISMA_SCHEMA_ENGINE_BINARY=./scripts/prisma/schema-engine-wasm.mjs (prisma.config.ts sets it when no native engine is installed)
// It speaks the same stdio JSON-RPC the CLI uses (prisma packages/migrate/src/SchemaEngineCLI.ts)
// and the one-shot `cli can-connect-to-database|create-database|drop-database` commands
// (packages/internals/src/schemaEngineCommands.ts), executing everything with the official
// @prisma/schema-engine-wasm build over @prisma/adapter-pg. PostgreSQL only.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'

import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg'
import pg from 'pg'

const require = createRequire(import.meta.url)
const { parse: parsePgUrl } = require('pg-connection-string') // dependency of `pg`

// ---- args: [--datamodels P]... [--datasource JSON] [--enabled-preview-features X] [--extension-types J] [cli CMD]
const argv = process.argv.slice(2)
const datamodelPaths = []
let datasource = {}
let cliCommand = null
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (a === '--datamodels') datamodelPaths.push(argv[++i])
  else if (a === '--datasource') datasource = JSON.parse(argv[++i])
  else if (a === '--enabled-preview-features' || a === '--extension-types') i++
  else if (a === 'cli') cliCommand = argv[++i]
}

const log = (level, fields) =>
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' })}\n`)

function loadWasm() {
  const wasmPath =
    process.env.SCHEMA_ENGINE_WASM ?? path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm')
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
    './schema_engine_bg.js': runtime,
  })
  runtime.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start()
}

if (argv.includes('--version') || argv.includes('-V')) {
  loadWasm()
  console.log(`schema-engine-wasm ${runtime.version()}`)
  process.exit(0)
}

// ---- adapter-pg fixes needed by the schema engine (adapter-pg 7.10.1):
// 1. catalog queries return Postgres' internal "char" type (OID 18), which adapter-pg rejects: report it as text.
class CharAsTextClient extends pg.Client {
  query(config, values, callback) {
    if (config?.rowMode !== 'array' || typeof config.submit === 'function') return super.query(config, values, callback)
    const fix = (r) => {
      for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25
      return r
    }
    if (typeof values === 'function') return super.query(config, (e, r) => values(e, e ? r : fix(r)))
    if (typeof callback === 'function') return super.query(config, values, (e, r) => callback(e, e ? r : fix(r)))
    return super.query(config, values).then(fix)
  }
}
const pgConfig = (url) => ({ ...parsePgUrl(url), Client: CharAsTextClient })
// 2. connectToShadowDb() drops the temp DB before closing its pool, and ignores `database` with a connectionString.
class PgMigrationFactory extends PrismaPg {
  async connectToShadowDb() {
    if (datasource.shadowDatabaseUrl) {
      // like the native engine, start from an empty shadow database
      const shadow = await new PrismaPg(pgConfig(datasource.shadowDatabaseUrl)).connect()
      await shadow.executeScript('DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";')
      return shadow
    }
    const admin = await this.connect()
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`
    await admin.executeScript(`CREATE DATABASE "${database}"`)
    const shadow = await new PrismaPg({ ...this.config, database }).connect()
    const closeShadow = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await closeShadow()
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`)
      await admin.dispose()
    }
    return shadow
  }
}

// ---- one-shot commands used by ensureDatabaseExists() / migrate reset
async function runCli(cmd) {
  log('INFO', { message: 'Starting schema-engine-wasm shim CLI' }) // the CLI skips the first stderr line
  const cfg = parsePgUrl(datasource.url)
  const withDb = async (database, fn) => {
    const client = new pg.Client({ ...cfg, database })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  try {
    if (cmd === 'can-connect-to-database') await withDb(cfg.database, () => {})
    else if (cmd === 'create-database') await withDb('postgres', (c) => c.query(`CREATE DATABASE "${cfg.database}"`))
    else if (cmd === 'drop-database') {
      await withDb('postgres', (c) => c.query(`DROP DATABASE "${cfg.database}"`))
      log('INFO', { message: 'The database was successfully dropped.' })
    } else throw new Error(`unsupported cli command ${cmd}`)
    process.exit(0)
  } catch (e) {
    const where = `${cfg.host}:${cfg.port ?? 5432}`
    const [error_code, message] =
      e.code === '3D000'
        ? ['P1003', `Database \`${cfg.database}\` does not exist on the database server at \`${where}\`.`]
        : e.code === '28P01' || e.code === '28000'
          ? ['P1000', `Authentication failed against database server at \`${where}\`.`]
          : e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND'
            ? ['P1001', `Can't reach database server at \`${where}\``]
            : ['', e.message]
    log('ERROR', { is_panic: false, error_code, message })
    process.exit(1)
  }
}
if (cliCommand) await runCli(cliCommand)

// ---- JSON-RPC server on stdin/stdout
loadWasm()
if (!datasource.url) throw new Error('--datasource with a url is required')
const adapter = bindMigrationAwareSqlAdapterFactory(new PgMigrationFactory(pgConfig(datasource.url)))
const datamodels = datamodelPaths.map((p) => [p, fs.readFileSync(p, 'utf8')])
const engineLog = (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`)
const engine = await runtime.SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, engineLog, adapter)

const send = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`)
let printId = 1_000_000_000
async function call(method, params) {
  switch (method) {
    case 'getDatabaseVersion':
      return engine.version(params ?? null)
    case 'diff': {
      const { stdout, ...rest } = await engine.diff(params)
      // the native engine sends its output to the CLI through a `print` request
      if (stdout) send({ jsonrpc: '2.0', id: printId++, method: 'print', params: { content: stdout.replace(/\n$/, '') } })
      return rest
    }
    case 'evaluateDataLoss':
    case 'createMigration':
      // The wasm engine gives these two no shadow-DB factory; they only work when the schema of the
      // migrations history is already cached. diagnoseMigrationHistory (which has the factory) fills that cache.
      await engine.diagnoseMigrationHistory({ migrationsList: params.migrationsList, optInToShadowDatabase: true, filters: params.filters })
      return engine[method](params)
    case 'createDatabase':
    case 'getDatabaseDescription':
      throw new Error(`${method} is not supported by schema-engine-wasm`)
    default:
      if (typeof engine[method] !== 'function') throw new Error(`Unknown method ${method}`)
      return engine[method](params)
  }
}

let queue = Promise.resolve()
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  if (!line.trim()) return
  const req = JSON.parse(line)
  if (req.method === undefined) return // CLI's acknowledgement of a `print` request
  queue = queue.then(async () => {
    try {
      const result = await call(req.method, req.params)
      send({ jsonrpc: '2.0', id: req.id, result: result ?? null })
    } catch (e) {
      const isPanic = e instanceof WebAssembly.RuntimeError
      send({
        jsonrpc: '2.0',
        id: req.id,
        error: {
          code: 4466,
          message: 'An error happened. Check the data field for details.',
          data: { is_panic: isPanic, message: e?.message ?? String(e), error_code: e?.code, meta: e?.meta },
        },
      })
    }
  })
})
rl.on('close', async () => {
  await queue
  try {
    engine.free()
  } catch {}
  process.exit(0)
})
