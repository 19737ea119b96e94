import { errorResponse } from '@/lib/http/errors'
import { toolJwks } from '@/lib/lti/keys'

export const dynamic = 'force-dynamic'

/** The tool's public keys: platforms verify our client assertions and deep-linking responses with them. */
export async function GET(): Promise<Response> {
  try {
    return Response.json(await toolJwks(), { headers: { 'Cache-Control': 'public, max-age=300' } })
  } catch (error) {
    return errorResponse(error)
  }
}
