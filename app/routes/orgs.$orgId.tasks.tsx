import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Field, FormError, Pagination, SelectField, TextareaField } from '~/components/forms'
import { getFormProps, useServerForm } from '~/components/server-form'
import { TASK_STATUS_LABELS, type TaskStatus } from '~/domain/constants'
import { formatUiDateShort } from '~/domain/vn-date'
import { parseWithZod } from '~/domain/forms.server'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { cellMemberOptions } from '~/models/meetings.server'
import { canManageTasks, createTask, listCellTasks, TaskCreateSchema, taskFormOptions } from '~/models/tasks.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Nhiệm vụ — ${data?.cell.name ?? 'Chi bộ'} — Sổ chi bộ` }]

const FILTERS = ['open', 'overdue', 'done', 'cancelled'] as const
type Filter = (typeof FILTERS)[number]
const FILTER_LABELS: Record<Filter, string> = { open: 'Đang thực hiện', overdue: 'Quá hạn', done: 'Đã hoàn thành', cancelled: 'Đã hủy' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const url = new URL(request.url)
  const statusParam = url.searchParams.get('status') ?? ''
  const status = (FILTERS as readonly string[]).includes(statusParam) ? (statusParam as Filter) : undefined
  const memberId = url.searchParams.get('member') || undefined
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  const result = listCellTasks(db, actor, params.orgId!, { status: status === 'cancelled' ? 'cancelled' : status, memberId, page })
  const canManage = canManageTasks(actor, result.cell)
  const options = canManage ? taskFormOptions(db, actor, result.cell.id) : null
  const wantedDocument = url.searchParams.get('document')
  const wantedMeeting = url.searchParams.get('meeting')
  return {
    cell: { id: result.cell.id, name: result.cell.name },
    filter: { status: status ?? '', member: memberId ?? '' },
    counts: result.counts,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    tasks: result.tasks.map((t) => ({
      id: t.id,
      text: t.text,
      memberId: t.memberId,
      memberName: t.memberName,
      dueOn: t.dueOn,
      status: t.status,
      overdue: t.overdue,
      resultNote: t.resultNote,
      fromMeeting: t.fromMeeting ? { id: t.fromMeeting.id, title: t.fromMeeting.title } : null,
      document: t.document,
    })),
    members: cellMemberOptions(db, result.cell.id).map((m) => ({ id: m.id, fullName: m.fullName })),
    myMemberId: actor.memberId,
    canManage,
    form: options
      ? {
          meetings: options.meetings.map((m) => ({ value: m.id, label: `${m.title} (${formatUiDateShort(m.startsAt)})` })),
          documents: options.documents.map((d) => ({ value: d.id, label: d.label })),
          defaults: {
            documentId: options.documents.some((d) => d.id === wantedDocument) ? wantedDocument : '',
            meetingId: options.meetings.some((m) => m.id === wantedMeeting) ? wantedMeeting : '',
          },
        }
      : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: TaskCreateSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    createTask(getDb(), ctx, { cellId: params.orgId!, ...submission.value })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), { status: error.status })
    }
    throw error
  }
  const back = new URL(request.url)
  back.searchParams.delete('document')
  back.searchParams.delete('meeting')
  return redirectWithToast(`/orgs/${params.orgId}/tasks${back.search}`, { title: 'Đã giao nhiệm vụ' })
}

function statusBadge(status: TaskStatus, overdue: boolean) {
  if (overdue) return <span className="badge badge--danger">Quá hạn</span>
  const cls = status === 'done' ? 'badge--ok' : status === 'cancelled' ? '' : 'badge--info'
  return <span className={`badge ${cls}`}>{TASK_STATUS_LABELS[status]}</span>
}

type TaskFields = Record<'text' | 'memberId' | 'dueOn' | 'meetingId' | 'documentId', string>

export default function CellTasks() {
  const { cell, filter, counts, total, page, pageSize, tasks, members, myMemberId, canManage, form: options } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useServerForm<TaskFields>({
    id: 'new-task',
    lastResult,
    defaultValue: { documentId: options?.defaults.documentId ?? '', meetingId: options?.defaults.meetingId ?? '' },
  })
  const href = (p: number) => {
    const params = new URLSearchParams()
    if (filter.status) params.set('status', filter.status)
    if (filter.member) params.set('member', filter.member)
    params.set('page', String(p))
    return `?${params}`
  }
  const filterLink = (status: Filter | '') => {
    const params = new URLSearchParams()
    if (status) params.set('status', status)
    if (filter.member) params.set('member', filter.member)
    const qs = params.toString()
    return qs ? `?${qs}` : '?'
  }
  const counted: Record<Filter, number> = counts
  const filtered = Boolean(filter.status || filter.member)
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}`}>{cell.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Nhiệm vụ — {cell.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            Nhiệm vụ giao tại các buổi sinh hoạt và để thực hiện nghị quyết. Nhiệm vụ chưa xong tự động được đưa vào mục “Đánh giá kết quả thực hiện nghị quyết
            tháng trước” của buổi sinh hoạt thường kỳ kế tiếp.
          </p>
        </div>
        {canManage ? (
          <a className="button button--primary" href="#giao-nhiem-vu">
            Giao nhiệm vụ
          </a>
        ) : null}
      </div>

      <nav aria-label="Lọc theo tình trạng" className="row task-filters">
        <Link className={`button button--small${filter.status === '' ? ' is-current' : ''}`} to={filterLink('')} aria-current={filter.status === '' ? 'page' : undefined}>
          Tất cả
        </Link>
        {FILTERS.map((f) => (
          <Link
            key={f}
            className={`button button--small${filter.status === f ? ' is-current' : ''}`}
            to={filterLink(f)}
            aria-current={filter.status === f ? 'page' : undefined}
          >
            {FILTER_LABELS[f]} ({counted[f]})
          </Link>
        ))}
        {myMemberId && members.some((m) => m.id === myMemberId) ? (
          <Link
            className={`button button--small${filter.member === myMemberId ? ' is-current' : ''}`}
            to={`?member=${myMemberId}`}
            aria-current={filter.member === myMemberId && !filter.status ? 'page' : undefined}
          >
            Nhiệm vụ của tôi
          </Link>
        ) : null}
      </nav>
      <Form method="get" className="card row" aria-label="Lọc theo người thực hiện">
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <div className="field" style={{ flex: '1 1 260px' }}>
          <label htmlFor="member">Người thực hiện</label>
          <select id="member" name="member" defaultValue={filter.member}>
            <option value="">Tất cả đảng viên</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.fullName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Lọc
        </button>
      </Form>

      <p className="muted" aria-live="polite">
        {total} nhiệm vụ
      </p>
      {tasks.length === 0 ? (
        <div className="card empty">
          {filtered ? (
            <p>Không có nhiệm vụ nào khớp điều kiện lọc. Hãy chọn “Tất cả”.</p>
          ) : canManage ? (
            <p>
              Chi bộ chưa có nhiệm vụ nào. Hãy <a href="#giao-nhiem-vu">giao nhiệm vụ</a> (người thực hiện, nội dung, thời hạn) sau mỗi buổi sinh hoạt.
            </p>
          ) : (
            <p>Chi bộ chưa có nhiệm vụ nào. Nhiệm vụ được chi ủy giao sau mỗi buổi sinh hoạt sẽ hiện ở đây.</p>
          )}
        </div>
      ) : (
        <div className="table-wrap responsive">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Nhiệm vụ</th>
                <th scope="col">Người thực hiện</th>
                <th scope="col">Thời hạn</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.id} className={t.overdue ? 'task-row--overdue' : undefined}>
                  <td data-label="Nhiệm vụ">
                    <Link to={`/tasks/${t.id}`}>{t.text}</Link>
                    {t.fromMeeting || t.document ? (
                      <div className="muted small">
                        {t.fromMeeting ? `Giao tại: ${t.fromMeeting.title}` : ''}
                        {t.fromMeeting && t.document ? ' · ' : ''}
                        {t.document ? `Thực hiện: ${t.document.label}` : ''}
                      </div>
                    ) : null}
                  </td>
                  <td data-label="Người thực hiện">{t.memberName ?? 'Cả chi bộ'}</td>
                  <td data-label="Thời hạn">{t.dueOn ? formatUiDateShort(t.dueOn) : 'Không thời hạn'}</td>
                  <td data-label="Tình trạng">
                    {statusBadge(t.status, t.overdue)}
                    {t.status === 'open' && (canManage || (myMemberId && t.memberId === myMemberId)) ? (
                      <div>
                        <Link to={`/tasks/${t.id}`} className="small">
                          {canManage ? 'Cập nhật' : 'Báo cáo kết quả'}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                  <td data-label="Kết quả">{t.resultNote ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} makeHref={href} />

      {options ? (
        <section className="card" aria-labelledby="giao-nhiem-vu" id="giao-nhiem-vu-section">
          <h2 id="giao-nhiem-vu" tabIndex={-1}>
            Giao nhiệm vụ
          </h2>
          <Form method="post" {...getFormProps(form)} className="form form--wide">
            <FormError errors={form.errors} />
            <TextareaField label="Nội dung nhiệm vụ" meta={fields.text} rows={3} hint="Ví dụ: Vận động các hộ gia đình tham gia tổng vệ sinh khu phố." />
            <div className="form-grid">
              <SelectField
                label="Người thực hiện"
                meta={fields.memberId}
                placeholder="Cả chi bộ"
                options={members.map((m) => ({ value: m.id, label: m.fullName }))}
              />
              <Field label="Thời hạn" meta={fields.dueOn} type="date" />
            </div>
            <div className="form-grid">
              <SelectField label="Giao tại buổi sinh hoạt" meta={fields.meetingId} placeholder="Không gắn với buổi sinh hoạt" options={options.meetings} />
              <SelectField label="Để thực hiện văn bản" meta={fields.documentId} placeholder="Không gắn với văn bản" options={options.documents} />
            </div>
            <div>
              <button type="submit" className="button button--primary" disabled={busy}>
                Giao nhiệm vụ
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
