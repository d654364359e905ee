// GET /api/v1/compliance?year=YYYY[&org=ID] — the compliance grid of an organisation's subtree as JSON
// (default org: the caller's highest organisation with 'inspection:read'). Described in /api/v1/openapi.json.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiId, apiJson, apiYear, authenticateApi, handleApi } from '~/auth/api.server'
import { complianceApi } from '~/models/compliance.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { actor } = await authenticateApi(request)
    const url = new URL(request.url)
    const year = apiYear(url)
    const orgId = apiId(url, 'org', false)
    return apiJson(complianceApi(getDb(), actor, year, orgId))
  })
}
