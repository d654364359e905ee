// The compliance grid as CSV (same rows and filters as the page, without pagination).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseComplianceQuery, parseYear } from '~/domain/compliance'
import { toZonedParts } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { complianceExport } from '~/models/compliance.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'
import { writeCsv } from '~/utils/spreadsheet.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const year = parseYear(url.searchParams.get('year'), toZonedParts(new Date()).year)
  invariantResponse(year !== null, 'Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.', { status: 400 })
  const q = parseComplianceQuery(url.searchParams)
  const { fileBaseName, header, rows } = complianceExport(getDb(), actor, params.orgId!, year, { type: q.view, state: q.state, grassrootsId: q.grassrootsId, sort: q.sort })
  return new Response(writeCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileBaseName}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
