// /my/criticism — the member's own self-criticism and criticism items (private): what was pointed
// out, the agreed remedy and deadline, the status in words and what the cell recorded since.
// Only items whose subject is the signed-in member appear; nobody else's.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import {
  CRITICISM_CATEGORY_LABELS,
  CRITICISM_KIND_LABELS,
  CRITICISM_OUTCOME_LABELS,
  CRITICISM_RESPONSE_LABELS,
  CRITICISM_STATUS_LABELS,
  type CriticismStatus,
} from '~/domain/constants'
import { isUnresolved } from '~/domain/criticism'
import { formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { myCriticism } from '~/models/criticism.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Phê bình, tự phê bình của tôi — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  return {
    linked: actor.memberId !== null,
    items: myCriticism(getDb(), actor).map((i) => ({
      id: i.id,
      meetingTitle: i.meetingTitle,
      meetingStartsAt: i.meetingStartsAt,
      kind: i.kind,
      raisedByName: i.raisedByName,
      category: i.category,
      description: i.description,
      response: i.response,
      remedy: i.remedy,
      dueOn: i.dueOn,
      status: i.status,
      overdue: i.overdue,
      outcome: i.outcome,
      followUps: i.followUps.map((f) => ({ id: f.id, on: f.on, note: f.note, statusAfter: f.statusAfter })),
    })),
  }
}

function statusTone(s: CriticismStatus): string {
  return { open: 'badge--warn', in_progress: 'badge--info', resolved: 'badge--info', verified: 'badge--ok', referred: 'badge--danger' }[s]
}

export default function MyCriticismPage() {
  const { linked, items } = useLoaderData<typeof loader>()
  const pending = items.filter((i) => isUnresolved(i.status))
  const done = items.filter((i) => !isUnresolved(i.status))
  return (
    <div className="stack crit-page crit-my">
      <h1>Phê bình, tự phê bình của tôi</h1>
      <div className="alert alert--info crit-private">
        <p>Trang riêng của đồng chí: chỉ đồng chí, Bí thư, Phó Bí thư, chi ủy viên chi bộ và cơ quan kiểm tra có thẩm quyền xem được các nội dung này.</p>
      </div>
      {!linked ? (
        <div className="alert alert--info">
          <p>Tài khoản của đồng chí chưa gắn với hồ sơ đảng viên. Hãy liên hệ bí thư chi bộ hoặc quản trị viên.</p>
        </div>
      ) : null}

      {[
        { key: 'pending', title: `Đang theo dõi khắc phục (${pending.length})`, list: pending, empty: 'Đồng chí không có hạn chế, khuyết điểm nào đang theo dõi khắc phục.' },
        { key: 'done', title: `Đã kết thúc theo dõi (${done.length})`, list: done, empty: 'Chưa có nội dung nào được chi bộ xác nhận khắc phục xong hoặc chuyển cơ quan kiểm tra.' },
      ].map((group) => (
        <section key={group.key} aria-labelledby={`${group.key}-title`}>
          <h2 id={`${group.key}-title`}>{group.title}</h2>
          {group.list.length ? (
            <ul className="crit-cards">
              {group.list.map((i) => (
                <li key={i.id} className="card crit-card">
                  <p className="crit-card__meta">
                    {CRITICISM_KIND_LABELS[i.kind]} · {i.category}. {CRITICISM_CATEGORY_LABELS[i.category]}
                  </p>
                  <p className="crit-card__title crit-text">{i.description}</p>
                  <p className="row" style={{ margin: '0 0 0.6rem' }}>
                    <span className={`badge ${statusTone(i.status)}`}>Trạng thái: {CRITICISM_STATUS_LABELS[i.status]}</span>
                    {i.overdue ? <span className="badge badge--danger">Quá hạn khắc phục</span> : null}
                    {i.outcome ? <span className="badge">Xử lý: {CRITICISM_OUTCOME_LABELS[i.outcome]}</span> : null}
                  </p>
                  <dl className="details">
                    <dt>Nêu tại</dt>
                    <dd>
                      {i.meetingTitle} ({formatUiDateShort(i.meetingStartsAt)})
                    </dd>
                    {i.kind !== 'self' && i.raisedByName ? (
                      <>
                        <dt>Người/nơi nêu</dt>
                        <dd>{i.raisedByName}</dd>
                      </>
                    ) : null}
                    {i.response ? (
                      <>
                        <dt>Ý kiến của đồng chí</dt>
                        <dd>{CRITICISM_RESPONSE_LABELS[i.response]}</dd>
                      </>
                    ) : null}
                    <dt>Biện pháp khắc phục</dt>
                    <dd className="crit-text">{i.remedy ?? '—'}</dd>
                    <dt>Thời hạn</dt>
                    <dd>{i.dueOn ? formatUiDateShort(i.dueOn) : '—'}</dd>
                    {i.followUps.length ? (
                      <>
                        <dt>Kết quả theo dõi</dt>
                        <dd>
                          <ul className="crit-followups crit-followups--compact">
                            {i.followUps.map((f) => (
                              <li key={f.id}>
                                {formatUiDateShort(f.on)}: {f.note} ({CRITICISM_STATUS_LABELS[f.statusAfter]})
                              </li>
                            ))}
                          </ul>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                  <p style={{ margin: '0.6rem 0 0' }}>
                    <Link to={`/criticism/${i.id}`}>
                      Xem chi tiết<span className="sr-only"> nội dung nêu ngày {formatUiDateShort(i.meetingStartsAt)}</span>
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{group.empty}</p>
          )}
        </section>
      ))}
    </div>
  )
}
