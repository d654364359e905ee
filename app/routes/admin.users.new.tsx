import { getFormProps, getInputProps, useForm, type Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Field, FormError, SelectField } from '~/components/forms'
import { ROLES, ROLE_LABELS } from '~/domain/constants'
import { canSomewhere } from '~/domain/permissions'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { assertLinkableMember, linkableMembers, manageableOrganizations } from '~/models/admin.server'
import { AppError } from '~/models/context'
import { createUser } from '~/models/users.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Tạo tài khoản — Sổ chi bộ' }]

const NewUserSchema = z
  .object({
    username: z
      .string({ message: 'Chưa nhập tên đăng nhập.' })
      .trim()
      .min(3, { message: 'Tên đăng nhập phải có ít nhất 3 ký tự.' })
      .max(40, { message: 'Tên đăng nhập dài tối đa 40 ký tự.' }),
    displayName: z
      .string({ message: 'Chưa nhập họ và tên.' })
      .trim()
      .min(1, { message: 'Chưa nhập họ và tên.' })
      .max(120, { message: 'Họ và tên dài tối đa 120 ký tự.' }),
    password: z
      .string({ message: 'Chưa nhập mật khẩu ban đầu.' })
      .min(8, { message: 'Mật khẩu phải có ít nhất 8 ký tự.' })
      .max(200, { message: 'Mật khẩu quá dài (tối đa 200 ký tự).' }),
    orgId: z.string().optional(),
    role: z.enum(ROLES, { message: 'Hãy chọn vai trò trong danh sách.' }).optional(),
    memberId: z.string().optional(),
    isSystemAdmin: z.boolean().optional(),
  })
  .refine((v) => !v.orgId || v.role, { path: ['role'], message: 'Hãy chọn vai trò tại tổ chức đã chọn.' })
  .refine((v) => !v.role || v.orgId, { path: ['orgId'], message: 'Hãy chọn tổ chức cho vai trò này.' })

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  invariantResponse(canSomewhere(actor, 'user:manage'), 'Không tìm thấy', { status: 404 })
  const db = getDb()
  const orgs = manageableOrganizations(db, actor)
  const minDepth = Math.min(...orgs.map((o) => o.depth))
  return {
    isSystemAdmin: actor.isSystemAdmin,
    orgs: orgs.map((o) => ({ value: o.id, label: `${'\u00a0\u00a0\u00a0'.repeat(o.depth - minDepth)}${o.name}` })),
    members: linkableMembers(db, actor).map((m) => ({ value: m.id, label: `${m.fullName} — ${m.cellName}` })),
    roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  invariantResponse(canSomewhere(ctx.actor, 'user:manage'), 'Không tìm thấy', { status: 404 })
  const submission = parseWithZod(await request.formData(), { schema: NewUserSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  const { orgId, role, memberId, ...input } = submission.value
  const db = getDb()
  let userId: string
  try {
    if (memberId) assertLinkableMember(db, ctx.actor, memberId)
    const user = await createUser(db, ctx, {
      ...input,
      memberId: memberId ?? null,
      isSystemAdmin: input.isSystemAdmin ?? false,
      grants: orgId && role ? [{ orgId, role }] : [],
      mustChangePassword: true,
    })
    userId = user.id
  } catch (error) {
    return failed(submission, error)
  }
  return redirectWithToast(`/admin/users/${userId}`, {
    title: 'Đã tạo tài khoản',
    description: `Hãy trao mật khẩu ban đầu cho đồng chí ${input.displayName}; đồng chí ấy sẽ phải đổi mật khẩu ở lần đăng nhập đầu tiên.`,
  })
}

/** A model AppError shown next to its field (or above the form); the password is never sent back. */
function failed(submission: Submission<unknown>, error: unknown) {
  if (!(error instanceof AppError)) throw error
  // An organisation outside the actor's scope looks like one that does not exist: say so on the field.
  const field = error.field ?? (error.status === 404 ? 'orgId' : undefined)
  const reply = submission.reply({
    hideFields: ['password'],
    ...(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }),
  })
  return data(reply, { status: error.status === 404 ? 422 : error.status })
}

export default function NewUserPage() {
  const { isSystemAdmin, orgs, members, roles } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'new-user',
    lastResult,
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewUserSchema }),
  })
  const busy = navigation.state === 'submitting'
  return (
    <div className="stack">
      <nav className="breadcrumb" aria-label="Vị trí">
        <ol>
          <li>
            <Link to="/admin/users">Người dùng</Link>
          </li>
          <li aria-current="page">Tạo tài khoản</li>
        </ol>
      </nav>
      <h1>Tạo tài khoản</h1>
      <section className="card">
        <Form method="post" {...getFormProps(form)} className="form">
          <FormError errors={form.errors} />
          <Field
            label="Tên đăng nhập"
            meta={fields.username}
            autoComplete="off"
            hint="3–40 ký tự: chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang; ví dụ nguyenvanhung."
            required
          />
          <Field label="Họ và tên" meta={fields.displayName} autoComplete="off" required />
          <Field
            label="Mật khẩu ban đầu"
            meta={fields.password}
            type="password"
            autoComplete="new-password"
            hint="Ít nhất 8 ký tự. Người dùng sẽ phải đổi mật khẩu này ở lần đăng nhập đầu tiên."
            required
          />
          <fieldset>
            <legend>Vai trò được giao</legend>
            <div className="form-grid">
              <SelectField
                label="Tổ chức"
                meta={fields.orgId}
                options={orgs}
                placeholder="— Chọn tổ chức —"
                hint={isSystemAdmin ? 'Có thể bỏ trống khi tạo quản trị hệ thống.' : 'Trong phạm vi đồng chí quản trị.'}
              />
              <SelectField label="Vai trò" meta={fields.role} options={roles} placeholder="— Chọn vai trò —" />
            </div>
          </fieldset>
          <SelectField
            label="Đảng viên tương ứng (không bắt buộc)"
            meta={fields.memberId}
            options={members}
            placeholder="— Không liên kết —"
            hint={
              members.length >= 500
                ? 'Chỉ hiện 500 đảng viên đầu tiên chưa có tài khoản. Nếu không thấy, hãy tạo tài khoản từ tổ chức cấp thấp hơn.'
                : 'Liên kết để đồng chí ấy xem được hồ sơ và việc của mình. Chỉ hiện đảng viên chưa có tài khoản.'
            }
          />
          {isSystemAdmin ? (
            <div className="field">
              <div className="checkbox">
                <input {...getInputProps(fields.isSystemAdmin, { type: 'checkbox' })} key={fields.isSystemAdmin.key} />
                <label htmlFor={fields.isSystemAdmin.id}>Quản trị hệ thống (toàn quyền trên mọi tổ chức)</label>
              </div>
              <ErrorList id={fields.isSystemAdmin.errorId} errors={fields.isSystemAdmin.errors} />
            </div>
          ) : null}
          <div className="row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Đang tạo…' : 'Tạo tài khoản'}
            </button>
            <Link to="/admin/users" className="button">
              Hủy
            </Link>
          </div>
        </Form>
      </section>
    </div>
  )
}
