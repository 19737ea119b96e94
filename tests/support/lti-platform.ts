// A standards-faithful LTI 1.3 Advantage platform for tests (no LMS runs on these machines), built on jose: a JWKS
// (rotatable), an OIDC authorization endpoint that answers with an auto-posting form (response_mode=form_post), a
// token endpoint taking client-credentials JWT assertions (RFC 7523) verified against the tool's JWKS, AGS line-item
// and score endpoints (scores older than the last one recorded are not applied, as AGS requires of platforms), an
// NRPS membership endpoint with paging, and a deep-linking return endpoint that verifies the tool's response JWT.
// It can be taken "down" (503 on every service call) to test the tool's retries.
import { randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose'

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/'
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  ta: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
}

export type PlatformUser = { sub: string; name: string; email?: string; roles: string[] }
export type PendingLaunch = {
  user: PlatformUser
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest'
  resourceLinkId?: string
  custom?: Record<string, string>
  lineItemId?: string
  extraClaims?: Record<string, unknown>
}
export type LineItem = { id: string; scoreMaximum: number; label: string; resourceId?: string; resourceLinkId?: string; tag?: string }
export type ScoreRecord = {
  userId: string
  scoreGiven?: number
  scoreMaximum?: number
  timestamp: string
  activityProgress: string
  gradingProgress: string
  receivedAt: number
  applied: boolean
}

type Key = { kid: string; privateKey: CryptoKey; publicJwk: JWK }

async function newKey(): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = `platform-${randomBytes(4).toString('hex')}`
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } }
}

export type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>

/**
 * Start the platform on a free port. `toolJwks` returns the tool's public keys (the integration tier calls the
 * tool's route handler; the browser tier fetches its URL). `toolLaunchUrl` is where id_tokens are posted.
 */
export async function startTestPlatform(opts: { clientId?: string; deploymentId?: string; contextId?: string; toolJwks: () => Promise<JSONWebKeySet> }) {
  const clientId = opts.clientId ?? `client-${randomBytes(3).toString('hex')}`
  const deploymentId = opts.deploymentId ?? 'deployment-1'
  const contextId = opts.contextId ?? 'course-101'
  let keys: Key[] = [await newKey()]
  const pending = new Map<string, PendingLaunch>()
  const lineItems = new Map<string, LineItem>()
  const scores = new Map<string, ScoreRecord[]>()
  const members: (PlatformUser & { status: 'Active' | 'Inactive' })[] = []
  const tokens = new Map<string, { scopes: string[]; exp: number }>()
  const usedJti = new Set<string>()
  const deepLinkResponses: JWTPayload[] = []
  const lmsPages = new Map<string, string>()
  const registrationToken = randomBytes(12).toString('hex')
  const registrations: Record<string, unknown>[] = []
  const state = { down: false, tokenRequests: 0, scorePosts: 0, pageSize: 2 }
  let base = ''

  const signIdToken = async (claims: JWTPayload, o: { key?: Key; expiresIn?: string | number; iat?: number; kid?: string } = {}) => {
    const key = o.key ?? keys[0]!
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: o.kid ?? key.kid, typ: 'JWT' })
    jwt.setIssuedAt(o.iat)
    jwt.setExpirationTime(o.expiresIn ?? '5m')
    return jwt.sign(key.privateKey)
  }

  const launchClaims = (l: PendingLaunch, nonce: string, redirectUri: string): JWTPayload => {
    const messageType = l.messageType ?? 'LtiResourceLinkRequest'
    const claims: JWTPayload = {
      iss: base,
      aud: clientId,
      azp: clientId,
      sub: l.user.sub,
      nonce,
      name: l.user.name,
      ...(l.user.email ? { email: l.user.email } : {}),
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: redirectUri,
      [`${LTI}roles`]: l.user.roles,
      [`${LTI}context`]: { id: contextId, label: 'CS101', title: 'CPython internals', type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: [
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
        ],
        lineitems: `${base}/contexts/${contextId}/lineitems`,
        ...(l.lineItemId ? { lineitem: `${base}/lineitems/${l.lineItemId}` } : {}),
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: `${base}/contexts/${contextId}/memberships`,
        service_versions: ['2.0'],
      },
      ...(l.custom ? { [`${LTI}custom`]: l.custom } : {}),
      ...l.extraClaims,
    }
    if (messageType === 'LtiResourceLinkRequest') claims[`${LTI}resource_link`] = { id: l.resourceLinkId ?? `link-${randomBytes(3).toString('hex')}` }
    else
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${base}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        data: 'opaque-platform-data',
      }
    return claims
  }

  const bearer = (req: http.IncomingMessage, scope: string): boolean => {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')
    const t = m && tokens.get(m[1]!)
    return Boolean(t && t.exp > Date.now() && t.scopes.includes(scope))
  }

  const body = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = ''
      req.on('data', (c) => (data += c))
      req.on('end', () => resolve(data))
    })

  const send = (res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(typeof payload === 'string' ? payload : JSON.stringify(payload))
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base)
    try {
      if (url.pathname === '/jwks') return send(res, 200, { keys: keys.map((k) => k.publicJwk) })

      if (url.pathname === '/.well-known/openid-configuration') {
        return send(res, 200, {
          issuer: base,
          authorization_endpoint: `${base}/auth`,
          token_endpoint: `${base}/token`,
          jwks_uri: `${base}/jwks`,
          registration_endpoint: `${base}/register`,
          scopes_supported: ['openid'],
          response_types_supported: ['id_token'],
          id_token_signing_alg_values_supported: ['RS256'],
          'https://purl.imsglobal.org/spec/lti-platform-configuration': {
            product_family_code: 'test-lms',
            version: '1.0',
            messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
          },
        })
      }
      if (url.pathname === '/register' && req.method === 'POST') {
        if (req.headers.authorization !== `Bearer ${registrationToken}`) return send(res, 401, { error: 'invalid registration token' })
        const reg = JSON.parse(await body(req)) as Record<string, unknown>
        const problems = [
          !(reg.grant_types as string[] | undefined)?.includes('client_credentials') && 'grant_types must include client_credentials',
          reg.token_endpoint_auth_method !== 'private_key_jwt' && 'token_endpoint_auth_method must be private_key_jwt',
          !reg.jwks_uri && 'jwks_uri missing',
          !reg.initiate_login_uri && 'initiate_login_uri missing',
          !reg['https://purl.imsglobal.org/spec/lti-tool-configuration'] && 'the LTI tool configuration is missing',
        ].filter(Boolean)
        if (problems.length) return send(res, 400, { error: 'invalid_client_metadata', error_description: problems.join('; ') })
        registrations.push(reg)
        return send(res, 200, {
          ...reg,
          client_id: clientId,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': {
            ...(reg['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object),
            deployment_id: deploymentId,
          },
        })
      }

      const lms = /^\/lms\/([^/]+)$/.exec(url.pathname)
      if (lms && lmsPages.has(lms[1]!)) {
        res.writeHead(200, { 'Content-Type': 'text/html' })
        return res.end(lmsPages.get(lms[1]!))
      }

      if (url.pathname === '/auth') {
        const q = Object.fromEntries(url.searchParams)
        const problems = [
          q.scope !== 'openid' && 'scope must be openid',
          q.response_type !== 'id_token' && 'response_type must be id_token',
          q.response_mode !== 'form_post' && 'response_mode must be form_post',
          q.prompt !== 'none' && 'prompt must be none',
          q.client_id !== clientId && 'unknown client_id',
          !q.nonce && 'nonce missing',
          !q.state && 'state missing',
          !q.redirect_uri && 'redirect_uri missing',
        ].filter(Boolean)
        const launch = pending.get(q.lti_message_hint ?? '')
        if (!launch || launch.user.sub !== q.login_hint) problems.push('login_hint/lti_message_hint do not match a launch')
        if (problems.length) return send(res, 400, { error: 'invalid_request', error_description: problems.join('; ') })
        const idToken = await signIdToken(launchClaims(launch!, q.nonce!, q.redirect_uri!))
        res.writeHead(200, { 'Content-Type': 'text/html' })
        return res.end(
          `<!doctype html><html><body><form id="f" method="post" action="${q.redirect_uri}"><input type="hidden" name="id_token" value="${idToken}"><input type="hidden" name="state" value="${q.state}"></form><script>document.getElementById('f').submit()</script></body></html>`,
        )
      }

      if (state.down) return send(res, 503, { error: 'platform is down for maintenance' })

      if (url.pathname === '/token' && req.method === 'POST') {
        state.tokenRequests++
        const form = new URLSearchParams(await body(req))
        if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' })
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return send(res, 400, { error: 'invalid_request' })
        try {
          const { payload } = await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet(await opts.toolJwks()), {
            issuer: clientId,
            subject: clientId,
            audience: `${base}/token`,
            maxTokenAge: '5m',
          })
          if (!payload.jti || usedJti.has(payload.jti)) return send(res, 400, { error: 'invalid_grant', error_description: 'jti missing or reused' })
          usedJti.add(payload.jti)
        } catch (e) {
          return send(res, 400, { error: 'invalid_client', error_description: (e as Error).message })
        }
        const token = randomBytes(16).toString('hex')
        const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean)
        tokens.set(token, { scopes, exp: Date.now() + 3600_000 })
        return send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scopes.join(' ') })
      }

      const itemsPath = /^\/contexts\/([^/]+)\/lineitems$/.exec(url.pathname)
      if (itemsPath) {
        if (req.method === 'GET') {
          if (
            !bearer(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem') &&
            !bearer(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly')
          )
            return send(res, 401, { error: 'unauthorized' })
          const rid = url.searchParams.get('resource_id')
          const list = [...lineItems.values()].filter((li) => !rid || li.resourceId === rid)
          return send(
            res,
            200,
            list.map((li) => ({ ...li, id: `${base}/lineitems/${li.id}` })),
            { 'Content-Type': 'application/vnd.ims.lis.v2.lineitemcontainer+json' },
          )
        }
        if (!bearer(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem')) return send(res, 401, { error: 'unauthorized' })
        if (req.headers['content-type'] !== 'application/vnd.ims.lis.v2.lineitem+json') return send(res, 415, { error: 'wrong content type' })
        const li = JSON.parse(await body(req)) as Omit<LineItem, 'id'>
        if (!(li.scoreMaximum > 0) || !li.label) return send(res, 400, { error: 'scoreMaximum > 0 and label are required' })
        const id = randomUUID()
        lineItems.set(id, { ...li, id })
        return send(res, 201, { ...li, id: `${base}/lineitems/${id}` }, { 'Content-Type': 'application/vnd.ims.lis.v2.lineitem+json' })
      }

      const scorePath = /^\/lineitems\/([^/]+)\/scores$/.exec(url.pathname)
      if (scorePath && req.method === 'POST') {
        if (!bearer(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/score')) return send(res, 401, { error: 'unauthorized' })
        if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return send(res, 415, { error: 'wrong content type' })
        const item = lineItems.get(scorePath[1]!)
        if (!item) return send(res, 404, { error: 'no such line item' })
        const s = JSON.parse(await body(req)) as Omit<ScoreRecord, 'receivedAt' | 'applied'>
        if (!s.userId || !s.timestamp || !s.activityProgress || !s.gradingProgress)
          return send(res, 400, { error: 'userId, timestamp, activityProgress and gradingProgress are required' })
        state.scorePosts++
        const list = scores.get(item.id) ?? []
        const last = list.filter((r) => r.userId === s.userId && r.applied).at(-1)
        const applied = !last || Date.parse(s.timestamp) > Date.parse(last.timestamp)
        list.push({ ...s, receivedAt: Date.now(), applied })
        scores.set(item.id, list)
        return send(res, 200, {})
      }

      const membersPath = /^\/contexts\/([^/]+)\/memberships$/.exec(url.pathname)
      if (membersPath && req.method === 'GET') {
        if (!bearer(req, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')) return send(res, 401, { error: 'unauthorized' })
        const offset = Number(url.searchParams.get('offset') ?? 0)
        const page = members.slice(offset, offset + state.pageSize)
        const headers: Record<string, string> = { 'Content-Type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' }
        if (offset + state.pageSize < members.length)
          headers.Link = `<${base}/contexts/${membersPath[1]}/memberships?offset=${offset + state.pageSize}>; rel="next"`
        return send(
          res,
          200,
          {
            id: `${base}${url.pathname}`,
            context: { id: membersPath[1], title: 'CPython internals' },
            members: page.map((m) => ({ user_id: m.sub, name: m.name, email: m.email, roles: m.roles, status: m.status })),
          },
          headers,
        )
      }

      if (url.pathname === '/deep-link-return' && req.method === 'POST') {
        const form = new URLSearchParams(await body(req))
        const { payload } = await jwtVerify(form.get('JWT') ?? '', createLocalJWKSet(await opts.toolJwks()), { issuer: clientId, audience: base })
        if (payload[`${LTI}message_type`] !== 'LtiDeepLinkingResponse' || payload[`${LTI}deployment_id`] !== deploymentId)
          return send(res, 400, { error: 'not a deep-linking response for this deployment' })
        deepLinkResponses.push(payload)
        // like a real platform: a resource link with a lineItem gets a line item of its own
        for (const item of (payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[]) ?? []) {
          const li = item.lineItem as { scoreMaximum: number; label?: string; resourceId?: string; tag?: string } | undefined
          if (li) {
            const id = randomUUID()
            lineItems.set(id, {
              id,
              scoreMaximum: li.scoreMaximum,
              label: li.label ?? String(item.title),
              resourceId: li.resourceId,
              tag: li.tag,
              resourceLinkId: `placed-${id}`,
            })
          }
        }
        res.writeHead(200, { 'Content-Type': 'text/html' })
        return res.end('<!doctype html><html><body><h1>Content added to the course</h1></body></html>')
      }
      send(res, 404, { error: `no route ${req.method} ${url.pathname}` })
    } catch (e) {
      send(res, 500, { error: (e as Error).message })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    get issuer() {
      return base
    },
    clientId,
    deploymentId,
    contextId,
    state,
    registrationToken,
    registrations,
    lineItems,
    scores,
    members,
    deepLinkResponses,
    get keys() {
      return keys
    },
    registration: () => ({
      name: 'Test LMS',
      issuer: base,
      clientId,
      deploymentIds: [deploymentId],
      authLoginUrl: `${base}/auth`,
      tokenUrl: `${base}/token`,
      jwksUrl: `${base}/jwks`,
    }),
    /** Queue a launch: the login initiation parameters to send to the tool's login URL. */
    prepareLaunch(launch: PendingLaunch, targetLinkUri: string): Record<string, string> {
      const hint = randomBytes(8).toString('hex')
      pending.set(hint, launch)
      return {
        iss: base,
        login_hint: launch.user.sub,
        target_link_uri: targetLinkUri,
        lti_message_hint: hint,
        client_id: clientId,
        lti_deployment_id: deploymentId,
      }
    },
    /**
     * An LMS course page that starts the launch as an LMS does: a form posting the login initiation to the tool,
     * at the top level (`window`, like "open in a new tab" placements) or into an iframe (`frame`, the default in
     * Canvas and Moodle). Returns the page's URL.
     */
    lmsPage(launch: PendingLaunch, tool: { loginUrl: string; targetLinkUri: string }, mode: 'window' | 'frame'): string {
      const params = this.prepareLaunch(launch, tool.targetLinkUri)
      const id = randomBytes(6).toString('hex')
      const inputs = Object.entries(params)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
        .join('')
      lmsPages.set(
        id,
        `<!doctype html><html><body><h1>Test LMS course</h1>` +
          (mode === 'frame' ? `<iframe name="tool" title="Course tool" style="width:900px;height:600px"></iframe>` : '') +
          `<form id="start" method="post" action="${tool.loginUrl}"${mode === 'frame' ? ' target="tool"' : ''}>${inputs}</form><script>document.getElementById('start').submit()</script></body></html>`,
      )
      return `${base}/lms/${id}`
    },
    launchClaims,
    signIdToken,
    newKey,
    /** Rotate: a new signing key first, the old one still published (or dropped with `dropOld`). */
    async rotateKey(dropOld = false) {
      const k = await newKey()
      keys = dropOld ? [k] : [k, ...keys]
      return k
    },
    /** Scores the platform applied for a user on a line item, oldest first. */
    appliedScores(lineItemId: string, userId: string) {
      return (scores.get(lineItemId) ?? []).filter((s) => s.userId === userId && s.applied)
    },
    lineItemByResource(resourceId: string) {
      return [...lineItems.values()].find((li) => li.resourceId === resourceId)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
