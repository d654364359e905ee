import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { exportMembers } from '~/models/member-import.server'
import { getDb } from '~/utils/db.server'
import { writeXlsx } from '~/utils/spreadsheet.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const { fileBaseName, header, rows } = exportMembers(getDb(), actor, params.orgId!)
  const body = await writeXlsx('Danh sách đảng viên', header, rows)
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${fileBaseName}.xlsx"`,
      'Cache-Control': 'no-store',
    },
  })
}
