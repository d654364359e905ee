// The meeting page: what every role sees first for a meeting. Light on purpose: the agenda's rich text
// comes as server-rendered HTML, and nothing here imports the editor or tiptap (checked after
// `remix build`: the route chunk must not contain "tiptap" or "prosemirror").
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { AgendaView, formatMinutes } from '~/components/agenda-view'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { MEETING_FORM_LABELS, MEETING_STATUS_LABELS, type MeetingStatus } from '~/domain/constants'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { agendaForRead, publishAgenda } from '~/models/agenda.server'
import { AppError } from '~/models/context'
import { contributionSummary } from '~/models/contributions.server'
import { meetingCriticismCount } from '~/models/criticism.server'
import { getMeeting } from '~/models/meetings.server'
import { minutesLinkState } from '~/models/minutes.server'
import { can } from '~/domain/permissions'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

/** Model errors → HTTP: 404 stays a 404 page, 403 a 403 page (never the meeting's data). */
function orResponse<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  return orResponse(() => {
    const view = agendaForRead(db, actor, params.meetingId!)
    const meeting = getMeeting(db, actor, params.meetingId!)
    return {
      ...view,
      contrib: contributionSummary(db, actor, meeting),
      criticismCount: meetingCriticismCount(db, actor, meeting.id),
      minutesState: minutesLinkState(db, actor, meeting),
      inspector: can(actor, 'inspection:read', { orgPath: meeting.cell.path }),
    }
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const meetingId = params.meetingId!
  if (formData.get('intent') !== 'publish') return data({ error: 'Thao tác không hợp lệ. Hãy tải lại trang rồi thử lại.' }, { status: 400 })
  try {
    const result = publishAgenda(getDb(), ctx, meetingId)
    const title = result.republished ? 'Đã gửi lại chương trình cho đảng viên' : 'Đã gửi chương trình cho đảng viên'
    return redirectWithToast(`/meetings/${meetingId}`, {
      title,
      type: result.late ? 'info' : 'success',
      description: result.late
        ? `Chương trình được gửi sau hạn (${formatTime(result.deadline)} ${formatUiDate(result.deadline)}); việc gửi muộn được ghi nhận.`
        : 'Các đồng chí đảng viên của chi bộ đã xem được chương trình.',
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ error: error.message }, { status: error.status })
    if (error instanceof AppError) throw new Response(error.message, { status: 404 })
    throw error
  }
}

const STATUS_BADGE: Record<MeetingStatus, string> = {
  planned: 'badge',
  prepared: 'badge badge--info',
  in_progress: 'badge badge--warn',
  minutes_draft: 'badge badge--warn',
  signing: 'badge badge--warn',
  signed: 'badge badge--ok',
  cancelled: 'badge badge--danger',
}

/** "Thứ Tư, 04/02/2026" for a date, "14:30, Thứ Ba, 03/02/2026" for an instant the user acted at. */
function at(instant: string): string {
  return `${formatTime(instant)}, ${formatUiDate(instant)}`
}

export default function MeetingPage() {
  const { meeting, visible, items, totalMinutes, minimumMinutes, publication, may, contrib, criticismCount, minutesState, inspector } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const publishing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'publish'
  const cancelled = meeting.status === 'cancelled'
  const recordOpen = !cancelled

  return (
    <div className="stack meeting-page">
      <nav className="breadcrumb no-print" aria-label="Chi bộ">
        <Link to={`/orgs/${meeting.cell.id}`}>{meeting.cell.name}</Link>
      </nav>

      <header className="meeting-head">
        <p className="meeting-head__cell print-only">{meeting.cell.name}</p>
        <h1>{meeting.title}</h1>
        <dl className="meeting-facts">
          <dt>Thời gian</dt>
          <dd>{meeting.when}</dd>
          {meeting.place ? (
            <>
              <dt>Địa điểm</dt>
              <dd>{meeting.place}</dd>
            </>
          ) : null}
          <dt>Hình thức</dt>
          <dd>{MEETING_FORM_LABELS[meeting.form]}</dd>
          {meeting.plannedMinutes ? (
            <>
              <dt>Thời lượng dự kiến</dt>
              <dd>{formatMinutes(meeting.plannedMinutes)}</dd>
            </>
          ) : null}
          <dt>Tình trạng</dt>
          <dd>
            <span className={STATUS_BADGE[meeting.status]}>{MEETING_STATUS_LABELS[meeting.status]}</span>
          </dd>
        </dl>
      </header>

      {cancelled ? (
        <div className="alert alert--error" role="note">
          <p>
            <strong>Buổi sinh hoạt đã bị hủy.</strong>
            {meeting.cancelledReason ? ` Lý do: ${meeting.cancelledReason}` : ''}
          </p>
        </div>
      ) : null}
      {meeting.movedFrom && !cancelled ? (
        <div className="alert alert--warning" role="note">
          <p>
            Buổi sinh hoạt đã được dời từ {formatUiDate(meeting.movedFrom)} lúc {formatTime(meeting.movedFrom)} sang {meeting.when}.
            {meeting.moveReason ? ` Lý do: ${meeting.moveReason}` : ''}
          </p>
        </div>
      ) : null}

      {may.plan ? (
        <section className="card no-print" aria-labelledby="prepare-title">
          <h2 id="prepare-title">Chuẩn bị buổi sinh hoạt</h2>
          <PublicationState publication={publication} cancelled={cancelled} />
          {actionData && 'error' in actionData ? (
            <div className="alert alert--error" role="alert">
              <p>{actionData.error}</p>
            </div>
          ) : null}
          <div className="row">
            {may.edit ? (
              <Link className="button" to={`/meetings/${meeting.id}/agenda`}>
                Soạn chương trình
              </Link>
            ) : null}
            {may.edit && items.length > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <button type="submit" className="button button--primary" disabled={publishing}>
                  {publishing ? 'Đang gửi…' : publication.published ? 'Gửi lại chương trình cho đảng viên' : 'Gửi chương trình cho đảng viên'}
                </button>
              </Form>
            ) : null}
            {!cancelled ? (
              <Link className="button" to={`/meetings/${meeting.id}/schedule`}>
                Sửa lịch
              </Link>
            ) : null}
          </div>
          {may.edit && items.length === 0 ? <p className="muted small">Chương trình chưa có nội dung: hãy bấm "Soạn chương trình" để tạo theo mẫu trước khi gửi.</p> : null}
        </section>
      ) : null}

      {(may.record && recordOpen) || minutesState.canOpen || inspector ? (
        <section className="card no-print" aria-labelledby="record-title">
          <h2 id="record-title">Biên bản</h2>
          {minutesState.mySignatureNeeded ? (
            <div className="alert alert--warning" role="status">
              <p>Biên bản đang chờ đồng chí ký với tư cách {minutesState.signerRole === 'chair' ? 'chủ trì' : 'thư ký'}.</p>
            </div>
          ) : null}
          <div className="row">
            {may.record && recordOpen && ['planned', 'prepared', 'in_progress', 'minutes_draft'].includes(meeting.status) ? (
              <Link className="button" to={`/meetings/${meeting.id}/record`}>
                Ghi biên bản
              </Link>
            ) : null}
            {minutesState.canOpen ? (
              <Link className={`button${minutesState.mySignatureNeeded ? ' button--primary' : ''}`} to={`/meetings/${meeting.id}/minutes`}>
                {minutesState.mySignatureNeeded ? 'Ký biên bản' : minutesState.signed ? 'Xem biên bản đã ký' : 'Biên bản'}
              </Link>
            ) : null}
            {minutesState.signed ? (
              <>
                <a className="button" href={`/meetings/${meeting.id}/minutes.docx`} download>
                  Tải biên bản (.docx)
                </a>
                <a className="button" href={`/meetings/${meeting.id}/resolution.docx`} download>
                  Tải nghị quyết (.docx)
                </a>
              </>
            ) : null}
            {inspector ? (
              <Link className="button" to={`/inspect/meetings/${meeting.id}`}>
                Xem như cấp trên kiểm tra
              </Link>
            ) : null}
          </div>
          {!minutesState.canOpen && !(may.record && recordOpen) ? <p className="muted">Biên bản chưa được ký.</p> : null}
        </section>
      ) : null}

      {contrib.takesContributions && (contrib.canWrite || contrib.mine > 0 || contrib.canReview) ? (
        <section className="card no-print" aria-labelledby="contrib-title">
          <h2 id="contrib-title">Ý kiến đóng góp, tham luận</h2>
          {contrib.writingClosedReason && contrib.canWrite ? <p className="muted">{contrib.writingClosedReason}</p> : null}
          <div className="row">
            {contrib.canWrite || contrib.mine ? (
              <Link className="button" to={`/meetings/${meeting.id}/contribute`}>
                {contrib.mine ? `Ý kiến của tôi (${contrib.mine})` : 'Viết ý kiến đóng góp'}
              </Link>
            ) : null}
            {contrib.canReview ? (
              <Link className="button" to={`/meetings/${meeting.id}/contributions`}>
                Ý kiến của đảng viên ({contrib.waiting} chờ xem xét)
              </Link>
            ) : null}
          </div>
        </section>
      ) : null}

      {criticismCount !== null ? (
        <p className="no-print">
          <Link to={`/meetings/${meeting.id}/criticism`}>Phê bình, tự phê bình ({criticismCount})</Link>
        </p>
      ) : null}

      <section className="card agenda-card" aria-labelledby="agenda-title">
        <div className="spread">
          <h2 id="agenda-title">Chương trình buổi sinh hoạt</h2>
          {visible && items.length > 0 && !publication.published ? <span className="badge badge--warn">Bản nháp — đảng viên chưa xem được</span> : null}
        </div>
        {!visible ? (
          <div className="agenda-pending">
            <p>
              <strong>Chương trình đang được chuẩn bị.</strong>
            </p>
            <p>
              {cancelled
                ? 'Buổi sinh hoạt đã bị hủy.'
                : `Chi bộ sẽ gửi chương trình chậm nhất ngày ${formatUiDate(publication.deadline)}, trước buổi sinh hoạt ${meeting.when}.`}
            </p>
          </div>
        ) : items.length === 0 ? (
          <p className="muted">
            Chưa có chương trình.{may.edit ? ' Bấm "Soạn chương trình" để tạo chương trình theo mẫu của loại buổi sinh hoạt này.' : ''}
          </p>
        ) : (
          <>
            <AgendaView items={items} />
            <p className="agenda-total">
              Tổng thời lượng dự kiến: <strong>{formatMinutes(totalMinutes)}</strong>
              {minimumMinutes ? (
                <>
                  {' '}
                  (tối thiểu {minimumMinutes} phút)
                  {totalMinutes < minimumMinutes ? <span className="badge badge--warn"> Dưới mức tối thiểu</span> : null}
                </>
              ) : null}
            </p>
          </>
        )}
      </section>

      {!cancelled ? (
        <p className="no-print">
          <a href={`/meetings/${meeting.id}.ics`} className="button" download>
            Tải về lịch (.ics)
          </a>
        </p>
      ) : null}
    </div>
  )
}

function PublicationState({
  publication,
  cancelled,
}: {
  publication: { published: boolean; publishedAt: string | null; lastSentAt: string | null; sendCount: number; deadline: string; late: boolean; overdue: boolean; changedSinceSent: boolean }
  cancelled: boolean
}) {
  if (cancelled && !publication.published) return <p className="muted">Buổi sinh hoạt đã bị hủy; không cần gửi chương trình.</p>
  if (!publication.published) {
    return (
      <p>
        <span className={publication.overdue ? 'badge badge--danger' : 'badge badge--warn'}>{publication.overdue ? 'Quá hạn gửi' : 'Chưa gửi'}</span>{' '}
        Chưa gửi chương trình — hạn gửi: <strong>{formatUiDate(publication.deadline)}</strong>
      </p>
    )
  }
  const resent = publication.sendCount > 1 && publication.lastSentAt
  return (
    <>
      <p>
        <span className={publication.late ? 'badge badge--warn' : 'badge badge--ok'}>{publication.late ? 'Gửi muộn' : 'Đã gửi'}</span> Đã gửi lúc{' '}
        {at(publication.publishedAt!)}
        {publication.late ? ` (muộn — hạn gửi: ${formatUiDate(publication.deadline)})` : ''}
        {resent ? `; gửi lại lúc ${at(publication.lastSentAt!)}` : ''}.
      </p>
      {publication.changedSinceSent ? (
        <p className="alert alert--info">Chương trình đã được sửa sau lần gửi gần nhất. Đảng viên xem được bản mới; hãy bấm "Gửi lại" để ghi nhận lần gửi này.</p>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
