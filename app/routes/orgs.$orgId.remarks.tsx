// /orgs/:orgId/remarks — the remarks a cell received from the upper committee's inspectors (issue 7
// item 3): open ones first (overdue on top, marked "Quá hạn" in words), then answered and closed. For
// the cell's bí thư, phó bí thư and chi ủy viên and the inspectors of its subtree; plain members and
// everyone else get a 404.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/forms'
import { REMARK_FILTERS, REMARK_FILTER_LABELS, parseRemarkFilter, type RemarkFilter } from '~/domain/remarks'
import { formatUiDateShort } from '~/domain/vn-date'
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
  const href = (f: RemarkFilter, page?: number) => {
    const q = new URLSearchParams()
    if (f !== 'all') q.set('status', f)
    if (page && page > 1) q.set('page', String(page))
    const s = q.toString()
    return `/orgs/${cell.id}/remarks${s ? `?${s}` : ''}`
  }
  const filters = REMARK_FILTERS.filter((f) => f !== 'draft' || counts.draft > 0 || filter === 'draft')
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

      <nav className="remark-filters" aria-label="Lọc theo trạng thái">
        <ul>
          {filters.map((f) => (
            <li key={f}>
              <Link to={href(f)} aria-current={f === filter ? 'page' : undefined} className={`button button--small${f === filter ? ' remark-filter--current' : ''}`}>
                {f === 'overdue' ? <span aria-hidden="true">⚠ </span> : null}
                {REMARK_FILTER_LABELS[f]} ({counts[f]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {remarks.length === 0 ? (
        <div className="card empty">
          {counts.all === 0 ? (
            <p>Chi bộ chưa nhận được nhận xét kiểm tra nào của cấp trên. Khi cán bộ kiểm tra ký và gửi nhận xét, nhận xét sẽ hiện ở đây và trên trang chủ của bí thư.</p>
          ) : (
            <p>
              Không có nhận xét nào ở mục “{REMARK_FILTER_LABELS[filter]}”. <Link to={href('all')}>Xem tất cả</Link>.
            </p>
          )}
        </div>
      ) : (
        <div className="table-wrap responsive">
          <table className="table remark-table">
            <caption className="sr-only">
              Nhận xét của cấp trên — {REMARK_FILTER_LABELS[filter]} ({data.total})
            </caption>
            <thead>
              <tr>
                <th scope="col">Nhận xét</th>
                <th scope="col">Người nhận xét</th>
                <th scope="col">Ngày ký</th>
                <th scope="col">Thời hạn khắc phục</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {remarks.map((r) => (
                <tr key={r.id}>
                  <td data-label="Nhận xét">
                    <Link to={`/remarks/${r.id}`}>{r.subject}</Link>
                    <div className="small muted">{r.excerpt}</div>
                  </td>
                  <td data-label="Người nhận xét">
                    Đ/c {r.inspectorName}
                    {r.inspectorBody ? <div className="small muted">{r.inspectorBody}</div> : null}
                  </td>
                  <td data-label="Ngày ký">{r.signedAt ? formatUiDateShort(r.signedAt) : 'Chưa ký'}</td>
                  <td data-label="Thời hạn khắc phục">{r.dueOn ? formatUiDateShort(r.dueOn) : '—'}</td>
                  <td data-label="Trạng thái">
                    {r.statusLabel}
                    {r.overdue ? (
                      <>
                        {' '}
                        <span className="badge badge--danger">Quá hạn</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} makeHref={(p) => href(filter, p)} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
