import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, Field, FormError, SelectField } from '~/components/forms'
import { DOCUMENT_STATUSES, DOCUMENT_STATUS_LABELS, DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS } from '~/domain/constants'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { ATTACHMENT_ACCEPT, documentInputFromForm, DocumentSchema, getDocument, readDocumentForm, updateDocument } from '~/models/documents.server'
import { docFromText } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sửa văn bản: ${data?.document.title ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const doc = getDocument(getDb(), actor, params.documentId!, 'edit')
  return {
    document: {
      id: doc.id,
      title: doc.title,
      version: doc.version,
      orgName: doc.org.name,
      attachment: doc.attachmentName ? { name: doc.attachmentName, size: doc.attachmentSize ?? 0 } : null,
      body: doc.body ?? null,
    },
    defaults: {
      source: doc.own ? 'own' : 'upper',
      docType: doc.docType,
      numberText: doc.numberText ?? '',
      issuedOn: doc.issuedOn ?? '',
      issuer: doc.issuer,
      title: doc.title,
      status: doc.status,
      replacedBy: doc.replacedBy ?? '',
    },
    accept: ATTACHMENT_ACCEPT,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const { formData, upload, uploadError } = await readDocumentForm(request)
  const submission = parseWithZod(formData, { schema: DocumentSchema })
  const fileLost = upload ? [`Tệp "${upload.name}" chưa được lưu: hãy chọn lại tệp trước khi bấm Lưu.`] : []
  if (submission.status !== 'success' || uploadError || submission.value.version === undefined) {
    const fieldErrors: Record<string, string[]> = {}
    if (uploadError) fieldErrors.attachment = [uploadError]
    const formErrors = submission.status === 'success' && submission.value.version === undefined ? ['Thiếu phiên bản bản ghi; hãy tải lại trang.'] : fileLost
    return data(submission.reply({ formErrors, fieldErrors }), { status: 400 })
  }
  try {
    updateDocument(getDb(), ctx, params.documentId!, { ...documentInputFromForm(submission.value), attachment: upload, version: submission.value.version })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      const formErrors = error.field === 'attachment' ? [] : fileLost
      return data(
        submission.reply(error.field ? { formErrors, fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message, ...formErrors] }),
        { status: error.status },
      )
    }
    throw error
  }
  return redirectWithToast(`/documents/${params.documentId}`, { title: 'Đã lưu văn bản' })
}

type DocumentFields = Record<
  'source' | 'docType' | 'numberText' | 'issuedOn' | 'issuer' | 'title' | 'status' | 'replacedBy' | 'body' | 'attachment' | 'removeAttachment',
  string
>

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

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

export default function EditDocument() {
  const { document: doc, defaults, accept } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<DocumentFields>({ id: 'document', lastResult, defaultValue: defaults, shouldRevalidate: 'onBlur' })
  const source = fields.source.initialValue === 'own' ? 'own' : 'upper'
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/documents">Sổ văn bản</Link> › <Link to={`/documents/${doc.id}`}>{doc.title}</Link>
      </p>
      <h1>Sửa văn bản</h1>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form form--wide card">
        <FormError errors={form.errors} />
        <input type="hidden" name="version" value={doc.version} />
        <p>
          Sổ văn bản: <strong>{doc.orgName}</strong>
        </p>
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
          defaultValue={bodyDefault(fields.body.initialValue, doc.body)}
          resolutionPicker
        />
        <fieldset>
          <legend>Tệp đính kèm</legend>
          {doc.attachment ? (
            <>
              <p>
                Tệp hiện có: <a href={`/documents/${doc.id}/attachment`}>{doc.attachment.name}</a> ({formatSize(doc.attachment.size)})
              </p>
              <label className="checkbox">
                <input type="checkbox" name={fields.removeAttachment.name} defaultChecked={fields.removeAttachment.initialValue === 'on'} /> Gỡ tệp này khỏi
                văn bản
              </label>
            </>
          ) : (
            <p className="muted">Văn bản chưa có tệp đính kèm.</p>
          )}
          <div className="field">
            <label htmlFor="attachment">{doc.attachment ? 'Thay bằng tệp khác' : 'Chọn tệp'}</label>
            <span className="hint" id="attachment-hint">
              PDF, Word (.docx) hoặc ảnh (JPG, PNG), tối đa 10 MB.
            </span>
            <input
              id="attachment"
              name="attachment"
              type="file"
              accept={accept}
              aria-describedby="attachment-hint"
              aria-invalid={fields.attachment.errors?.length ? true : undefined}
            />
            <ErrorList errors={fields.attachment.errors} />
          </div>
        </fieldset>
        <div className="row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Đang lưu…' : 'Lưu thay đổi'}
          </button>
          <Link className="button" to={`/documents/${doc.id}`}>
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
