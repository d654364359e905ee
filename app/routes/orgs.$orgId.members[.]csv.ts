import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { exportMembers } from '~/models/member-import.server'
import { getDb } from '~/utils/db.server'
import { writeCsv } from '~/utils/spreadsheet.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const { fileBaseName, header, rows } = exportMembers(getDb(), actor, params.orgId!)
  return new Response(writeCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileBaseName}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
