// "Lên kế hoạch chuyên đề" on /orgs/:id/plan, for those who may plan: loaded as its own chunk
// (lazyPanel) so members reading the year plan download no conform or zod.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { ErrorList, Field, FormError, SelectField } from '~/components/forms'
import { ROMAN_QUARTERS } from '~/components/year-plan'
import { ThematicSchema } from '~/domain/plan.schema'
import { quarterOf } from '~/domain/schedule'

export default function ThematicForm({
  year,
  month,
  thematicMonths: months,
  memberOptions,
  minRegularMinutes,
  minCombinedMinutes,
  lastResult,
}: {
  year: number
  /** The month the form opens on: the chosen quarter's slot, else the first quarter without a thematic meeting. */
  month: number
  thematicMonths: number[]
  memberOptions: { value: string; label: string }[]
  minRegularMinutes: number
  minCombinedMinutes: number
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const [form, fields] = useForm({
    id: 'thematic-form',
    lastResult,
    defaultValue: { year: String(year), month: String(month) },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ThematicSchema }),
  })
  const thematicMonths = new Set(months)
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide thematic-form" aria-labelledby="thematic-form-title">
      <h3 id="thematic-form-title">Lên kế hoạch chuyên đề</h3>
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="thematic" />
      <input {...getInputProps(fields.year, { type: 'hidden' })} key={fields.year.key} />
      <ErrorList id={fields.year.errorId} errors={fields.year.errors} />
      <div className="form-grid">
        <SelectField
          label="Tháng"
          meta={fields.month}
          options={Array.from({ length: 12 }, (_, i) => i + 1).map((m) => ({
            value: String(m),
            label: `Tháng ${m} — quý ${ROMAN_QUARTERS[quarterOf(m)]}${thematicMonths.has(m) ? ' (tháng chuyên đề)' : ''}`,
          }))}
        />
        <SelectField label="Người dự thảo chuyên đề" meta={fields.drafterMemberId} placeholder="— Chưa phân công —" options={memberOptions} />
      </div>
      <Field label="Chủ đề" meta={fields.topic} required hint='Ví dụ: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần tự học, tự rèn luyện".' />
      <div className="form-grid">
        <Field label="Ngày họp" meta={fields.date} type="date" hint="Để trống: cùng ngày với buổi sinh hoạt thường kỳ của tháng." />
        <Field label="Giờ bắt đầu" meta={fields.time} type="time" hint="Để trống: ngay sau buổi sinh hoạt thường kỳ." />
        <Field
          label="Thời lượng dự kiến (phút)"
          meta={fields.plannedMinutes}
          type="number"
          inputMode="numeric"
          hint={`Để trống: ${minRegularMinutes} phút; kết hợp: ${minCombinedMinutes} phút.`}
        />
      </div>
      <div className="checkbox">
        <input {...getInputProps(fields.combined, { type: 'checkbox' })} key={fields.combined.key} />
        <label htmlFor={fields.combined.id}>
          Kết hợp trong buổi sinh hoạt thường kỳ của tháng (thường kỳ kết hợp chuyên đề, ít nhất {minCombinedMinutes} phút; giữ ngày giờ của buổi thường kỳ)
        </label>
      </div>
      <ErrorList id={fields.combined.errorId} errors={fields.combined.errors} />
      <div>
        <button type="submit" className="button button--primary">
          Lưu kế hoạch chuyên đề
        </button>
      </div>
    </Form>
  )
}
