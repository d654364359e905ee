import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { MEMBER_POSITION_LABELS, MEMBER_STATUS_LABELS, ORG_KIND_LABELS } from '~/domain/constants'
import { MEMBER_STANDING_LABELS } from '~/domain/members'
import { formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { adminHome, cellHome, inspectorHome, memberHome } from '~/models/home.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Trang chủ — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const managed = actor.grants.filter((g) => g.role === 'secretary' || g.role === 'deputy' || g.role === 'committee')
  const inspected = actor.grants.filter((g) => g.role === 'inspector')
  const administered = actor.grants.filter((g) => g.role === 'admin')
  return {
    displayName: actor.displayName,
    cells: managed.map((g) => ({ role: g.role, canManage: g.role !== 'committee', ...cellHome(db, actor, g.orgId) })),
    inspections: inspected.map((g) => inspectorHome(db, actor, g.orgId)),
    administered: administered.map((g) => ({ orgId: g.orgId })),
    member: memberHome(db, actor),
    system: actor.isSystemAdmin ? adminHome(db) : null,
  }
}

export default function Home() {
  const data = useLoaderData<typeof loader>()
  const nothing = !data.cells.length && !data.inspections.length && !data.member && !data.system && !data.administered.length
  return (
    <div className="stack">
      <h1>Chào đồng chí {data.displayName}</h1>
      {nothing ? (
        <div className="alert alert--info">
          <p>Tài khoản của đồng chí chưa được giao vai trò nào. Hãy liên hệ bí thư chi bộ hoặc quản trị viên để được cấp quyền.</p>
        </div>
      ) : null}

      {data.cells.map((c) => (
        <section key={c.cell.id} className="card" aria-labelledby={`cell-${c.cell.id}`}>
          <div className="spread">
            <h2 id={`cell-${c.cell.id}`}>Việc cần làm — {c.cell.name}</h2>
            <div className="row no-print">
              <Link className="button" to={`/orgs/${c.cell.id}/members`}>
                Danh sách đảng viên
              </Link>
              {c.canManage ? (
                <Link className="button" to={`/orgs/${c.cell.id}/members/import`}>
                  Nhập danh sách từ tệp
                </Link>
              ) : null}
            </div>
          </div>
          {c.warnings.length ? (
            <div className="alert alert--warning" role="status">
              <ul>
                {c.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted">Không có cảnh báo nào về tổ chức chi bộ.</p>
          )}
          <div className="stats" aria-label="Số lượng đảng viên">
            <div>
              <div className="stat">{c.counts.total}</div>
              <div className="stat-label">đảng viên</div>
            </div>
            <div>
              <div className="stat">{c.counts.official}</div>
              <div className="stat-label">chính thức</div>
            </div>
            <div>
              <div className="stat">{c.counts.probationary}</div>
              <div className="stat-label">dự bị</div>
            </div>
            <div>
              <div className="stat">{c.counts.exempt}</div>
              <div className="stat-label">miễn sinh hoạt</div>
            </div>
            <div>
              <div className="stat">{c.counts.elsewhere}</div>
              <div className="stat-label">sinh hoạt tạm thời nơi khác</div>
            </div>
          </div>
          <div className="grid" style={{ marginTop: '1rem' }}>
            <div>
              <h3>Cấp ủy, bí thư</h3>
              {c.committee.length ? (
                <ul>
                  {c.committee.map((m) => (
                    <li key={m.id}>
                      <Link to={`/members/${m.id}`}>{m.fullName}</Link> — {MEMBER_POSITION_LABELS[m.position]}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Chưa ghi nhận bí thư, chi ủy viên trong danh sách.</p>
              )}
            </div>
            <div>
              <h3>Đảng viên dự bị</h3>
              {c.probationDue.length ? (
                <ul>
                  {c.probationDue.map((p) => (
                    <li key={p.id}>
                      <Link to={`/members/${p.id}`}>{p.fullName}</Link>
                      {p.endsOn ? ` — hết 12 tháng dự bị ngày ${formatUiDateShort(p.endsOn)}` : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Chi bộ không có đảng viên dự bị.</p>
              )}
            </div>
          </div>
        </section>
      ))}

      {data.member ? (
        <section className="card" aria-labelledby="me-title">
          <h2 id="me-title">Thông tin của tôi</h2>
          <dl className="details">
            <dt>Chi bộ</dt>
            <dd>{data.member.cell.name}</dd>
            <dt>Đảng viên</dt>
            <dd>
              {MEMBER_STATUS_LABELS[data.member.me.status]}
              {data.member.me.position !== 'member' ? ` — ${MEMBER_POSITION_LABELS[data.member.me.position]}` : ''}
            </dd>
            <dt>Ngày vào Đảng</dt>
            <dd>{data.member.me.joinedOn ? formatUiDateShort(data.member.me.joinedOn) : '—'}</dd>
            {data.member.me.officialOn ? (
              <>
                <dt>Ngày chính thức</dt>
                <dd>{formatUiDateShort(data.member.me.officialOn)}</dd>
              </>
            ) : null}
            <dt>Tình trạng</dt>
            <dd>{MEMBER_STANDING_LABELS[data.member.me.standing]}</dd>
            {data.member.secretary ? (
              <>
                <dt>Bí thư chi bộ</dt>
                <dd>Đ/c {data.member.secretary}</dd>
              </>
            ) : null}
          </dl>
          <p style={{ marginTop: '1rem' }}>
            <Link to={`/members/${data.member.me.id}`}>Xem hồ sơ của tôi</Link>
          </p>
        </section>
      ) : null}

      {data.inspections.map((i) => (
        <section key={i.org.id} className="card" aria-labelledby={`insp-${i.org.id}`}>
          <div className="spread">
            <h2 id={`insp-${i.org.id}`}>Phạm vi kiểm tra — {i.org.name}</h2>
            <Link className="button" to={`/orgs/${i.org.id}`}>
              Xem cây tổ chức
            </Link>
          </div>
          <div className="stats">
            <div>
              <div className="stat">{i.stats.grassroots}</div>
              <div className="stat-label">tổ chức cơ sở đảng</div>
            </div>
            <div>
              <div className="stat">{i.stats.cells}</div>
              <div className="stat-label">chi bộ</div>
            </div>
            <div>
              <div className="stat">{i.stats.members}</div>
              <div className="stat-label">đảng viên</div>
            </div>
            <div>
              <div className="stat">{i.stats.probationary}</div>
              <div className="stat-label">đảng viên dự bị</div>
            </div>
          </div>
          <div className="table-wrap responsive" style={{ marginTop: '1rem' }}>
            <table className="table">
              <caption className="muted" style={{ textAlign: 'left', padding: '0.5rem 0.7rem' }}>
                Tổ chức trực thuộc
              </caption>
              <thead>
                <tr>
                  <th scope="col">Tổ chức</th>
                  <th scope="col">Loại</th>
                  <th scope="col" className="num">
                    Đảng viên
                  </th>
                </tr>
              </thead>
              <tbody>
                {i.children.map((o) => (
                  <tr key={o.id}>
                    <td data-label="Tổ chức">
                      <Link to={`/orgs/${o.id}`}>{o.name}</Link>
                    </td>
                    <td data-label="Loại">{ORG_KIND_LABELS[o.kind]}</td>
                    <td data-label="Đảng viên" className="num">
                      {o.kind === 'grassroots' || o.kind === 'upper' ? `${o.childCount} chi bộ` : o.memberCount}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {data.administered.length ? (
        <section className="card">
          <h2>Quản trị tổ chức</h2>
          <div className="row">
            <Link className="button" to="/orgs">
              Cây tổ chức
            </Link>
            <Link className="button" to="/admin/users">
              Người dùng và phân quyền
            </Link>
          </div>
        </section>
      ) : null}

      {data.system ? (
        <section className="card" aria-labelledby="sys-title">
          <h2 id="sys-title">Quản trị hệ thống</h2>
          <div className="stats">
            <div>
              <div className="stat">{data.system.totals.orgs}</div>
              <div className="stat-label">tổ chức đảng</div>
            </div>
            <div>
              <div className="stat">{data.system.totals.members}</div>
              <div className="stat-label">đảng viên</div>
            </div>
            <div>
              <div className="stat">{data.system.totals.users}</div>
              <div className="stat-label">tài khoản</div>
            </div>
          </div>
          <h3 style={{ marginTop: '1rem' }}>Tổ chức cấp cao nhất</h3>
          <ul>
            {data.system.roots.map((r) => (
              <li key={r.id}>
                <Link to={`/orgs/${r.id}`}>{r.name}</Link>
              </li>
            ))}
          </ul>
          <div className="row">
            <Link className="button" to="/orgs">
              Cây tổ chức
            </Link>
            <Link className="button" to="/admin/users">
              Người dùng và phân quyền
            </Link>
          </div>
        </section>
      ) : null}
    </div>
  )
}
