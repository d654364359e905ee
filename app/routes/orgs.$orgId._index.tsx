import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ALLOWED_CHILD_KINDS, ORG_KIND_LABELS, isCellKind } from '~/domain/constants'
import { can } from '~/domain/permissions'
import { canReadCellRemarks } from '~/domain/remarks'
import { canBundle } from '~/models/exports.server'
import { requireUser } from '~/auth/session.server'
import { breadcrumb, childrenOf, effectiveSettings, getOrganization, subtreeStats } from '~/models/organizations.server'
import { memberCounts } from '~/models/members.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.org.name ?? 'Tổ chức'} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const org = getOrganization(db, actor, params.orgId!)
  const scope = { orgPath: org.path }
  const cell = isCellKind(org.kind)
  const settings = effectiveSettings(db, org)
  return {
    org: { id: org.id, name: org.name, shortName: org.shortName, kind: org.kind },
    crumbs: breadcrumb(db, org).slice(0, -1),
    placeName: settings.placeName,
    children: cell ? [] : childrenOf(db, actor, org.id),
    stats: cell ? null : subtreeStats(db, org),
    counts: cell && can(actor, 'member:read', scope) ? memberCounts(db, actor, org.id).counts : null,
    may: {
      manageOrg: can(actor, 'org:manage', scope),
      manageMembers: can(actor, 'member:manage', scope),
      readMembers: can(actor, 'member:read', scope),
      audit: can(actor, 'audit:read', scope),
      inspect: can(actor, 'inspection:read', scope) && !cell,
      remarks: cell && canReadCellRemarks(actor, org.path),
      exports: canBundle(actor, org),
      addChild: can(actor, 'org:manage', scope) && ALLOWED_CHILD_KINDS[org.kind].length > 0,
    },
  }
}

export default function OrgPage() {
  const { org, crumbs, children, stats, counts, may, placeName } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      {crumbs.length ? (
        <nav className="breadcrumb" aria-label="Cấp trên">
          <ol>
            {crumbs.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ol>
        </nav>
      ) : null}
      <div className="page-head">
        <div>
          <h1>{org.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {ORG_KIND_LABELS[org.kind]}
            {placeName ? ` · Địa danh trên văn bản: ${placeName}` : ''}
          </p>
        </div>
        <div className="row">
          {may.readMembers && counts ? (
            <Link className="button" to={`/orgs/${org.id}/members`}>
              Danh sách đảng viên
            </Link>
          ) : null}
          {counts ? (
            <>
              <Link className="button" to={`/orgs/${org.id}/plan`}>
                Kế hoạch sinh hoạt
              </Link>
              <Link className="button" to={`/orgs/${org.id}/tasks`}>
                Nhiệm vụ
              </Link>
            </>
          ) : null}
          {may.inspect ? (
            <Link className="button" to={`/inspect/${org.id}`}>
              Kiểm tra tuân thủ
            </Link>
          ) : null}
          <Link className="button" to={`/documents?org=${org.id}`}>
            Sổ văn bản
          </Link>
          {may.exports ? (
            <Link className="button" to={`/orgs/${org.id}/exports`}>
              Xuất hồ sơ
            </Link>
          ) : null}
          {may.remarks ? (
            <Link className="button" to={`/orgs/${org.id}/remarks`}>
              Nhận xét của cấp trên
            </Link>
          ) : null}
          {may.manageOrg ? (
            <Link className="button" to={`/orgs/${org.id}/templates`}>
              Mẫu văn bản
            </Link>
          ) : null}
          {may.manageOrg ? (
            <Link className="button" to={`/orgs/${org.id}/rubric`}>
              Tiêu chí chấm điểm
            </Link>
          ) : null}
          {may.manageOrg ? (
            <Link className="button" to={`/orgs/${org.id}/settings`}>
              Thông tin và cài đặt
            </Link>
          ) : null}
          {may.audit ? (
            <Link className="button" to={`/orgs/${org.id}/audit`}>
              Nhật ký thay đổi
            </Link>
          ) : null}
        </div>
      </div>

      {counts ? (
        <section className="card" aria-label="Số lượng đảng viên">
          <div className="stats">
            <div>
              <div className="stat">{counts.total}</div>
              <div className="stat-label">đảng viên</div>
            </div>
            <div>
              <div className="stat">{counts.official}</div>
              <div className="stat-label">chính thức</div>
            </div>
            <div>
              <div className="stat">{counts.probationary}</div>
              <div className="stat-label">dự bị</div>
            </div>
            <div>
              <div className="stat">{counts.exempt}</div>
              <div className="stat-label">miễn sinh hoạt</div>
            </div>
            <div>
              <div className="stat">{counts.elsewhere}</div>
              <div className="stat-label">sinh hoạt tạm thời nơi khác</div>
            </div>
          </div>
        </section>
      ) : null}

      {stats ? (
        <section className="card" aria-label="Tổng hợp">
          <div className="stats">
            <div>
              <div className="stat">{stats.cells}</div>
              <div className="stat-label">chi bộ</div>
            </div>
            <div>
              <div className="stat">{stats.members}</div>
              <div className="stat-label">đảng viên</div>
            </div>
          </div>
        </section>
      ) : null}

      {stats ? (
        <section aria-labelledby="children-title">
          <div className="spread">
            <h2 id="children-title">Tổ chức trực thuộc</h2>
            {may.addChild ? (
              <Link className="button" to={`/orgs/${org.id}/new`}>
                Thêm tổ chức trực thuộc
              </Link>
            ) : null}
          </div>
          {children.length ? (
            <div className="table-wrap responsive">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Tên</th>
                    <th scope="col">Loại</th>
                    <th scope="col" className="num">
                      Quy mô
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {children.map((c) => (
                    <tr key={c.id}>
                      <td data-label="Tên">
                        <Link to={`/orgs/${c.id}`}>{c.name}</Link>
                      </td>
                      <td data-label="Loại">{ORG_KIND_LABELS[c.kind]}</td>
                      <td data-label="Quy mô" className="num">
                        {isCellKind(c.kind) ? `${c.memberCount} đảng viên` : `${c.childCount} tổ chức`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty card">
              Chưa có tổ chức trực thuộc.{may.addChild ? ' Bấm "Thêm tổ chức trực thuộc" để tạo chi bộ hoặc đảng bộ cơ sở.' : ''}
            </p>
          )}
        </section>
      ) : null}
    </div>
  )
}
