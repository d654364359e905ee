// Field groups of the criticism item form (DOMAIN §8), shared by "Ghi nội dung mới" on the meeting's
// criticism page and "Sửa nội dung" on the item's page. Each route keeps its own <Form>, intent and
// layout (the edit form hides what signed minutes recorded); the options come from the loader.
import type { FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'
import { Field, SelectField, TextareaField } from '~/components/forms'
import {
  CRITICISM_CATEGORIES,
  CRITICISM_CATEGORY_LABELS,
  CRITICISM_KINDS,
  CRITICISM_KIND_LABELS,
  CRITICISM_OUTCOMES,
  CRITICISM_OUTCOME_LABELS,
  CRITICISM_RESPONSES,
  CRITICISM_RESPONSE_LABELS,
} from '~/domain/constants'
import { CRITICISM_SUBJECT_LABELS } from '~/domain/criticism'

type Option = { value: string; label: string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Meta = FieldMetadata<any, any, string[]>
type FieldName =
  | 'subject'
  | 'kind'
  | 'raisedByMemberId'
  | 'raisedByText'
  | 'category'
  | 'manifestationId'
  | 'agendaItemId'
  | 'description'
  | 'cause'
  | 'response'
  | 'dueOn'
  | 'followUpMemberId'
  | 'outcome'
  | 'remedy'
  | 'publicSummary'
type Fields = Record<FieldName, Meta>
export type CriticismFormOptions = { members: Option[]; agendaItems: Option[]; manifestations: Option[] }

const opt = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((v) => ({ value: v, label: labels[v] }))

/** Who, what kind, who raised it, the category and the shortcoming with its cause. */
export function CriticismContentFields({ fields, options }: { fields: Fields; options: CriticismFormOptions }) {
  return (
    <>
      <div className="form-grid">
        <SelectField
          label="Đồng chí / tập thể được phê bình *"
          meta={fields.subject}
          placeholder="— Chọn —"
          options={[{ value: 'cell', label: CRITICISM_SUBJECT_LABELS.cell }, { value: 'committee', label: CRITICISM_SUBJECT_LABELS.committee }, ...options.members]}
        />
        <SelectField label="Hình thức *" meta={fields.kind} options={opt(CRITICISM_KINDS, CRITICISM_KIND_LABELS)} />
        <SelectField label="Người nêu ý kiến (đảng viên)" meta={fields.raisedByMemberId} placeholder="— Không chọn —" options={options.members} hint="Bỏ trống với tự phê bình." />
        <Field label="Hoặc người/nơi nêu ngoài chi bộ" meta={fields.raisedByText} hint='Ví dụ: "Nhân dân tổ dân phố số 12", "Đảng ủy phường".' />
        <SelectField
          label="Nhóm nội dung *"
          meta={fields.category}
          placeholder="— Chọn nhóm —"
          options={CRITICISM_CATEGORIES.map((c) => ({ value: c, label: `${c}. ${CRITICISM_CATEGORY_LABELS[c]}` }))}
        />
        <SelectField
          label="Biểu hiện cụ thể (nhóm G1–G3)"
          meta={fields.manifestationId}
          placeholder="— Không chọn —"
          options={options.manifestations}
          hint={options.manifestations.length ? 'Theo 27 biểu hiện của Nghị quyết 04-NQ/TW.' : 'Danh mục 27 biểu hiện chưa được quản trị hệ thống nạp.'}
        />
        <SelectField label="Thuộc nội dung chương trình" meta={fields.agendaItemId} placeholder="— Không chọn —" options={options.agendaItems} />
      </div>
      <TextareaField label="Hạn chế, khuyết điểm *" meta={fields.description} rows={3} />
      <TextareaField label="Nguyên nhân" meta={fields.cause} rows={2} />
    </>
  )
}

/** What the member said in reply. */
export function CriticismResponseField({ fields }: { fields: Fields }) {
  return <SelectField label="Ý kiến của đồng chí được phê bình" meta={fields.response} placeholder="— Chưa ghi —" options={opt(CRITICISM_RESPONSES, CRITICISM_RESPONSE_LABELS)} />
}

/** Deadline, who follows it up and the outcome, in one grid (children first), then the remedy. */
export function CriticismFollowUpFields({ fields, options, children }: { fields: Fields; options: CriticismFormOptions; children?: ReactNode }) {
  return (
    <>
      <div className="form-grid">
        {children}
        <Field label="Thời hạn khắc phục" meta={fields.dueOn} type="date" />
        <SelectField label="Người theo dõi" meta={fields.followUpMemberId} placeholder="— Chưa giao —" options={options.members} />
        <SelectField label="Hình thức xử lý" meta={fields.outcome} placeholder="— Chưa có —" options={opt(CRITICISM_OUTCOMES, CRITICISM_OUTCOME_LABELS)} />
      </div>
      <TextareaField label="Biện pháp khắc phục" meta={fields.remedy} rows={2} />
    </>
  )
}

/** The one line the minutes may carry publicly. */
export function CriticismPublicSummaryField({ fields }: { fields: Fields }) {
  return (
    <Field
      label="Ghi công khai trong biên bản (một dòng)"
      meta={fields.publicSummary}
      hint="Để trống nếu chi bộ không quyết định ghi công khai. Biên bản gửi đảng viên chỉ có dòng này, không có nội dung chi tiết."
    />
  )
}
