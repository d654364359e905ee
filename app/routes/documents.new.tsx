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
import { ATTACHMENT_ACCEPT, createDocument, documentInputFromForm, DocumentSchema, readDocumentForm, registerOptions } from '~/models/documents.server'
import { docFromText } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Thêm văn bản vào sổ — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const wanted = new URL(request.url).searchParams.get('org')
  const orgs = registerOptions(getDb(), actor, wanted)
  if (orgs.length === 0) throw new Response('Đồng chí không có quyền thêm văn bản vào sổ văn bản. Việc này do bí thư, phó bí thư hoặc quản trị của tổ chức thực hiện.', { status: 403 })
  const defaultOrgId = orgs.find((o) => o.id === wanted)?.id ?? orgs[0].id
  return { orgs: orgs.map((o) => ({ id: o.id, name: o.name })), defaultOrgId, accept: ATTACHMENT_ACCEPT }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const { formData, upload, uploadError } = await readDocumentForm(request)
  const submission = parseWithZod(formData, { schema: DocumentSchema })
  const fileLost = upload ? [`Tệp "${upload.name}" chưa được lưu: hãy chọn lại tệp trước khi bấm Lưu.`] : []
  if (submission.status !== 'success' || uploadError || !submission.value.orgId) {
    const fieldErrors: Record<string, string[]> = {}
    if (uploadError) fieldErrors.attachment = [uploadError]
    if (submission.status === 'success' && !submission.value.orgId) fieldErrors.orgId = ['Hãy chọn sổ văn bản.']
    return data(submission.reply({ formErrors: fileLost, fieldErrors }), { status: 400 })
  }
  let id: string
  try {
    id = createDocument(getDb(), ctx, { ...documentInputFromForm(submission.value), orgId: submission.value.orgId, attachment: upload }).id
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
  return redirectWithToast(`/documents/${id}`, { title: 'Đã thêm văn bản vào sổ' })
}

/** The form's fields as posted (the server parses them with DocumentSchema). */
type DocumentFields = Record<
  'orgId' | 'source' | 'docType' | 'numberText' | 'issuedOn' | 'issuer' | 'title' | 'status' | 'replacedBy' | 'body' | 'attachment',
  string
>

/** What the editor shows again after a refused save: the JSON it posted, or the fallback's plain text. */
function bodyDefault(posted: unknown): RichText | null {
  if (typeof posted !== 'string' || !posted.trim()) return null
  if (posted.trim().startsWith('{')) {
    try {
      return JSON.parse(posted) as RichText
    } catch {
      return null
    }
  }
  return docFromText(posted)
}

export default function NewDocument() {
  const { orgs, defaultOrgId, accept } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<DocumentFields>({
    id: 'document',
    lastResult,
    defaultValue: { orgId: defaultOrgId, source: 'upper', docType: 'NQ', status: 'in_force' },
    shouldRevalidate: 'onBlur',
  })
  const source = fields.source.initialValue === 'own' ? 'own' : 'upper'
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/documents">Sổ văn bản</Link>
      </p>
      <h1>Thêm văn bản vào sổ</h1>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form form--wide card">
        <FormError errors={form.errors} />
        {orgs.length === 1 ? (
          <p>
            Sổ văn bản: <strong>{orgs[0].name}</strong>
            <input type="hidden" name={fields.orgId.name} value={orgs[0].id} />
          </p>
        ) : (
          <SelectField label="Sổ văn bản của" meta={fields.orgId} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        )}
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
          defaultValue={bodyDefault(fields.body.initialValue)}
          resolutionPicker
        />
        <div className="field">
          <label htmlFor="attachment">Tệp đính kèm</label>
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
        <div className="row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Đang lưu…' : 'Lưu vào sổ'}
          </button>
          <Link className="button" to="/documents">
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
