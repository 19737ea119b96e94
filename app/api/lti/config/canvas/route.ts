import { canvasConfiguration } from '@/lib/lti/tool-config'

export const dynamic = 'force-dynamic'

/** The JSON to paste into Canvas (Developer Keys → + LTI Key → Method: Enter URL or Paste JSON); docs/lti.md. */
export async function GET(): Promise<Response> {
  return Response.json(canvasConfiguration(), { headers: { 'Cache-Control': 'no-store' } })
}
