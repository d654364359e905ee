import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, Field, FormError, SelectField } from '~/components/forms'
import { StatusBadge } from '~/components/year-plan'
import { MEETING_FORMS, MEETING_FORM_LABELS, MEETING_TYPE_LABELS, MEMBER_POSITION_LABELS } from '~/domain/constants'
import { MIN_RESCHEDULE_REASON_LENGTH } from '~/domain/schedule'
import { plannedMinutesField } from '~/domain/plan.schema'
import { isValidIsoDate } from '~/domain/vn-date'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { cellMemberOptions } from '~/models/meetings.server'
import { cancelMeeting, meetingScheduleView, rescheduleMeeting, updateMeetingDetails } from '~/models/planning.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Lịch và thông tin — ${data?.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const version = z.coerce.number().int()
const reason = (what: string) =>
  z
    .string({ message: `Vui lòng ghi lý do ${what} buổi sinh hoạt.` })
    .trim()
    .min(MIN_RESCHEDULE_REASON_LENGTH, { message: `Vui lòng ghi lý do ${what} buổi sinh hoạt (ít nhất ${MIN_RESCHEDULE_REASON_LENGTH} ký tự).` })
    .max(500, { message: 'Lý do dài quá 500 ký tự.' })

const DetailsSchema = z.object({
  version,
  time: z.string().regex(TIME, { message: 'Giờ họp theo dạng 14:00.' }).optional(),
  place: z.string().trim().max(200, { message: 'Địa điểm dài quá 200 ký tự.' }).optional(),
  plannedMinutes: plannedMinutesField,
  form: z.enum(MEETING_FORMS).default('in_person'),
  topic: z.string().trim().max(300, { message: 'Nội dung dài quá 300 ký tự.' }).optional(),
  drafterMemberId: z.string().optional(),
  contributionsOpen: z.boolean().optional(),
})

const RescheduleSchema = z.object({
  version,
  kind: z.enum(['move', 'postpone'], { message: 'Hãy chọn dời lịch hay hoãn.' }),
  date: z.string({ message: 'Hãy chọn ngày họp mới.' }).refine(isValidIsoDate, { message: 'Ngày họp không hợp lệ.' }),
  time: z.string({ message: 'Hãy nhập giờ họp mới.' }).regex(TIME, { message: 'Giờ họp theo dạng 14:00.' }),
  reason: reason('dời lịch hoặc hoãn'),
})

const CancelSchema = z.object({ version, reason: reason('hủy') })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  let view
  try {
    view = meetingScheduleView(db, actor, params.meetingId!)
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status })
    throw error
  }
  return {
    ...view,
    memberOptions: cellMemberOptions(db, view.cell.id).map((m) => ({
      value: m.id,
      label: m.position === 'member' ? m.fullName : `${m.fullName} (${MEMBER_POSITION_LABELS[m.position]})`,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const intent = formData.get('intent')
  const meetingId = params.meetingId!
  const db = getDb()
  const back = `/meetings/${meetingId}/schedule`

  function failed<I extends 'details' | 'reschedule' | 'cancel'>(
    intent: I,
    submission: { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> },
    error: unknown,
  ) {
    if (error instanceof AppError && error.status !== 404) {
      const result = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] })
      return data({ intent, result }, { status: error.status })
    }
    if (error instanceof AppError) throw new Response(error.message, { status: 404 })
    throw error
  }

  switch (intent) {
    case 'details': {
      const submission = parseWithZod(formData, { schema: DetailsSchema })
      if (submission.status !== 'success') return data({ intent: 'details' as const, result: submission.reply() }, { status: 400 })
      const v = submission.value
      try {
        updateMeetingDetails(db, ctx, meetingId, {
          version: v.version,
          time: v.time ?? null,
          place: v.place ?? null,
          plannedMinutes: v.plannedMinutes ?? null,
          form: v.form,
          topic: v.topic ?? null,
          drafterMemberId: v.drafterMemberId ?? null,
          contributionsOpen: v.contributionsOpen ?? false,
        })
      } catch (error) {
        return failed('details' as const, submission, error)
      }
      return redirectWithToast(back, { title: 'Đã lưu thông tin buổi sinh hoạt' })
    }
    case 'reschedule': {
      const submission = parseWithZod(formData, { schema: RescheduleSchema })
      if (submission.status !== 'success') return data({ intent: 'reschedule' as const, result: submission.reply() }, { status: 400 })
      const v = submission.value
      let moved
      try {
        moved = rescheduleMeeting(db, ctx, meetingId, v)
      } catch (error) {
        return failed('reschedule' as const, submission, error)
      }
      return redirectWithToast(back, {
        title: v.kind === 'postpone' ? 'Đã hoãn buổi sinh hoạt' : 'Đã dời lịch buổi sinh hoạt',
        description: `Thời gian mới: ${formatUiDate(moved.startsAt)}, ${formatTime(moved.startsAt)}. Hãy thông báo lại cho đảng viên và cấp ủy viên cấp trên phụ trách chi bộ.`,
      })
    }
    case 'cancel': {
      const submission = parseWithZod(formData, { schema: CancelSchema })
      if (submission.status !== 'success') return data({ intent: 'cancel' as const, result: submission.reply() }, { status: 400 })
      let cancelled
      try {
        cancelled = cancelMeeting(db, ctx, meetingId, submission.value)
      } catch (error) {
        return failed('cancel' as const, submission, error)
      }
      return redirectWithToast(`/orgs/${cancelled.cellId}/plan?year=${cancelled.periodYear}`, {
        title: 'Đã hủy buổi sinh hoạt',
        description: `Lý do: ${cancelled.cancelledReason}. Nếu tháng này chưa có buổi thường kỳ nào khác, kế hoạch năm sẽ hiện cảnh báo.`,
      })
    }
    default:
      return data({ intent: 'unknown' as const, result: undefined }, { status: 400 })
  }
}

function useIntentResult(intent: 'details' | 'reschedule' | 'cancel') {
  const actionData = useActionData<typeof action>()
  return actionData && actionData.intent === intent ? actionData.result : undefined
}

export default function MeetingSchedulePage() {
  const { meeting: m, cell, history, minimumMinutes } = useLoaderData<typeof loader>()
  const locked = m.status === 'signing' || m.status === 'signed'
  const cancelled = m.status === 'cancelled'
  const started = m.status === 'in_progress' || m.status === 'minutes_draft'
  return (
    <div className="stack schedule-page">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/plan?year=${m.periodYear}`}>
          Kế hoạch sinh hoạt năm {m.periodYear} — {cell.name}
        </Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{m.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {MEETING_TYPE_LABELS[m.type]} · {formatUiDate(m.startsAt)}, {m.time}
            {m.place ? ` · ${m.place}` : ''} · <StatusBadge status={m.status} />
          </p>
        </div>
        <Link className="button" to={`/meetings/${m.id}`}>
          Mở trang buổi sinh hoạt
        </Link>
      </div>

      {m.movedFrom && !cancelled ? (
        <div className="alert alert--info">
          <p>
            Đã dời từ {formatUiDate(m.movedFrom)}, {formatTime(m.movedFrom)}
            {m.moveReason ? `. Lý do: ${m.moveReason}` : ''}.
          </p>
        </div>
      ) : null}
      {cancelled ? (
        <div className="alert alert--warning">
          <p>
            <strong>Buổi sinh hoạt đã hủy.</strong> Lý do: {m.cancelledReason ?? 'không ghi'}. Nếu vẫn cần tổ chức, hãy{' '}
            <Link to={`/orgs/${cell.id}/meetings/new?type=${m.type}&year=${m.periodYear}&month=${m.periodMonth}`}>thêm một buổi sinh hoạt mới</Link>.
          </p>
        </div>
      ) : null}
      {locked ? (
        <div className="alert alert--warning">
          <p>
            Biên bản buổi sinh hoạt này {m.status === 'signed' ? 'đã được ký' : 'đang trình ký'} nên không thể thay đổi lịch hay thông tin buổi họp. Nếu cần
            điều chỉnh, hãy ghi vào biên bản hoặc nghị quyết của buổi sinh hoạt sau.
          </p>
        </div>
      ) : null}

      {/* Keyed by version: after a save the forms start again from the meeting as it now is. */}
      {!cancelled && minimumMinutes !== null && m.plannedMinutes !== null && m.plannedMinutes < minimumMinutes ? (
        <div className="alert alert--warning" role="status">
          <p>
            <span aria-hidden="true">⚠ </span>Thời lượng dự kiến {m.plannedMinutes} phút, dưới mức tối thiểu {minimumMinutes} phút của{' '}
            {MEETING_TYPE_LABELS[m.type].toLowerCase()}.
          </p>
        </div>
      ) : null}
      {!locked && !cancelled ? <DetailsForm key={`details-${m.version}`} /> : null}
      {!locked && !cancelled && !started ? <RescheduleForm key={`reschedule-${m.version}`} /> : null}
      {!locked && !cancelled && !started ? <CancelForm key={`cancel-${m.version}`} /> : null}
      {started ? (
        <p className="muted">Buổi sinh hoạt đã bắt đầu nên không thể dời lịch, hoãn hay hủy.</p>
      ) : null}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Lịch sử thay đổi</h2>
        {history.length ? (
          <ol className="schedule-history">
            {history.map((h, i) => (
              <li key={`${h.at}-${i}`}>
                <span className="muted small">
                  {formatUiDate(h.at)}, {formatTime(h.at)} · {h.username ?? 'hệ thống'}
                </span>
                <div>{h.summary}</div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">Buổi sinh hoạt chưa được dời, hoãn hay sửa thông tin lần nào kể từ khi lên kế hoạch.</p>
        )}
      </section>
    </div>
  )
}

function DetailsForm() {
  const { meeting: m, settings, memberOptions } = useLoaderData<typeof loader>()
  const thematicLike = m.type === 'thematic' || m.type === 'combined'
  const [form, fields] = useForm({
    id: 'details',
    lastResult: useIntentResult('details'),
    defaultValue: {
      version: String(m.version),
      time: m.time,
      place: m.place ?? '',
      plannedMinutes: m.plannedMinutes !== null ? String(m.plannedMinutes) : '',
      form: m.form,
      topic: m.topic ?? '',
      drafterMemberId: m.drafterMemberId ?? '',
      contributionsOpen: m.contributionsOpen ? 'on' : '',
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DetailsSchema }),
  })
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Thông tin buổi sinh hoạt</h2>
      <Form method="post" {...getFormProps(form)} className="form form--wide">
        <FormError errors={form.errors} />
        <input type="hidden" name="intent" value="details" />
        <input {...getInputProps(fields.version, { type: 'hidden' })} key={fields.version.key} />
        <div className="form-grid">
          <Field label="Giờ bắt đầu" meta={fields.time} type="time" hint="Cùng ngày; đổi sang ngày khác thì dùng mục dời lịch bên dưới." />
          <Field
            label="Thời lượng dự kiến (phút)"
            meta={fields.plannedMinutes}
            type="number"
            inputMode="numeric"
            hint={m.type === 'combined' ? `Tối thiểu ${settings.minCombinedMinutes} phút.` : `Tối thiểu ${settings.minRegularMinutes} phút với sinh hoạt chi bộ.`}
          />
          <SelectField label="Hình thức" meta={fields.form} options={MEETING_FORMS.map((f) => ({ value: f, label: MEETING_FORM_LABELS[f] }))} />
        </div>
        <Field label="Địa điểm" meta={fields.place} />
        <Field label={thematicLike ? 'Chủ đề chuyên đề' : 'Nội dung, tiêu đề riêng (nếu có)'} meta={fields.topic} required={thematicLike} />
        <SelectField label="Người dự thảo" meta={fields.drafterMemberId} placeholder="— Chưa phân công —" options={memberOptions} />
        {m.type === 'thematic' ? (
          <p className="muted small">Sinh hoạt chuyên đề luôn nhận ý kiến đóng góp (tham luận) của đảng viên.</p>
        ) : (
          <div className="checkbox">
            <input {...getInputProps(fields.contributionsOpen, { type: 'checkbox' })} key={fields.contributionsOpen.key} />
            <label htmlFor={fields.contributionsOpen.id}>Đảng viên được gửi ý kiến đóng góp trước buổi sinh hoạt</label>
          </div>
        )}
        <ErrorList id={fields.contributionsOpen.errorId} errors={fields.contributionsOpen.errors} />
        <div>
          <button type="submit" className="button button--primary">
            Lưu thông tin
          </button>
        </div>
      </Form>
    </section>
  )
}

function RescheduleForm() {
  const { meeting: m } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'reschedule',
    lastResult: useIntentResult('reschedule'),
    defaultValue: { version: String(m.version), kind: 'move', date: m.date, time: m.time },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RescheduleSchema }),
  })
  const kind = fields.kind.value ?? fields.kind.initialValue ?? 'move'
  return (
    <section className="card" aria-labelledby="reschedule-title">
      <h2 id="reschedule-title">Dời lịch hoặc hoãn</h2>
      <Form method="post" {...getFormProps(form)} className="form form--wide">
        <FormError errors={form.errors} />
        <input type="hidden" name="intent" value="reschedule" />
        <input {...getInputProps(fields.version, { type: 'hidden' })} key={fields.version.key} />
        <fieldset>
          <legend>Thao tác</legend>
          <div className="checkbox">
            <input type="radio" id="kind-move" name={fields.kind.name} value="move" defaultChecked={kind === 'move'} />
            <label htmlFor="kind-move">Dời lịch (sang ngày giờ khác, sớm hơn hoặc muộn hơn)</label>
          </div>
          <div className="checkbox">
            <input type="radio" id="kind-postpone" name={fields.kind.name} value="postpone" defaultChecked={kind === 'postpone'} />
            <label htmlFor="kind-postpone">Hoãn (sang thời điểm muộn hơn)</label>
          </div>
          <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <div className="form-grid">
          <Field label="Ngày họp mới" meta={fields.date} type="date" required />
          <Field label="Giờ họp mới" meta={fields.time} type="time" required />
        </div>
        <ReasonField meta={fields.reason} label="Lý do" hint="Lý do được ghi vào kế hoạch và lịch sử thay đổi, ví dụ: Trùng lịch khai giảng năm học mới." />
        <div>
          <button type="submit" className="button">
            Dời lịch / hoãn
          </button>
        </div>
      </Form>
    </section>
  )
}

function CancelForm() {
  const { meeting: m } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'cancel',
    lastResult: useIntentResult('cancel'),
    defaultValue: { version: String(m.version) },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSchema }),
  })
  return (
    <section className="card" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Hủy buổi sinh hoạt</h2>
      <p className="muted">
        {m.type === 'regular' || m.type === 'combined'
          ? 'Nếu hủy, tháng này sẽ không có buổi sinh hoạt thường kỳ và kế hoạch năm sẽ hiện cảnh báo. Thường nên dời lịch thay vì hủy.'
          : 'Buổi sinh hoạt đã hủy vẫn được lưu cùng lý do trong kế hoạch năm.'}
      </p>
      <Form method="post" {...getFormProps(form)} className="form form--wide">
        <FormError errors={form.errors} />
        <input type="hidden" name="intent" value="cancel" />
        <input {...getInputProps(fields.version, { type: 'hidden' })} key={fields.version.key} />
        <ReasonField meta={fields.reason} label="Lý do hủy" hint="Ví dụ: Trùng lịch thi học kỳ." />
        <div>
          <button type="submit" className="button button--danger">
            Hủy buổi sinh hoạt
          </button>
        </div>
      </Form>
    </section>
  )
}

function ReasonField({ meta, label, hint }: { meta: Parameters<typeof getTextareaProps>[0]; label: string; hint: string }) {
  const props = getTextareaProps(meta, { ariaDescribedBy: `${meta.id}-hint` })
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        <span aria-hidden="true"> *</span>
      </label>
      <span className="hint" id={`${meta.id}-hint`}>
        {hint}
      </span>
      <textarea {...props} key={props.key} rows={3} required />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
