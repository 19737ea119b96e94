import { PrismaPg } from '@prisma/adapter-pg'

import { databasePoolSize, databaseUrl, nodeEnvIsProduction } from '@/lib/config/env'

import { PrismaClient } from './generated/client'

export type { Prisma } from './generated/client'
export * from './generated/enums'

// One client per process. In development Next re-evaluates modules on every change, so the client is
// kept on globalThis to avoid opening a new pool each time.
const globalForPrisma = globalThis as unknown as { cpythonCoursePrisma?: PrismaClient }

export function createPrismaClient(url: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: databasePoolSize() }) })
}

export const prisma: PrismaClient = globalForPrisma.cpythonCoursePrisma ?? createPrismaClient()
if (!nodeEnvIsProduction()) globalForPrisma.cpythonCoursePrisma = prisma

export type { PrismaClient }
