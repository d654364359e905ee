import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Field, FormError, SelectField } from '~/components/forms'
import { MEETING_FORMS, MEETING_FORM_LABELS, MEETING_TYPES, MEETING_TYPE_LABELS, MEMBER_POSITION_LABELS, type MeetingType } from '~/domain/constants'
import { plannedMinutesField } from '~/domain/plan.schema'
import { isValidIsoDate } from '~/domain/vn-date'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { meetingTitle } from '~/models/meetings.server'
import { PLAN_YEAR_MAX, PLAN_YEAR_MIN, createMeeting, newMeetingForm } from '~/models/planning.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Thêm buổi sinh hoạt — ${data?.cell.name ?? 'Chi bộ'} — Sổ chi bộ` }]

const NewMeetingSchema = z
  .object({
    type: z.enum(MEETING_TYPES, { message: 'Hãy chọn loại buổi sinh hoạt.' }),
    date: z.string({ message: 'Hãy chọn ngày họp.' }).refine(isValidIsoDate, { message: 'Ngày họp không hợp lệ.' }),
    time: z.string({ message: 'Hãy nhập giờ bắt đầu.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Giờ họp theo dạng 14:00.' }),
    topic: z.string().trim().max(300, { message: 'Nội dung dài quá 300 ký tự.' }).optional(),
    place: z.string().trim().max(200, { message: 'Địa điểm dài quá 200 ký tự.' }).optional(),
    plannedMinutes: plannedMinutesField,
    form: z.enum(MEETING_FORMS).default('in_person'),
    drafterMemberId: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.type === 'thematic' || v.type === 'combined') && (v.topic ?? '').length < 3) {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: 'Sinh hoạt chuyên đề cần có chủ đề.' })
    }
  })

function intParam(value: string | null, min: number, max: number): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined
  const n = Number(value)
  return n >= min && n <= max ? n : undefined
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const typeParam = url.searchParams.get('type')
  const type: MeetingType = (MEETING_TYPES as readonly string[]).includes(typeParam ?? '') ? (typeParam as MeetingType) : 'extraordinary'
  let view
  try {
    view = newMeetingForm(getDb(), actor, params.orgId!, {
      year: intParam(url.searchParams.get('year'), PLAN_YEAR_MIN, PLAN_YEAR_MAX),
      month: intParam(url.searchParams.get('month'), 1, 12),
    })
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status })
    throw error
  }
  return {
    cell: view.cell,
    type,
    suggestedDate: view.suggestedDate,
    settings: {
      defaultMeetingTime: view.settings.defaultMeetingTime,
      defaultMeetingPlace: view.settings.defaultMeetingPlace,
      minRegularMinutes: view.settings.minRegularMinutes,
      minCombinedMinutes: view.settings.minCombinedMinutes,
    },
    memberOptions: view.members.map((m) => ({
      value: m.id,
      label: m.position === 'member' ? m.fullName : `${m.fullName} (${MEMBER_POSITION_LABELS[m.position]})`,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const submission = parseWithZod(await request.formData(), { schema: NewMeetingSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  try {
    const meeting = createMeeting(getDb(), ctx, params.orgId!, {
      type: v.type,
      date: v.date,
      time: v.time,
      topic: v.topic ?? null,
      place: v.place ?? null,
      plannedMinutes: v.plannedMinutes ?? null,
      form: v.form,
      drafterMemberId: v.drafterMemberId ?? null,
    })
    return redirectWithToast(`/orgs/${params.orgId}/plan?year=${meeting.periodYear}`, {
      title: 'Đã thêm buổi sinh hoạt',
      description: `${meetingTitle(meeting)} — ${formatUiDate(meeting.startsAt)}, ${formatTime(meeting.startsAt)}.`,
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), {
        status: error.status,
      })
    }
    if (error instanceof AppError) throw new Response(error.message, { status: 404 })
    throw error
  }
}

export default function NewMeetingPage() {
  const { cell, type, suggestedDate, settings, memberOptions } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { type, date: suggestedDate, time: settings.defaultMeetingTime, place: settings.defaultMeetingPlace, form: 'in_person' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewMeetingSchema }),
  })
  const year = suggestedDate.slice(0, 4)
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/plan?year=${year}`}>Kế hoạch sinh hoạt — {cell.name}</Link>
      </p>
      <h1>Thêm buổi sinh hoạt</h1>
      <p className="muted">
        Dùng cho sinh hoạt bất thường, họp chi ủy, kiểm điểm cuối năm, đại hội, lễ kết nạp — hoặc buổi thường kỳ của một tháng chưa có. Các buổi thường kỳ
        hằng tháng được tạo cùng lúc bằng nút &quot;Tạo kế hoạch năm&quot; trên trang kế hoạch.
      </p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError errors={form.errors} />
        <SelectField label="Loại buổi sinh hoạt" meta={fields.type} options={MEETING_TYPES.map((t) => ({ value: t, label: MEETING_TYPE_LABELS[t] }))} />
        <div className="form-grid">
          <Field label="Ngày họp" meta={fields.date} type="date" required />
          <Field label="Giờ bắt đầu" meta={fields.time} type="time" required />
        </div>
        <Field
          label="Nội dung, chủ đề"
          meta={fields.topic}
          hint='Bắt buộc với sinh hoạt chuyên đề. Ví dụ: "Cho ý kiến đề nghị kết nạp quần chúng Nguyễn Văn A".'
        />
        <Field label="Địa điểm" meta={fields.place} hint={settings.defaultMeetingPlace ? `Để trống: ${settings.defaultMeetingPlace}.` : undefined} />
        <div className="form-grid">
          <Field
            label="Thời lượng dự kiến (phút)"
            meta={fields.plannedMinutes}
            type="number"
            inputMode="numeric"
            hint={`Để trống: ${settings.minRegularMinutes} phút (thường kỳ, chuyên đề, bất thường), ${settings.minCombinedMinutes} phút (kết hợp chuyên đề).`}
          />
          <SelectField label="Hình thức" meta={fields.form} options={MEETING_FORMS.map((f) => ({ value: f, label: MEETING_FORM_LABELS[f] }))} />
        </div>
        <SelectField
          label="Người dự thảo (sinh hoạt chuyên đề)"
          meta={fields.drafterMemberId}
          placeholder="— Chưa phân công —"
          options={memberOptions}
        />
        <div className="row">
          <button type="submit" className="button button--primary">
            Thêm buổi sinh hoạt
          </button>
          <Link to={`/orgs/${cell.id}/plan?year=${year}`} className="button">
            Hủy
          </Link>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
