import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/forms'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'
import { requireContext } from '~/auth/session.server'
import { listAudit } from '~/models/audit.server'
import { getOrganization } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Nhật ký thay đổi — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const org = getOrganization(db, ctx.actor, params.orgId!, 'audit:read')
  const page = Number(new URL(request.url).searchParams.get('page') ?? 1) || 1
  const result = listAudit(db, ctx, { orgPath: org.path, page })
  return {
    org: { id: org.id, name: org.name },
    page: result.page ?? 1,
    pageSize: result.pageSize ?? 50,
    total: result.total,
    rows: result.rows.map((r) => ({ id: r.id, at: r.at, username: r.username, ip: r.ip, action: r.action, summary: r.summary })),
  }
}

export default function AuditPage() {
  const { org, rows, page, pageSize, total } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${org.id}`}>{org.name}</Link>
      </p>
      <h1>Nhật ký thay đổi</h1>
      <p className="muted">Mọi thay đổi dữ liệu trong phạm vi {org.name} và các tổ chức trực thuộc: ai, lúc nào, từ địa chỉ nào, đã làm gì. Nhật ký chỉ được ghi thêm, không thể sửa hay xóa.</p>
      {rows.length === 0 ? (
        <p className="card empty">Chưa có thay đổi nào được ghi nhận.</p>
      ) : (
        <div className="table-wrap responsive">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Thời điểm</th>
                <th scope="col">Người thực hiện</th>
                <th scope="col">Nội dung</th>
                <th scope="col">Địa chỉ</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td data-label="Thời điểm">
                    {formatUiDateShort(r.at)} {formatTime(r.at)}
                  </td>
                  <td data-label="Người thực hiện">{r.username}</td>
                  <td data-label="Nội dung">{r.summary}</td>
                  <td data-label="Địa chỉ">{r.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} makeHref={(p) => `?page=${p}`} />
    </div>
  )
}
