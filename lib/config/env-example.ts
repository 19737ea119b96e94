// `.env.example`, written from the variables' table in lib/config/env.ts by `npm run env:example` (scripts/env.ts);
// lib/config/env-example.test.ts fails when the committed file is not what this renders.
import { SECTIONS, VARIABLE_NAMES, VARIABLES, type Variable } from './env'

const WIDTH = 110

export function renderEnvExample(): string {
  const lines = [
    '# Copy to .env and edit. Every variable has a default that works on a fresh machine of this project.',
    '# Written by `npm run env:example` from lib/config/env.ts, where each variable is defined: edit there, not here.',
  ]
  for (const section of SECTIONS) {
    const names = VARIABLE_NAMES.filter((name) => (VARIABLES[name] as Variable).section === section)
    if (names.length === 0) continue
    lines.push('', `# --- ${section} `.padEnd(WIDTH, '-'))
    for (const name of names) {
      const v: Variable = VARIABLES[name]
      if (v.doc) lines.push(...v.doc.split('\n').map((l) => `# ${l}`))
      lines.push(`# ${name}=${v.example}`)
    }
  }
  return `${lines.join('\n')}\n`
}
