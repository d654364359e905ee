import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AttachmentInput, DocumentForm, type DocumentFormValues } from '~/components/document-form'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SelectField } from '~/components/forms'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { ATTACHMENT_ACCEPT, createDocument, documentInputFromForm, DocumentSchema, readDocumentForm, registerOptions } from '~/models/documents.server'
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

export default function NewDocument() {
  const { orgs, defaultOrgId, accept } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm<DocumentFormValues>({
    id: 'document',
    lastResult,
    defaultValue: { orgId: defaultOrgId, source: 'upper', docType: 'NQ', status: 'in_force' },
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/documents">Sổ văn bản</Link>
      </p>
      <h1>Thêm văn bản vào sổ</h1>
      <DocumentForm
        form={form}
        fields={fields}
        intro={
          orgs.length === 1 ? (
            <p>
              Sổ văn bản: <strong>{orgs[0].name}</strong>
              <input type="hidden" name={fields.orgId.name} value={orgs[0].id} />
            </p>
          ) : (
            <SelectField label="Sổ văn bản của" meta={fields.orgId} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
          )
        }
        attachment={<AttachmentInput label="Tệp đính kèm" accept={accept} errors={fields.attachment.errors} />}
        submitLabel="Lưu vào sổ"
        cancelTo="/documents"
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
