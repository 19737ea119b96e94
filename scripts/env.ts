// The environment, as lib/config/env.ts defines it:
//   tsx scripts/env.ts example   write .env.example from the schema (`npm run env:example`)
//   tsx scripts/env.ts check     exit 1 naming each variable (environment or .env) set to something unusable (`npm start`
//                                runs this)
import fs from 'node:fs'
import path from 'node:path'

import { loadDotEnv } from '@/lib/config/dotenv'
import { envProblems } from '@/lib/config/env'
import { renderEnvExample } from '@/lib/config/env-example'

const command = process.argv[2]
if (command === 'example') {
  const file = path.resolve(import.meta.dirname, '..', '.env.example')
  fs.writeFileSync(file, renderEnvExample())
  console.log(`wrote ${path.relative(process.cwd(), file) || file}`)
} else if (command === 'check') {
  loadDotEnv()
  const problems = envProblems()
  if (problems.length) {
    console.error(
      `the environment (or .env) has settings this app cannot use:\n  ${problems.join('\n  ')}\nFix them (see .env.example), or unset them to use the defaults.`,
    )
    process.exit(1)
  }
} else {
  console.error('usage: tsx scripts/env.ts example | check')
  process.exit(2)
}
