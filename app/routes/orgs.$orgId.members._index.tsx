import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/forms'
import { MEMBER_POSITION_LABELS, MEMBER_STATUS_LABELS } from '~/domain/constants'
import { MEMBER_STANDING_LABELS, type MemberStanding } from '~/domain/constants'
import { can } from '~/domain/permissions'
import { formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { listMembers, todayIso } from '~/models/members.server'
import { absenceStatus, unexcusedCounts } from '~/models/quality.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Đảng viên — ${data?.cell.name ?? ''} — Sổ chi bộ` }]

const STANDINGS = Object.keys(MEMBER_STANDING_LABELS) as MemberStanding[]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.slice(0, 100) ?? ''
  const statusParam = url.searchParams.get('status')
  const standingParam = url.searchParams.get('standing')
  const status = statusParam === 'official' || statusParam === 'probationary' ? statusParam : undefined
  const standing = STANDINGS.includes(standingParam as MemberStanding) ? (standingParam as MemberStanding) : undefined
  const includeEnded = url.searchParams.get('ended') === '1' || standing === 'ended'
  const page = Number(url.searchParams.get('page') ?? 1) || 1
  const db = getDb()
  const result = listMembers(db, actor, params.orgId!, { q, status, standing, includeEnded, page })
  const year = Number(todayIso().slice(0, 4))
  const absences = unexcusedCounts(db, result.cell.id, year)
  return {
    year,
    cell: { id: result.cell.id, name: result.cell.name },
    filter: { q, status: status ?? '', standing: standing ?? '', includeEnded },
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    members: result.members.map((m) => ({
      id: m.id,
      fullName: m.fullName,
      birthDate: m.birthDate,
      status: m.status,
      position: m.position,
      standing: m.standing,
      cardNumber: m.cardNumber,
      joinedOn: m.joinedOn,
      absence: absenceStatus(absences.get(m.id) ?? 0),
    })),
    canManage: can(actor, 'member:manage', { orgPath: result.cell.path }),
  }
}

function standingBadge(s: MemberStanding) {
  const cls = s === 'active' ? 'badge--ok' : s === 'ended' || s === 'suspended' ? 'badge--danger' : 'badge--warn'
  return <span className={`badge ${cls}`}>{MEMBER_STANDING_LABELS[s]}</span>
}

export default function MemberList() {
  const { cell, filter, members, total, page, pageSize, canManage, year } = useLoaderData<typeof loader>()
  const qs = (p: number) => {
    const params = new URLSearchParams()
    if (filter.q) params.set('q', filter.q)
    if (filter.status) params.set('status', filter.status)
    if (filter.standing) params.set('standing', filter.standing)
    if (filter.includeEnded) params.set('ended', '1')
    params.set('page', String(p))
    return `?${params}`
  }
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}`}>{cell.name}</Link>
      </p>
      <div className="page-head">
        <h1>Đảng viên — {cell.name}</h1>
        <div className="row">
          {canManage ? (
            <>
              <Link className="button button--primary" to={`/orgs/${cell.id}/members/new`}>
                Thêm đảng viên
              </Link>
              <Link className="button" to={`/orgs/${cell.id}/members/import`}>
                Nhập từ tệp CSV/Excel
              </Link>
            </>
          ) : null}
          <a className="button" href={`/orgs/${cell.id}/members.csv`} download>
            Xuất CSV
          </a>
          <a className="button" href={`/orgs/${cell.id}/members.xlsx`} download>
            Xuất Excel
          </a>
        </div>
      </div>
      <Form method="get" className="card row" role="search" aria-label="Tìm đảng viên">
        <div className="field" style={{ flex: '2 1 220px' }}>
          <label htmlFor="q">Tìm theo tên hoặc số thẻ</label>
          <input id="q" name="q" type="search" defaultValue={filter.q} placeholder="Ví dụ: nguyen van hung" />
        </div>
        <div className="field" style={{ flex: '1 1 160px' }}>
          <label htmlFor="status">Loại đảng viên</label>
          <select id="status" name="status" defaultValue={filter.status}>
            <option value="">Tất cả</option>
            <option value="official">Chính thức</option>
            <option value="probationary">Dự bị</option>
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 200px' }}>
          <label htmlFor="standing">Tình trạng</label>
          <select id="standing" name="standing" defaultValue={filter.standing}>
            <option value="">Tất cả</option>
            {STANDINGS.map((s) => (
              <option key={s} value={s}>
                {MEMBER_STANDING_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="ended" value="1" defaultChecked={filter.includeEnded} /> Gồm cả đồng chí đã thôi sinh hoạt
        </label>
        <button type="submit" className="button">
          Lọc
        </button>
      </Form>
      <p className="muted" aria-live="polite">
        {total} đồng chí
      </p>
      {members.length === 0 ? (
        <div className="card empty">
          {filter.q || filter.status || filter.standing ? (
            <p>Không có đảng viên nào khớp điều kiện lọc. Hãy bỏ bớt điều kiện.</p>
          ) : (
            <p>
              Chi bộ chưa có đảng viên nào.{' '}
              {canManage ? (
                <>
                  Hãy <Link to={`/orgs/${cell.id}/members/new`}>thêm từng đồng chí</Link> hoặc{' '}
                  <Link to={`/orgs/${cell.id}/members/import`}>nhập danh sách từ tệp CSV/Excel</Link>.
                </>
              ) : null}
            </p>
          )}
        </div>
      ) : (
        <div className="table-wrap responsive">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Họ và tên</th>
                <th scope="col">Ngày sinh</th>
                <th scope="col">Đảng viên</th>
                <th scope="col">Chức vụ</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Số thẻ</th>
                <th scope="col">Vắng không lý do ({year})</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td data-label="Họ và tên">
                    <Link to={`/members/${m.id}`}>{m.fullName}</Link>
                  </td>
                  <td data-label="Ngày sinh">{m.birthDate ? formatUiDateShort(m.birthDate) : '—'}</td>
                  <td data-label="Đảng viên">{MEMBER_STATUS_LABELS[m.status]}</td>
                  <td data-label="Chức vụ">{m.position === 'member' ? '' : MEMBER_POSITION_LABELS[m.position]}</td>
                  <td data-label="Tình trạng">{standingBadge(m.standing)}</td>
                  <td data-label="Số thẻ">{m.cardNumber ?? '—'}</td>
                  <td data-label={`Vắng không lý do (${year})`}>
                    {m.absence.count === 0 ? (
                      '0'
                    ) : (
                      <span className={`badge ${m.absence.flag === 'flag' ? 'badge--danger' : m.absence.flag === 'warning' ? 'badge--warn' : ''}`} title={m.absence.label ?? undefined}>
                        {m.absence.count} lần{m.absence.flag === 'flag' ? ' ⚑' : m.absence.flag === 'warning' ? ' !' : ''}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} makeHref={qs} />
    </div>
  )
}
