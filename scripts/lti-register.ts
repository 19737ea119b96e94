// Register LMS platforms from a config file: `npx tsx scripts/lti-register.ts lti-platforms.yaml`
// The file (YAML or JSON) holds `platforms:`, a list of { name, issuer, clientId, deploymentIds, authLoginUrl,
// tokenUrl, jwksUrl, tokenAudience? } (docs/lti.md). Each is created, or updated when its issuer and client id exist.
import fs from 'node:fs'

import { parse } from 'yaml'
import { z } from 'zod'

import { prisma } from '@/lib/db/prisma'
import { platformSchema, registerPlatform } from '@/lib/lti/platforms'

import { loadDotEnv } from './lib/setup.mjs'

loadDotEnv()
const file = process.argv[2]
if (!file) {
  console.error('usage: npx tsx scripts/lti-register.ts <platforms.yaml>')
  process.exit(2)
}
const parsed = z
  .object({ platforms: z.array(platformSchema).min(1, 'list at least one platform under `platforms:`') })
  .safeParse(parse(fs.readFileSync(file, 'utf8')))
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`)
  process.exit(1)
}
for (const p of parsed.data.platforms) {
  const stored = await registerPlatform(p, 'file')
  console.log(`registered ${stored.name}: issuer ${stored.issuer}, client id ${stored.clientId}, deployments ${stored.deploymentIds.join(', ')}`)
}
await prisma.$disconnect()
