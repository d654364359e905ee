import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CONTRIBUTION_STATUS_LABELS, MEMBER_POSITION_LABELS, MEMBER_STATUS_LABELS, ORG_KIND_LABELS, TASK_STATUS_LABELS } from '~/domain/constants'
import { YearStrip } from '~/components/year-strip'
import { MEMBER_STANDING_LABELS } from '~/domain/constants'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { adminHome, cellHome, cellWork, inspectorHome, memberHome, memberWork } from '~/models/home.server'
import { cellRemarksSummary } from '~/models/remarks.server'
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
    cells: managed.map((g) => ({ role: g.role, canManage: g.role !== 'committee', ...cellHome(db, actor, g.orgId), work: cellWork(db, actor, g.orgId), remarks: cellRemarksSummary(db, actor, g.orgId) })),
    inspections: inspected.map((g) => inspectorHome(db, actor, g.orgId)),
    administered: administered.map((g) => ({ orgId: g.orgId })),
    member: (() => {
      const home = memberHome(db, actor)
      return home ? { ...home, work: memberWork(db, actor, home.cell.id) } : null
    })(),
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
          {c.remarks ? <UpperRemarks cellId={c.cell.id} remarks={c.remarks} /> : null}
          <CellWork cellId={c.cell.id} work={c.work} canManage={c.canManage} />
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

      {data.member ? <MemberWork cellId={data.member.cell.id} work={data.member.work} /> : null}

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
            <div className="row">
              <Link className="button button--primary" to={`/inspect/${i.org.id}`}>
                Tình hình sinh hoạt
              </Link>
              <Link className="button" to={`/orgs/${i.org.id}`}>
                Xem cây tổ chức
              </Link>
            </div>
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

type HomeData = ReturnType<typeof useLoaderData<typeof loader>>
type Work = HomeData['cells'][number]['work']
type MWork = NonNullable<HomeData['member']>['work']

function when(iso: string) {
  return `${formatUiDate(iso)} lúc ${formatTime(iso)}`
}

function CellWork({ cellId, work, canManage }: { cellId: string; work: Work; canManage: boolean }) {
  return (
    <div className="stack">
      {work.toSign.length ? (
        <div className="alert alert--warning" role="status">
          <p>
            <strong>Biên bản chờ ký</strong>
          </p>
          <ul>
            {work.toSign.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}/minutes`}>{m.title}</Link> — chờ {m.waitingFor.map((r) => (r === 'chair' ? 'chủ trì' : 'thư ký')).join(' và ')} ký
                {m.mine ? (
                  <>
                    {' '}
                    <Link className="button button--small button--primary" to={`/meetings/${m.id}/minutes`}>
                      Ký
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {work.nextMeetings.length ? (
        <div>
          <h3>Buổi sinh hoạt sắp tới</h3>
          <ul className="work-list">
            {work.nextMeetings.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`}>
                  <strong>{m.title}</strong>
                </Link>
                <div>
                  {when(m.startsAt)}
                  {m.daysLeft > 0 ? ` · còn ${m.daysLeft} ngày` : ' · hôm nay'}
                  {m.place ? ` · ${m.place}` : ''}
                </div>
                <div className="row">
                  <span className={`badge ${m.agenda.key === 'sent' ? 'badge--ok' : m.deadlinePassed ? 'badge--danger' : 'badge--warn'}`}>{m.agenda.label}</span>
                  {m.agenda.key !== 'sent' && m.agenda.key !== 'cancelled' ? (
                    <span className="small">
                      Hạn gửi: {formatUiDate(m.deadline)}
                      {m.deadlinePassed ? ' (đã quá hạn)' : ''}
                    </span>
                  ) : null}
                  {canManage && m.agenda.key !== 'cancelled' ? (
                    <Link className="button button--small" to={`/meetings/${m.id}/agenda`}>
                      Soạn chương trình
                    </Link>
                  ) : null}
                  {m.daysLeft <= 0 && m.status !== 'cancelled' ? (
                    <Link className="button button--small" to={`/meetings/${m.id}/record`}>
                      Ghi biên bản
                    </Link>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">
          Chưa có buổi sinh hoạt nào sắp tới. <Link to={`/orgs/${cellId}/plan`}>Lập kế hoạch sinh hoạt</Link>.
        </p>
      )}
      {work.late.length ? (
        <div className="alert alert--error" role="status">
          <p>
            <strong>Buổi sinh hoạt chưa có biên bản ký sau {work.settings.minutesSignDays} ngày</strong>
          </p>
          <ul>
            {work.late.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`}>{m.title}</Link> ({formatUiDateShort(m.startsAt)}) — {m.statusLabel}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {work.plan.warnings.length ? (
        <div className="alert alert--warning" role="status">
          <p>
            <strong>Cảnh báo kế hoạch năm {work.plan.year}</strong>
          </p>
          <ul>
            {work.plan.warnings.slice(0, 6).map((w) => (
              <li key={`${w.code}-${w.month ?? ''}-${w.quarter ?? ''}-${w.meetingId ?? ''}`}>{w.message}</li>
            ))}
          </ul>
          <p>
            <Link to={`/orgs/${cellId}/plan?year=${work.plan.year}`}>Mở kế hoạch sinh hoạt để xử lý</Link>
          </p>
        </div>
      ) : null}
      {work.absences.length ? (
        <div className="alert alert--warning" role="status">
          <p>
            <strong>Vắng sinh hoạt không lý do năm {work.plan.year}</strong> (ứng dụng chỉ nhắc, không tự quyết định)
          </p>
          <ul>
            {work.absences.map((a) => (
              <li key={a.memberId}>
                <Link to={`/members/${a.memberId}`}>{a.fullName}</Link>: {a.count} lần{a.label ? ` — ${a.label}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {work.overdueTaskCount ? (
        <p>
          <span className="badge badge--danger">Quá hạn</span> {work.overdueTaskCount} nhiệm vụ quá hạn —{' '}
          <Link to={`/orgs/${cellId}/tasks?status=overdue`}>xem danh sách</Link>
        </p>
      ) : null}
      {work.criticism ? (
        <p>
          <Link to={`/orgs/${cellId}/criticism`}>Sổ phê bình, tự phê bình</Link>: {work.criticism.unresolved} nội dung đang theo dõi khắc phục
          {work.criticism.overdue ? `, ${work.criticism.overdue} quá hạn` : ''}.
        </p>
      ) : null}
      <div>
        <h3>Kế hoạch năm {work.plan.year}</h3>
        <YearStrip year={work.plan.year} months={work.plan.months} today={work.plan.today} monthHref={(m) => `/orgs/${cellId}/plan?view=calendar&month=${m}`} />
      </div>
    </div>
  )
}

function MemberWork({ cellId, work }: { cellId: string; work: MWork }) {
  return (
    <>
      <section className="card member-next" aria-labelledby="next-title">
        <h2 id="next-title">Buổi sinh hoạt tới</h2>
        {work.next.length ? (
          work.next.map((m) => (
            <div key={m.id} className="stack">
              <p>
                <Link to={`/meetings/${m.id}`}>
                  <strong>{m.title}</strong>
                </Link>
                <br />
                {when(m.startsAt)}
                {m.place ? ` · ${m.place}` : ''}
              </p>
              <div className="row">
                <Link className="button button--primary" to={`/meetings/${m.id}`}>
                  {m.published ? 'Đọc chương trình và tài liệu' : 'Xem buổi sinh hoạt'}
                </Link>
                <a className="button" href={`/meetings/${m.id}.ics`} download>
                  Thêm vào lịch
                </a>
              </div>
            </div>
          ))
        ) : (
          <p className="muted">Chi bộ chưa có buổi sinh hoạt nào sắp tới.</p>
        )}
      </section>
      {work.openForContributions.length || work.contributions.length ? (
        <section className="card" aria-labelledby="contrib-home-title">
          <h2 id="contrib-home-title">Ý kiến đóng góp của tôi</h2>
          {work.openForContributions.map((m) => (
            <p key={m.id}>
              <Link className="button" to={`/meetings/${m.id}/contribute`}>
                Viết ý kiến cho: {m.title}
              </Link>
            </p>
          ))}
          {work.contributions.length ? (
            <ul>
              {work.contributions.map((c) => (
                <li key={c.id}>
                  {c.title} — <span className="badge">{CONTRIBUTION_STATUS_LABELS[c.status]}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <Link to="/my/contributions">Xem tất cả</Link>
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="my-tasks-title">
        <div className="spread">
          <h2 id="my-tasks-title">Nhiệm vụ của tôi</h2>
          <Link to={`/orgs/${cellId}/tasks`}>Nhiệm vụ của chi bộ</Link>
        </div>
        {work.tasks.length === 0 ? (
          <p className="muted">Đồng chí chưa được giao nhiệm vụ nào.</p>
        ) : (
          <ul>
            {work.tasks.map((t) => (
              <li key={t.id}>
                <Link to={`/tasks/${t.id}`}>{t.text}</Link>
                <div className="small muted">
                  {t.dueOn ? `Hạn ${formatUiDateShort(t.dueOn)} · ` : ''}
                  {TASK_STATUS_LABELS[t.status]}
                  {t.overdue ? <strong className="text-danger"> · Quá hạn</strong> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {work.criticism.unresolved > 0 ? (
        <section className="card" aria-labelledby="my-crit-title">
          <h2 id="my-crit-title">Phê bình, tự phê bình của tôi</h2>
          <p>
            {work.criticism.unresolved} nội dung đang theo dõi khắc phục{work.criticism.overdue ? `, ${work.criticism.overdue} quá hạn` : ''}.{' '}
            <Link to="/my/criticism">Xem (chỉ đồng chí và chi ủy xem được)</Link>
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="signed-title">
        <h2 id="signed-title">Biên bản đã ký của chi bộ</h2>
        {work.signedMinutes.length ? (
          <ul>
            {work.signedMinutes.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}/minutes`}>{m.title}</Link> ({formatUiDateShort(m.startsAt)})
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Chưa có biên bản nào được ký.</p>
        )}
      </section>
    </>
  )
}

type UpperRemarksData = NonNullable<ReturnType<typeof cellRemarksSummary>>
function UpperRemarks({ cellId, remarks }: { cellId: string; remarks: UpperRemarksData }) {
  if (remarks.openCount === 0 && remarks.answeredCount === 0) return null
  return (
    <div className={remarks.overdueCount ? 'alert alert--warning' : 'alert alert--info'} role="status">
      <p>
        <strong>Nhận xét của cấp trên</strong> — {remarks.openCount} chờ chi bộ trả lời
        {remarks.overdueCount ? `, trong đó ${remarks.overdueCount} quá hạn khắc phục` : ''}
        {remarks.answeredCount ? `; ${remarks.answeredCount} đã trả lời, chờ cấp trên xem xét` : ''}.
      </p>
      {remarks.open.length ? (
        <ul>
          {remarks.open.map((r) => (
            <li key={r.id}>
              <Link to={`/remarks/${r.id}`}>{r.subject}</Link>
              {r.dueOn ? ` — thời hạn khắc phục ${formatUiDateShort(r.dueOn)}` : ''}
              {r.overdue ? (
                <>
                  {' '}
                  <span className="badge badge--danger">Quá hạn</span>
                </>
              ) : null}
              {remarks.mayAnswer ? (
                <>
                  {' '}
                  <Link className="button button--small button--primary" to={`/remarks/${r.id}`}>
                    Trả lời
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to={`/orgs/${cellId}/remarks`}>Xem tất cả nhận xét của cấp trên</Link>
      </p>
    </div>
  )
}
