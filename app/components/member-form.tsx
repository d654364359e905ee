import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, TextareaField } from '~/components/forms'
import { GENDERS, GENDER_LABELS, MEMBER_POSITIONS, MEMBER_POSITION_LABELS, MEMBER_STATUSES, MEMBER_STATUS_LABELS } from '~/domain/constants'
import { MemberSchema } from '~/domain/members'

export type MemberFormDefaults = Partial<Record<string, string | boolean | null>>

/** The member form used to create and to edit; the server re-validates with the same schema. */
export function MemberForm({
  lastResult,
  defaultValue,
  submitLabel,
  version,
}: {
  lastResult: SubmissionResult<string[]> | undefined | null
  defaultValue?: MemberFormDefaults
  submitLabel: string
  version?: number
}) {
  const [form, fields] = useForm({
    id: 'member',
    lastResult,
    defaultValue,
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MemberSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide card">
      <FormError errors={form.errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="intent" value="save" />
      <div className="form-grid">
        <Field label="Họ và tên" meta={fields.fullName} autoComplete="off" required />
        <SelectField label="Giới tính" meta={fields.gender} placeholder="—" options={GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] }))} />
        <Field label="Ngày sinh" meta={fields.birthDate} type="date" />
        <SelectField label="Đảng viên" meta={fields.status} options={MEMBER_STATUSES.map((s) => ({ value: s, label: MEMBER_STATUS_LABELS[s] }))} />
        <Field label="Ngày vào Đảng" meta={fields.joinedOn} type="date" />
        <Field label="Ngày chính thức" meta={fields.officialOn} type="date" hint="Để trống với đảng viên dự bị." />
        <SelectField label="Chức vụ trong chi bộ" meta={fields.position} options={MEMBER_POSITIONS.map((p) => ({ value: p, label: MEMBER_POSITION_LABELS[p] }))} />
        <Field label="Số thẻ đảng viên" meta={fields.cardNumber} hint="Dùng để nhận ra đảng viên khi nhập lại danh sách." />
      </div>
      <fieldset>
        <legend>Đình chỉ sinh hoạt</legend>
        <label className="checkbox">
          <input {...getInputProps(fields.suspended, { type: 'checkbox' })} key={fields.suspended.key} /> Đảng viên đang bị đình chỉ sinh hoạt, bị truy tố
          hoặc tạm giam (không tính vào số đảng viên được triệu tập khi biểu quyết)
        </label>
        <Field label="Ghi chú về đình chỉ" meta={fields.suspendedNote} />
      </fieldset>
      <TextareaField label="Ghi chú" meta={fields.note} rows={3} />
      <div>
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
