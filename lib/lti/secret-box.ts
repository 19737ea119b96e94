import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

import { authSecret } from '@/lib/config/env'

/** AES-256-GCM with a key derived (HKDF-SHA256) from AUTH_SECRET, for the tool's private keys at rest. */
function keyFromSecret(): Buffer {
  const secret = authSecret()
  if (!secret) throw new Error('AUTH_SECRET is not set: the LTI tool keys are encrypted with a key derived from it. Set AUTH_SECRET (npm start does).')
  return Buffer.from(hkdfSync('sha256', secret, 'cpython-course', 'lti-private-keys', 32))
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFromSecret(), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('an LTI key in the database is not in the expected sealed format')
  const decipher = createDecipheriv('aes-256-gcm', keyFromSecret(), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new Error(
      'The LTI tool key cannot be decrypted: AUTH_SECRET changed since it was made. Rotate the keys on /instructor/lti (platforms then fetch the new JWKS).',
    )
  }
}
