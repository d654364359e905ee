import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormError } from '~/components/forms'
import { getFormProps, useServerForm } from '~/components/server-form'
import { parseWithZod, z } from '~/domain/forms.server'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { roleSummary } from '~/models/home.server'
import { changeOwnPassword } from '~/models/users.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Tài khoản — Sổ chi bộ' }]

// Validated on the server only (see server-form.ts): every user opens this page, so it ships no zod.
const passwordSchema = () =>
  z
    .object({
      currentPassword: z.string({ message: 'Chưa nhập mật khẩu hiện tại.' }),
      newPassword: z.string({ message: 'Chưa nhập mật khẩu mới.' }).min(8, { message: 'Mật khẩu phải có ít nhất 8 ký tự.' }).max(200),
      confirmPassword: z.string({ message: 'Hãy nhập lại mật khẩu mới.' }),
    })
    .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'Hai lần nhập mật khẩu mới không khớp.' })

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const required = new URL(request.url).searchParams.get('required') === '1'
  return { username: actor.username, displayName: actor.displayName, roles: roleSummary(getDb(), actor), required }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const submission = parseWithZod(await request.formData(), { schema: passwordSchema() })
  const hide = ['currentPassword', 'newPassword', 'confirmPassword']
  if (submission.status !== 'success') return data(submission.reply({ hideFields: hide }), { status: 400 })
  try {
    await changeOwnPassword(getDb(), ctx, submission.value)
  } catch (error) {
    if (error instanceof AppError) {
      return data(
        submission.reply({ hideFields: hide, ...(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }) }),
        { status: error.status },
      )
    }
    throw error
  }
  return redirectWithToast('/account', { title: 'Đã đổi mật khẩu' })
}

export default function AccountPage() {
  const { username, displayName, roles, required } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useServerForm<{ currentPassword: string; newPassword: string; confirmPassword: string }>({ id: 'password', lastResult })
  return (
    <div className="stack">
      <h1>Tài khoản của đồng chí</h1>
      {required ? (
        <div className="alert alert--warning" role="alert">
          <p>Mật khẩu của đồng chí vừa được quản trị viên đặt lại. Hãy đặt mật khẩu mới trước khi tiếp tục.</p>
        </div>
      ) : null}
      <section className="card">
        <dl className="details">
          <dt>Họ và tên</dt>
          <dd>{displayName}</dd>
          <dt>Tên đăng nhập</dt>
          <dd>{username}</dd>
          <dt>Vai trò</dt>
          <dd>
            {roles.length ? (
              <ul>
                {roles.map((r) => (
                  <li key={`${r.role}-${r.orgId}`}>
                    {r.role}
                    {r.orgName ? ` — ${r.orgName}` : ''}
                  </li>
                ))}
              </ul>
            ) : (
              'Chưa được giao vai trò nào. Hãy liên hệ quản trị viên.'
            )}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="cal-title">
        <h2 id="cal-title">Lịch sinh hoạt trên điện thoại</h2>
        <p>Đưa lịch sinh hoạt của chi bộ vào Google Lịch, Lịch trên iPhone hoặc Outlook; lịch tự cập nhật khi buổi sinh hoạt được dời hoặc hủy.</p>
        <div className="row">
          <Link className="button" to="/account/calendar">
            Thêm lịch sinh hoạt vào điện thoại
          </Link>
          <Link className="button" to="/account/tokens">
            Khóa truy cập API (cho hệ thống khác)
          </Link>
        </div>
      </section>
      <section className="card" aria-labelledby="pw-title">
        <h2 id="pw-title">Đổi mật khẩu</h2>
        <Form method="post" {...getFormProps(form)} className="form">
          <FormError errors={form.errors} />
          <Field label="Mật khẩu hiện tại" meta={fields.currentPassword} type="password" autoComplete="current-password" required />
          <Field label="Mật khẩu mới" meta={fields.newPassword} type="password" autoComplete="new-password" hint="Ít nhất 8 ký tự." required />
          <Field label="Nhập lại mật khẩu mới" meta={fields.confirmPassword} type="password" autoComplete="new-password" required />
          <div>
            <button type="submit" className="button button--primary">
              Đổi mật khẩu
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
