// /orgs/:id/criticism — the cell's register of self-criticism and criticism (sổ theo dõi): filters by
// status, group, form, member and year; and the annual-review view "items of đ/c X in year Y" with
// what was done about each ("kết quả khắc phục"), printable for the year-end review. For the cell's
// bí thư, phó bí thư, chi ủy viên and inspectors of the subtree; anyone else gets a 404.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import {
  CRITICISM_CATEGORIES,
  CRITICISM_CATEGORY_LABELS,
  CRITICISM_KINDS,
  CRITICISM_KIND_LABELS,
  CRITICISM_OUTCOME_LABELS,
  CRITICISM_STATUSES,
  CRITICISM_STATUS_LABELS,
  type CriticismCategory,
  type CriticismKind,
  type CriticismStatus,
} from '~/domain/constants'
import { formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { listCellCriticism, memberCriticism, type CellCriticismFilters } from '~/models/criticism.server'
import { cellMemberOptions } from '~/models/meetings.server'
import { todayIso } from '~/models/members.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sổ phê bình, tự phê bình — ${data?.cell.name ?? ''} — Sổ chi bộ` }]

const STATUS_FILTERS = ['unresolved', 'overdue', ...CRITICISM_STATUSES] as const
type StatusFilter = (typeof STATUS_FILTERS)[number]
const STATUS_FILTER_LABELS: Record<StatusFilter, string> = { unresolved: 'Chưa khắc phục xong', overdue: 'Quá hạn khắc phục', ...CRITICISM_STATUS_LABELS }

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const url = new URL(request.url)
  const thisYear = Number(todayIso().slice(0, 4))
  const yearParam = url.searchParams.get('year')
  const yearNum = Number(yearParam)
  const year = yearParam && Number.isInteger(yearNum) && yearNum >= 2000 && yearNum <= 2100 ? yearNum : undefined
  const filters: CellCriticismFilters = {
    status: pick(url.searchParams.get('status'), STATUS_FILTERS),
    category: pick<CriticismCategory>(url.searchParams.get('category'), CRITICISM_CATEGORIES),
    kind: pick<CriticismKind>(url.searchParams.get('kind'), CRITICISM_KINDS),
    memberId: url.searchParams.get('member') || undefined,
    year,
  }
  const register = listCellCriticism(db, actor, params.orgId!, filters)
  const memberChoices = new Map(cellMemberOptions(db, register.cell.id).map((m) => [m.id, m.fullName]))
  for (const i of register.items) if (i.subjectMemberId && !memberChoices.has(i.subjectMemberId)) memberChoices.set(i.subjectMemberId, i.subjectName.replace(/^Đ\/c /, ''))

  // The annual review of one member: ?view=review&member=…&year=…
  const wantsReview = url.searchParams.get('view') === 'review'
  const reviewMember = wantsReview ? url.searchParams.get('member') : null
  const reviewYear = year ?? thisYear
  const found = reviewMember ? memberCriticism(db, actor, reviewMember, reviewYear) : null
  const review = found && found.member.cellId === register.cell.id ? found : null
  return {
    cell: { id: register.cell.id, name: register.cell.name },
    canWrite: register.canWrite,
    filter: {
      status: filters.status ?? '',
      category: filters.category ?? '',
      kind: filters.kind ?? '',
      member: filters.memberId ?? '',
      year: year ? String(year) : '',
    },
    reviewNeedsMember: wantsReview && !reviewMember,
    thisYear,
    counts: register.counts,
    members: [...memberChoices].map(([id, fullName]) => ({ id, fullName })),
    items: register.items.map((i) => ({
      id: i.id,
      meetingId: i.meetingId,
      meetingStartsAt: i.meetingStartsAt,
      subjectName: i.subjectName,
      kind: i.kind,
      category: i.category,
      description: i.description,
      dueOn: i.dueOn,
      status: i.status,
      overdue: i.overdue,
      outcome: i.outcome,
      lastFollowUp: i.lastFollowUp ? { on: i.lastFollowUp.on, note: i.lastFollowUp.note } : null,
    })),
    review: review
      ? {
          member: review.member,
          year: reviewYear,
          items: review.items.map((i) => ({
            id: i.id,
            meetingStartsAt: i.meetingStartsAt,
            carriedOver: i.carriedOver,
            kind: i.kind,
            category: i.category,
            description: i.description,
            remedy: i.remedy,
            dueOn: i.dueOn,
            status: i.status,
            overdue: i.overdue,
            outcome: i.outcome,
            followUps: i.followUps.map((f) => ({ id: f.id, on: f.on, note: f.note })),
          })),
        }
      : null,
  }
}

function statusTone(s: CriticismStatus): string {
  return { open: 'badge--warn', in_progress: 'badge--info', resolved: 'badge--info', verified: 'badge--ok', referred: 'badge--danger' }[s]
}

function StatusBadges({ status, overdue }: { status: CriticismStatus; overdue: boolean }) {
  return (
    <>
      <span className={`badge ${statusTone(status)}`}>{CRITICISM_STATUS_LABELS[status]}</span>
      {overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
    </>
  )
}

export default function CellCriticismPage() {
  const { cell, filter, thisYear, counts, members, items, review, reviewNeedsMember } = useLoaderData<typeof loader>()
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i)
  const filtered = Boolean(filter.status || filter.category || filter.kind || filter.member || filter.year)
  const unresolved = (counts.open ?? 0) + (counts.in_progress ?? 0) + (counts.resolved ?? 0)
  return (
    <div className="stack crit-page">
      <p className="breadcrumb no-print">
        <Link to={`/orgs/${cell.id}`}>{cell.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Sổ phê bình, tự phê bình — {cell.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {unresolved} nội dung chưa khắc phục xong · {counts.verified ?? 0} đã xác nhận · {counts.referred ?? 0} chuyển kiểm tra
          </p>
        </div>
      </div>
      <div className="alert alert--info crit-private no-print">
        <p>Nội dung mật: chỉ Bí thư, Phó Bí thư, chi ủy viên chi bộ và cơ quan kiểm tra có thẩm quyền xem được sổ này.</p>
      </div>

      {reviewNeedsMember ? (
        <div className="alert alert--warning" role="alert">
          <p>Để tổng hợp kiểm điểm năm, hãy chọn một đồng chí ở ô &quot;Đồng chí&quot; rồi bấm lại &quot;Tổng hợp kiểm điểm năm&quot;.</p>
        </div>
      ) : null}
      {review ? (
        <section className="card crit-review" aria-labelledby="review-title">
          <div className="spread">
            <h2 id="review-title">
              Kiểm điểm năm {review.year}: đồng chí {review.member.fullName}
            </h2>
            <Link className="button no-print" to={`?${new URLSearchParams({ ...(filter.year ? { year: filter.year } : {}) })}`}>
              Đóng bảng tổng hợp
            </Link>
          </div>
          <p className="muted">Hạn chế, khuyết điểm được chỉ ra trong năm (và những nội dung năm trước chưa khắc phục xong), cùng kết quả khắc phục.</p>
          {review.items.length ? (
            <div className="table-wrap responsive">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Ngày nêu</th>
                    <th scope="col">Hình thức, nhóm</th>
                    <th scope="col">Hạn chế, khuyết điểm</th>
                    <th scope="col">Biện pháp, thời hạn</th>
                    <th scope="col">Kết quả khắc phục</th>
                    <th scope="col">Trạng thái, xử lý</th>
                  </tr>
                </thead>
                <tbody>
                  {review.items.map((i) => (
                    <tr key={i.id}>
                      <td data-label="Ngày nêu">
                        {formatUiDateShort(i.meetingStartsAt)}
                        {i.carriedOver ? <span className="badge">Từ năm trước</span> : null}
                      </td>
                      <td data-label="Hình thức, nhóm">
                        {CRITICISM_KIND_LABELS[i.kind]}; {i.category}. {CRITICISM_CATEGORY_LABELS[i.category]}
                      </td>
                      <td data-label="Hạn chế, khuyết điểm" className="crit-text">
                        <Link to={`/criticism/${i.id}`}>{i.description}</Link>
                      </td>
                      <td data-label="Biện pháp, thời hạn" className="crit-text">
                        {i.remedy ?? '—'}
                        {i.dueOn ? ` (hạn ${formatUiDateShort(i.dueOn)})` : ''}
                      </td>
                      <td data-label="Kết quả khắc phục" className="crit-text">
                        {i.followUps.length ? (
                          <ul className="crit-followups crit-followups--compact">
                            {i.followUps.map((f) => (
                              <li key={f.id}>
                                {formatUiDateShort(f.on)}: {f.note}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          'Chưa có kết quả'
                        )}
                      </td>
                      <td data-label="Trạng thái, xử lý">
                        <StatusBadges status={i.status} overdue={i.overdue} />
                        {i.outcome ? <div>Xử lý: {CRITICISM_OUTCOME_LABELS[i.outcome]}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty">Năm {review.year} đồng chí không có hạn chế, khuyết điểm nào được ghi trong sổ.</p>
          )}
        </section>
      ) : null}

      <Form method="get" className="card row no-print" role="search" aria-label="Lọc sổ phê bình, tự phê bình">
        <div className="field" style={{ flex: '1 1 180px' }}>
          <label htmlFor="f-status">Trạng thái</label>
          <select id="f-status" name="status" defaultValue={filter.status}>
            <option value="">Tất cả</option>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {STATUS_FILTER_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 200px' }}>
          <label htmlFor="f-category">Nhóm</label>
          <select id="f-category" name="category" defaultValue={filter.category}>
            <option value="">Tất cả</option>
            {CRITICISM_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}. {CRITICISM_CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 180px' }}>
          <label htmlFor="f-kind">Hình thức</label>
          <select id="f-kind" name="kind" defaultValue={filter.kind}>
            <option value="">Tất cả</option>
            {CRITICISM_KINDS.map((k) => (
              <option key={k} value={k}>
                {CRITICISM_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 200px' }}>
          <label htmlFor="f-member">Đồng chí</label>
          <select id="f-member" name="member" defaultValue={filter.member}>
            <option value="">Tất cả</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.fullName}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '0 1 130px' }}>
          <label htmlFor="f-year">Năm</label>
          <select id="f-year" name="year" defaultValue={filter.year || 'all'}>
            <option value="all">Tất cả</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" style={{ alignSelf: 'flex-end' }}>
          Lọc
        </button>
        <button type="submit" name="view" value="review" className="button" style={{ alignSelf: 'flex-end' }}>
          Tổng hợp kiểm điểm năm
        </button>
      </Form>
      <p className="muted small no-print">
        &quot;Tổng hợp kiểm điểm năm&quot;: chọn một đồng chí và một năm (mặc định năm {thisYear}) để xem các hạn chế, khuyết điểm và kết quả khắc phục, dùng khi
        kiểm điểm, đánh giá, xếp loại cuối năm.
      </p>

      <p className="muted" aria-live="polite">
        {items.length} nội dung{filtered ? ' khớp điều kiện lọc' : ''}
      </p>
      {items.length ? (
        <div className="table-wrap responsive">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Ngày nêu</th>
                <th scope="col">Đồng chí / tập thể</th>
                <th scope="col">Hình thức</th>
                <th scope="col">Nhóm</th>
                <th scope="col">Hạn chế, khuyết điểm</th>
                <th scope="col">Thời hạn</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Kết quả gần nhất</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td data-label="Ngày nêu">
                    <Link to={`/meetings/${i.meetingId}/criticism`}>{formatUiDateShort(i.meetingStartsAt)}</Link>
                  </td>
                  <td data-label="Đồng chí / tập thể">{i.subjectName}</td>
                  <td data-label="Hình thức">{CRITICISM_KIND_LABELS[i.kind]}</td>
                  <td data-label="Nhóm">
                    <abbr title={CRITICISM_CATEGORY_LABELS[i.category]}>{i.category}</abbr>
                  </td>
                  <td data-label="Hạn chế, khuyết điểm" className="crit-text">
                    <Link to={`/criticism/${i.id}`}>{i.description.length > 140 ? `${i.description.slice(0, 140)}…` : i.description}</Link>
                  </td>
                  <td data-label="Thời hạn">{i.dueOn ? formatUiDateShort(i.dueOn) : '—'}</td>
                  <td data-label="Trạng thái">
                    <StatusBadges status={i.status} overdue={i.overdue} />
                    {i.outcome ? <div className="small">Xử lý: {CRITICISM_OUTCOME_LABELS[i.outcome]}</div> : null}
                  </td>
                  <td data-label="Kết quả gần nhất" className="crit-text small">
                    {i.lastFollowUp ? `${formatUiDateShort(i.lastFollowUp.on)}: ${i.lastFollowUp.note}` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty">
          {filtered ? (
            <p>Không có nội dung nào khớp điều kiện lọc. Hãy bỏ bớt điều kiện.</p>
          ) : (
            <p>Sổ chưa có nội dung phê bình, tự phê bình nào. Nội dung được ghi từ trang &quot;Phê bình, tự phê bình&quot; của từng buổi sinh hoạt.</p>
          )}
        </div>
      )}
    </div>
  )
}
