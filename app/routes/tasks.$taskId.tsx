import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, Field, FormError, SelectField, TextareaField } from '~/components/forms'
import { getFormProps, useServerForm } from '~/components/server-form'
import { TASK_STATUSES, TASK_STATUS_LABELS } from '~/domain/constants'
import { formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { parseWithZod } from '~/domain/forms.server'
import { redirectWithToast, requireContext, requireUser, safeRedirect } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { cellMemberOptions } from '~/models/meetings.server'
import { getTask, TaskUpdateSchema, updateTask } from '~/models/tasks.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Nhiệm vụ: ${data?.task.text.slice(0, 60) ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const t = getTask(db, actor, params.taskId!)
  const back = new URL(request.url).searchParams.get('back')
  return {
    task: {
      id: t.id,
      text: t.text,
      memberId: t.memberId,
      memberName: t.memberName,
      dueOn: t.dueOn,
      status: t.status,
      overdue: t.overdue,
      resultNote: t.resultNote,
      version: t.version,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      fromMeeting: t.fromMeeting ? { id: t.fromMeeting.id, title: t.fromMeeting.title } : null,
      reviewedMeeting: t.reviewedMeeting,
      document: t.document,
    },
    cell: { id: t.cell.id, name: t.cell.name },
    canManage: t.canManage,
    canReport: t.canReport,
    isAssignee: t.isAssignee,
    members: t.canManage ? cellMemberOptions(db, t.cell.id).map((m) => ({ value: m.id, label: m.fullName })) : [],
    back: back ? safeRedirect(back, '') : '',
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: TaskUpdateSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  // The managers' form sends every field: an empty person or deadline means "none", not "unchanged".
  const full = formData.get('fields') === 'all'
  try {
    updateTask(getDb(), ctx, params.taskId!, {
      status: v.status,
      resultNote: v.resultNote ?? null,
      version: v.version,
      ...(full ? { text: v.text ?? '', memberId: v.memberId ?? null, dueOn: v.dueOn ?? null } : {}),
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), { status: error.status })
    }
    throw error
  }
  const back = safeRedirect(formData.get('back'), `/tasks/${params.taskId}`)
  return redirectWithToast(back, { title: v.status === 'done' ? 'Đã ghi nhận hoàn thành nhiệm vụ' : 'Đã lưu nhiệm vụ' })
}

type TaskFields = Record<'status' | 'resultNote' | 'text' | 'memberId' | 'dueOn', string>

export default function TaskPage() {
  const { task: t, cell, canManage, canReport, isAssignee, members, back } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useServerForm<TaskFields>({
    id: 'task',
    lastResult,
    defaultValue: { status: isAssignee && !canManage && t.status === 'open' ? 'done' : t.status, resultNote: t.resultNote ?? '', text: t.text, memberId: t.memberId ?? '', dueOn: t.dueOn ?? '' },
  })
  const statusChoice = fields.status.initialValue ?? t.status
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/tasks`}>Nhiệm vụ — {cell.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{t.text}</h1>
          <p className="row" style={{ margin: 0 }}>
            {t.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
            <span className={`badge ${t.status === 'done' ? 'badge--ok' : t.status === 'open' ? 'badge--info' : ''}`}>{TASK_STATUS_LABELS[t.status]}</span>
          </p>
        </div>
      </div>
      <section className="card" aria-labelledby="task-info">
        <h2 id="task-info" className="sr-only">
          Thông tin nhiệm vụ
        </h2>
        <dl className="details">
          <dt>Người thực hiện</dt>
          <dd>{t.memberName ? `Đ/c ${t.memberName}` : 'Cả chi bộ'}</dd>
          <dt>Thời hạn</dt>
          <dd>
            {t.dueOn ? formatUiDate(t.dueOn) : 'Không thời hạn'}
            {t.overdue ? <strong className="text-danger"> — Quá hạn</strong> : null}
          </dd>
          {t.fromMeeting ? (
            <>
              <dt>Giao tại</dt>
              <dd>
                <Link to={`/meetings/${t.fromMeeting.id}`}>{t.fromMeeting.title}</Link>
              </dd>
            </>
          ) : null}
          {t.document ? (
            <>
              <dt>Để thực hiện</dt>
              <dd>
                <Link to={`/documents/${t.document.id}`}>{t.document.label}</Link>
              </dd>
            </>
          ) : null}
          <dt>Kết quả thực hiện</dt>
          <dd>{t.resultNote ?? 'Chưa báo cáo'}</dd>
          {t.reviewedMeeting ? (
            <>
              <dt>Đã đánh giá tại</dt>
              <dd>
                <Link to={`/meetings/${t.reviewedMeeting.id}`}>{t.reviewedMeeting.title}</Link>
              </dd>
            </>
          ) : null}
          <dt>Cập nhật lần cuối</dt>
          <dd>{formatUiDateShort(t.updatedAt)}</dd>
        </dl>
      </section>

      {canReport ? (
        <section className="card" aria-labelledby="task-edit">
          <h2 id="task-edit">{canManage ? 'Cập nhật nhiệm vụ' : 'Báo cáo kết quả thực hiện'}</h2>
          {!canManage ? (
            <p className="muted">Đồng chí cập nhật tình trạng và ghi kết quả; nội dung, người thực hiện và thời hạn do chi ủy điều chỉnh.</p>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="form form--wide">
            <FormError errors={form.errors} />
            <input type="hidden" name="version" value={t.version} />
            {back ? <input type="hidden" name="back" value={back} /> : null}
            {canManage ? (
              <>
                <input type="hidden" name="fields" value="all" />
                <TextareaField label="Nội dung nhiệm vụ" meta={fields.text} rows={3} />
                <div className="form-grid">
                  <SelectField label="Người thực hiện" meta={fields.memberId} placeholder="Cả chi bộ" options={members} />
                  <Field label="Thời hạn" meta={fields.dueOn} type="date" />
                  <SelectField label="Tình trạng" meta={fields.status} options={TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))} />
                </div>
              </>
            ) : (
              <fieldset>
                <legend>Tình trạng</legend>
                {(['done', 'open'] as const).map((s) => (
                  <label key={s} className="checkbox">
                    <input type="radio" name={fields.status.name} value={s} defaultChecked={statusChoice === s} /> {TASK_STATUS_LABELS[s]}
                  </label>
                ))}
                <ErrorList errors={fields.status.errors} />
              </fieldset>
            )}
            <TextareaField
              label="Kết quả thực hiện"
              meta={fields.resultNote}
              rows={4}
              hint={canManage ? 'Ghi ngắn gọn kết quả, ví dụ: Đã vận động 45/50 hộ tham gia.' : 'Bắt buộc khi báo hoàn thành. Ví dụ: Đã vận động 45/50 hộ tham gia.'}
            />
            <div className="row">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? 'Đang lưu…' : 'Lưu'}
              </button>
              <Link className="button" to={back || `/orgs/${cell.id}/tasks`}>
                Quay lại
              </Link>
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
