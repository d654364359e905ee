import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseReportPeriod } from '~/domain/remarks'
import { requireUser } from '~/auth/session.server'
import { renderReportDocx } from '~/export/report-docx.server'
import { todayIso } from '~/models/members.server'
import { ancestorsOf, effectiveSettings, getOrganization } from '~/models/organizations.server'
import { reportView } from '~/models/remarks.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const url = new URL(request.url)
  const org = getOrganization(db, actor, params.orgId!, 'inspection:read')
  const today = todayIso()
  const period = parseReportPeriod(url.searchParams, today)
  if (!period) throw new Response('Kỳ báo cáo không hợp lệ: hãy chọn tháng, quý hoặc năm.', { status: 400 })
  const view = reportView(db, actor, org.id, period, { unitId: url.searchParams.get('unit') })
  const settings = effectiveSettings(db, org)
  const chain = ancestorsOf(db, org)
  const buffer = await renderReportDocx({
    view,
    issuer: org.name,
    upperBody: chain.length > 1 ? chain[chain.length - 2].name : '',
    issuerCode: org.kind === 'upper' || org.kind === 'grassroots' ? 'ĐU' : settings.issuerCode,
    place: settings.placeName,
    date: today,
  })
  const fileName = `bao-cao-sinh-hoat-chi-bo-${view.periodLabel.replace(/\s+/g, '-')}.docx`
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    },
  })
}
