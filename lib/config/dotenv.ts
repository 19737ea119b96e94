// `.env` for processes started without `npm start` (`npm run worker`, the scripts run with tsx). `npm start` reads it
// itself with a dependency-free copy (scripts/lib/setup.mjs `loadDotEnv`, which mirrors this) and hands the result on.
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository's `.env`. */
export const DOT_ENV_FILE = fileURLToPath(new URL('../../.env', import.meta.url))

/**
 * Read `.env` (KEY=VALUE lines) into process.env without overriding what the environment already says, even an
 * empty value: the process environment wins over the file. A missing file is fine. Returns whether a file was read.
 */
export function loadDotEnv(file: string = DOT_ENV_FILE): boolean {
  if (!fs.existsSync(file)) return false
  // Node's own parser (≥ 20.12): quotes, `export KEY=…` and comments; it never overrides a variable already set
  process.loadEnvFile(file)
  return true
}
