import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError } from '~/components/forms'
import { getFormProps, useServerForm } from '~/components/server-form'
import { parseWithZod, z } from '~/domain/forms.server'
import { clientIp, getActor, safeRedirect, startSession } from '~/auth/session.server'
import { login } from '~/models/users.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Đăng nhập — Sổ chi bộ' }]

// Validated on the server only (see server-form.ts): the first page everyone opens, often on a phone,
// ships no zod or conform.
const loginSchema = () =>
  z.object({
    username: z.string({ message: 'Chưa nhập tên đăng nhập.' }).trim().min(1, { message: 'Chưa nhập tên đăng nhập.' }).max(80),
    password: z.string({ message: 'Chưa nhập mật khẩu.' }).min(1, { message: 'Chưa nhập mật khẩu.' }).max(200),
    redirectTo: z.string().optional(),
  })

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect('/')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: loginSchema() })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  const result = await login(getDb(), { ...submission.value, ip: clientIp(request) })
  if (!result.ok) {
    return data(submission.reply({ formErrors: [result.error], hideFields: ['password'] }), { status: result.status })
  }
  return startSession(request, result.user.id, safeRedirect(submission.value.redirectTo))
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useServerForm<{ username: string; password: string }>({ id: 'login', lastResult })
  return (
    <section className="login card">
      <h1>Đăng nhập</h1>
      <p className="muted">Sổ chi bộ — chương trình, biên bản và nghị quyết sinh hoạt chi bộ.</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label="Tên đăng nhập" meta={fields.username} autoComplete="username" required />
        <Field label="Mật khẩu" meta={fields.password} type="password" autoComplete="current-password" required />
        <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </Form>
    </section>
  )
}
