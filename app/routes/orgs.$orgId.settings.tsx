import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, SelectField } from '~/components/forms'
import type { OrgSettings } from '~/domain/constants'
import { describeDayRule } from '~/domain/settings'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { getOrganization, settingsWithSources, updateOrganization } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Thông tin và cài đặt — Sổ chi bộ' }]

const optionalInt = (min: number, max: number, label: string) =>
  z.coerce
    .number({ message: `${label} phải là số.` })
    .int({ message: `${label} phải là số nguyên.` })
    .min(min, { message: `${label} tối thiểu là ${min}.` })
    .max(max, { message: `${label} tối đa là ${max}.` })
    .optional()
const triState = z.enum(['inherit', 'yes', 'no']).default('inherit')

const SettingsSchema = z
  .object({
    version: z.coerce.number().int(),
    name: z.string({ message: 'Chưa nhập tên tổ chức.' }).trim().min(2, { message: 'Tên tổ chức quá ngắn.' }).max(200),
    shortName: z.string().trim().max(80).optional(),
    placeName: z.string().trim().max(80).optional(),
    issuerCode: z
      .string()
      .trim()
      .max(12)
      .regex(/^[A-ZĐa-zđ0-9-]+$/, { message: 'Ký hiệu chỉ gồm chữ cái và số, ví dụ CB, ĐU.' })
      .optional(),
    dayRuleKind: z.enum(['inherit', 'day_of_month', 'nth_weekday', 'last_weekday']).default('inherit'),
    dayOfMonth: optionalInt(1, 28, 'Ngày trong tháng'),
    nth: optionalInt(1, 4, 'Tuần thứ'),
    weekday: optionalInt(0, 6, 'Thứ'),
    defaultMeetingTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Giờ họp theo dạng 14:00.' })
      .optional(),
    defaultMeetingPlace: z.string().trim().max(200).optional(),
    thematicMode: z.enum(['inherit', 'set']).default('inherit'),
    thematicMonths: z.array(z.coerce.number().int().min(1).max(12)).optional(),
    minRegularMinutes: optionalInt(30, 600, 'Thời lượng tối thiểu'),
    minCombinedMinutes: optionalInt(30, 600, 'Thời lượng tối thiểu'),
    agendaLeadDays: optionalInt(0, 30, 'Số ngày gửi chương trình'),
    minutesSignDays: optionalInt(1, 60, 'Số ngày ký biên bản'),
    numberMinutes: triState,
    allowAbstain: triState,
  })
  .superRefine((v, ctx) => {
    if (v.dayRuleKind === 'day_of_month' && v.dayOfMonth === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dayOfMonth'], message: 'Hãy nhập ngày họp trong tháng (1–28).' })
    }
    if ((v.dayRuleKind === 'nth_weekday' || v.dayRuleKind === 'last_weekday') && v.weekday === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'Hãy chọn thứ trong tuần.' })
    }
    if (v.dayRuleKind === 'nth_weekday' && v.nth === undefined) {
      ctx.addIssue({ code: 'custom', path: ['nth'], message: 'Hãy chọn tuần thứ mấy trong tháng.' })
    }
  })

function toSettings(v: z.output<typeof SettingsSchema>): Partial<OrgSettings> {
  const s: Partial<OrgSettings> = {}
  if (v.issuerCode) s.issuerCode = v.issuerCode
  if (v.dayRuleKind === 'day_of_month') s.meetingDayRule = { kind: 'day_of_month', day: v.dayOfMonth! }
  if (v.dayRuleKind === 'nth_weekday') s.meetingDayRule = { kind: 'nth_weekday', n: v.nth!, weekday: v.weekday! }
  if (v.dayRuleKind === 'last_weekday') s.meetingDayRule = { kind: 'last_weekday', weekday: v.weekday! }
  if (v.defaultMeetingTime) s.defaultMeetingTime = v.defaultMeetingTime
  if (v.defaultMeetingPlace) s.defaultMeetingPlace = v.defaultMeetingPlace
  if (v.thematicMode === 'set') s.thematicMonths = [...new Set(v.thematicMonths ?? [])].sort((a, b) => a - b)
  if (v.minRegularMinutes !== undefined) s.minRegularMinutes = v.minRegularMinutes
  if (v.minCombinedMinutes !== undefined) s.minCombinedMinutes = v.minCombinedMinutes
  if (v.agendaLeadDays !== undefined) s.agendaLeadDays = v.agendaLeadDays
  if (v.minutesSignDays !== undefined) s.minutesSignDays = v.minutesSignDays
  if (v.numberMinutes !== 'inherit') s.numberMinutes = v.numberMinutes === 'yes'
  if (v.allowAbstain !== 'inherit') s.allowAbstain = v.allowAbstain === 'yes'
  return s
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const org = getOrganization(db, actor, params.orgId!, 'org:manage')
  const { effective, sources } = settingsWithSources(db, org.parentId ? { path: org.path.replace(/[^/]+\/$/, '') } : { path: '/' })
  const own = org.settings
  const rule = own.meetingDayRule
  return {
    org: { id: org.id, name: org.name },
    inherited: { ...effective, dayRuleText: describeDayRule(effective.meetingDayRule), sources },
    defaults: {
      version: String(org.version),
      name: org.name,
      shortName: org.shortName ?? '',
      placeName: org.placeName ?? '',
      issuerCode: own.issuerCode ?? '',
      dayRuleKind: rule?.kind ?? 'inherit',
      dayOfMonth: rule?.kind === 'day_of_month' ? String(rule.day) : '',
      nth: rule?.kind === 'nth_weekday' ? String(rule.n) : '',
      weekday: rule && rule.kind !== 'day_of_month' ? String(rule.weekday) : '',
      defaultMeetingTime: own.defaultMeetingTime ?? '',
      defaultMeetingPlace: own.defaultMeetingPlace ?? '',
      thematicMode: own.thematicMonths ? 'set' : 'inherit',
      thematicMonths: (own.thematicMonths ?? []).map(String),
      minRegularMinutes: own.minRegularMinutes !== undefined ? String(own.minRegularMinutes) : '',
      minCombinedMinutes: own.minCombinedMinutes !== undefined ? String(own.minCombinedMinutes) : '',
      agendaLeadDays: own.agendaLeadDays !== undefined ? String(own.agendaLeadDays) : '',
      minutesSignDays: own.minutesSignDays !== undefined ? String(own.minutesSignDays) : '',
      numberMinutes: own.numberMinutes === undefined ? 'inherit' : own.numberMinutes ? 'yes' : 'no',
      allowAbstain: own.allowAbstain === undefined ? 'inherit' : own.allowAbstain ? 'yes' : 'no',
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const submission = parseWithZod(await request.formData(), { schema: SettingsSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  try {
    const db = getDb()
    // Settings edited elsewhere (the quality rubric) are kept: this form owns only its own keys.
    const current = getOrganization(db, ctx.actor, params.orgId!, 'org:manage')
    updateOrganization(db, ctx, params.orgId!, {
      name: v.name,
      shortName: v.shortName ?? null,
      placeName: v.placeName ?? null,
      settings: { ...toSettings(v), ...(current.settings.rubric ? { rubric: current.settings.rubric } : {}) },
      version: v.version,
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(submission.reply({ formErrors: [error.message] }), { status: error.status })
    }
    throw error
  }
  return redirectWithToast(`/orgs/${params.orgId}`, { title: 'Đã lưu thông tin và cài đặt' })
}

const WEEKDAYS = [
  { value: '1', label: 'Thứ Hai' },
  { value: '2', label: 'Thứ Ba' },
  { value: '3', label: 'Thứ Tư' },
  { value: '4', label: 'Thứ Năm' },
  { value: '5', label: 'Thứ Sáu' },
  { value: '6', label: 'Thứ Bảy' },
  { value: '0', label: 'Chủ nhật' },
]
const TRI = (inheritedLabel: string) => [
  { value: 'inherit', label: `Theo cấp trên (${inheritedLabel})` },
  { value: 'yes', label: 'Có' },
  { value: 'no', label: 'Không' },
]

export default function OrgSettingsPage() {
  const { org, inherited, defaults } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
  })
  const from = (key: keyof typeof inherited.sources) => (inherited.sources[key] ? ` (đặt tại ${inherited.sources[key]})` : ' (mặc định)')
  const months = (fields.thematicMonths.value as string[] | string | undefined) ?? defaults.thematicMonths
  const monthSet = new Set(Array.isArray(months) ? months : [months])
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${org.id}`}>{org.name}</Link>
      </p>
      <h1>Thông tin và cài đặt</h1>
      <Form method="post" {...getFormProps(form)} className="form form--wide">
        <FormError errors={form.errors} />
        <input type="hidden" name="version" value={defaults.version} />
        <fieldset className="form-grid">
          <legend>Thông tin tổ chức</legend>
          <Field label="Tên đầy đủ" meta={fields.name} required />
          <Field label="Tên viết tắt" meta={fields.shortName} />
          <Field label="Địa danh ghi trên văn bản" meta={fields.placeName} hint={`Để trống: dùng "${inherited.placeName || 'chưa đặt'}"${from('placeName')}.`} />
          <Field label="Ký hiệu cơ quan ban hành" meta={fields.issuerCode} hint={`Trong số văn bản, ví dụ "05-NQ/CB". Để trống: ${inherited.issuerCode}${from('issuerCode')}.`} />
        </fieldset>
        <p className="muted">Ô để trống hoặc chọn "Theo cấp trên" sẽ dùng giá trị của cấp trên; các chi bộ trực thuộc kế thừa giá trị đặt ở đây.</p>
        <fieldset className="form-grid">
          <legend>Lịch sinh hoạt</legend>
          <SelectField
            label="Ngày sinh hoạt thường kỳ"
            meta={fields.dayRuleKind}
            options={[
              { value: 'inherit', label: `Theo cấp trên (${inherited.dayRuleText})` },
              { value: 'day_of_month', label: 'Một ngày cố định trong tháng' },
              { value: 'nth_weekday', label: 'Thứ … của tuần thứ … trong tháng' },
              { value: 'last_weekday', label: 'Thứ … cuối cùng của tháng' },
            ]}
          />
          <Field label="Ngày trong tháng" meta={fields.dayOfMonth} type="number" hint="1–28, ví dụ 5 = ngày 5 hằng tháng." />
          <SelectField label="Tuần thứ" meta={fields.nth} placeholder="—" options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: `Tuần thứ ${n}` }))} />
          <SelectField label="Thứ" meta={fields.weekday} placeholder="—" options={WEEKDAYS} />
          <Field label="Giờ họp mặc định" meta={fields.defaultMeetingTime} type="time" hint={`Để trống: ${inherited.defaultMeetingTime}${from('defaultMeetingTime')}.`} />
          <Field label="Địa điểm mặc định" meta={fields.defaultMeetingPlace} hint={inherited.defaultMeetingPlace ? `Để trống: ${inherited.defaultMeetingPlace}.` : undefined} />
        </fieldset>
        <fieldset>
          <legend>Tháng sinh hoạt chuyên đề</legend>
          <div className="checkbox">
            <input type="radio" id="thematic-inherit" name="thematicMode" value="inherit" defaultChecked={defaults.thematicMode === 'inherit'} />
            <label htmlFor="thematic-inherit">Theo cấp trên: tháng {inherited.thematicMonths.join(', ')}{from('thematicMonths')}</label>
          </div>
          <div className="checkbox">
            <input type="radio" id="thematic-set" name="thematicMode" value="set" defaultChecked={defaults.thematicMode === 'set'} />
            <label htmlFor="thematic-set">Chọn riêng các tháng:</label>
          </div>
          <div className="row">
            {Array.from({ length: 12 }, (_, i) => String(i + 1)).map((m) => (
              <label key={m} className="checkbox">
                <input type="checkbox" name="thematicMonths" value={m} defaultChecked={monthSet.has(m)} /> Tháng {m}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="form-grid">
          <legend>Quy định</legend>
          <Field label="Thời lượng tối thiểu sinh hoạt thường kỳ (phút)" meta={fields.minRegularMinutes} type="number" hint={`Để trống: ${inherited.minRegularMinutes} phút${from('minRegularMinutes')}.`} />
          <Field label="Thời lượng tối thiểu khi kết hợp chuyên đề (phút)" meta={fields.minCombinedMinutes} type="number" hint={`Để trống: ${inherited.minCombinedMinutes} phút${from('minCombinedMinutes')}.`} />
          <Field label="Gửi chương trình trước buổi họp (ngày)" meta={fields.agendaLeadDays} type="number" hint={`Để trống: ${inherited.agendaLeadDays} ngày${from('agendaLeadDays')}.`} />
          <Field label="Hạn ký biên bản sau buổi họp (ngày)" meta={fields.minutesSignDays} type="number" hint={`Quá hạn này biên bản bị coi là chậm. Để trống: ${inherited.minutesSignDays} ngày${from('minutesSignDays')}.`} />
          <SelectField label="Biên bản có số văn bản" meta={fields.numberMinutes} options={TRI(inherited.numberMinutes ? 'có' : 'không')} />
          <SelectField label='Biểu quyết có lựa chọn "không biểu quyết"' meta={fields.allowAbstain} options={TRI(inherited.allowAbstain ? 'có' : 'không')} />
        </fieldset>
        <div className="row">
          <button type="submit" className="button button--primary">
            Lưu
          </button>
          <Link to={`/orgs/${org.id}`} className="button">
            Hủy
          </Link>
        </div>
      </Form>
    </div>
  )
}
