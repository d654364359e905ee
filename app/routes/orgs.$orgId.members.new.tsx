import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MemberForm } from '~/components/member-form'
import { MemberSchema } from '~/domain/members'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { createMember } from '~/models/members.server'
import { getOrganization } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Thêm đảng viên — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const cell = getOrganization(getDb(), actor, params.orgId!, 'member:manage')
  return { cell: { id: cell.id, name: cell.name } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const submission = parseWithZod(await request.formData(), { schema: MemberSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const member = createMember(getDb(), ctx, params.orgId!, submission.value)
    return redirectWithToast(`/members/${member.id}`, { title: `Đã thêm đ/c ${member.fullName}` })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), { status: error.status })
    }
    throw error
  }
}

export default function NewMember() {
  const { cell } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/members`}>Đảng viên — {cell.name}</Link>
      </p>
      <h1>Thêm đảng viên</h1>
      <MemberForm lastResult={lastResult} defaultValue={{ status: 'official', position: 'member' }} submitLabel="Thêm đảng viên" />
    </div>
  )
}
