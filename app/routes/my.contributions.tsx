// /my/contributions — the member's own contributions across meetings with their status in words,
// and the meetings of their cell that take contributions now. Only their own: nobody else's appear.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CONTRIBUTION_STATUS_LABELS, type ContributionStatus } from '~/domain/constants'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { listMyContributions, meetingsOpenForContributions } from '~/models/contributions.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Ý kiến đóng góp của tôi — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  return {
    linked: actor.memberId !== null,
    open: meetingsOpenForContributions(db, actor).map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt, place: m.place })),
    mine: listMyContributions(db, actor).map((c) => ({
      id: c.id,
      meetingId: c.meetingId,
      meetingTitle: c.meetingTitle,
      meetingStartsAt: c.meetingStartsAt,
      title: c.title,
      status: c.status,
      agendaItemTitle: c.agendaItemTitle,
      reviewNote: c.reviewNote,
      editable: c.editable,
    })),
  }
}

const TONE: Record<ContributionStatus, string> = { draft: '', submitted: ' badge--info', accepted: ' badge--ok', noted: ' badge--warn' }

export default function MyContributionsPage() {
  const { linked, open, mine } = useLoaderData<typeof loader>()
  return (
    <div className="contrib-page">
      <h1>Ý kiến đóng góp của tôi</h1>
      {!linked ? (
        <div className="alert alert--info">
          <p>Tài khoản của đồng chí chưa gắn với hồ sơ đảng viên nên chưa viết được ý kiến đóng góp. Hãy liên hệ bí thư chi bộ hoặc quản trị viên.</p>
        </div>
      ) : null}

      {open.length ? (
        <section aria-labelledby="open-title" className="contrib-section">
          <h2 id="open-title">Buổi sinh hoạt đang nhận ý kiến</h2>
          <ul className="contrib-list">
            {open.map((m) => (
              <li key={m.id} className="contrib-item">
                <p className="contrib-item__title">{m.title}</p>
                <p className="muted">
                  {formatUiDate(m.startsAt)}, {formatTime(m.startsAt)}
                  {m.place ? ` · ${m.place}` : ''}
                </p>
                <Link className="button button--primary" to={`/meetings/${m.id}/contribute`}>
                  Viết ý kiến<span className="sr-only"> cho {m.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="mine-title" className="contrib-section">
        <h2 id="mine-title">Ý kiến đã viết</h2>
        {mine.length ? (
          <ul className="contrib-list">
            {mine.map((c) => (
              <li key={c.id} className="contrib-item">
                <p className="contrib-item__title">{c.title}</p>
                <p className="muted">
                  {c.meetingTitle} — {formatUiDate(c.meetingStartsAt)}
                </p>
                <p className="contrib-item__status">
                  Trạng thái: <span className={`badge${TONE[c.status]}`}>{CONTRIBUTION_STATUS_LABELS[c.status]}</span>
                </p>
                {c.agendaItemTitle && c.status === 'accepted' ? <p>Được trình bày tại nội dung: {c.agendaItemTitle}</p> : null}
                {c.reviewNote ? <p className="contrib-note">Ghi chú của chi bộ: {c.reviewNote}</p> : null}
                <Link className="button" to={`/meetings/${c.meetingId}/contribute?id=${c.id}`}>
                  {c.editable && c.status === 'draft' ? 'Sửa' : c.editable ? 'Xem hoặc rút lại' : 'Xem'}
                  <span className="sr-only"> “{c.title}”</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            Đồng chí chưa có ý kiến đóng góp nào. Khi chi bộ nhận ý kiến cho buổi sinh hoạt chuyên đề, buổi đó hiện ở mục &quot;Buổi sinh hoạt đang nhận
            ý kiến&quot;; đồng chí cũng có thể viết từ trang của buổi sinh hoạt.
          </p>
        )}
      </section>
    </div>
  )
}
