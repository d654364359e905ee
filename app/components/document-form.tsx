// The document form shared by "Thêm văn bản vào sổ" and "Sửa văn bản": the route owns useForm (its
// loader and action differ) and passes the parts that differ (which register, the attachment block).
import { getFormProps, type useForm } from '@conform-to/react'
import { Form, Link, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { ErrorList, Field, FormError, SelectField } from '~/components/forms'
import { DOCUMENT_STATUSES, DOCUMENT_STATUS_LABELS, DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS } from '~/domain/constants'
import { docFromText } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'

/** The form's fields as posted (the server parses them with DocumentSchema). */
export type DocumentFormValues = Record<
  | 'orgId'
  | 'source'
  | 'docType'
  | 'numberText'
  | 'issuedOn'
  | 'issuer'
  | 'title'
  | 'status'
  | 'replacedBy'
  | 'body'
  | 'attachment'
  | 'removeAttachment',
  string
>

type DocumentForm = ReturnType<typeof useForm<DocumentFormValues>>

/** What the editor shows again after a refused save: the JSON it posted, or the fallback's plain text. */
function bodyDefault(posted: unknown, stored: RichText | null): RichText | null {
  if (typeof posted !== 'string') return stored
  if (!posted.trim()) return null
  if (posted.trim().startsWith('{')) {
    try {
      return JSON.parse(posted) as RichText
    } catch {
      return stored
    }
  }
  return docFromText(posted)
}

export function DocumentForm({
  form,
  fields,
  storedBody = null,
  intro,
  attachment,
  submitLabel,
  cancelTo,
}: {
  form: DocumentForm[0]
  fields: DocumentForm[1]
  /** The body saved before (editing), shown when nothing was posted. */
  storedBody?: RichText | null
  /** What comes first: which register the document goes in. */
  intro: ReactNode
  /** The attachment block. */
  attachment: ReactNode
  submitLabel: string
  cancelTo: string
}) {
  const busy = useNavigation().state === 'submitting'
  const source = fields.source.initialValue === 'own' ? 'own' : 'upper'
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form form--wide card">
      <FormError errors={form.errors} />
      {intro}
      <fieldset>
        <legend>Nguồn văn bản</legend>
        <label className="checkbox">
          <input type="radio" name={fields.source.name} value="upper" defaultChecked={source === 'upper'} /> Văn bản của cấp trên (để học tập, quán triệt,
          thực hiện)
        </label>
        <label className="checkbox">
          <input type="radio" name={fields.source.name} value="own" defaultChecked={source === 'own'} /> Văn bản do tổ chức mình ban hành (nghị quyết, kết
          luận, kế hoạch…)
        </label>
        <ErrorList id={fields.source.errorId} errors={fields.source.errors} />
      </fieldset>
      <div className="form-grid">
        <SelectField label="Loại văn bản" meta={fields.docType} options={DOCUMENT_TYPES.map((t) => ({ value: t, label: DOCUMENT_TYPE_LABELS[t] }))} />
        <Field label="Số, ký hiệu" meta={fields.numberText} hint="Ví dụ: 22-NQ/TW. Để trống nếu văn bản chưa có số." autoComplete="off" />
        <Field label="Ngày ban hành" meta={fields.issuedOn} type="date" />
        <Field
          label="Cơ quan ban hành"
          meta={fields.issuer}
          hint="Ví dụ: Ban Chấp hành Trung ương. Văn bản tự ban hành để trống sẽ ghi tên tổ chức."
          autoComplete="off"
        />
      </div>
      <Field label="Trích yếu (tên văn bản)" meta={fields.title} required autoComplete="off" />
      <div className="form-grid">
        <SelectField label="Tình trạng" meta={fields.status} options={DOCUMENT_STATUSES.map((s) => ({ value: s, label: DOCUMENT_STATUS_LABELS[s] }))} />
        <Field label="Được thay thế bởi" meta={fields.replacedBy} hint="Ghi khi văn bản đã được thay thế, ví dụ: Quy định số 294-QĐ/TW." />
      </div>
      <RichTextEditor
        name={fields.body.name}
        label="Nội dung"
        hint="Dùng cho nghị quyết, kết luận của tổ chức mình. Văn bản của cấp trên thường chỉ cần đính kèm tệp."
        errors={fields.body.errors}
        defaultValue={bodyDefault(fields.body.initialValue, storedBody)}
        resolutionPicker
      />
      {attachment}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Đang lưu…' : submitLabel}
        </button>
        <Link className="button" to={cancelTo}>
          Hủy
        </Link>
      </div>
    </Form>
  )
}

/** The file input with its hint and errors (id and name "attachment"). */
export function AttachmentInput({ label, accept, errors }: { label: string; accept: string; errors: string[] | undefined }) {
  return (
    <div className="field">
      <label htmlFor="attachment">{label}</label>
      <span className="hint" id="attachment-hint">
        PDF, Word (.docx) hoặc ảnh (JPG, PNG), tối đa 10 MB.
      </span>
      <input id="attachment" name="attachment" type="file" accept={accept} aria-describedby="attachment-hint" aria-invalid={errors?.length ? true : undefined} />
      <ErrorList errors={errors} />
    </div>
  )
}
