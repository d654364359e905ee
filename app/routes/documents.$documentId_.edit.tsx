import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AttachmentInput, DocumentForm, type DocumentFormValues } from '~/components/document-form'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { ATTACHMENT_ACCEPT, documentInputFromForm, DocumentSchema, getDocument, readDocumentForm, updateDocument } from '~/models/documents.server'
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

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

export default function EditDocument() {
  const { document: doc, defaults, accept } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm<DocumentFormValues>({ id: 'document', lastResult, defaultValue: defaults, shouldRevalidate: 'onBlur' })
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/documents">Sổ văn bản</Link> › <Link to={`/documents/${doc.id}`}>{doc.title}</Link>
      </p>
      <h1>Sửa văn bản</h1>
      <DocumentForm
        form={form}
        fields={fields}
        storedBody={doc.body}
        intro={
          <>
            <input type="hidden" name="version" value={doc.version} />
            <p>
              Sổ văn bản: <strong>{doc.orgName}</strong>
            </p>
          </>
        }
        attachment={
          <fieldset>
            <legend>Tệp đính kèm</legend>
            {doc.attachment ? (
              <>
                <p>
                  Tệp hiện có: <a href={`/documents/${doc.id}/attachment`}>{doc.attachment.name}</a> ({formatSize(doc.attachment.size)})
                </p>
                <label className="checkbox">
                  <input type="checkbox" name={fields.removeAttachment.name} defaultChecked={fields.removeAttachment.initialValue === 'on'} /> Gỡ tệp này
                  khỏi văn bản
                </label>
              </>
            ) : (
              <p className="muted">Văn bản chưa có tệp đính kèm.</p>
            )}
            <AttachmentInput label={doc.attachment ? 'Thay bằng tệp khác' : 'Chọn tệp'} accept={accept} errors={fields.attachment.errors} />
          </fieldset>
        }
        submitLabel="Lưu thay đổi"
        cancelTo={`/documents/${doc.id}`}
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
