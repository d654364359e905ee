// /orgs/:orgId/remarks — the remarks a cell received from the upper committee's inspectors (issue 7
// item 3): open ones first (overdue on top, marked "Quá hạn" in words), then answered and closed. For
// the cell's bí thư, phó bí thư and chi ủy viên and the inspectors of its subtree; plain members and
// everyone else get a 404.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RemarkList, remarkListHref } from '~/components/remarks'
import { parseRemarkFilter, type RemarkFilter } from '~/domain/remarks'
import { requireUser } from '~/auth/session.server'
import { listCellRemarks } from '~/models/remarks.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Nhận xét của cấp trên — ${data?.cell.name ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const filter = parseRemarkFilter(url.searchParams.get('status'))
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1)
  return listCellRemarks(getDb(), actor, params.orgId!, { filter, page })
}

export default function CellRemarks() {
  const data = useLoaderData<typeof loader>()
  const { cell, filter, counts, remarks } = data
  const href = (f: RemarkFilter, page?: number) => remarkListHref(`/orgs/${cell.id}/remarks`, f, page)
  return (
    <div className="stack">
      <nav className="breadcrumb no-print" aria-label="Vị trí">
        <ol>
          <li>
            <Link to={`/orgs/${cell.id}`}>{cell.name}</Link>
          </li>
          <li>
            <span aria-current="page">Nhận xét của cấp trên</span>
          </li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>Nhận xét của cấp trên</h1>
          <p className="muted" style={{ margin: 0 }}>
            {cell.name} · {counts.open} nhận xét chờ chi bộ trả lời{counts.overdue ? `, trong đó ${counts.overdue} quá hạn` : ''}
          </p>
        </div>
        {data.mayInspect ? (
          <div className="row no-print">
            <Link className="button" to={`/inspect/${cell.id}/remarks`}>
              Trang kiểm tra của chi bộ
            </Link>
          </div>
        ) : null}
      </div>
      {data.mayAnswer && counts.open > 0 ? (
        <div className="alert alert--warning" role="status">
          <p>
            Chi bộ có {counts.open} nhận xét của cấp trên chưa trả lời{counts.overdue ? ` (${counts.overdue} đã quá hạn khắc phục)` : ''}. Mở từng nhận xét để trả lời: nêu chi bộ đã
            tiếp thu, khắc phục thế nào.
          </p>
        </div>
      ) : null}

      <RemarkList
        variant="cell"
        title="Nhận xét của cấp trên"
        filter={filter}
        counts={counts}
        remarks={remarks}
        page={data.page}
        pageSize={data.pageSize}
        total={data.total}
        href={href}
        none="Chi bộ chưa nhận được nhận xét kiểm tra nào của cấp trên. Khi cán bộ kiểm tra ký và gửi nhận xét, nhận xét sẽ hiện ở đây và trên trang chủ của bí thư."
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
