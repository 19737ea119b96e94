import fs from 'node:fs'
import path from 'node:path'
import { defineConfig } from 'prisma/config'

// Prisma 7 does not read .env by itself; the start and test scripts load it, and the default below
// matches the local server every machine of this project runs.
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/cpython_course'

// The CLI downloads a native schema engine on first use, which machines without access to Prisma's
// binary host cannot do. When no native engine is installed, point the CLI at the wasm stand-in
// (scripts/prisma/schema-engine-wasm.mjs, see docs/decisions.md); a native engine, when present, wins.
function nativeSchemaEngineInstalled(): boolean {
  const dir = path.join(import.meta.dirname, 'node_modules', '@prisma', 'engines')
  try {
    return fs.readdirSync(dir).some((name) => name.startsWith('schema-engine'))
  } catch {
    return false
  }
}
if (!nativeSchemaEngineInstalled()) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, 'scripts', 'prisma', 'schema-engine-wasm.mjs')
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: databaseUrl },
})
