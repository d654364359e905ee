// The compliance grid as an Excel workbook (same rows and filters as the page, without pagination).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseComplianceQuery, parseYear } from '~/domain/compliance'
import { toZonedParts } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { complianceExport } from '~/models/compliance.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'
import { writeXlsx } from '~/utils/spreadsheet.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const year = parseYear(url.searchParams.get('year'), toZonedParts(new Date()).year)
  invariantResponse(year !== null, 'Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.', { status: 400 })
  const q = parseComplianceQuery(url.searchParams)
  const { fileBaseName, sheetName, header, rows } = complianceExport(getDb(), actor, params.orgId!, year, { type: q.view, state: q.state, grassrootsId: q.grassrootsId, sort: q.sort })
  const body = await writeXlsx(sheetName, header, rows)
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${fileBaseName}.xlsx"`,
      'Cache-Control': 'no-store',
    },
  })
}
