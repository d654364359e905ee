import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, SelectField } from '~/components/forms'
import { ALLOWED_CHILD_KINDS, ORG_KINDS, ORG_KIND_LABELS, type OrgKind } from '~/domain/constants'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { createOrganization, getOrganization } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Thêm tổ chức — Sổ chi bộ' }]

const OrgSchema = z.object({
  name: z.string({ message: 'Chưa nhập tên tổ chức.' }).trim().min(2, { message: 'Tên tổ chức quá ngắn.' }).max(200, { message: 'Tên quá dài.' }),
  shortName: z.string().trim().max(80).optional(),
  placeName: z.string().trim().max(80).optional(),
  kind: z.enum(ORG_KINDS, { message: 'Hãy chọn loại tổ chức.' }),
})

/** "root" creates a top-level organisation (system admins only). */
function parentOf(params: { orgId?: string }) {
  return params.orgId === 'root' ? null : params.orgId!
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const parentId = parentOf(params)
  if (!parentId) {
    if (!actor.isSystemAdmin) throw new Response('Không tìm thấy', { status: 404 })
    return { parent: null, kinds: ['upper', 'grassroots', 'cell_base'] as OrgKind[] }
  }
  const parent = getOrganization(getDb(), actor, parentId, 'org:manage')
  return { parent: { id: parent.id, name: parent.name }, kinds: [...ALLOWED_CHILD_KINDS[parent.kind]] }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const submission = parseWithZod(await request.formData(), { schema: OrgSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const org = createOrganization(getDb(), ctx, { ...submission.value, parentId: parentOf(params) })
    return redirectWithToast(`/orgs/${org.id}`, { title: `Đã tạo ${org.name}` })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(
        submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }),
        { status: error.status },
      )
    }
    throw error
  }
}

export default function NewOrg() {
  const { parent, kinds } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: OrgSchema }) })
  return (
    <div className="stack">
      <h1>{parent ? `Thêm tổ chức trực thuộc ${parent.name}` : 'Thêm tổ chức cấp cao nhất'}</h1>
      <Form method="post" {...getFormProps(form)} className="form card">
        <FormError errors={form.errors} />
        <SelectField label="Loại tổ chức" meta={fields.kind} options={kinds.map((k) => ({ value: k, label: ORG_KIND_LABELS[k] }))} />
        <Field label="Tên đầy đủ" meta={fields.name} hint='Ghi như trên văn bản, ví dụ "Chi bộ Khu phố 3".' required />
        <Field label="Tên viết tắt" meta={fields.shortName} />
        <Field label="Địa danh ghi trên văn bản" meta={fields.placeName} hint='Ví dụ "Hà Nội". Để trống để dùng địa danh của cấp trên.' />
        <div>
          <button type="submit" className="button button--primary">
            Tạo tổ chức
          </button>
        </div>
      </Form>
    </div>
  )
}
