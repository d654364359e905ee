// GET /api/v1/meetings?cell=ID&year=YYYY — a cell's meetings of the year, for callers who may read the
// cell's meetings ('meeting:read'). Described in /api/v1/openapi.json.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiId, apiJson, apiYear, authenticateApi, handleApi } from '~/auth/api.server'
import { meetingsApi } from '~/models/compliance.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { actor } = await authenticateApi(request)
    const url = new URL(request.url)
    const year = apiYear(url)
    const cellId = apiId(url, 'cell', true)!
    return apiJson(meetingsApi(getDb(), actor, cellId, year).meetings)
  })
}
