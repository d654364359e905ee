import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { MemberForm } from '~/components/member-form'
import { MemberSchema } from '~/domain/members'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { getMember, updateMember } from '~/models/members.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Sửa thông tin đảng viên — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const m = getMember(getDb(), actor, params.memberId!, 'member:manage')
  return {
    member: { id: m.id, fullName: m.fullName, version: m.version },
    cell: { id: m.cell.id, name: m.cell.name },
    defaults: {
      fullName: m.fullName,
      gender: m.gender,
      birthDate: m.birthDate,
      status: m.status,
      joinedOn: m.joinedOn,
      officialOn: m.officialOn,
      position: m.position,
      cardNumber: m.cardNumber,
      suspended: m.suspended ? 'on' : null,
      suspendedNote: m.suspendedNote,
      note: m.note,
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: MemberSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const version = z.coerce.number().int().safeParse(formData.get('version'))
  if (!version.success) return data(submission.reply({ formErrors: ['Thiếu phiên bản bản ghi; hãy tải lại trang.'] }), { status: 400 })
  try {
    updateMember(getDb(), ctx, params.memberId!, { ...submission.value, version: version.data })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), { status: error.status })
    }
    throw error
  }
  return redirectWithToast(`/members/${params.memberId}`, { title: 'Đã lưu thông tin đảng viên' })
}

export default function EditMember() {
  const { member, cell, defaults } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/members`}>Đảng viên — {cell.name}</Link> › <Link to={`/members/${member.id}`}>{member.fullName}</Link>
      </p>
      <h1>Sửa thông tin: {member.fullName}</h1>
      <MemberForm lastResult={lastResult} defaultValue={defaults} submitLabel="Lưu thay đổi" version={member.version} />
    </div>
  )
}
