import { randomBytes } from 'node:crypto'

import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'

import { prisma } from '@/lib/db/prisma'

import { openSecret, sealSecret } from './secret-box'

export const TOOL_KEY_ALG = 'RS256'
/** How long a retired key stays in the JWKS, so tokens platforms cached before a rotation still verify. */
export const RETIRED_KEY_GRACE_MS = 7 * 24 * 3600_000

export type ToolSigningKey = { kid: string; key: CryptoKey }

async function createKey(): Promise<{ kid: string }> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true })
  const kid = `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOOL_KEY_ALG, use: 'sig' }
  const privateJwk = await exportJWK(privateKey)
  await prisma.ltiKey.create({ data: { kid, publicJwk, privateJwkEnc: sealSecret(JSON.stringify(privateJwk)) } })
  return { kid }
}

const cache = new Map<string, CryptoKey>()

/** The key the tool signs with: the newest one not retired, generated at first use. */
export async function toolSigningKey(): Promise<ToolSigningKey> {
  let row = await prisma.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }] })
  if (!row) {
    await createKey()
    row = await prisma.ltiKey.findFirstOrThrow({ where: { retiredAt: null }, orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }] })
  }
  let key = cache.get(row.kid)
  if (!key) {
    key = (await importJWK(JSON.parse(openSecret(row.privateJwkEnc)) as JWK, TOOL_KEY_ALG)) as CryptoKey
    cache.set(row.kid, key)
  }
  return { kid: row.kid, key }
}

/** The public JWKS platforms verify our messages and client assertions with: the signing key and recently retired ones. */
export async function toolJwks(): Promise<{ keys: JWK[] }> {
  await toolSigningKey()
  const rows = await prisma.ltiKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - RETIRED_KEY_GRACE_MS) } }] },
    orderBy: { createdAt: 'desc' },
  })
  return { keys: rows.map((r) => r.publicJwk as JWK) }
}

/** Start signing with a new key; the old ones stay published for RETIRED_KEY_GRACE_MS. */
export async function rotateToolKeys(): Promise<{ kid: string }> {
  const fresh = await createKey()
  await prisma.ltiKey.updateMany({ where: { retiredAt: null, kid: { not: fresh.kid } }, data: { retiredAt: new Date() } })
  return fresh
}
